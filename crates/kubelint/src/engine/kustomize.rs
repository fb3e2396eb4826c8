//! Which linted files are kustomize patches.
//!
//! A file listed under `patches` (`path:`), `patchesStrategicMerge` or
//! `patchesJson6902` (`path:`) of a kustomization holds partial objects:
//! kustomize merges them into the resources they target, so what they leave
//! out comes from there. Their objects are linted with [`Object::patch`]
//! set, so rules judge what they set and not what they omit.
//!
//! As kustomize reads them (checked against `kubectl kustomize`, kustomize
//! v5.5): the kustomization is `kustomization.yaml`, `kustomization.yml` or
//! `Kustomization` in a directory; patch paths are relative to it, name one
//! file each (no globs), and must lie in or below that directory (its load
//! restrictor), so only kustomizations in a linted file's directory or
//! above can list it. An entry with an inline `patch:` (or a multi-line
//! string under `patchesStrategicMerge`) names no file. A file that a
//! kustomization also lists under `resources` is a full object there and is
//! linted as one.
//!
//! [`Object::patch`]: crate::k8s::Object::patch

use super::discover::Input;
use crate::yaml::{parse_chunk, split_documents, Limits, NodeRef};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// File names kustomize accepts for a kustomization, in its order.
const KUSTOMIZATION_FILES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// A kustomization larger than this is not read (they are a few lines).
const MAX_KUSTOMIZATION_BYTES: u64 = 1024 * 1024;

/// What one kustomization lists.
#[derive(Default)]
struct Listed {
    patches: Vec<PathBuf>,
    resources: Vec<PathBuf>,
}

/// The inputs that a kustomization in their directory or above lists as
/// patches, as indexes into `inputs`. Kustomizations that cannot be read
/// or parsed list nothing: their files are linted as full objects.
pub fn patch_inputs(inputs: &[Input]) -> HashSet<usize> {
    let mut by_dir: HashMap<PathBuf, Option<Listed>> = HashMap::new();
    let mut patches = HashSet::new();
    for (i, input) in inputs.iter().enumerate() {
        let Input::File(path) = input else { continue };
        let Some(file) = absolute(path) else { continue };
        let mut is_patch = false;
        let mut is_resource = false;
        for dir in file.ancestors().skip(1) {
            let listed = by_dir
                .entry(dir.to_path_buf())
                .or_insert_with(|| read_kustomization(dir));
            if let Some(listed) = listed {
                is_patch |= listed.patches.iter().any(|p| p == &file);
                is_resource |= listed.resources.iter().any(|p| p == &file);
            }
        }
        if is_patch && !is_resource {
            patches.insert(i);
        }
    }
    patches
}

/// `path` made absolute and normalised without touching the file system
/// (kustomize resolves `..` lexically too).
fn absolute(path: &Path) -> Option<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    Some(normalise(&joined))
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The files the kustomization of `dir` lists, if it has one.
fn read_kustomization(dir: &Path) -> Option<Listed> {
    let file = KUSTOMIZATION_FILES
        .iter()
        .map(|name| dir.join(name))
        .find(|f| f.is_file())?;
    if std::fs::metadata(&file).ok()?.len() > MAX_KUSTOMIZATION_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(&file).ok()?;
    let chunks = split_documents(&text, crate::source::bom_len(&text));
    let chunk = chunks.iter().find(|c| c.has_content)?;
    let doc = parse_chunk(&text, chunk, 0, &Limits::default());
    let root = doc.root()?;
    let in_dir = |entry: &str| -> Option<PathBuf> {
        // One file per entry; an inline patch is text, not a path.
        if entry.contains('\n') || entry.trim().is_empty() {
            return None;
        }
        let path = normalise(&dir.join(entry.trim()));
        path.starts_with(dir).then_some(path)
    };
    let mut listed = Listed::default();
    let strings = |node: Option<NodeRef<'_>>| -> Vec<String> {
        node.map(|n| {
            n.items()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
    };
    let paths = |node: Option<NodeRef<'_>>| -> Vec<String> {
        node.map(|n| {
            n.items()
                .filter_map(|i| i.get("path")?.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
    };
    let patch_entries = strings(root.get("patchesStrategicMerge"))
        .into_iter()
        .chain(paths(root.get("patches")))
        .chain(paths(root.get("patchesJson6902")));
    listed.patches = patch_entries.filter_map(|e| in_dir(&e)).collect();
    listed.resources = strings(root.get("resources"))
        .iter()
        .filter_map(|e| in_dir(e))
        .collect();
    Some(listed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_listed_in_or_above_their_directory() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, text: &str| {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        };
        write(
            "overlay/kustomization.yaml",
            "resources: [../base, service.yaml]\npatches:\n- path: patches/replicas.yaml\n- path: service.yaml\n- patch: |-\n    kind: Deployment\npatchesStrategicMerge:\n- ./patches/../patches/resources.yaml\n- |-\n  kind: Deployment\npatchesJson6902:\n- path: json/ops.yaml\n  target: {kind: Deployment}\n",
        );
        write("overlay/Kustomization", "patches: [{path: other.yaml}]\n");
        write("overlay/patches/replicas.yaml", "");
        write("overlay/patches/resources.yaml", "");
        write("overlay/patches/unlisted.yaml", "");
        write("overlay/json/ops.yaml", "");
        write("overlay/service.yaml", "");
        write("overlay/other.yaml", "");
        write("base/deploy.yaml", "");
        let inputs: Vec<Input> = [
            "overlay/patches/replicas.yaml",
            "overlay/patches/resources.yaml",
            "overlay/patches/unlisted.yaml",
            "overlay/json/ops.yaml",
            "overlay/service.yaml",
            "overlay/other.yaml",
            "base/deploy.yaml",
        ]
        .iter()
        .map(|p| Input::File(root.join(p)))
        .collect();
        let mut found: Vec<usize> = patch_inputs(&inputs).into_iter().collect();
        found.sort_unstable();
        // `service.yaml` is also a resource; `other.yaml` is listed by a
        // second kustomization file, which kustomize refuses to choose from
        // (the first name in its order wins here).
        assert_eq!(found, [0, 1, 3]);
    }

    #[test]
    fn paths_outside_the_kustomization_are_not_patches() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("overlay")).unwrap();
        std::fs::write(
            root.join("overlay/kustomization.yaml"),
            "patches:\n- path: ../outside.yaml\n",
        )
        .unwrap();
        std::fs::write(root.join("outside.yaml"), "").unwrap();
        let inputs = [Input::File(root.join("outside.yaml"))];
        assert!(patch_inputs(&inputs).is_empty());
    }
}
