//! The invariants of the `lsp` target. Shared with `cargo test`:
//! `crates/kubelint-lsp/tests/fuzz_regressions.rs` includes this file, so the
//! replay of `fuzz/regressions/lsp-*` checks exactly what the fuzzer checks.
//! Depends on `kubelint-lsp`, `tokio` (with `test-util`) and `serde_json`.
//!
//! # Input
//!
//! Records separated by `\x1e`. A record is an op byte, then arguments
//! (decimal numbers separated by spaces; any other word counts as the sum of
//! its bytes), then `\x1f` and a payload (text, JSON or raw bytes, by op).
//! `fuzz/seeds/lsp/` has examples. The ops (other bytes pick one by value):
//!
//! | op | message | args | payload |
//! |---|---|---|---|
//! | `I` | `initialize` | flags (1 UTF-8, 2 pull, 4 configuration, 8 file watching, 16 versioned edits, 32 refresh, 64 root folder, 128 UTF-32 only), client reply mode | `initializationOptions` (JSON, `configPath` neutralised) |
//! | `B` | `initialize` with params of the wrong type | | |
//! | `N` | `initialized` | | |
//! | `o` | `didOpen` | doc, version | text |
//! | `c` | `didChange`, whole text | doc, version | text |
//! | `e` | `didChange`, ranged edits | doc, version, then 4 numbers per edit | replacement texts, split on `\x1d` |
//! | `x` | `didClose` | doc | |
//! | `v` | `didSave` | doc | |
//! | `k` | `didChangeConfiguration` | | settings (JSON) |
//! | `w` | `didChangeWatchedFiles` | docs… | |
//! | `h` | `hover` | doc, line, character | |
//! | `a` | `codeAction` | doc, 4 numbers for the range, `only` (0 none, 1 quickfix, 2 source.fixAll, 3 source, 4 refactor), context diagnostics (0 none, 1 as published) | |
//! | `d` | `textDocument/diagnostic` | doc, previous result id (0 none, 1 the last one, 2 junk) | |
//! | `C` | `textDocument/documentColor` (not implemented) | doc | |
//! | `u` | an unknown request | | method name |
//! | `n` | a request method sent as a notification (no id) | method (0 hover, 1 codeAction, 2 diagnostic) | |
//! | `q` | `$/cancelRequest` | how far back (0 the last request) | |
//! | `D` | `hover` reusing the last request's id | doc, line, character | |
//! | `g` | a body of raw bytes, correct Content-Length | | body (a `method` in JSON is renamed: garbage must not be a real message) |
//! | `s` | a `hover` whose Content-Length is short | doc, line, character, bytes short | |
//! | `b` | a bad Content-Length (negative, not a number, overflowing) then a body | kind | |
//! | `j` | junk header lines | blank line after? | the junk (no `\n`, no `Content-Length:`) |
//! | `S` | `shutdown` | | |
//! | `E` | end: close the input, no `shutdown` | | |
//! | `X` | end: `exit` without `shutdown` | | |
//! | `H` | end: a Content-Length over the server's limit, then close | | |
//! | `T` | end: a body cut short by the end of input | | |
//!
//! Without an end op the script ends with `shutdown` and `exit`.
//!
//! # Invariants
//!
//! No panic (libFuzzer aborts on any, caught or not). Before the script's
//! end every request sent so far is answered (a result or an error) —
//! checked with tokio's clock paused, so a server that waits for something
//! that never comes runs into the time limit at once instead of after it —
//! and then `shutdown` is answered, successfully if and only if the server
//! was initialized and not shut down already; after `exit` or the end of
//! input `serve` returns, and reports a clean exit exactly when `shutdown`
//! succeeded. Every position the server sends (published diagnostics,
//! pulled ones, hover ranges, code action edits) is a valid position in the
//! negotiated encoding — inside its line, not inside a character or UTF-16
//! surrogate pair — of the text the document had: the text of the published
//! version, or of the version current when the request was sent, by a
//! reference model of the documents that applies the same edits. Code action
//! edits do not overlap.

use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The documents the fuzzer can address: a manifest, a configuration file
/// (linted as configuration), an untitled buffer and a JSON manifest. No
/// file behind them exists, so nothing is read from disk but the lookups of
/// `.kubelint.yaml` upward from `/kubelint-fuzz`.
const DOCS: &[&str] = &[
    "file:///kubelint-fuzz/a.yaml",
    "file:///kubelint-fuzz/.kubelint.yaml",
    "untitled:Untitled-1",
    "file:///kubelint-fuzz/b.json",
];
const ROOT: &str = "file:///kubelint-fuzz";
/// Bounds so each execution stays fast.
const MAX_OPS: usize = 48;
const MAX_TEXT: usize = 8 << 10;
const MAX_EDITS: usize = 8;
/// Virtual time (the clock is paused) a whole session may take.
const TIME_LIMIT: Duration = Duration::from_secs(600);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn units(self, ch: char) -> u32 {
        match self {
            Encoding::Utf8 => ch.len_utf8() as u32,
            Encoding::Utf16 => ch.len_utf16() as u32,
        }
    }
}

/// The lines of `text` as the protocol counts them (`\n`, `\r\n` and a lone
/// `\r` end a line), without their breaks; a BOM is not part of line 0.
fn lines(text: &str) -> Vec<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                out.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&text[start..]);
    out
}

/// Reference conversion of a client position to a byte offset: past the
/// last line is the end of the text, past the end of a line is its end, a
/// position inside a character moves to after it.
fn offset(text: &str, line: u32, character: u32, encoding: Encoding) -> usize {
    let all = lines(text);
    let Some(line_text) = all.get(line as usize) else {
        return text.len();
    };
    // Lines are slices of `text`: their offset is their address.
    let start = line_text.as_ptr() as usize - text.as_ptr() as usize;
    let mut units = 0;
    for (i, ch) in line_text.char_indices() {
        if units >= character {
            return start + i;
        }
        units += encoding.units(ch);
    }
    start + line_text.len()
}

/// Whether the server may send this position for `text`.
fn valid_position(text: &str, position: &Value, encoding: Encoding) -> Result<(), String> {
    let (Some(line), Some(character)) = (
        position.get("line").and_then(Value::as_u64),
        position.get("character").and_then(Value::as_u64),
    ) else {
        return Err(format!("not a position: {position}"));
    };
    let all = lines(text);
    let Some(line_text) = all.get(line as usize) else {
        return Err(format!(
            "line {line} past the last line ({} lines)",
            all.len()
        ));
    };
    let mut units = 0u64;
    if character == 0 {
        return Ok(());
    }
    for ch in line_text.chars() {
        units += u64::from(encoding.units(ch));
        if units == character {
            return Ok(());
        }
        if units > character {
            return Err(format!(
                "character {character} of line {line} is inside `{ch}` ({encoding:?})"
            ));
        }
    }
    Err(format!(
        "character {character} past the end of line {line} ({units} units)"
    ))
}

fn valid_range(text: &str, range: &Value, encoding: Encoding) -> Result<(usize, usize), String> {
    let (Some(start), Some(end)) = (range.get("start"), range.get("end")) else {
        return Err(format!("not a range: {range}"));
    };
    valid_position(text, start, encoding)?;
    valid_position(text, end, encoding)?;
    let at = |p: &Value| {
        offset(
            text,
            p["line"].as_u64().unwrap_or(0) as u32,
            p["character"].as_u64().unwrap_or(0) as u32,
            encoding,
        )
    };
    let (from, to) = (at(start), at(end));
    if from > to {
        return Err(format!("reversed range {range}"));
    }
    Ok((from, to))
}

/// A cursor over the fuzz input.
struct Record<'a> {
    op: u8,
    args: Vec<u64>,
    payload: &'a [u8],
}

impl Record<'_> {
    fn arg(&self, i: usize) -> u64 {
        self.args.get(i).copied().unwrap_or(0)
    }

    fn arg32(&self, i: usize) -> u32 {
        self.arg(i).min(u64::from(u32::MAX)) as u32
    }

    fn doc(&self, i: usize) -> &'static str {
        DOCS[(self.arg(i) % DOCS.len() as u64) as usize]
    }

    fn text(&self) -> String {
        let payload = &self.payload[..self.payload.len().min(MAX_TEXT)];
        String::from_utf8_lossy(payload).into_owned()
    }
}

fn records(data: &[u8]) -> Vec<Record<'_>> {
    data.split(|b| *b == 0x1e)
        .filter(|r| !r.is_empty())
        .take(MAX_OPS)
        .map(|r| {
            let (head, payload) = match r.iter().position(|b| *b == 0x1f) {
                Some(i) => (&r[1..i.max(1)], &r[i + 1..]),
                None => (&r[1..], &[][..]),
            };
            let args = head
                .split(|b| b.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .take(64)
                .map(|w| {
                    std::str::from_utf8(w)
                        .ok()
                        .and_then(|s| s.parse::<u64>().ok())
                        .unwrap_or_else(|| w.iter().map(|b| u64::from(*b)).sum())
                })
                .collect();
            Record {
                op: r[0],
                args,
                payload,
            }
        })
        .collect()
}

const OPS: &[u8] = b"IBNocexvkwhadCunqDgsbjSEXHT";

/// What the harness sends, and what it expects back.
enum Send {
    /// A framed message. `id` when it is a request expecting a response.
    Message {
        body: Vec<u8>,
        id: Option<i64>,
        /// Wait for the answer before sending more (`initialize`).
        wait: bool,
    },
    /// Bytes written as they are.
    Raw(Vec<u8>),
}

/// What a request's answer is checked against.
#[derive(Clone, Debug)]
enum Expect {
    /// Any response.
    Any,
    /// Positions in the response are positions in `text` (the document as
    /// the request found it); `version` is the document's version then.
    Positions {
        uri: &'static str,
        text: Option<String>,
        version: i32,
        encoding: Encoding,
    },
    /// `initialize`: whether it must succeed.
    Initialize(bool),
    /// `shutdown`: whether it must succeed.
    Shutdown(bool),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lifecycle {
    Uninitialized,
    Initialized,
    ShutDown,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum End {
    /// `shutdown`, then `exit`.
    Clean,
    Eof,
    Exit,
    Huge,
    Truncated,
}

/// The script built from the input, and the reference model's view of it.
struct Script {
    steps: Vec<Send>,
    expect: HashMap<i64, Expect>,
    end: End,
    /// Every text each document had at each version, for published
    /// diagnostics (which arrive later, tagged with a version).
    versions: HashMap<&'static str, BTreeMap<i32, Vec<String>>>,
    reply_mode: u64,
    /// Whether `shutdown` (sent by the script) will have succeeded before
    /// the end.
    shut_down: bool,
    encoding: Encoding,
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Renames the `method` of a JSON body so that garbage is never a real
/// message (which the reference model would not know about), and makes its
/// `id` a string, which the script's (numbers) cannot be.
fn defang(body: &[u8]) -> Vec<u8> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(mut object)) => {
            if let Some(method) = object.get("method").cloned() {
                let name = method.as_str().unwrap_or("?");
                object.insert("method".into(), json!(format!("$/fuzz/{name}")));
            }
            if let Some(id) = object.get("id").cloned() {
                object.insert("id".into(), json!(format!("garbage {id}")));
            }
            serde_json::to_vec(&Value::Object(object)).unwrap_or_default()
        }
        _ => body.to_vec(),
    }
}

/// Replaces every `configPath` value: the server would read that file.
fn neutralise(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object.iter_mut() {
                if key == "configPath" {
                    *inner = json!("/kubelint-fuzz/missing.yaml");
                } else {
                    neutralise(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(neutralise),
        _ => {}
    }
}

fn json_payload(payload: &[u8]) -> Value {
    let mut value = serde_json::from_slice(payload).unwrap_or(Value::Null);
    neutralise(&mut value);
    value
}

struct Builder {
    script: Script,
    next_id: i64,
    ids: Vec<i64>,
    state: Lifecycle,
    initialized_once: bool,
    /// The reference model: open documents' text and version.
    docs: HashMap<&'static str, (String, i32)>,
}

impl Builder {
    fn notify(&mut self, method: &str, params: Value) {
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.script.steps.push(Send::Message {
            body: body.to_string().into_bytes(),
            id: None,
            wait: false,
        });
    }

    fn request(&mut self, method: &str, params: Value, expect: Expect) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.request_with_id(id, method, params, expect);
        id
    }

    fn request_with_id(&mut self, id: i64, method: &str, params: Value, expect: Expect) {
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.script.steps.push(Send::Message {
            body: body.to_string().into_bytes(),
            id: Some(id),
            wait: method == "initialize",
        });
        self.ids.push(id);
        // Two requests with one id: either answer may come first.
        self.script
            .expect
            .entry(id)
            .and_modify(|e| *e = Expect::Any)
            .or_insert(expect);
    }

    fn live(&self) -> bool {
        self.state == Lifecycle::Initialized
    }

    fn record_version(&mut self, uri: &'static str) {
        if let Some((text, version)) = self.docs.get(uri) {
            let texts = self
                .script
                .versions
                .entry(uri)
                .or_default()
                .entry(*version)
                .or_default();
            if !texts.contains(text) {
                texts.push(text.clone());
            }
        }
    }

    fn positions(&self, uri: &'static str) -> Expect {
        if !self.live() {
            return Expect::Any;
        }
        let doc = self.docs.get(uri);
        Expect::Positions {
            uri,
            text: doc.map(|(t, _)| t.clone()),
            version: doc.map_or(0, |(_, v)| *v),
            encoding: self.script.encoding,
        }
    }

    fn position(line: u32, character: u32) -> Value {
        json!({"line": line, "character": character})
    }

    fn step(&mut self, r: &Record<'_>) -> Option<End> {
        let op = if OPS.contains(&r.op) {
            r.op
        } else {
            OPS[r.op as usize % OPS.len()]
        };
        match op {
            b'I' => {
                let flags = r.arg(0);
                let mut general = json!({});
                if flags & 1 != 0 {
                    general = json!({"positionEncodings": ["utf-16", "utf-8"]});
                } else if flags & 128 != 0 {
                    general = json!({"positionEncodings": ["utf-32"]});
                }
                let mut text_document = json!({});
                if flags & 2 != 0 {
                    text_document = json!({"diagnostic": {"dynamicRegistration": false}});
                }
                let workspace = json!({
                    "configuration": flags & 4 != 0,
                    "didChangeWatchedFiles": {"dynamicRegistration": flags & 8 != 0},
                    "workspaceEdit": {"documentChanges": flags & 16 != 0},
                    "diagnostics": {"refreshSupport": flags & 32 != 0},
                });
                let mut params = json!({
                    "processId": null,
                    "capabilities": {
                        "general": general,
                        "textDocument": text_document,
                        "workspace": workspace,
                    },
                });
                if flags & 64 != 0 {
                    params["rootUri"] = json!(ROOT);
                }
                let options = json_payload(r.payload);
                if !options.is_null() {
                    params["initializationOptions"] = options;
                }
                let ok = self.state == Lifecycle::Uninitialized;
                if ok {
                    self.state = Lifecycle::Initialized;
                    if !self.initialized_once {
                        self.initialized_once = true;
                        self.script.encoding = if flags & 1 != 0 {
                            Encoding::Utf8
                        } else {
                            Encoding::Utf16
                        };
                        self.script.reply_mode = r.arg(1) % 3;
                    }
                }
                self.request("initialize", params, Expect::Initialize(ok));
            }
            b'B' => {
                self.request("initialize", json!({"capabilities": 7}), Expect::Any);
            }
            b'N' => self.notify("initialized", json!({})),
            b'o' => {
                let uri = r.doc(0);
                let version = r.arg(1) as i32;
                let text = r.text();
                let params = json!({"textDocument": {
                    "uri": uri, "languageId": "yaml", "version": version, "text": text,
                }});
                if self.live() {
                    self.docs.insert(uri, (text, version));
                    self.record_version(uri);
                }
                self.notify("textDocument/didOpen", params);
            }
            b'c' => {
                let uri = r.doc(0);
                let version = r.arg(1) as i32;
                let text = r.text();
                let params = json!({
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": text}],
                });
                if self.live() {
                    if let Some(doc) = self.docs.get_mut(uri) {
                        *doc = (text, version);
                        self.record_version(uri);
                    }
                }
                self.notify("textDocument/didChange", params);
            }
            b'e' => {
                let uri = r.doc(0);
                let version = r.arg(1) as i32;
                let payload = r.text();
                let mut texts = payload.split('\u{1d}');
                let mut changes = Vec::new();
                let model = self.docs.get(uri).map(|(t, _)| t.clone());
                let mut current = model.clone().unwrap_or_default();
                let encoding = self.script.encoding;
                for edit in 0..(r.args.len().saturating_sub(2) / 4).clamp(1, MAX_EDITS) {
                    let at = |k: usize| r.arg32(2 + edit * 4 + k);
                    let (start, end) = ((at(0), at(1)), (at(2), at(3)));
                    let insert = texts.next().unwrap_or("").to_owned();
                    let from = offset(&current, start.0, start.1, encoding);
                    let to = offset(&current, end.0, end.1, encoding).max(from);
                    current.replace_range(from..to, &insert);
                    changes.push(json!({
                        "range": {
                            "start": Self::position(start.0, start.1),
                            "end": Self::position(end.0, end.1),
                        },
                        "text": insert,
                    }));
                }
                if self.live() && model.is_some() {
                    self.docs.insert(uri, (current, version));
                    self.record_version(uri);
                }
                self.notify(
                    "textDocument/didChange",
                    json!({
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": changes,
                    }),
                );
            }
            b'x' => {
                let uri = r.doc(0);
                if self.live() {
                    self.docs.remove(uri);
                }
                self.notify(
                    "textDocument/didClose",
                    json!({"textDocument": {"uri": uri}}),
                );
            }
            b'v' => {
                let uri = r.doc(0);
                self.notify(
                    "textDocument/didSave",
                    json!({"textDocument": {"uri": uri}}),
                );
            }
            b'k' => {
                let settings = json_payload(r.payload);
                self.notify(
                    "workspace/didChangeConfiguration",
                    json!({"settings": settings}),
                );
            }
            b'w' => {
                let changes: Vec<Value> = (0..r.args.len().clamp(1, 4))
                    .map(|i| json!({"uri": r.doc(i), "type": 1 + (r.arg(i) / 4) % 3}))
                    .collect();
                self.notify(
                    "workspace/didChangeWatchedFiles",
                    json!({"changes": changes}),
                );
            }
            b'h' => {
                let uri = r.doc(0);
                let expect = self.positions(uri);
                self.request(
                    "textDocument/hover",
                    json!({
                        "textDocument": {"uri": uri},
                        "position": Self::position(r.arg32(1), r.arg32(2)),
                    }),
                    expect,
                );
            }
            b'a' => {
                let uri = r.doc(0);
                let expect = self.positions(uri);
                let only = match r.arg(5) % 5 {
                    1 => json!(["quickfix"]),
                    2 => json!(["source.fixAll"]),
                    3 => json!(["source"]),
                    4 => json!(["refactor"]),
                    _ => Value::Null,
                };
                let range = json!({
                    "start": Self::position(r.arg32(1), r.arg32(2)),
                    "end": Self::position(r.arg32(3), r.arg32(4)),
                });
                let diagnostics = if r.arg(6) % 2 == 1 {
                    json!([{"range": range, "message": "x", "code": "privileged-container", "source": "kubelint"}])
                } else {
                    json!([])
                };
                let mut context = json!({"diagnostics": diagnostics});
                if !only.is_null() {
                    context["only"] = only;
                }
                self.request(
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
                    expect,
                );
            }
            b'd' => {
                let uri = r.doc(0);
                let expect = self.positions(uri);
                let mut params = json!({"textDocument": {"uri": uri}});
                match r.arg(1) % 3 {
                    1 => params["previousResultId"] = json!("0000000000000000-0000000000000000"),
                    2 => params["previousResultId"] = json!("0-0"),
                    _ => {}
                }
                self.request("textDocument/diagnostic", params, expect);
            }
            b'C' => {
                let uri = r.doc(0);
                self.request(
                    "textDocument/documentColor",
                    json!({"textDocument": {"uri": uri}}),
                    Expect::Any,
                );
            }
            b'u' => {
                let method = String::from_utf8_lossy(r.payload).into_owned();
                let method = match method.as_str() {
                    // Those are the lifecycle, which the script drives itself.
                    "initialize" | "shutdown" | "exit" | "" => "kubelint/unknown".to_owned(),
                    _ => method,
                };
                self.request(&method, json!({}), Expect::Any);
            }
            b'n' => {
                let (method, params) = match r.arg(0) % 3 {
                    0 => (
                        "textDocument/hover",
                        json!({"textDocument": {"uri": DOCS[0]}, "position": Self::position(0, 0)}),
                    ),
                    1 => (
                        "textDocument/codeAction",
                        json!({"textDocument": {"uri": DOCS[0]},
                               "range": {"start": Self::position(0, 0), "end": Self::position(0, 0)},
                               "context": {"diagnostics": []}}),
                    ),
                    _ => (
                        "textDocument/diagnostic",
                        json!({"textDocument": {"uri": DOCS[0]}}),
                    ),
                };
                self.notify(method, params);
            }
            b'q' => {
                if let Some(&id) = self.ids.iter().rev().nth(r.arg(0) as usize % 4) {
                    self.notify("$/cancelRequest", json!({"id": id}));
                }
            }
            b'D' => {
                let uri = r.doc(0);
                // Only a plain request's id: a second `shutdown` answer
                // would muddle the lifecycle checks.
                let reusable = self.ids.last().copied().filter(|id| {
                    matches!(
                        self.script.expect.get(id),
                        Some(Expect::Any | Expect::Positions { .. })
                    )
                });
                let id = reusable.unwrap_or(self.next_id + 1);
                self.next_id = self.next_id.max(id);
                self.request_with_id(
                    id,
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri},
                           "position": Self::position(r.arg32(1), r.arg32(2))}),
                    Expect::Any,
                );
            }
            b'g' => {
                let body = defang(&r.payload[..r.payload.len().min(MAX_TEXT)]);
                self.script.steps.push(Send::Raw(frame(&body)));
            }
            b's' => {
                // A hover whose body is cut: one parse error (id null), and
                // the rest of the body is junk before the next header, where
                // the reader must find its feet again.
                self.next_id += 1;
                let body =
                    json!({"jsonrpc": "2.0", "id": self.next_id, "method": "textDocument/hover",
                    "params": {"textDocument": {"uri": r.doc(0)},
                               "position": Self::position(r.arg32(1), r.arg32(2))}})
                    .to_string();
                let short = 1 + (r.arg(3) as usize % body.len());
                let mut out =
                    format!("Content-Length: {}\r\n\r\n", body.len() - short).into_bytes();
                out.extend_from_slice(body.as_bytes());
                self.script.steps.push(Send::Raw(out));
            }
            b'b' => {
                let value = match r.arg(0) % 4 {
                    0 => "-5",
                    1 => "twelve",
                    2 => "99999999999999999999999999",
                    _ => "",
                };
                // The body that follows is read as a header line and must
                // not hide the next message's header.
                let mut out = format!("Content-Length: {value}\r\n\r\n").into_bytes();
                out.extend_from_slice(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
                self.script.steps.push(Send::Raw(out));
            }
            b'j' => {
                let junk: Vec<u8> = r.payload[..r.payload.len().min(MAX_TEXT)]
                    .iter()
                    .copied()
                    .filter(|b| *b != b'\n')
                    .collect();
                let mut junk = String::from_utf8_lossy(&junk).replace("Content-Length:", "CL:");
                junk.push_str("\r\n");
                if r.arg(0) % 2 == 1 {
                    junk.push_str("\r\n");
                }
                self.script.steps.push(Send::Raw(junk.into_bytes()));
            }
            b'S' => {
                let ok = self.live();
                if ok {
                    self.state = Lifecycle::ShutDown;
                    self.script.shut_down = true;
                }
                self.request("shutdown", Value::Null, Expect::Shutdown(ok));
            }
            b'E' => return Some(End::Eof),
            b'X' => return Some(End::Exit),
            b'H' => return Some(End::Huge),
            b'T' => return Some(End::Truncated),
            _ => unreachable!(),
        }
        None
    }
}

fn build(data: &[u8]) -> Script {
    let mut builder = Builder {
        script: Script {
            steps: Vec::new(),
            expect: HashMap::new(),
            end: End::Clean,
            versions: HashMap::new(),
            reply_mode: 0,
            shut_down: false,
            encoding: Encoding::Utf16,
        },
        next_id: 0,
        ids: Vec::new(),
        state: Lifecycle::Uninitialized,
        initialized_once: false,
        docs: HashMap::new(),
    };
    for record in records(data) {
        if let Some(end) = builder.step(&record) {
            builder.script.end = end;
            break;
        }
    }
    if builder.script.end == End::Clean {
        let ok = builder.live();
        if ok {
            builder.script.shut_down = true;
        }
        builder.request("shutdown", Value::Null, Expect::Shutdown(ok));
    }
    builder.script
}

/// What the harness's reader saw.
#[derive(Default)]
struct Seen {
    responses: HashMap<i64, usize>,
    problems: Vec<String>,
    /// Requests from the server the writer has to answer.
    server_requests: Vec<Value>,
    shutdown_ok: bool,
}

fn check_positions(text: &str, value: &Value, encoding: Encoding, what: &str) -> Vec<String> {
    // Every `range` anywhere in the value.
    let mut problems = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(object) => {
                if let Some(range) = object.get("range") {
                    if let Err(e) = valid_range(text, range, encoding) {
                        problems.push(format!("{what}: {e} in {range}"));
                    }
                }
                stack.extend(object.iter().filter(|(k, _)| *k != "range").map(|(_, v)| v));
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    problems
}

/// Edits of one code action: in range (checked with the rest) and not
/// overlapping.
fn check_edits(text: &str, action: &Value, encoding: Encoding) -> Vec<String> {
    let edit = &action["edit"];
    let mut lists: Vec<&Value> = Vec::new();
    if let Some(changes) = edit.get("changes").and_then(Value::as_object) {
        lists.extend(changes.values());
    }
    if let Some(changes) = edit.get("documentChanges").and_then(Value::as_array) {
        lists.extend(changes.iter().map(|c| &c["edits"]));
    }
    let mut problems = Vec::new();
    for list in lists {
        let mut spans: Vec<(usize, usize)> = list
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| valid_range(text, &e["range"], encoding).ok())
            .collect();
        spans.sort();
        if spans.windows(2).any(|w| w[0].1 > w[1].0) {
            problems.push(format!("code action edits overlap: {action}"));
        }
    }
    problems
}

impl Script {
    fn check_response(&self, id: i64, message: &Value, seen: &mut Seen) {
        let Some(expect) = self.expect.get(&id) else {
            return; // someone else's id (a garbage body's)
        };
        let result = message.get("result");
        match expect {
            Expect::Any => {}
            Expect::Initialize(ok) => {
                if *ok != result.is_some() {
                    seen.problems
                        .push(format!("initialize should succeed: {ok}, got {message}"));
                }
            }
            Expect::Shutdown(ok) => {
                if *ok {
                    if result.is_none() {
                        seen.problems
                            .push(format!("shutdown must succeed here: {message}"));
                    }
                    seen.shutdown_ok = true;
                } else if result.is_some() {
                    seen.problems
                        .push(format!("shutdown succeeded before initialize: {message}"));
                }
            }
            Expect::Positions {
                uri,
                text,
                version,
                encoding,
            } => {
                let Some(result) = result else { return };
                let Some(text) = text else {
                    if !result.is_null() && result.get("items").is_some_and(|i| i != &json!([])) {
                        seen.problems
                            .push(format!("{uri} is not open, yet: {message}"));
                    }
                    return;
                };
                seen.problems.extend(check_positions(
                    text,
                    result,
                    *encoding,
                    &format!("response {id}"),
                ));
                if let Some(actions) = result.as_array() {
                    for action in actions {
                        seen.problems.extend(check_edits(text, action, *encoding));
                        for change in action["edit"]["documentChanges"]
                            .as_array()
                            .into_iter()
                            .flatten()
                        {
                            let v = &change["textDocument"]["version"];
                            if v != &json!(version) {
                                seen.problems.push(format!(
                                    "code action for version {v}, the document is at {version}"
                                ));
                            }
                        }
                    }
                }
            }
        }
    }

    fn check_publish(&self, params: &Value, seen: &mut Seen) {
        let uri = params["uri"].as_str().unwrap_or_default();
        let diagnostics = params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let Some(version) = params.get("version").and_then(Value::as_i64) else {
            if !diagnostics.is_empty() {
                seen.problems
                    .push(format!("unversioned publish with diagnostics: {params}"));
            }
            return;
        };
        let texts = self
            .versions
            .get(uri)
            .and_then(|v| v.get(&(version as i32)));
        let Some(texts) = texts else {
            seen.problems.push(format!(
                "published version {version} of {uri}, which the client never sent"
            ));
            return;
        };
        let fits = texts.iter().any(|text| {
            check_positions(text, &params["diagnostics"], self.encoding, "publish").is_empty()
        });
        if !fits {
            let why = check_positions(&texts[0], &params["diagnostics"], self.encoding, "publish");
            seen.problems.push(format!(
                "published diagnostics fit no text of version {version} of {uri}: {why:?}"
            ));
        }
    }
}

/// `KUBELINT_FUZZ_TRACE=1` prints the conversation (to triage a crash).
fn trace() -> bool {
    std::env::var_os("KUBELINT_FUZZ_TRACE").is_some()
}

/// Reads frames from the server until it closes its output.
async fn read_server<R: tokio::io::AsyncRead + Unpin>(
    mut output: R,
    script: &Script,
    seen: &RefCell<Seen>,
    wake: &tokio::sync::Notify,
) {
    let mut buffer = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = match output.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        buffer.extend_from_slice(&chunk[..n]);
        while let Some(header_end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let header = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
            let length: usize = header
                .strip_prefix("Content-Length: ")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or_else(|| panic!("the server wrote a bad header: {header:?}"));
            if buffer.len() < header_end + 4 + length {
                break;
            }
            let body: Vec<u8> = buffer
                .drain(..header_end + 4 + length)
                .skip(header_end + 4)
                .collect();
            let message: Value = serde_json::from_slice(&body).unwrap_or_else(|e| {
                panic!(
                    "the server wrote invalid JSON ({e}): {}",
                    String::from_utf8_lossy(&body)
                )
            });
            if trace() {
                eprintln!("<- {message}");
            }
            let mut seen = seen.borrow_mut();
            match (message.get("method"), message.get("id")) {
                (Some(_), Some(_)) => seen.server_requests.push(message.clone()),
                (Some(method), None) => {
                    if method == "textDocument/publishDiagnostics" {
                        script.check_publish(&message["params"], &mut seen);
                    }
                }
                (None, Some(id)) => {
                    if let Some(id) = id.as_i64() {
                        *seen.responses.entry(id).or_default() += 1;
                        script.check_response(id, &message, &mut seen);
                    }
                }
                (None, None) => seen
                    .problems
                    .push(format!("a message that is nothing: {message}")),
            }
            drop(seen);
            wake.notify_one();
        }
    }
    wake.notify_one();
}

/// Writes the script like a client would: answering the server's requests
/// as they come, waiting for the answer to `initialize` before going on (the
/// protocol forbids sending anything else meanwhile), and, before the end,
/// for the answer to every request. Returns what went wrong.
async fn write_script<W: tokio::io::AsyncWrite + Unpin>(
    mut out: W,
    script: &Script,
    seen: &RefCell<Seen>,
    wake: &tokio::sync::Notify,
) -> Option<String> {
    let mut sent: HashMap<i64, usize> = HashMap::new();
    let mut failed = None;
    for step in &script.steps {
        let (bytes, wait) = match step {
            Send::Message { body, id, wait } => {
                if let Some(id) = id {
                    *sent.entry(*id).or_default() += 1;
                }
                (frame(body), *wait)
            }
            Send::Raw(bytes) => (bytes.clone(), false),
        };
        let pending = answers(script, seen);
        if trace() {
            eprintln!("-> {}", String::from_utf8_lossy(&bytes));
        }
        if out.write_all(&pending).await.is_err() || out.write_all(&bytes).await.is_err() {
            failed = Some("the server stopped reading".to_owned());
            break;
        }
        if wait {
            if let Err(e) = answered(&mut out, script, seen, wake, &sent).await {
                failed = Some(e);
                break;
            }
        }
    }
    // Every request is answered before the end, whatever came before.
    if failed.is_none() {
        failed = answered(&mut out, script, seen, wake, &sent).await.err();
    }
    let exit = frame(
        json!({"jsonrpc": "2.0", "method": "exit"})
            .to_string()
            .as_bytes(),
    );
    let last: &[u8] = match script.end {
        End::Clean | End::Exit => &exit,
        End::Eof => b"",
        End::Huge => b"Content-Length: 9999999999\r\n\r\n{\"jsonrpc\"",
        End::Truncated => b"Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",",
    };
    let _ = out.write_all(last).await;
    let _ = out.shutdown().await;
    failed
}

/// Replies to the server's requests seen so far.
fn answers(script: &Script, seen: &RefCell<Seen>) -> Vec<u8> {
    let requests = std::mem::take(&mut seen.borrow_mut().server_requests);
    requests.iter().flat_map(|r| reply(script, r)).collect()
}

/// Waits until every request in `sent` has its answers, replying to the
/// server's requests meanwhile.
async fn answered<W: tokio::io::AsyncWrite + Unpin>(
    out: &mut W,
    script: &Script,
    seen: &RefCell<Seen>,
    wake: &tokio::sync::Notify,
    sent: &HashMap<i64, usize>,
) -> Result<(), String> {
    loop {
        let pending = answers(script, seen);
        if !pending.is_empty() && out.write_all(&pending).await.is_err() {
            return Err("the server stopped reading".to_owned());
        }
        let mut missing: Vec<i64> = sent
            .iter()
            .filter(|(id, n)| seen.borrow().responses.get(id).copied().unwrap_or(0) < **n)
            .map(|(id, _)| *id)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        // The clock is paused: this only times out if the server has
        // nothing left to do but leaves requests unanswered.
        if tokio::time::timeout(Duration::from_secs(60), wake.notified())
            .await
            .is_err()
        {
            missing.sort_unstable();
            return Err(format!("requests never answered: {missing:?}"));
        }
    }
}

/// The harness's answer to a request from the server.
fn reply(script: &Script, request: &Value) -> Vec<u8> {
    let id = &request["id"];
    let method = request["method"].as_str().unwrap_or_default();
    let body = match (script.reply_mode, method) {
        (1, _) => json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "no"}}),
        (2, "workspace/configuration") => json!({"jsonrpc": "2.0", "id": id,
            "result": [{"select": ["all"], "ignore": ["latest-image-tag"], "debounceMs": 5}]}),
        (_, "workspace/configuration") => json!({"jsonrpc": "2.0", "id": id, "result": [null]}),
        _ => json!({"jsonrpc": "2.0", "id": id, "result": null}),
    };
    frame(body.to_string().as_bytes())
}

/// Runs one input. Returns `false` when the input has nothing to run.
pub fn check(data: &[u8]) -> bool {
    let script = build(data);
    if script.steps.is_empty() && script.end != End::Clean {
        return false;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("a runtime");
    let outcome =
        runtime.block_on(async { tokio::time::timeout(TIME_LIMIT, session(&script)).await });
    match outcome {
        Ok(problems) => {
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
        Err(_) => panic!("the session hung (the clock is paused: nothing was left to do but wait)"),
    }
    true
}

async fn session(script: &Script) -> Vec<String> {
    // Room for a whole script: the server never waits for the harness.
    let (client, server) = tokio::io::duplex(4 << 20);
    let (server_in, server_out) = tokio::io::split(server);
    let (client_in, client_out) = tokio::io::split(client);
    let seen = RefCell::new(Seen::default());
    let wake = tokio::sync::Notify::new();
    let served: Rc<RefCell<Option<bool>>> = Rc::default();

    let serve = {
        let served = served.clone();
        async move {
            let clean = kubelint_lsp::serve(server_in, server_out).await;
            *served.borrow_mut() = Some(clean);
        }
    };
    let read = read_server(client_in, script, &seen, &wake);
    let write = write_script(client_out, script, &seen, &wake);
    let ((), (), failed) = tokio::join!(serve, read, write);
    let mut seen = seen.into_inner();
    seen.problems.extend(failed);
    let clean = served.borrow().unwrap_or(false);
    if clean != seen.shutdown_ok {
        seen.problems.push(format!(
            "serve reported a clean exit: {clean}, but shutdown succeeded: {}",
            seen.shutdown_ok
        ));
    }
    seen.problems
}
