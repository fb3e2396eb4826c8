//! kubelint reads manifests like Kubernetes: view equality and metamorphic
//! agreement with the reference decoder (see the crate docs) on every
//! fixture and hostile input, a sample of a real corpus, and generated
//! variants. Skips, saying so, only where the reference decoder could not be
//! installed (`scripts/install-oracle.sh`, which `scripts/test` runs).

use kubelint_oracle::{
    all_rules_linter, finding_differences, variants, view_differences, workspace_root, Reference,
};
use std::path::{Path, PathBuf};

fn reference() -> Option<Reference> {
    match Reference::locate() {
        Some(path) => Some(Reference::start(&path).expect("start the reference decoder")),
        None => {
            eprintln!(
                "SKIPPED: no reference decoder at .tools/kubeoracle; run scripts/install-oracle.sh"
            );
            None
        }
    }
}

fn manifests(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            manifests(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
}

/// Checks each file and asserts there is no difference, and that the
/// reference decoded at least `min_objects` objects (so the check saw real
/// input).
fn assert_agreement(reference: &mut Reference, paths: &[PathBuf], min_objects: usize) {
    let linter = all_rules_linter();
    let mut objects = 0;
    let mut report = String::new();
    for path in paths {
        let bytes = std::fs::read(path).expect("read fixture");
        let decoded = reference.decode(&bytes).expect("reference decodes");
        objects += decoded.objects.len();
        // What kubectl converts (UTF-16, invalid UTF-8) kubelint converts too.
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => match kubelint::source::decode_as_kubectl(&bytes) {
                Ok((text, _)) => text,
                Err(_) => continue,
            },
        };
        let mut differences = view_differences(&text, &decoded);
        differences.extend(finding_differences(&linter, &text, &decoded));
        for d in differences {
            report += &format!("{}:\n{d}\n", path.display());
        }
    }
    assert!(
        objects >= min_objects,
        "the reference decoded only {objects} objects"
    );
    assert!(
        report.is_empty(),
        "differences from Kubernetes' reading:\n{report}"
    );
}

#[test]
fn fixtures_and_hostile_inputs_read_like_kubernetes() {
    let Some(mut reference) = reference() else {
        return;
    };
    let root = workspace_root();
    let mut paths = Vec::new();
    manifests(&root.join("fixtures"), &mut paths);
    manifests(&root.join("examples"), &mut paths);
    paths.sort();
    assert!(
        paths.len() > 150,
        "fixtures not found under {}",
        root.display()
    );
    assert_agreement(&mut reference, &paths, 300);
}

#[test]
fn a_real_corpus_sample_reads_like_kubernetes() {
    let Some(mut reference) = reference() else {
        return;
    };
    // The project's shared corpus of public manifests sits beside the
    // checkout on developer and CI machines; it is never copied in.
    let corpus = workspace_root().join("../shared/corpus/public");
    let mut paths = Vec::new();
    manifests(&corpus, &mut paths);
    if paths.is_empty() {
        eprintln!("SKIPPED: no corpus at {}", corpus.display());
        return;
    }
    paths.sort();
    // Every 6th file: about 400 files, a few seconds in a debug build.
    let sample: Vec<PathBuf> = paths.into_iter().step_by(6).collect();
    assert_agreement(&mut reference, &sample, 500);
}

#[test]
fn generated_variants_read_like_kubernetes() {
    let Some(mut reference) = reference() else {
        return;
    };
    let count: u64 = std::env::var("KUBELINT_ORACLE_VARIANTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3000);
    let linter = all_rules_linter();
    let mut report = String::new();
    let mut objects = 0;
    for seed in 0..count {
        let text = variants::variant(seed);
        let decoded = reference
            .decode(text.as_bytes())
            .expect("reference decodes");
        objects += decoded.objects.len();
        let mut differences = view_differences(&text, &decoded);
        differences.extend(finding_differences(&linter, &text, &decoded));
        for d in differences {
            report += &format!("seed {seed}:\n{text:?}\n{d}\n");
        }
        if report.len() > 20_000 {
            break;
        }
    }
    eprintln!("{count} variants, {objects} reference objects");
    assert!(
        objects as u64 > count,
        "the reference decoded only {objects} objects"
    );
    assert!(
        report.is_empty(),
        "differences from Kubernetes' reading:\n{report}"
    );
}
