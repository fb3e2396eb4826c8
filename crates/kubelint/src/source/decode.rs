//! Turning file bytes into text, with clear errors for what is not UTF-8 YAML.

use std::fmt;

/// Why a file's bytes are not lintable text. `offset` is the byte where the
/// problem starts, so callers can report a line:column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset where the problem starts.
    pub offset: usize,
    /// What is wrong with the bytes.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a manifest file. The UTF-8 BOM is kept in the text (so byte offsets
/// stay file-absolute) and skipped by the parser and by [`super::LineIndex`].
pub fn decode(bytes: &[u8]) -> Result<&str, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError {
            offset: 0,
            message: "file is UTF-16 encoded; kubelint reads UTF-8 (convert it with `iconv -f UTF-16 -t UTF-8`)".into(),
        });
    }
    if let Some(nul) = memchr::memchr(0, &bytes[..bytes.len().min(8192)]) {
        return Err(DecodeError {
            offset: nul,
            message: "file looks binary (it contains a NUL byte), not YAML".into(),
        });
    }
    std::str::from_utf8(bytes).map_err(|e| DecodeError {
        offset: e.valid_up_to(),
        message: "invalid UTF-8: YAML manifests must be UTF-8 text".into(),
    })
}

/// Reads bytes [`decode`] refuses the way `kubectl apply -f` does
/// (k8s.io/cli-runtime's `FileVisitor`: x/text's `BOMOverride` over a UTF-8
/// decoder): a UTF-16 byte order mark selects UTF-16 (unpaired surrogates
/// become U+FFFD), and each maximal invalid UTF-8 sequence becomes U+FFFD.
/// Returns the text kubectl reads with what was converted, to report; a
/// binary file stays an error (go-yaml refuses control characters).
///
/// # Errors
/// The [`decode`] error when the file is binary.
pub fn decode_as_kubectl(bytes: &[u8]) -> Result<(String, DecodeError), DecodeError> {
    let utf16 = |big_endian: bool| {
        let units = bytes[2..].chunks(2).map(|pair| match pair {
            [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
            [a, b] => u16::from_le_bytes([*a, *b]),
            // An odd last byte: x/text reports it as a replacement character.
            _ => 0xFFFD,
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    let (text, message) = if bytes.starts_with(&[0xFF, 0xFE]) {
        (utf16(false), "file is UTF-16 encoded: `kubectl apply` converts it to UTF-8, and kubelint lints it as converted (positions are in the converted text; `--fix` leaves the file alone)")
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        (utf16(true), "file is UTF-16 encoded: `kubectl apply` converts it to UTF-8, and kubelint lints it as converted (positions are in the converted text; `--fix` leaves the file alone)")
    } else {
        let error = decode(bytes).err().unwrap_or(DecodeError {
            offset: 0,
            message: String::new(),
        });
        if error.message.contains("binary") {
            return Err(error);
        }
        return Ok((
            String::from_utf8_lossy(bytes).into_owned(),
            DecodeError {
                offset: error.offset,
                message: "invalid UTF-8: `kubectl apply` replaces it with U+FFFD and applies the rest, and kubelint lints it so (`--fix` leaves the file alone)".into(),
            },
        ));
    };
    if text.contains('\0') {
        return Err(DecodeError {
            offset: 0,
            message: "file looks binary (it contains a NUL character), not YAML".into(),
        });
    }
    Ok((
        text,
        DecodeError {
            offset: 0,
            message: message.into(),
        },
    ))
}

/// Length of a leading UTF-8 byte order mark (0 or 3).
pub(crate) fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_is_not_utf8_text() {
        assert_eq!(decode(b"a: b\n").unwrap(), "a: b\n");
        assert_eq!(decode(b"a: \xff\n").unwrap_err().offset, 3);
        assert!(decode(b"\xff\xfea\x00")
            .unwrap_err()
            .message
            .contains("UTF-16"));
        assert!(decode(b"ELF\x00\x01")
            .unwrap_err()
            .message
            .contains("binary"));
        assert_eq!(bom_len(decode("\u{feff}a: b".as_bytes()).unwrap()), 3);
    }

    #[test]
    fn reads_what_kubectl_converts() {
        let (text, note) = decode_as_kubectl(b"\xff\xfea\x00:\x00 \x00b\x00").unwrap();
        assert_eq!(text, "a: b");
        assert!(note.message.contains("UTF-16"));
        let (text, _) = decode_as_kubectl(b"\xfe\xff\x00a\xd8\x00").unwrap();
        assert_eq!(text, "a\u{FFFD}");
        // Maximal invalid subsequences, as x/text's UTF-8 decoder.
        let (text, note) = decode_as_kubectl(b"name: caf\xe2\x80x\xff\n").unwrap();
        assert_eq!(text, "name: caf\u{FFFD}x\u{FFFD}\n");
        assert_eq!(note.offset, 9);
        assert!(decode_as_kubectl(b"ELF\x00\x01").is_err());
    }
}
