//! Scalar resolution exactly as Kubernetes does it: `sigs.k8s.io/yaml` on
//! go-yaml v2 (`resolve.go`), YAML 1.1 style.
//!
//! A plain scalar without a tag resolves by its text (`yes` is a boolean,
//! `0644` octal, `0.0` a float); a quoted or block scalar is a string; an
//! explicit core tag (`!!int "5"`) resolves the text as that type or is an
//! error, as in go-yaml. Timestamps stay strings: go-yaml gives them back as
//! their text when decoding into an untyped value, which is what
//! `sigs.k8s.io/yaml` does.

use super::document::{ScalarStyle, Tag};

/// What a scalar means to Kubernetes before it becomes JSON.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer above `i64::MAX` (go-yaml's `uint64`).
    Uint(u64),
    Float(f64),
    /// The scalar's text is the value.
    Str,
}

impl Resolved {
    /// The value as an integer field reads it: integers, and floats that
    /// JSON prints without a fraction (`0.0`, `1e3`), as kubectl's number
    /// conversion keeps them.
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Resolved::Int(i) => Some(i),
            Resolved::Float(f) => integral_float(f),
            _ => None,
        }
    }
}

/// A float that encoding/json prints as an integer (no fraction, no
/// exponent) and that fits an `int64`: what kubectl turns back into one.
pub(crate) fn integral_float(f: f64) -> Option<i64> {
    // encoding/json switches to exponent notation at 1e21; below that an
    // integral float is printed as its digits.
    if f.fract() != 0.0 || !f.is_finite() || f.abs() >= 1e21 {
        return None;
    }
    // i64::MAX is not a float; 2^63 is the first float out of range.
    if !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        return None;
    }
    Some(f as i64)
}

/// Why go-yaml refuses a scalar (the whole document fails in Kubernetes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveError(pub String);

/// Resolves a scalar's value given its style and explicit tag.
///
/// `!!binary` scalars are decoded by the parser (their value is the decoded
/// text), so they are strings here.
#[inline]
pub fn resolve_scalar(value: &str, style: ScalarStyle, tag: Tag) -> Result<Resolved, ResolveError> {
    match tag {
        Tag::None if style == ScalarStyle::Plain => Ok(resolve_plain(value)),
        Tag::Bool | Tag::Int | Tag::Float | Tag::Null | Tag::Timestamp => {
            resolve_tagged(value, tag)
        }
        // A quoted or block scalar without a tag, `!`, `!!str`, `!!binary`
        // (decoded by the parser), custom tags and the collection tags on a
        // scalar are strings to go-yaml.
        _ => Ok(Resolved::Str),
    }
}

/// go-yaml's `resolve(tag, in)` for an explicit core tag: the text must
/// resolve to that type (an integer may stand for a float).
fn resolve_tagged(value: &str, tag: Tag) -> Result<Resolved, ResolveError> {
    let resolved = resolve_plain_typed(value, true);
    match (tag, resolved) {
        (Tag::Bool, Resolved::Bool(_))
        | (Tag::Int, Resolved::Int(_) | Resolved::Uint(_))
        | (Tag::Float, Resolved::Float(_))
        | (Tag::Null, Resolved::Null) => Ok(resolved),
        (Tag::Float, Resolved::Int(i)) => Ok(Resolved::Float(i as f64)),
        (Tag::Float, Resolved::Uint(u)) => Ok(Resolved::Float(u as f64)),
        // A timestamp stays its text when decoded into an untyped value.
        (Tag::Timestamp, _) if is_timestamp(value) => Ok(Resolved::Str),
        _ => Err(ResolveError(format!(
            "cannot decode `{value}` as {}",
            tag_name(tag)
        ))),
    }
}

fn tag_name(tag: Tag) -> &'static str {
    match tag {
        Tag::Bool => "!!bool",
        Tag::Int => "!!int",
        Tag::Float => "!!float",
        Tag::Null => "!!null",
        Tag::Timestamp => "!!timestamp",
        _ => "a scalar",
    }
}

/// A plain, untagged scalar (`resolve("", in)` in go-yaml).
#[inline]
pub fn resolve_plain(value: &str) -> Resolved {
    resolve_plain_typed(value, false)
}

/// go-yaml's resolution of `value`; `tagged` is true for an explicit core
/// tag, which skips the timestamp check (a tagged `!!int 2001-12-14` is not
/// a timestamp to go-yaml either: it fails).
#[inline]
fn resolve_plain_typed(value: &str, tagged: bool) -> Resolved {
    let Some(&first) = value.as_bytes().first() else {
        return Resolved::Null;
    };
    // The first character decides what the scalar may be (`resolveTable`).
    match first {
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => {
            from_map(value).unwrap_or(Resolved::Str)
        }
        b'.' => from_map(value)
            .or_else(|| go_parse_float(value).map(Resolved::Float))
            .unwrap_or(Resolved::Str),
        b'+' | b'-' | b'0'..=b'9' => from_map(value)
            .or_else(|| number(value, tagged))
            .unwrap_or(Resolved::Str),
        // `<<` resolves to the merge tag, which only matters as a key.
        _ => Resolved::Str,
    }
}

/// go-yaml's `resolveMap`: booleans, nulls and the special floats.
fn from_map(value: &str) -> Option<Resolved> {
    Some(match value {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Resolved::Bool(false)
        }
        "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Resolved::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// Integers, then unsigned integers, then YAML-style floats, then `0b`
/// binary forms, in go-yaml's order; underscores are dropped first.
fn number(value: &str, tagged: bool) -> Option<Resolved> {
    if !tagged && is_timestamp(value) {
        return Some(Resolved::Str);
    }
    let cleaned;
    let plain = if value.contains('_') {
        cleaned = value.replace('_', "");
        cleaned.as_str()
    } else {
        value
    };
    if let Some(i) = go_parse_int(plain) {
        return Some(Resolved::Int(i));
    }
    if let Some(u) = go_parse_uint(plain) {
        return Some(Resolved::Uint(u));
    }
    if is_yaml_style_float(plain) {
        if let Some(f) = go_parse_float(plain) {
            return Some(Resolved::Float(f));
        }
    }
    // go-yaml's own `0b`/`-0b` forms (strconv with base 0 already takes
    // them, so these only matter for what strconv refuses).
    if let Some(digits) = plain.strip_prefix("0b") {
        if let Ok(i) = i64::from_str_radix(digits, 2) {
            if !digits.starts_with(['+', '-']) {
                return Some(Resolved::Int(i));
            }
        }
        if let Ok(u) = u64::from_str_radix(digits, 2) {
            if !digits.starts_with('+') {
                return Some(Resolved::Uint(u));
            }
        }
    } else if let Some(digits) = plain.strip_prefix("-0b") {
        if !digits.starts_with(['+', '-']) {
            if let Ok(i) = i64::from_str_radix(&format!("-{digits}"), 2) {
                return Some(Resolved::Int(i));
            }
        }
    }
    None
}

/// Go's `strconv.ParseInt(s, 0, 64)` without underscores: an optional sign,
/// then `0x`/`0o`/`0b` prefixes or a leading `0` for octal.
fn go_parse_int(s: &str) -> Option<i64> {
    let (negative, rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = go_parse_uint(rest)?;
    if negative {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i64).wrapping_neg())
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign allowed).
fn go_parse_uint(s: &str) -> Option<u64> {
    let bytes = s.as_bytes();
    let (radix, digits) = if bytes.len() > 2 && bytes[0] == b'0' {
        match bytes[1] {
            b'x' | b'X' => (16, &s[2..]),
            b'o' | b'O' => (8, &s[2..]),
            b'b' | b'B' => (2, &s[2..]),
            _ => (8, &s[1..]),
        }
    } else if bytes.len() == 2 && bytes[0] == b'0' {
        (8, &s[1..])
    } else {
        (10, s)
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat(s, 64)` for what go-yaml hands it: decimal
/// forms (Rust agrees with Go on them), hex floats (`0x1p-2`), and the
/// words Go accepts (`inf`, `infinity`, `nan`, any case). Out-of-range
/// values are errors in Go (and so strings to go-yaml).
fn go_parse_float(s: &str) -> Option<f64> {
    let body = s.trim_start_matches(['+', '-']);
    if body.len() + 1 < s.len() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        let f = if lower == "nan" {
            f64::NAN
        } else {
            f64::INFINITY
        };
        return Some(if s.starts_with('-') { -f } else { f });
    }
    if lower.starts_with("0x") {
        return None; // hex floats need a `p` exponent; go-yaml never gets here with one
    }
    if !body
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    // Go reports a range error for overflow (`1e400`); Rust gives infinity.
    f.is_finite().then_some(f)
}

/// A timestamp go-yaml recognises (`YYYY-M-D`, with an optional time):
/// a string to Kubernetes, never a number.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    // `2006-1-2`, then optionally `T`/`t`/` ` and `15:4:5` with fraction and zone.
    let mut i = 5;
    let number = |i: &mut usize, max: usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        (*i > start).then(|| s[start..*i].parse::<u32>().unwrap_or(99))
    };
    let Some(month) = number(&mut i, 2) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = number(&mut i, 2) else {
        return false;
    };
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(&s[..4], month) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    is_time_suffix(&s[i..])
}

fn days_in_month(year: &str, month: u32) -> u32 {
    let year: u32 = year.parse().unwrap_or(1);
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `T15:4:5.999999999Z07:00` (also `t`) or ` 15:4:5.999999999` (no zone),
/// as in go-yaml's `allowedTimestampFormats`.
fn is_time_suffix(s: &str) -> bool {
    let b = s.as_bytes();
    let zoned = match b.first() {
        Some(b'T' | b't') => true,
        Some(b' ') => false,
        _ => return false,
    };
    let mut i = 1;
    for (part, max) in [(0, 23), (1, 59), (2, 59)] {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        if i == start || s[start..i].parse::<u32>().map_or(true, |v| v > max) {
            return false;
        }
        if part < 2 {
            if b.get(i) != Some(&b':') {
                return false;
            }
            i += 1;
        }
    }
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 9 {
            return false;
        }
    }
    if !zoned {
        return i == b.len();
    }
    match &s[i..] {
        "Z" => true,
        zone => {
            let z = zone.as_bytes();
            z.len() == 6
                && matches!(z[0], b'+' | b'-')
                && z[1..3].iter().all(u8::is_ascii_digit)
                && z[3] == b':'
                && z[4..6].iter().all(u8::is_ascii_digit)
        }
    }
}

/// The JSON object key go-yaml and `sigs.k8s.io/yaml` make of a resolved
/// key: integers in decimal, floats in Go's `%g` at float32 precision,
/// booleans as `true`/`false`. `None` for what JSON cannot take as a key
/// (null, integers beyond `int64`), which fails the document in Kubernetes.
pub fn json_key(value: &str, resolved: Resolved) -> Option<String> {
    Some(match resolved {
        Resolved::Str => value.to_owned(),
        Resolved::Bool(b) => b.to_string(),
        Resolved::Int(i) => i.to_string(),
        Resolved::Float(f) => go_format_g32(f),
        Resolved::Null | Resolved::Uint(_) => return None,
    })
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)` with go-yaml's spellings of
/// infinity and NaN.
fn go_format_g32(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let f = f as f32;
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    // Shortest digits that round-trip as f32, as `d.ddde±x`.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    // %e is used when the exponent is < -4 or >= 6 (shortest precision).
    if !(-4..6).contains(&exp) {
        let (head, tail) = digits.split_at(1);
        let dot = if tail.is_empty() { "" } else { "." };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{head}{dot}{tail}e{esign}{:02}", exp.abs());
    }
    let point = exp + 1;
    let body = if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_int(plain: &str) -> Option<i64> {
        resolve_plain(plain).as_i64()
    }

    #[test]
    fn yaml_1_1_values() {
        use Resolved::*;
        assert_eq!(resolve_plain("yes"), Bool(true));
        assert_eq!(resolve_plain("Off"), Bool(false));
        assert_eq!(resolve_plain("y"), Bool(true));
        assert_eq!(resolve_plain("yEs"), Str);
        assert_eq!(resolve_int("0644"), Some(420));
        assert_eq!(resolve_int("0x1F"), Some(31));
        assert_eq!(resolve_int("-1_000"), Some(-1000));
        assert_eq!(resolve_int("0"), Some(0));
        assert_eq!(resolve_int("12a"), None);
        assert_eq!(resolve_int("-"), None);
        assert_eq!(resolve_plain("~"), Null);
        assert_eq!(resolve_plain(""), Null);
        assert_eq!(resolve_plain("nil"), Str);
    }

    /// Each row was checked against `kubectl annotate --local -o json`
    /// (kubectl 1.32, sigs.k8s.io/yaml 1.4) and Debian's go-yaml 2.4.
    #[test]
    fn numbers_as_kubectl_decodes_them() {
        use Resolved::*;
        for (text, want) in [
            ("0x10", Int(16)),
            ("1e3", Float(1000.0)),
            ("-0", Int(0)),
            ("0o17", Int(15)),
            ("0b11", Int(3)),
            ("-0b11", Int(-3)),
            ("+5", Int(5)),
            ("1_000", Int(1000)),
            (".5", Float(0.5)),
            ("08", Float(8.0)),
            ("0.0", Float(0.0)),
            ("1.0e+3", Float(1000.0)),
            ("0x_1F", Int(31)),
            ("9223372036854775808", Uint(9223372036854775808)),
            ("-0.0", Float(-0.0)),
            ("012", Int(10)),
            ("1.", Float(1.0)),
            ("+.5", Float(0.5)),
        ] {
            assert_eq!(resolve_plain(text), want, "{text}");
        }
        for text in [
            "1e400",
            "0o",
            "2001-12-14",
            "190:20:30",
            "1.2.3",
            "0x",
            "1e",
            "--1",
            "+-1",
            "0xg",
        ] {
            assert_eq!(resolve_plain(text), Str, "{text}");
        }
        assert_eq!(resolve_int("0.0"), Some(0));
        assert_eq!(resolve_int("1e3"), Some(1000));
        assert_eq!(resolve_int("0.5"), None);
        assert_eq!(resolve_int("1e21"), None);
    }

    #[test]
    fn explicit_tags_resolve_or_fail_like_go_yaml() {
        use Resolved::*;
        let quoted = ScalarStyle::DoubleQuoted;
        assert_eq!(resolve_scalar("123", ScalarStyle::Plain, Tag::Str), Ok(Str));
        assert_eq!(resolve_scalar("5", quoted, Tag::Int), Ok(Int(5)));
        assert_eq!(resolve_scalar("yes", quoted, Tag::Bool), Ok(Bool(true)));
        assert_eq!(
            resolve_scalar("3", ScalarStyle::Plain, Tag::Float),
            Ok(Float(3.0))
        );
        assert_eq!(
            resolve_scalar("bar", ScalarStyle::Plain, Tag::Custom),
            Ok(Str)
        );
        assert_eq!(resolve_scalar("yes", quoted, Tag::None), Ok(Str));
        assert!(resolve_scalar("1.5", ScalarStyle::Plain, Tag::Int).is_err());
        assert!(resolve_scalar("x", ScalarStyle::Plain, Tag::Null).is_err());
        assert_eq!(resolve_scalar("", ScalarStyle::Plain, Tag::Null), Ok(Null));
    }

    #[test]
    fn timestamps_stay_strings() {
        for text in [
            "2001-12-14",
            "2001-12-14T21:59:43.10Z",
            "2001-12-14 21:59:43.10",
            "2001-1-2t1:2:3+05:00",
        ] {
            assert_eq!(resolve_plain(text), Resolved::Str, "{text}");
        }
        // Not dates: numbers or strings by the other rules.
        assert_eq!(resolve_plain("2001-13-14"), Resolved::Str);
        assert_eq!(resolve_plain("2001"), Resolved::Int(2001));
    }

    #[test]
    fn keys_as_json_spells_them() {
        let key = |text: &str| json_key(text, resolve_plain(text));
        assert_eq!(key("y").as_deref(), Some("true"));
        assert_eq!(key("08").as_deref(), Some("8"));
        assert_eq!(key("0x10").as_deref(), Some("16"));
        assert_eq!(key("1.5").as_deref(), Some("1.5"));
        assert_eq!(key("0.1").as_deref(), Some("0.1"));
        assert_eq!(key("1e6").as_deref(), Some("1e+06"));
        assert_eq!(key("100000").as_deref(), Some("100000"));
        assert_eq!(key("123456.5").as_deref(), Some("123456.5"));
        assert_eq!(key("0.00001").as_deref(), Some("1e-05"));
        assert_eq!(key("3.14159265358979").as_deref(), Some("3.1415927"));
        assert_eq!(key("~"), None);
        assert_eq!(key("name").as_deref(), Some("name"));
    }
}
