//! A small JSON-RPC client for driving `kubelint lsp` over stdio in tests
//! and the benchmark. Every wait has a deadline: a test fails with what the
//! server did send, it never hangs.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long any single wait may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages received and not consumed yet (notifications, replies).
    pending: VecDeque<Value>,
    /// Requests the server sent us, in order (already answered).
    pub server_requests: Vec<Value>,
    /// What `workspace/configuration` answers for the `kubelint` section.
    pub configuration: Value,
    next_id: i64,
}

impl Client {
    /// Starts `bin lsp` with `env` added to its environment.
    pub fn spawn(bin: &Path, env: &[(&str, &str)]) -> Client {
        let mut command = Command::new(bin);
        command
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start kubelint lsp");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            pending: VecDeque::new(),
            server_requests: Vec::new(),
            configuration: Value::Null,
            next_id: 1,
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush to server");
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("serialise");
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.send_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response message.
    pub fn request_message(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(&format!("the response to {method} #{id}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// Sends a request and returns its result; panics on an error reply.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_message(method, params);
        if let Some(error) = response.get("error") {
            panic!("{method} failed: {error}");
        }
        response["result"].clone()
    }

    /// The next message (in arrival order) that satisfies `matches`; the
    /// ones skipped stay queued for later waits.
    pub fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(TIMEOUT, &matches).unwrap_or_else(|| {
            let seen: Vec<String> = self
                .pending
                .iter()
                .map(|m| truncate(&m.to_string(), 300))
                .collect();
            panic!(
                "timed out after {TIMEOUT:?} waiting for {what}; unconsumed messages:\n  {}",
                seen.join("\n  ")
            )
        })
    }

    /// Like [`Client::wait_for`], `None` after `timeout`.
    pub fn try_wait_for(
        &mut self,
        timeout: Duration,
        matches: &dyn Fn(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(i) = self.pending.iter().position(matches) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.incoming.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            };
            if message.get("method").is_some() && message.get("id").is_some() {
                self.answer(&message);
                continue;
            }
            if matches(&message) {
                return Some(message);
            }
            self.pending.push_back(message);
        }
    }

    /// The first request the server sent with `method` (answered already),
    /// waiting for it if it has not come yet.
    pub fn wait_for_server_request(&mut self, method: &str) -> Value {
        self.wait_for_server_requests(method, 1)
    }

    /// Waits until the server sent `count` requests with `method`; returns
    /// the last one.
    pub fn wait_for_server_requests(&mut self, method: &str, count: usize) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let sent: Vec<&Value> = self
                .server_requests
                .iter()
                .filter(|r| r["method"] == method)
                .collect();
            if sent.len() >= count {
                return sent[count - 1].clone();
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for the server to send {method} ({count} times)"
            );
            let _ = self.try_wait_for(Duration::from_millis(20), &|_| false);
        }
    }

    /// How many requests with `method` the server sent so far.
    pub fn server_request_count(&self, method: &str) -> usize {
        self.server_requests
            .iter()
            .filter(|r| r["method"] == method)
            .count()
    }

    /// Whether a message received but not consumed yet matches.
    pub fn has_pending(&self, matches: impl Fn(&Value) -> bool) -> bool {
        self.pending.iter().any(matches)
    }

    /// Every message that arrives within `window`, consumed.
    pub fn drain(&mut self, window: Duration) -> Vec<Value> {
        let _ = self.try_wait_for(window, &|_| false);
        self.pending.drain(..).collect()
    }

    /// Answers a request from the server, as an editor would.
    fn answer(&mut self, request: &Value) {
        let result = match request["method"].as_str() {
            Some("workspace/configuration") => {
                let items = request["params"]["items"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                Value::Array(items.iter().map(|_| self.configuration.clone()).collect())
            }
            _ => Value::Null,
        };
        self.server_requests.push(request.clone());
        let id = request["id"].clone();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    /// `initialize` + `initialized`; returns the server's capabilities.
    pub fn initialize(
        &mut self,
        capabilities: Value,
        options: Value,
        root: Option<&Path>,
    ) -> Value {
        let root_uri = root.map(file_uri);
        let folders = root.map(|r| json!([{"uri": file_uri(r), "name": "ws"}]));
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": folders,
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        result["capabilities"].clone()
    }

    pub fn open(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// The next `publishDiagnostics` for `uri` at `version` (earlier ones
    /// for the same document are skipped).
    pub fn published(&mut self, uri: &str, version: i64) -> Value {
        self.wait_for(&format!("publishDiagnostics for {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })["params"]
            .clone()
    }

    /// Sends `shutdown` and `exit`; returns how the process ended.
    pub fn shutdown(mut self) -> ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Closes the server's stdin.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for server") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "server did not exit within {TIMEOUT:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn truncate(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Client capabilities: `pull` adds `textDocument.diagnostic`, `utf8`
/// offers UTF-8 positions.
pub fn capabilities(pull: bool, utf8: bool) -> Value {
    let mut caps = json!({
        "general": {"positionEncodings": if utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) }},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
        "workspace": {
            "configuration": true,
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "diagnostics": {"refreshSupport": true}
        }
    });
    if pull {
        caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    }
    caps
}
