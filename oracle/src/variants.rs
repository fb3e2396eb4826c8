//! Generated manifests: the security-relevant fields of Pods, workloads,
//! RBAC objects and Secrets, each written in one of the many legal
//! spellings Kubernetes accepts — quoting styles, block and flow style,
//! tags (`!!str`, `!!binary`, `!`, verbatim), anchors, aliases and `<<`
//! merges at any depth and position, comments ended by unusual line breaks
//! (U+2028, U+2029, U+0085), CRLF, tabs after `key:`, number forms (`0`,
//! `0.0`, `0x0`, `-0`, `0o0`, `1e3`), document separators kubectl accepts,
//! Lists (typed, nested, `items` on other kinds) and JSON streams.
//!
//! The generator does not predict what a variant means: the reference
//! decoder says so, and kubelint must agree with it. Variants are a pure
//! function of their seed, so a failing seed reproduces.

use serde_json::{json, Map, Value};

/// A small, fast, seedable generator (xorshift64*); quality is ample for
/// choosing spellings.
#[derive(Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The manifest text of variant `seed`.
pub fn variant(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let objects: Vec<Value> = (0..1 + rng.below(3)).map(|_| object(&mut rng)).collect();
    let objects = listed(&mut rng, objects);
    if rng.chance(8) {
        return json_stream(&mut rng, &objects);
    }
    let crlf = rng.chance(10);
    let mut out = String::new();
    for (i, object) in objects.iter().enumerate() {
        let mut writer = Writer {
            rng: &mut rng,
            out: String::new(),
            anchors: Vec::new(),
            next_anchor: 0,
        };
        if i > 0 || writer.rng.chance(30) {
            let separator =
                *writer
                    .rng
                    .pick(&["---\n", "--- # next\n", "---#x\n", "---\u{a0}\n", "---  \n"]);
            writer.out.push_str(separator);
        }
        if writer.rng.chance(10) {
            writer.out.push_str("# leading comment\n");
        }
        if i > 0 && writer.out.ends_with("---\n") && writer.rng.chance(5) {
            writer.out.push('\u{feff}');
        }
        writer.block_mapping(object.as_object().expect("objects are mappings"), 0);
        out.push_str(&writer.out);
    }
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    out
}

/// A random object of the kinds security rules judge.
fn object(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 | 1 => pod(rng),
        2 => workload(rng),
        3 => role(rng),
        4 => binding(rng),
        _ => secret(rng),
    }
}

fn container(rng: &mut Rng, name: &str) -> Value {
    let mut security = Map::new();
    if rng.chance(60) {
        security.insert("privileged".into(), json!(rng.chance(50)));
    }
    if rng.chance(40) {
        security.insert("runAsUser".into(), json!(*rng.pick(&[0, 0, 1000, 65534])));
    }
    if rng.chance(30) {
        security.insert("allowPrivilegeEscalation".into(), json!(rng.chance(50)));
    }
    if rng.chance(30) {
        security.insert("readOnlyRootFilesystem".into(), json!(rng.chance(50)));
    }
    if rng.chance(40) {
        let caps = ["SYS_ADMIN", "NET_RAW", "NET_ADMIN", "ALL", "CHOWN"];
        let add: Vec<_> = (0..rng.below(3)).map(|_| *rng.pick(&caps)).collect();
        security.insert("capabilities".into(), json!({"add": add, "drop": ["ALL"]}));
    }
    let image = *rng.pick(&[
        "nginx:latest",
        "nginx",
        "registry.example.com/app:1.2.3",
        "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000",
    ]);
    let mut c = json!({"name": name, "image": image});
    if !security.is_empty() {
        c["securityContext"] = Value::Object(security);
    }
    if rng.chance(20) {
        c["ports"] = json!([{"containerPort": *rng.pick(&[22, 80, 8080]), "hostPort": 0}]);
    }
    c
}

fn pod_spec(rng: &mut Rng) -> Value {
    let mut spec = Map::new();
    for field in ["hostPID", "hostNetwork", "hostIPC"] {
        if rng.chance(25) {
            spec.insert(field.into(), json!(rng.chance(50)));
        }
    }
    if rng.chance(30) {
        spec.insert(
            "securityContext".into(),
            json!({"runAsUser": *rng.pick(&[0, 1000]), "runAsNonRoot": rng.chance(50)}),
        );
    }
    let first = container(rng, "app");
    let mut containers = vec![first.clone()];
    if rng.chance(40) {
        // The same settings twice: an occasion for anchors and aliases.
        let mut second = first;
        second["name"] = json!("sidecar");
        containers.push(second);
    }
    spec.insert("containers".into(), Value::Array(containers));
    Value::Object(spec)
}

fn metadata(rng: &mut Rng, name: &str) -> Value {
    let mut m = json!({"name": name});
    if rng.chance(30) {
        m["namespace"] = json!(*rng.pick(&["default", "prod", "kube-system"]));
    }
    if rng.chance(20) {
        m["labels"] = json!({"app": name, "tier": "web"});
    }
    m
}

fn pod(rng: &mut Rng) -> Value {
    let name = *rng.pick(&["web", "db", "tool"]);
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": metadata(rng, name), "spec": pod_spec(rng)})
}

fn workload(rng: &mut Rng) -> Value {
    let kind = *rng.pick(&["Deployment", "DaemonSet", "StatefulSet"]);
    let name = *rng.pick(&["api", "agent"]);
    json!({
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": metadata(rng, name),
        "spec": {
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": pod_spec(rng)}
        }
    })
}

fn role(rng: &mut Rng) -> Value {
    let kind = *rng.pick(&["Role", "ClusterRole"]);
    let verbs = [
        &["*"][..],
        &["get", "list"],
        &["create", "update"],
        &["escalate", "bind"],
        &["impersonate"],
    ];
    let resources = [
        &["*"][..],
        &["secrets"],
        &["pods", "pods/exec"],
        &["roles", "rolebindings"],
    ];
    let rules: Vec<Value> = (0..1 + rng.below(2))
        .map(|_| json!({"apiGroups": [*rng.pick(&["", "*", "rbac.authorization.k8s.io"])], "resources": rng.pick(&resources).to_vec(), "verbs": rng.pick(&verbs).to_vec()}))
        .collect();
    json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": metadata(rng, "reader"), "rules": rules})
}

fn binding(rng: &mut Rng) -> Value {
    let kind = *rng.pick(&["RoleBinding", "ClusterRoleBinding"]);
    let subject = match rng.below(3) {
        0 => {
            json!({"kind": "Group", "name": *rng.pick(&["system:masters", "system:authenticated", "devs"]), "apiGroup": "rbac.authorization.k8s.io"})
        }
        1 => json!({"kind": "ServiceAccount", "name": "default", "namespace": "default"}),
        _ => json!({"kind": "User", "name": "alice", "apiGroup": "rbac.authorization.k8s.io"}),
    };
    json!({
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": kind,
        "metadata": metadata(rng, "grant"),
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": *rng.pick(&["cluster-admin", "view", "reader"])},
        "subjects": [subject]
    })
}

fn secret(rng: &mut Rng) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": metadata(rng, "creds"),
        "type": "Opaque",
        "stringData": {"password": *rng.pick(&["hunter2", "s3cr3t-P4ssw0rd!", "REPLACE_ME"])},
        "data": {"token": "c2VjcmV0LXRva2VuLXZhbHVl"}
    })
}

/// Sometimes wraps the objects in Lists the way kubectl flattens them:
/// `kind: List`, a typed list whose items leave out kind and apiVersion,
/// or `items` on a kind that is not a list at all.
fn listed(rng: &mut Rng, objects: Vec<Value>) -> Vec<Value> {
    match rng.below(10) {
        0 => vec![json!({"apiVersion": "v1", "kind": "List", "items": objects})],
        1 => {
            let kind = objects[0]["kind"].as_str().unwrap_or("Pod").to_owned();
            let api = objects[0]["apiVersion"].clone();
            let items: Vec<Value> = objects
                .into_iter()
                .filter(|o| o["kind"] == json!(kind))
                .map(|mut o| {
                    let fields = o.as_object_mut().expect("mapping");
                    fields.remove("kind");
                    fields.remove("apiVersion");
                    o
                })
                .collect();
            let list_kind = if rng.chance(70) {
                format!("{kind}List")
            } else {
                kind
            };
            vec![json!({"apiVersion": api, "kind": list_kind, "items": items})]
        }
        2 => vec![
            json!({"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "List", "items": objects}]}),
        ],
        _ => objects,
    }
}

fn json_stream(rng: &mut Rng, objects: &[Value]) -> String {
    let mut out = String::new();
    for object in objects {
        let text = if rng.chance(50) {
            serde_json::to_string_pretty(object).expect("JSON")
        } else {
            object.to_string()
        };
        out.push_str(&text);
        let gap = *rng.pick(&["", "\n", " ", "\n\n"]);
        out.push_str(gap);
    }
    out
}

/// Renders one document, choosing a spelling at every node.
struct Writer<'r> {
    rng: &'r mut Rng,
    out: String,
    /// Anchors of completed nodes: name and whether the node is a mapping.
    anchors: Vec<(String, bool)>,
    next_anchor: usize,
}

impl Writer<'_> {
    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    /// Ends a line: usually `\n`, sometimes a comment, and sometimes one of
    /// the line breaks only go-yaml (YAML 1.1) knows.
    fn end_line(&mut self) {
        if self.rng.chance(6) {
            self.out.push_str(" # note");
        }
        let brk = if self.rng.chance(4) {
            *self.rng.pick(&["\u{2028}", "\u{2029}", "\u{85}"])
        } else {
            "\n"
        };
        self.out.push_str(brk);
    }

    /// A new anchor for the node about to be written, sometimes.
    fn maybe_anchor(&mut self) -> Option<String> {
        if !self.rng.chance(15) {
            return None;
        }
        self.next_anchor += 1;
        Some(format!("a{}", self.next_anchor))
    }

    /// An alias to an earlier node instead of a value, sometimes.
    fn maybe_alias(&mut self) -> Option<String> {
        if self.anchors.is_empty() || !self.rng.chance(8) {
            return None;
        }
        let (name, _) = self.rng.pick(&self.anchors).clone();
        Some(format!("*{name}"))
    }

    fn block_mapping(&mut self, map: &Map<String, Value>, depth: usize) {
        let mut entries: Vec<(&String, &Value)> = map.iter().collect();
        if self.rng.chance(30) {
            // Key order does not matter to Kubernetes.
            entries.reverse();
        }
        let merge_at = self.merge_position(entries.len());
        for (i, (key, value)) in entries.iter().enumerate() {
            if merge_at == Some(i) {
                self.merge_entry(depth);
            }
            self.indent(depth);
            self.key(key, Some(depth));
            self.block_value(value, depth);
        }
        if merge_at == Some(entries.len()) {
            self.merge_entry(depth);
        }
    }

    /// Where to put a `<<` merge of an earlier mapping, if anywhere.
    fn merge_position(&mut self, len: usize) -> Option<usize> {
        let mappings = self.anchors.iter().any(|(_, is_map)| *is_map);
        (mappings && self.rng.chance(20)).then(|| self.rng.below(len + 1))
    }

    fn merge_source(&mut self) -> String {
        let names: Vec<String> = self
            .anchors
            .iter()
            .filter(|(_, is_map)| *is_map)
            .map(|(n, _)| format!("*{n}"))
            .collect();
        if names.len() > 1 && self.rng.chance(30) {
            let a = self.rng.pick(&names).clone();
            let b = self.rng.pick(&names).clone();
            format!("[{a}, {b}]")
        } else {
            self.rng.pick(&names).clone()
        }
    }

    fn merge_key(&mut self) -> &'static str {
        let keys: &[&'static str] = &[
            "<<",
            "<<",
            "! <<",
            "!!merge <<",
            "!<tag:yaml.org,2002:merge> <<",
            "\"<<\"",
            "!!str <<",
        ];
        keys[self.rng.below(keys.len())]
    }

    fn merge_entry(&mut self, depth: usize) {
        let key = self.merge_key();
        let source = self.merge_source();
        self.indent(depth);
        self.out.push_str(key);
        self.out.push_str(": ");
        self.out.push_str(&source);
        self.end_line();
    }

    /// Writes `key:`; `block` is the key's depth in block context, where
    /// an explicit `? key` on its own line may be used.
    fn key(&mut self, key: &str, block: Option<usize>) {
        let flow = block.is_none();
        let explicit = !flow && self.rng.chance(3);
        if explicit {
            self.out.push_str("? ");
        }
        match self.rng.below(20) {
            0 => {
                self.out.push_str("!!binary ");
                self.out.push_str(&base64(key));
            }
            1 => {
                self.out.push_str("!!str ");
                self.out.push_str(&quoted(self.rng, key));
            }
            2 | 3 => {
                let q = quoted(self.rng, key);
                self.out.push_str(&q);
            }
            _ if plain_ok(key, flow) => self.out.push_str(key),
            _ => {
                let q = quoted(self.rng, key);
                self.out.push_str(&q);
            }
        }
        if let (true, Some(depth)) = (explicit, block) {
            self.out.push('\n');
            self.indent(depth);
        }
        self.out.push(':');
    }

    /// After `key:` in block context: the value, and the line's end.
    fn block_value(&mut self, value: &Value, depth: usize) {
        if let Some(alias) = self.maybe_alias() {
            self.out.push(' ');
            self.out.push_str(&alias);
            self.end_line();
            return;
        }
        let anchor = self.maybe_anchor();
        let anchor_text = anchor
            .as_ref()
            .map(|a| format!(" &{a}"))
            .unwrap_or_default();
        match value {
            Value::Object(map) if !map.is_empty() && !self.rng.chance(15) => {
                self.out.push_str(&anchor_text);
                self.end_line();
                self.block_mapping(map, depth + 1);
            }
            Value::Array(items) if !items.is_empty() && !self.rng.chance(15) => {
                self.out.push_str(&anchor_text);
                self.end_line();
                // Sequences under a key may sit at the key's indentation.
                let item_depth = if self.rng.chance(50) {
                    depth
                } else {
                    depth + 1
                };
                self.block_sequence(items, item_depth);
            }
            Value::Object(_) | Value::Array(_) => {
                self.out.push(' ');
                self.out.push_str(anchor_text.trim_start());
                if !anchor_text.is_empty() {
                    self.out.push(' ');
                }
                self.flow(value);
                self.end_line();
            }
            scalar => {
                self.out.push(if self.rng.chance(5) { '\t' } else { ' ' });
                if !anchor_text.is_empty() {
                    self.out.push_str(anchor_text.trim_start());
                    self.out.push(' ');
                }
                let text = self.scalar(scalar, false);
                self.out.push_str(&text);
                self.end_line();
            }
        }
        if let Some(name) = anchor {
            self.anchors.push((name, value.is_object()));
        }
    }

    fn block_sequence(&mut self, items: &[Value], depth: usize) {
        for item in items {
            self.indent(depth);
            self.out.push('-');
            match item {
                Value::Object(map) if !map.is_empty() && self.rng.chance(80) => {
                    // `- key: value` then the other keys under it.
                    let mut first = true;
                    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                    if self.rng.chance(30) {
                        entries.reverse();
                    }
                    for (key, value) in entries {
                        if first {
                            self.out.push(' ');
                            first = false;
                        } else {
                            self.indent(depth + 1);
                        }
                        self.key(key, Some(depth + 1));
                        self.block_value(value, depth + 1);
                    }
                }
                Value::Object(_) | Value::Array(_) => {
                    self.out.push(' ');
                    self.flow(item);
                    self.end_line();
                }
                scalar => {
                    self.out.push(' ');
                    let text = self.scalar(scalar, false);
                    self.out.push_str(&text);
                    self.end_line();
                }
            }
        }
    }

    /// A flow collection on one line.
    fn flow(&mut self, value: &Value) {
        if let Some(alias) = self.maybe_alias() {
            self.out.push_str(&alias);
            return;
        }
        match value {
            Value::Object(map) => {
                self.out.push('{');
                for (i, (key, item)) in map.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.key(key, None);
                    self.out.push(' ');
                    self.flow(item);
                }
                self.out.push('}');
            }
            Value::Array(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.flow(item);
                }
                self.out.push(']');
            }
            scalar => {
                let text = self.scalar(scalar, true);
                self.out.push_str(&text);
            }
        }
    }

    fn scalar(&mut self, value: &Value, flow: bool) -> String {
        match value {
            Value::Bool(b) => boolean(self.rng, *b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => integer(self.rng, i),
                None => n.to_string(),
            },
            Value::String(s) => string(self.rng, s, flow),
            Value::Null => (*self.rng.pick(&["null", "~", "Null", "!!null \"\""])).to_owned(),
            _ => unreachable!("collections are written by the callers"),
        }
    }
}

fn boolean(rng: &mut Rng, b: bool) -> String {
    let spellings: &[&str] = if b {
        &[
            "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y",
        ]
    } else {
        &[
            "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N",
        ]
    };
    let word = *rng.pick(spellings);
    match rng.below(10) {
        0 => format!("!!bool \"{word}\""),
        1 => format!("!!bool {word}"),
        2 => format!("!<tag:yaml.org,2002:bool> {word}"),
        _ => word.to_owned(),
    }
}

fn integer(rng: &mut Rng, i: i64) -> String {
    let (sign, n) = if i < 0 {
        ("-", i.unsigned_abs())
    } else {
        ("", i as u64)
    };
    match rng.below(16) {
        0 => format!("{sign}0x{n:x}"),
        1 => format!("{sign}0o{n:o}"),
        2 if n > 0 => format!("{sign}0{n:o}"),
        3 => format!("{sign}0b{n:b}"),
        4 => format!("{sign}{n}.0"),
        5 => format!("{sign}{n}e0"),
        6 if i >= 0 => format!("+{n}"),
        7 if n >= 10 => {
            let digits = n.to_string();
            format!("{sign}{}_{}", &digits[..1], &digits[1..])
        }
        8 => format!("!!int \"{i}\""),
        9 => format!("!!float {i}"),
        10 if n == 0 => (*rng.pick(&["-0", "0.0", "-0.0", "0x0", "00", "0e0"])).to_owned(),
        11 => format!("!!int {sign}0x{n:X}"),
        _ => i.to_string(),
    }
}

fn string(rng: &mut Rng, s: &str, flow: bool) -> String {
    match rng.below(20) {
        0 => format!("!!binary {}", base64(s)),
        1 => format!("!!str {}", quoted(rng, s)),
        2 if plain_text_ok(s, flow) => format!("!!str {s}"),
        3 if plain_text_ok(s, flow) => format!("! {s}"),
        4 => format!("!<tag:yaml.org,2002:str> {}", quoted(rng, s)),
        5..=7 => quoted(rng, s),
        _ if plain_ok(s, flow) => s.to_owned(),
        _ => quoted(rng, s),
    }
}

/// Single- or double-quoted, with some characters escaped.
fn quoted(rng: &mut Rng, s: &str) -> String {
    if rng.chance(40) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii_alphanumeric() && rng.chance(5) => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c if c.is_ascii_alphanumeric() && rng.chance(3) => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Plain text that is a string to go-yaml.
fn plain_ok(s: &str, flow: bool) -> bool {
    plain_text_ok(s, flow) && kubelint::yaml::resolve_plain(s) == kubelint::yaml::Resolved::Str
}

/// Text that can be written plain whatever it resolves to.
fn plain_text_ok(s: &str, flow: bool) -> bool {
    !s.is_empty()
        && !s.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`', ' ',
        ])
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(|c: char| c.is_control())
        && !(flow && s.contains([',', '[', ']', '{', '}']))
        && s != "<<"
}

fn base64(s: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = s.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_a_function_of_their_seed() {
        assert_eq!(variant(7), variant(7));
        assert_ne!(variant(7), variant(8));
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64("Pod"), "UG9k");
        assert_eq!(base64("hi"), "aGk=");
        assert_eq!(base64("privileged"), "cHJpdmlsZWdlZA==");
    }
}
