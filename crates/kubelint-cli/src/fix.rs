//! `kubelint check --fix`: the core's fix loop on each file, written back
//! safely.
//!
//! A file is replaced only by renaming a finished temporary file in the
//! same directory over it (readers see the old or the new file, never half
//! of one), with its permissions, and only if it still holds exactly what
//! was read — an editor saving in between wins. Symbolic links are followed,
//! so the link stays a link. Anything that goes wrong leaves the file as
//! it was.

use kubelint::engine::{discover, Input};
use kubelint::fix::FixOutcome;
use kubelint::Linter;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What fixing one input did.
pub struct Fixed {
    pub display: String,
    pub outcome: FixOutcome,
}

/// Fixes every file `paths` name (directories walked as for linting).
/// Problems writing a file come back as messages; unreadable or invalid
/// files are left for the lint that follows to report.
pub fn fix_paths(
    linter: &Linter,
    paths: &[PathBuf],
    excludes: &[String],
    include_unsafe: bool,
) -> (Vec<Fixed>, Vec<String>) {
    let inputs = discover(paths, linter.config(), excludes).inputs;
    let mut fixed = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        let Input::File(path) = input else {
            continue; // stdin is fixed separately: it can be read only once
        };
        let display = Input::File(path.clone()).display();
        match fix_file(linter, &path, &display, include_unsafe) {
            Ok(Some(outcome)) => fixed.push(Fixed { display, outcome }),
            Ok(None) => {}
            Err(message) => errors.push(format!("{display}: {message}")),
        }
    }
    (fixed, errors)
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

/// Fixes one file in place. `Ok(None)`: not fixable text (left alone).
fn fix_file(
    linter: &Linter,
    path: &Path,
    display: &str,
    include_unsafe: bool,
) -> Result<Option<FixOutcome>, String> {
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
    let outcome = linter.fix_str(display, text, include_unsafe);
    if outcome.changed(text) {
        replace_file(&target, outcome.text.as_bytes(), &bytes, &metadata)?;
    }
    Ok(Some(outcome))
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
/// not been touched since `before` was taken).
pub fn replace_file(
    target: &Path,
    contents: &[u8],
    original: &[u8],
    before: &fs::Metadata,
) -> Result<(), String> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let (mut file, mut temp) = create_temp(dir, &name)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))?;
    let written = file
        .write_all(contents)
        .and_then(|()| file.set_permissions(before.permissions()))
        .and_then(|()| file.sync_all());
    drop(file);
    written.map_err(|e| format!("cannot write the fixed file: {e}"))?;
    // The last look before the swap: someone (an editor, a formatter) may
    // have saved the file while it was being fixed.
    let unchanged = fs::metadata(target).is_ok_and(|now| {
        now.len() == before.len() && now.modified().ok() == before.modified().ok()
    }) && fs::read(target).is_ok_and(|now| now == original);
    if !unchanged {
        return Err("changed while it was being fixed; left as it is".into());
    }
    fs::rename(&temp.path, target).map_err(|e| format!("cannot replace the file: {e}"))?;
    temp.persisted = true;
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
        assert!(error.contains("changed while"), "{error}");
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
        let outcome = fix_file(&linter, &link, "link.yaml", true)
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
