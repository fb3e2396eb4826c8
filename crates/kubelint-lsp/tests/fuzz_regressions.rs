//! Replays the `lsp` fuzz target's inputs — every crash it found
//! (`fuzz/regressions/lsp-*`) and the hand-written seeds
//! (`fuzz/seeds/lsp/`) — with the target's own invariants: the harness
//! and its checks are included from `fuzz/src/lsp.rs`, so `cargo test`
//! checks exactly what the fuzzer checks, in-process over a pipe.

#[path = "../../../fuzz/src/lsp.rs"]
mod lsp_target;

use std::path::Path;

fn inputs(dir: &str, prefix: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    paths.sort();
    paths
}

fn replay(paths: &[std::path::PathBuf]) {
    for path in paths {
        let bytes = std::fs::read(path).expect("read");
        eprintln!("replaying {}", path.display());
        assert!(lsp_target::check(&bytes), "{}: nothing ran", path.display());
    }
}

#[test]
fn lsp_fuzz_regressions_hold_the_invariants() {
    let paths = inputs("fuzz/regressions", "lsp-");
    assert!(!paths.is_empty(), "no lsp regression inputs");
    replay(&paths);
}

#[test]
fn lsp_fuzz_seeds_hold_the_invariants() {
    let paths = inputs("fuzz/seeds/lsp", "");
    assert!(paths.len() >= 5, "seeds missing: {paths:?}");
    replay(&paths);
}
