//! Reading one input into text and its analysis, with every failure turned
//! into an `unreadable-file` or `invalid-yaml` finding.

use super::{discover::Input, FileAnalysis, Linter};
use crate::diagnostic::Finding;
use crate::rules;
use crate::set_index::FileId;
use crate::source::{decode, decode_as_kubectl, Span};
use std::io::Read;

pub(crate) struct Loaded {
    pub path: String,
    pub text: String,
    pub analysis: FileAnalysis,
}

/// Reads and analyses one input; `patch`: a kustomization lists it as a
/// patch ([`crate::k8s::Object::patch`]).
pub(crate) fn load(linter: &Linter, file: FileId, input: &Input, patch: bool) -> Loaded {
    let path = input.display();
    let max = linter.config().limits.max_file_size;
    let bytes = match read_bytes(input, &path, max) {
        Ok(bytes) => bytes,
        Err(message) => {
            return failed(
                path,
                rules::input::unreadable_file::RULE.id,
                0,
                message,
                String::new(),
            )
        }
    };
    if decode(&bytes).is_err() {
        return match decode_as_kubectl(&bytes) {
            // Linted as kubectl reads it, with the conversion reported.
            Ok((text, note)) => {
                let mut analysis = linter.analyze_as(file, &text, patch);
                analysis.findings.push(Finding::new(
                    rules::input::invalid_yaml::RULE.id,
                    Span::at(note.offset.min(text.len()) as u32),
                    note.message,
                ));
                Loaded {
                    path,
                    text,
                    analysis,
                }
            }
            Err(e) => {
                // Keep the valid prefix so the error can be shown with its line.
                let text = String::from_utf8_lossy(&bytes[..e.offset]).into_owned();
                failed(
                    path,
                    rules::input::invalid_yaml::RULE.id,
                    e.offset,
                    e.message,
                    text,
                )
            }
        };
    }
    // `decode` accepted the bytes, so this takes them over without a copy
    // (a 100 MB file is not held twice).
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let analysis = linter.analyze_as(file, &text, patch);
    Loaded {
        path,
        text,
        analysis,
    }
}

fn failed(
    path: String,
    rule: &'static str,
    offset: usize,
    message: String,
    text: String,
) -> Loaded {
    let offset = offset.min(text.len()) as u32;
    let analysis = FileAnalysis {
        findings: vec![Finding::new(rule, Span::at(offset), message)],
        ..FileAnalysis::default()
    };
    Loaded {
        path,
        text,
        analysis,
    }
}

/// The bytes of `input`; `shown` is how messages name it (as findings do).
fn read_bytes(input: &Input, shown: &str, max: u64) -> Result<Vec<u8>, String> {
    let too_large = |size: u64| {
        format!("file is {size} bytes, larger than the limit of {max} bytes (limits.max-file-size)")
    };
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(max + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            if bytes.len() as u64 > max {
                return Err(too_large(bytes.len() as u64));
            }
            Ok(bytes)
        }
        Input::File(path) => {
            let metadata = std::fs::metadata(path)
                .map_err(|e| format!("cannot read {shown}: {}", io_reason(&e)))?;
            // Opening a FIFO or device would block or never end.
            if !metadata.is_file() {
                let what = if metadata.is_dir() {
                    "a directory"
                } else {
                    "not a regular file"
                };
                return Err(format!("cannot read {shown}: it is {what}"));
            }
            if metadata.len() > max {
                return Err(too_large(metadata.len()));
            }
            let mut bytes = Vec::with_capacity(metadata.len() as usize + 1);
            std::fs::File::open(path)
                .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
                .map_err(|e| format!("cannot read {shown}: {}", io_reason(&e)))?;
            if bytes.len() as u64 > max {
                return Err(too_large(bytes.len() as u64));
            }
            Ok(bytes)
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        // ELOOP: `ErrorKind::FilesystemLoop` is not stable yet.
        _ if e.raw_os_error() == Some(40) && cfg!(target_os = "linux") => {
            "symbolic link loop".into()
        }
        _ => e.to_string(),
    }
}
