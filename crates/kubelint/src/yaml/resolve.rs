//! YAML 1.1 scalar resolution, as `sigs.k8s.io/yaml` (go-yaml v2) does it.

/// `y/yes/on/true` and `n/no/off/false` in their usual capitalisations.
pub fn resolve_bool(plain: &str) -> Option<bool> {
    match plain {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            Some(false)
        }
        _ => None,
    }
}

/// `~`, `null` and the empty scalar.
pub fn resolve_is_null(plain: &str) -> bool {
    matches!(plain, "" | "~" | "null" | "Null" | "NULL")
}

/// Integers with Go's base prefixes: `0x1F`, `0o17`, `0b101`, and the YAML 1.1
/// leading-zero octal `0644`; `_` separators allowed.
pub fn resolve_int(plain: &str) -> Option<i64> {
    let cleaned;
    let mut text = plain;
    if text.contains('_') {
        cleaned = text.replace('_', "");
        text = &cleaned;
    }
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(rest) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, rest)
    } else if let Some(rest) = digits
        .strip_prefix("0b")
        .or_else(|| digits.strip_prefix("0B"))
    {
        (2, rest)
    } else if let Some(rest) = digits
        .strip_prefix("0o")
        .or_else(|| digits.strip_prefix("0O"))
    {
        (8, rest)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let value = i64::from_str_radix(digits, radix).ok()?;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_values() {
        assert_eq!(resolve_bool("yes"), Some(true));
        assert_eq!(resolve_bool("Off"), Some(false));
        assert_eq!(resolve_bool("y"), Some(true));
        assert_eq!(resolve_bool("yEs"), None);
        assert_eq!(resolve_int("0644"), Some(420));
        assert_eq!(resolve_int("0x1F"), Some(31));
        assert_eq!(resolve_int("-1_000"), Some(-1000));
        assert_eq!(resolve_int("0"), Some(0));
        assert_eq!(resolve_int("08"), None);
        assert_eq!(resolve_int("12a"), None);
        assert_eq!(resolve_int("-"), None);
        assert!(resolve_is_null("~"));
        assert!(!resolve_is_null("nil"));
    }
}
