//! `!!binary` scalars as go-yaml decodes them.

/// Decodes base64 the way Go's `base64.StdEncoding.DecodeString` does
/// (standard alphabet, `=` padding required, `\r` and `\n` ignored, other
/// white space an error), then reads the bytes as Go's `encoding/json`
/// writes a string: each byte that does not start valid UTF-8 becomes
/// U+FFFD. `None` for invalid base64.
pub(super) fn decode(text: &str) -> Option<String> {
    let mut sextets = Vec::with_capacity(text.len());
    let mut padding = 0;
    for b in text.bytes() {
        match b {
            b'\r' | b'\n' => continue,
            b'=' => padding += 1,
            _ if padding > 0 => return None,
            b'A'..=b'Z' => sextets.push(b - b'A'),
            b'a'..=b'z' => sextets.push(b - b'a' + 26),
            b'0'..=b'9' => sextets.push(b - b'0' + 52),
            b'+' => sextets.push(62),
            b'/' => sextets.push(63),
            _ => return None,
        }
    }
    // Groups of four characters; the last may end in one or two `=`.
    let total = sextets.len() + padding;
    if total % 4 != 0 || padding > 2 || (padding > 0 && sextets.len() % 4 + padding != 4) {
        return None;
    }
    let mut bytes = Vec::with_capacity(sextets.len() * 3 / 4);
    for group in sextets.chunks(4) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &s)| n | (u32::from(s) << (18 - 6 * i)));
        let take = group.len() - 1; // 4 → 3 bytes, 3 → 2, 2 → 1
        bytes.extend_from_slice(&n.to_be_bytes()[1..1 + take]);
    }
    Some(go_json_string(&bytes))
}

/// `encoding/json`'s handling of a Go string that is not valid UTF-8.
fn go_json_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{FFFD}');
                // Go replaces one byte at a time and resynchronises.
                rest = &after[1..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn standard_base64_with_line_breaks() {
        assert_eq!(decode("UG9k").as_deref(), Some("Pod"));
        assert_eq!(decode("aGk=").as_deref(), Some("hi"));
        assert_eq!(decode("aGVs\nbG8=\n").as_deref(), Some("hello"));
        assert_eq!(decode("cHJpdmlsZWdlZA==").as_deref(), Some("privileged"));
        assert_eq!(decode("").as_deref(), Some(""));
    }

    #[test]
    fn what_go_refuses() {
        for bad in ["aGk", "aG k=", "a===", "aGk=aGk=", "aGk=\t", "a"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters_byte_by_byte() {
        // 0xE2 0x80 then "a": Go's json writes two U+FFFD, not one.
        assert_eq!(decode("4oBh").as_deref(), Some("\u{FFFD}\u{FFFD}a"));
    }
}
