//! `--fix` that cannot harm: it writes only inside the linted paths, keeps
//! owner, group, mode and hard links, and leaves read-only files alone
//! unless asked. Each case checks the bytes, owner, mode and link count of
//! every file involved after the run.

use super::*;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};

/// A pod with one unsafe fix (`hostPID: true` → `false`).
const FIXABLE: &str = "apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostPID: true
  containers: []
";
const FIXED: &str = "apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostPID: false
  containers: []
";

/// What `--fix` may change about a file: its bytes, owner, group, mode and
/// link count.
#[derive(Debug, PartialEq, Eq)]
struct FileState {
    text: String,
    uid: u32,
    gid: u32,
    mode: u32,
    links: u64,
}

fn state(path: &Path) -> FileState {
    let metadata = fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    FileState {
        text: fs::read_to_string(path).expect("read"),
        uid: metadata.uid(),
        gid: metadata.gid(),
        mode: metadata.permissions().mode() & 0o7777,
        links: metadata.nlink(),
    }
}

fn fixable(path: &Path) {
    fs::write(path, FIXABLE).expect("write");
}

/// A scratch directory holding `pod.yaml`, fixable, with `mode`.
fn fixable_with_mode(mode: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("pod.yaml");
    fixable(&path);
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).expect("chmod");
    (dir, path)
}

/// The file holds the fixed text and is otherwise as it was.
fn assert_fixed_only(path: &Path, before: FileState) {
    assert_eq!(
        state(path),
        FileState {
            text: FIXED.into(),
            ..before
        }
    );
}

/// `kubelint check --unsafe-fixes <args> .` in `dir`.
fn fix(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["check", "--no-config", "--unsafe-fixes", "-f", "concise"];
    all.extend(args);
    all.push(".");
    kubelint(dir, all)
}

#[test]
fn links_leading_outside_the_linted_paths_are_not_written() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let (repo, outside) = (scratch.path().join("repo"), scratch.path().join("outside"));
    fs::create_dir_all(repo.join("sub")).expect("mkdir");
    fs::create_dir_all(&outside).expect("mkdir");
    fixable(&outside.join("kubeconfig.yaml"));
    fixable(&repo.join("sub/real.yaml"));
    symlink("../outside/kubeconfig.yaml", repo.join("link.yaml")).expect("symlink");
    symlink("../outside", repo.join("linked-dir")).expect("symlink");
    symlink("sub/real.yaml", repo.join("inside.yaml")).expect("symlink");
    let before = state(&outside.join("kubeconfig.yaml"));
    let run = fix(&repo, &[]);
    run.assert_code(1);
    assert_eq!(state(&outside.join("kubeconfig.yaml")), before);
    for (link, target) in [
        ("link.yaml", "../outside/kubeconfig.yaml"),
        ("linked-dir", "../outside"),
        ("inside.yaml", "sub/real.yaml"),
    ] {
        assert_eq!(
            fs::read_link(repo.join(link)).expect("still a link"),
            Path::new(target)
        );
    }
    for refused in ["link.yaml", "linked-dir/kubeconfig.yaml"] {
        assert!(
            run.stderr.contains(&format!(
                "warning: {refused}: not fixed: it is a symbolic link, or under one, to "
            )),
            "{}",
            run.stderr
        );
    }
    // A link to a file inside the linted directory is followed.
    assert_eq!(
        fs::read_to_string(repo.join("sub/real.yaml")).expect("read"),
        FIXED
    );
    // The findings in the files left alone are still reported.
    assert!(
        run.stdout
            .contains("link.yaml:5:12: error[host-namespaces]"),
        "{}",
        run.stdout
    );
}

#[test]
fn hard_links_stay_intact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    fs::create_dir(&repo).expect("mkdir");
    fixable(&repo.join("pod.yaml"));
    fs::hard_link(repo.join("pod.yaml"), dir.path().join("elsewhere.yaml")).expect("link");
    let run = fix(&repo, &[]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("warning: pod.yaml: not fixed: the file has 2 hard links"),
        "{}",
        run.stderr
    );
    let (a, b) = (
        state(&repo.join("pod.yaml")),
        state(&dir.path().join("elsewhere.yaml")),
    );
    assert_eq!(a.text, FIXABLE);
    assert_eq!(a.links, 2);
    assert_eq!(a, b);
}

#[test]
fn read_only_files_are_fixed_only_when_asked() {
    let (dir, path) = fixable_with_mode(0o444);
    let before = state(&path);
    let run = fix(dir.path(), &[]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("warning: pod.yaml: not fixed: the file is read-only"),
        "{}",
        run.stderr
    );
    assert_eq!(state(&path), before);
    let run = fix(dir.path(), &["--fix-read-only"]);
    run.assert_code(0);
    assert_fixed_only(&path, before);
}

#[test]
fn owner_group_and_mode_are_kept() {
    let (dir, path) = fixable_with_mode(0o640);
    // Only root can hand a file to another user; run as root (CI, a
    // container), the fix must not hand the user's file to root.
    let root = fs::metadata(&path).expect("stat").uid() == 0;
    if root {
        std::os::unix::fs::chown(&path, Some(65534), Some(65534)).expect("chown");
    }
    let before = state(&path);
    if root {
        assert_eq!((before.uid, before.gid), (65534, 65534));
    }
    let run = fix(dir.path(), &[]);
    run.assert_code(0);
    assert_fixed_only(&path, before);
}
