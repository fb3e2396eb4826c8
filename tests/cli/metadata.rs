//! One repository URL everywhere a user meets one: crate metadata, the
//! VS Code package, the documentation links of findings, SARIF and the docs.

use kubelint::rules::docs::DOCS_BASE_URL;
use std::path::Path;

const REPOSITORY: &str = "https://github.com/kubelint/kubelint";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_repository_url_is_the_same_everywhere() {
    assert_eq!(env!("CARGO_PKG_REPOSITORY"), REPOSITORY);
    assert!(read("Cargo.toml").contains(&format!("repository = \"{REPOSITORY}\"")));
    assert!(DOCS_BASE_URL.starts_with(&format!("{REPOSITORY}/")));

    let package: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    assert_eq!(package["repository"]["url"], REPOSITORY);
    for key in ["homepage", "bugs"] {
        let url = package[key]
            .as_str()
            .or(package[key]["url"].as_str())
            .unwrap();
        assert!(url.starts_with(&format!("{REPOSITORY}/")), "{key}: {url}");
    }

    for doc in [
        "README.md",
        "docs/ci.md",
        ".pre-commit-hooks.yaml",
        "action.yml",
        "editors/vscode/README.md",
        "crates/kubelint/README.md",
    ] {
        let text = read(doc);
        assert!(!text.contains("example.invalid"), "{doc}");
        for (at, _) in text.match_indices("github.com/kubelint/") {
            assert!(
                text[at..].starts_with("github.com/kubelint/kubelint"),
                "{doc}: {}",
                &text[at..(at + 40).min(text.len())]
            );
        }
    }
}

#[test]
fn sarif_names_the_repository() {
    let dir = crate::support::TempDir::new("sarif-driver");
    let run = crate::support::kubelint(dir.path(), &["check", "-f", "sarif"], None);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["informationUri"],
        REPOSITORY
    );
}
