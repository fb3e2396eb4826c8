//! Turning file bytes into text, with clear errors for what is not UTF-8 YAML.

use std::fmt;

/// Why a file's bytes are not lintable text. `offset` is the byte where the
/// problem starts, so callers can report a line:column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

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
}
