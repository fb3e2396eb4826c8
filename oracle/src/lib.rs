//! Differential testing of kubelint's reading of manifests against a
//! reference decoder that reads them like `kubectl apply -f`.
//!
//! The reference is `kubeoracle` (Go, `oracle/go/src/kubeoracle`, built by
//! `scripts/install-oracle.sh` into `.tools/kubeoracle` from Debian's
//! `sigs.k8s.io/yaml` and go-yaml v2, the libraries kubectl decodes with).
//! Its framing and List flattening are checked against the real `kubectl`
//! where the machine has one (`tests/kubectl.rs`).
//!
//! Two properties, for every input:
//! - **view equality** ([`view_differences`]): every object the reference
//!   decodes is an object kubelint reads, equal as JSON. kubelint may read
//!   more objects only where the reference reports an error (kubelint goes
//!   on linting what kubectl refuses: deliberately stricter).
//! - **metamorphic** ([`finding_differences`]): linting the file and linting
//!   the reference's JSON rendering of it give the same (object, rule)
//!   findings, except for the rules about YAML itself.

pub mod variants;

use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// What the reference decodes from one input.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The objects kubectl would send, in order.
    pub objects: Vec<Value>,
    /// Errors kubectl would report (kubectl stops at most of them).
    pub errors: Vec<String>,
}

/// A running `kubeoracle -batch` process.
#[derive(Debug)]
pub struct Reference {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Reference {
    /// The reference decoder's path: `$KUBELINT_ORACLE`, else
    /// `.tools/kubeoracle` in the workspace, if it exists.
    pub fn locate() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os("KUBELINT_ORACLE") {
            return Some(PathBuf::from(path));
        }
        let path = workspace_root().join(".tools/kubeoracle");
        path.is_file().then_some(path)
    }

    /// Starts the decoder in batch mode.
    pub fn start(path: &Path) -> io::Result<Reference> {
        let mut child = Command::new(path)
            .arg("-batch")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Ok(Reference {
            child,
            stdin,
            stdout,
        })
    }

    /// Decodes one input (the bytes of a file).
    pub fn decode(&mut self, input: &[u8]) -> io::Result<Decoded> {
        writeln!(self.stdin, "{}", input.len())?;
        self.stdin.write_all(input)?;
        self.stdin.flush()?;
        let mut line = String::new();
        if self.stdout.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "kubeoracle exited",
            ));
        }
        let value: Value = serde_json::from_str(&line)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let list = |key: &str| match &value[key] {
            Value::Array(items) => items.clone(),
            _ => Vec::new(),
        };
        Ok(Decoded {
            objects: list("objects"),
            errors: list("errors")
                .into_iter()
                .map(|e| e.as_str().unwrap_or_default().to_owned())
                .collect(),
        })
    }
}

impl Drop for Reference {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The workspace root (this crate lives in `oracle/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("oracle/ has a parent")
        .to_path_buf()
}

/// The objects kubelint reads from `text`, as JSON.
pub fn kubelint_objects(text: &str) -> Vec<Value> {
    kubelint::k8s::objects_as_json(text, &kubelint::yaml::Limits::default())
}

/// Numbers compared as kubectl holds them: integers that fit `int64`,
/// everything else as `f64`.
pub fn normalize(value: &Value) -> Value {
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(i) => Value::from(i),
            None => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    Value::from(f as i64)
                } else {
                    Value::from(f)
                }
            }
        },
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), normalize(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// One disagreement between kubelint and the reference.
#[derive(Clone, Debug, PartialEq)]
pub enum Difference {
    /// The reference decodes this object; kubelint reads none equal to it
    /// (the closest kubelint object, by kind and name, if any).
    Missing {
        reference: Value,
        closest: Option<Value>,
    },
    /// kubelint reads an object the reference does not have, in an input
    /// the reference decodes without error.
    Extra { kubelint: Value },
    /// A finding only one of the two readings produces.
    Finding {
        object: String,
        rule: String,
        only_in: &'static str,
    },
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Missing { reference, closest } => {
                writeln!(
                    f,
                    "kubelint lacks the reference's object:\n  reference: {reference}"
                )?;
                match closest {
                    Some(c) => write!(f, "  kubelint:  {c}"),
                    None => write!(f, "  kubelint:  (nothing of that kind and name)"),
                }
            }
            Difference::Extra { kubelint } => {
                write!(
                    f,
                    "kubelint reads an object the reference does not: {kubelint}"
                )
            }
            Difference::Finding {
                object,
                rule,
                only_in,
            } => write!(f, "{rule} on {object} only when linting {only_in}"),
        }
    }
}

fn identity(object: &Value) -> (Value, Value, Value, Value) {
    (
        object["apiVersion"].clone(),
        object["kind"].clone(),
        object["metadata"]["namespace"].clone(),
        object["metadata"]["name"].clone(),
    )
}

/// View equality: the reference's objects (those with an apiVersion:
/// kubectl cannot apply the others, and kubelint does not read them as
/// objects) must all be among kubelint's, equal as JSON. kubelint's other
/// objects are differences only if the reference reported no error.
pub fn view_differences(text: &str, reference: &Decoded) -> Vec<Difference> {
    let mut ours: Vec<Value> = kubelint_objects(text).iter().map(normalize).collect();
    let mut differences = Vec::new();
    for theirs in &reference.objects {
        if theirs["apiVersion"].as_str().is_none_or(str::is_empty) {
            continue;
        }
        let theirs = normalize(theirs);
        match ours.iter().position(|o| *o == theirs) {
            Some(i) => {
                ours.remove(i);
            }
            None => differences.push(Difference::Missing {
                closest: ours
                    .iter()
                    .find(|o| identity(o) == identity(&theirs))
                    .cloned(),
                reference: theirs,
            }),
        }
    }
    if reference.errors.is_empty() {
        differences.extend(ours.into_iter().map(|o| Difference::Extra { kubelint: o }));
    }
    differences
}

/// The (object, rule) pairs kubelint finds in `text`, every rule enabled.
pub fn findings(linter: &kubelint::Linter, text: &str) -> BTreeSet<(String, String)> {
    linter
        .lint_str("input.yaml", text)
        .into_iter()
        // The input family judges the YAML text rather than the objects
        // (parse errors, suppressions, key order): its findings differ
        // between a file and its JSON rendering by design.
        .filter(|d| {
            kubelint::rules::by_id(&d.rule)
                .is_none_or(|r| r.family != kubelint::rules::Family::Input)
        })
        .map(|d| (d.object.unwrap_or_default(), d.rule))
        .collect()
}

/// A linter with every rule on and comment suppressions off (comments are
/// gone from a JSON rendering), as the metamorphic check uses.
pub fn all_rules_linter() -> kubelint::Linter {
    let (config, problems) =
        kubelint::Config::from_yaml(".kubelint.yaml", "enable: [all]\ninline-ignores: false\n");
    assert!(
        problems.is_empty(),
        "enable: [all] is a valid configuration"
    );
    kubelint::Linter::new(config)
}

/// The reference's objects as a stream of JSON objects, one a line.
pub fn json_rendering(reference: &Decoded) -> String {
    let mut text = String::new();
    for object in &reference.objects {
        text.push_str(&object.to_string());
        text.push('\n');
    }
    text
}

/// `Kind/namespace/name` as kubelint names objects in findings.
fn display_name(object: &Value) -> String {
    let kind = object["kind"].as_str().unwrap_or_default();
    let metadata = &object["metadata"];
    match (metadata["namespace"].as_str(), metadata["name"].as_str()) {
        (Some(ns), Some(name)) => format!("{kind}/{ns}/{name}"),
        (None, Some(name)) => format!("{kind}/{name}"),
        _ => kind.to_owned(),
    }
}

/// Metamorphic property: the findings on `text` equal the findings on the
/// reference's JSON rendering of it. Only for inputs the reference decodes
/// without error (otherwise kubelint lints more than the rendering holds).
pub fn finding_differences(
    linter: &kubelint::Linter,
    text: &str,
    reference: &Decoded,
) -> Vec<Difference> {
    if !reference.errors.is_empty() {
        return Vec::new();
    }
    // Objects kubectl never sends (kubelint lints them anyway) have
    // findings only in the file by design.
    let sent: BTreeSet<String> = reference.objects.iter().map(display_name).collect();
    let mut direct = findings(linter, text);
    direct.retain(|(object, _)| object.is_empty() || sent.contains(object));
    let rendered = findings(linter, &json_rendering(reference));
    let only = |a: &BTreeSet<(String, String)>, b: &BTreeSet<(String, String)>, name| {
        a.difference(b)
            .map(|(object, rule)| Difference::Finding {
                object: object.clone(),
                rule: rule.clone(),
                only_in: name,
            })
            .collect::<Vec<_>>()
    };
    let mut differences = only(&direct, &rendered, "the file");
    differences.extend(only(&rendered, &direct, "its JSON rendering"));
    differences
}
