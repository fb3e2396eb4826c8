//! `kubelint check --fix`: the core's fix loop on each file, written back
//! safely.
//!
//! A file is replaced only by renaming a finished temporary file in the
//! same directory over it (readers see the old or the new file, never half
//! of one), with its permissions, owner and group, and only if it still
//! holds exactly what was read — an editor saving in between wins. Symbolic
//! links are followed, so the link stays a link, but only to files inside
//! the linted paths. Anything that goes wrong leaves the file as it was.
//!
//! Some files are not rewritten at all, with a note saying why: a symbolic
//! link (or a file under a linked directory) that leads outside the
//! linted paths — a checkout must not be able to make `--fix` write to
//! `~/.kube/config` —, a file with other hard links (a rename would leave
//! them holding the old text), and a read-only file unless
//! `--fix-read-only` asks for it.

use kubelint::fix::FixOutcome;
use kubelint::incremental::{discover, patch_inputs, Input};
use kubelint::Linter;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What fixing one input did.
pub struct Fixed {
    pub display: String,
    pub outcome: FixOutcome,
}

/// How `--fix` may touch files.
#[derive(Clone, Copy, Debug)]
pub struct FixOptions {
    pub include_unsafe: bool,
    /// Rewrite files without write permission too.
    pub read_only: bool,
}

/// What fixing the files of a run did.
#[derive(Default)]
pub struct FixRun {
    pub fixed: Vec<Fixed>,
    /// Files that could not be written (an error).
    pub errors: Vec<String>,
    /// Files left alone on purpose, with the reason (a note).
    pub refused: Vec<String>,
}

/// Why a file was not fixed.
#[derive(Debug)]
enum NotFixed {
    /// Something failed.
    Error(String),
    /// Fixing it could do harm; it is left as it is.
    Refused(String),
}

/// Fixes every file `paths` name (directories walked as for linting).
/// Problems writing a file come back as messages; unreadable or invalid
/// files are left for the lint that follows to report.
pub fn fix_paths(
    linter: &Linter,
    paths: &[PathBuf],
    excludes: &[String],
    options: FixOptions,
) -> FixRun {
    let inputs = discover(paths, linter.config(), excludes).inputs;
    let patches = patch_inputs(&inputs);
    let roots = LintedRoots::new(paths);
    let mut run = FixRun::default();
    for (i, input) in inputs.into_iter().enumerate() {
        let Input::File(path) = input else {
            continue; // stdin is fixed separately: it can be read only once
        };
        let display = Input::File(path.clone()).display();
        let patch = patches.contains(&i);
        match fix_file(linter, &path, &display, options, &roots, patch) {
            Ok(Some(outcome)) => run.fixed.push(Fixed { display, outcome }),
            Ok(None) => {}
            Err(NotFixed::Error(message)) => run.errors.push(format!("{display}: {message}")),
            Err(NotFixed::Refused(message)) => run.refused.push(format!("{display}: {message}")),
        }
    }
    run
}

/// Reads standard input, fixes it and returns the fixed text.
pub fn fix_stdin(linter: &Linter, include_unsafe: bool) -> Result<(String, FixOutcome), String> {
    let max = linter.config().limits.max_file_size;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "standard input is larger than the limit of {max} bytes (limits.max-file-size)"
        ));
    }
    let text = kubelint::source::decode(&bytes).map_err(|e| e.message)?;
    let outcome = linter.fix_str("-", text, include_unsafe);
    Ok((text.to_owned(), outcome))
}

/// Where `--fix` may write: inside the directories named on the command
/// line, and the files named there themselves (where they are, not where
/// a link named there leads).
struct LintedRoots {
    dirs: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl LintedRoots {
    fn new(paths: &[PathBuf]) -> LintedRoots {
        let mut roots = LintedRoots {
            dirs: Vec::new(),
            files: Vec::new(),
        };
        for path in paths.iter().filter(|p| p.as_os_str() != "-") {
            if path.is_dir() {
                roots.dirs.extend(fs::canonicalize(path));
            } else if let Some(name) = path.file_name() {
                let parent = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                roots
                    .files
                    .extend(fs::canonicalize(parent).map(|dir| dir.join(name)));
            }
        }
        roots
    }

    /// Whether `target` (a canonical path) is one of the linted files or
    /// inside a linted directory.
    fn contain(&self, target: &Path) -> bool {
        self.dirs.iter().any(|dir| target.starts_with(dir))
            || self.files.iter().any(|f| f == target)
    }
}

/// Fixes one file in place. `Ok(None)`: not fixable text (left alone).
/// `patch`: a kustomization lists the file as a patch, so nothing is added
/// for what it leaves out.
fn fix_file(
    linter: &Linter,
    path: &Path,
    display: &str,
    options: FixOptions,
    roots: &LintedRoots,
    patch: bool,
) -> Result<Option<FixOutcome>, NotFixed> {
    let Ok(target) = fs::canonicalize(path) else {
        return Ok(None);
    };
    let Ok(metadata) = fs::metadata(&target) else {
        return Ok(None);
    };
    if !metadata.is_file() || metadata.len() > linter.config().limits.max_file_size {
        return Ok(None);
    }
    let Ok(bytes) = fs::read(&target) else {
        return Ok(None);
    };
    let Ok(text) = kubelint::source::decode(&bytes) else {
        return Ok(None);
    };
    let outcome = linter.fix_str_as(display, text, options.include_unsafe, patch);
    if !outcome.changed(text) {
        return Ok(Some(outcome));
    }
    if !roots.contain(&target) {
        return Err(NotFixed::Refused(format!(
            "not fixed: it is a symbolic link, or under one, to {}, outside the linted paths",
            target.display()
        )));
    }
    if let Some(links) = hard_links(&metadata).filter(|n| *n > 1) {
        return Err(NotFixed::Refused(format!(
            "not fixed: the file has {links} hard links, and replacing it would leave the others with the old text"
        )));
    }
    if !options.read_only && is_read_only(&target, &metadata) {
        return Err(NotFixed::Refused(
            "not fixed: the file is read-only (--fix-read-only fixes it anyway)".into(),
        ));
    }
    replace_file(&target, outcome.text.as_bytes(), &bytes, &metadata)?;
    Ok(Some(outcome))
}

#[cfg(unix)]
fn hard_links(metadata: &fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(metadata.nlink())
}

#[cfg(not(unix))]
fn hard_links(_: &fs::Metadata) -> Option<u64> {
    None
}

/// Whether the file has no write permission at all, or none for us.
fn is_read_only(target: &Path, metadata: &fs::Metadata) -> bool {
    metadata.permissions().readonly()
        || fs::OpenOptions::new()
            .write(true)
            .open(target)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied)
}

/// A temporary file removed on drop unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    persisted: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Replaces `target` with `contents` if it still holds `original` (and has
/// not been touched since `before` was taken), with its permissions, owner
/// and group.
fn replace_file(
    target: &Path,
    contents: &[u8],
    original: &[u8],
    before: &fs::Metadata,
) -> Result<(), NotFixed> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let (mut file, mut temp) = create_temp(dir, &name).map_err(|e| {
        NotFixed::Error(format!(
            "cannot create a temporary file in {}: {e}",
            dir.display()
        ))
    })?;
    let written = file
        .write_all(contents)
        .and_then(|()| file.set_permissions(before.permissions()))
        .map_err(|e| NotFixed::Error(format!("cannot write the fixed file: {e}")))
        .and_then(|()| keep_owner(&file, before))
        .and_then(|()| {
            file.sync_all()
                .map_err(|e| NotFixed::Error(format!("cannot write the fixed file: {e}")))
        });
    drop(file);
    written?;
    // The last look before the swap: someone (an editor, a formatter) may
    // have saved the file while it was being fixed, or swapped a directory
    // on its path for a link.
    let unchanged = fs::canonicalize(target).is_ok_and(|now| now == target)
        && fs::symlink_metadata(target).is_ok_and(|now| {
            now.len() == before.len() && now.modified().ok() == before.modified().ok()
        })
        && fs::read(target).is_ok_and(|now| now == original);
    if !unchanged {
        return Err(NotFixed::Error(
            "changed while it was being fixed; left as it is".into(),
        ));
    }
    fs::rename(&temp.path, target)
        .map_err(|e| NotFixed::Error(format!("cannot replace the file: {e}")))?;
    temp.persisted = true;
    Ok(())
}

/// Gives the new file the original's owner and group (a fix run as root
/// must not hand a user's file to root). A user who cannot do that (the
/// file is someone else's) leaves the file alone.
#[cfg(unix)]
fn keep_owner(file: &fs::File, before: &fs::Metadata) -> Result<(), NotFixed> {
    use std::os::unix::fs::MetadataExt;
    let now = file
        .metadata()
        .map_err(|e| NotFixed::Error(format!("cannot write the fixed file: {e}")))?;
    if (now.uid(), now.gid()) == (before.uid(), before.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(before.uid()), Some(before.gid())).map_err(|e| {
        NotFixed::Refused(format!(
            "not fixed: the fixed file cannot keep the original's owner and group ({}:{}): {e}",
            before.uid(),
            before.gid()
        ))
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &fs::File, _: &fs::Metadata) -> Result<(), NotFixed> {
    Ok(())
}

fn create_temp(dir: &Path, name: &str) -> std::io::Result<(fs::File, TempFile)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let path = dir.join(format!(".{name}.kubelint-fix-{pid}-{attempt}.tmp"));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => {
                return Ok((
                    file,
                    TempFile {
                        path,
                        persisted: false,
                    },
                ))
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kubelint-cli-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("kubelint-fix"))
            .collect()
    }

    #[test]
    fn replaces_the_file_and_keeps_permissions() {
        let dir = temp_dir("replace");
        let path = dir.join("a.yaml");
        fs::write(&path, "a: 1\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        let before = fs::metadata(&path).unwrap();
        replace_file(&path, b"a: 2\n", b"a: 1\n", &before).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "a: 2\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert!(leftovers(&dir).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_changed_meanwhile_is_left_alone() {
        let dir = temp_dir("race");
        let path = dir.join("a.yaml");
        fs::write(&path, "a: 1\n").unwrap();
        let before = fs::metadata(&path).unwrap();
        // Someone saves between our read and our write.
        fs::write(&path, "a: 100\n").unwrap();
        let error = replace_file(&path, b"a: 2\n", b"a: 1\n", &before).unwrap_err();
        assert!(
            matches!(&error, NotFixed::Error(e) if e.contains("changed while")),
            "{error:?}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "a: 100\n");
        assert!(leftovers(&dir).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_stay_links() {
        let dir = temp_dir("symlink");
        let real = dir.join("real.yaml");
        let link = dir.join("link.yaml");
        fs::write(
            &real,
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: []\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let linter = Linter::new(kubelint::Config::default());
        let options = FixOptions {
            include_unsafe: true,
            read_only: false,
        };
        // The link's target is inside the linted directory.
        let roots = LintedRoots::new(std::slice::from_ref(&dir));
        let outcome = fix_file(&linter, &link, "link.yaml", options, &roots, false)
            .unwrap()
            .unwrap();
        assert_eq!(outcome.applied.len(), 1);
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(fs::read_to_string(&real)
            .unwrap()
            .contains("hostPID: false"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
