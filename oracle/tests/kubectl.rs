//! The reference decoder against the real `kubectl`: on the fidelity
//! fixtures, hostile inputs and generated variants, `kubeoracle` must give
//! the objects `kubectl annotate --local -f FILE -o json` prints (minus the
//! annotation it adds), and fail exactly where kubectl fails. This is what
//! makes the Go decoder, which re-implements apimachinery's framing and
//! List flattening, a trustworthy reference. Skips, saying so, where
//! kubectl or the decoder is missing.

use kubelint_oracle::{normalize, variants, workspace_root, Decoded, Reference};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const ANNOTATION: &str = "kubelint.test/oracle";

/// What kubectl decodes from `path`: the objects it prints, and whether it
/// reported an error.
fn kubectl(path: &Path) -> Option<(Vec<Value>, bool)> {
    let output = Command::new("kubectl")
        .args(["annotate", "--local", "-o", "json", "-f"])
        .arg(path)
        .arg(format!("{ANNOTATION}=x"))
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut objects = Vec::new();
    for object in serde_json::Deserializer::from_str(&text).into_iter::<Value>() {
        // kubectl prints each object on its own, as a stream.
        let Ok(mut object) = object else { break };
        if let Some(metadata) = object.get_mut("metadata").and_then(Value::as_object_mut) {
            if let Some(Value::Object(annotations)) = metadata.get_mut("annotations") {
                annotations.remove(ANNOTATION);
                if annotations.is_empty() {
                    metadata.remove("annotations");
                }
            }
        }
        objects.push(normalize(&object));
    }
    Some((
        objects,
        !output.status.success() || !output.stderr.is_empty(),
    ))
}

/// The reference's objects as kubectl prints them: kubectl adds
/// `metadata: {annotations}` to each, so an object without metadata gains an
/// empty one once the annotation is taken out again.
fn expected(decoded: &Decoded) -> Vec<Value> {
    decoded
        .objects
        .iter()
        .map(|object| {
            let mut object = normalize(object);
            if let Value::Object(fields) = &mut object {
                let metadata = fields
                    .entry("metadata")
                    .or_insert_with(|| Value::Object(Default::default()));
                if metadata.is_null() {
                    *metadata = Value::Object(Default::default());
                }
            }
            object
        })
        .collect()
}

#[test]
fn the_reference_decodes_like_kubectl() {
    if Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: no kubectl on this machine");
        return;
    }
    let Some(path) = Reference::locate() else {
        eprintln!("SKIPPED: no reference decoder; run scripts/install-oracle.sh");
        return;
    };
    let mut reference = Reference::start(&path).expect("start the reference decoder");
    let root = workspace_root();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for dir in ["fixtures/fidelity", "fixtures/hostile"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("fixture directory")
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths {
            inputs.push((
                path.display().to_string(),
                std::fs::read(&path).expect("read"),
            ));
        }
    }
    // Generated variants exercise framing, tags, merges and lists together.
    let count: u64 = std::env::var("KUBELINT_KUBECTL_VARIANTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    for seed in 0..count {
        inputs.push((
            format!("variant {seed}"),
            variants::variant(seed).into_bytes(),
        ));
    }
    let scratch =
        std::env::temp_dir().join(format!("kubelint-oracle-kubectl-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch directory");
    let mut report = String::new();
    for (name, bytes) in &inputs {
        // kubectl decides JSON or YAML by content, never by file name.
        let file = scratch.join("input");
        std::fs::write(&file, bytes).expect("write input");
        let Some((objects, failed)) = kubectl(&file) else {
            report += &format!("{name}: kubectl did not run\n");
            continue;
        };
        let decoded = reference.decode(bytes).expect("reference decodes");
        let ours = expected(&decoded);
        // Where kubectl fails it prints nothing at all for some errors and
        // the objects before the error for others; the reference must fail
        // too and agree on the objects kubectl did print.
        let agrees = if failed {
            !decoded.errors.is_empty() && objects.iter().all(|o| ours.contains(o))
        } else {
            decoded.errors.is_empty() && objects == ours
        };
        if !agrees {
            report += &format!(
                "{name}:\n  kubectl:   {objects:?} (failed: {failed})\n  reference: {ours:?} {:?}\n",
                decoded.errors
            );
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        report.is_empty(),
        "the reference decoder disagrees with kubectl:\n{report}"
    );
}
