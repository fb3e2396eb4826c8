//! The core's layers, bottom up, and the rule that keeps them layers: a
//! module uses only modules of a lower rank (test code excepted). Adding a
//! `use crate::engine` to a rule, or a `use crate::rules` to the edit
//! builders, fails here instead of growing a cycle.

use std::collections::BTreeMap;
use std::path::Path;

/// Rank of each top-level module of `src/`; see docs/architecture.md.
const LAYERS: &[(&str, u32)] = &[
    ("source", 0),
    ("diagnostic", 1),
    ("yaml", 1),
    ("k8s", 2),
    ("suppress", 3),
    ("edit", 3),
    ("set_index", 4),
    ("rules", 5),
    ("config", 6),
    ("engine", 7),
    ("fix", 8),
];

fn rank(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, r)| r)
}

/// `crate::x` paths used by the non-test code of `text` (comments and
/// `#[cfg(test)]` modules left out).
fn used_modules(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut used = Vec::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let line = line.split("//").next().unwrap_or("");
        for (at, _) in line.match_indices("crate::") {
            let name: String = line[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            used.push(name);
        }
    }
    used
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn modules_use_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut violations: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut unknown = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs");
        let name = relative.file_name().unwrap().to_string_lossy();
        if top == "lib" || name == "tests.rs" || name == "testing.rs" {
            continue; // the crate root re-exports; test code may use anything
        }
        let Some(own) = rank(top) else {
            unknown.push(top.to_owned());
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for used in used_modules(&text) {
            if used == top {
                continue;
            }
            match rank(&used) {
                Some(r) if r < own => {}
                Some(_) => violations
                    .entry(relative.display().to_string())
                    .or_default()
                    .push(used),
                None => unknown.push(used),
            }
        }
    }
    unknown.sort();
    unknown.dedup();
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS: {unknown:?}"
    );
    assert!(
        violations.is_empty(),
        "uses of a module at the same or a higher layer: {violations:#?}"
    );
}

#[test]
fn a_use_of_a_higher_layer_is_seen() {
    let text = "//! uses crate::engine in a comment\nuse crate::engine::Linter;\n#[cfg(test)]\nmod tests { use crate::fix; }\n";
    assert_eq!(used_modules(text), ["engine"]);
}
