//! Resource quantities (`500m`, `0.5`, `1Gi`, `1e3`) as exact values, so
//! rules can compare them: `500m` equals `0.5`, `1Gi` equals `1024Mi`.
//!
//! The grammar is apimachinery's `resource.Quantity` (k8s.io/apimachinery
//! `pkg/api/resource/quantity.go`): a signed decimal number (`1`, `1.5`,
//! `.5`, `5.`) followed by a binary SI suffix (`Ki` … `Ei`), a decimal SI
//! suffix (`n`, `u`, `m`, none, `k`, `M`, `G`, `T`, `P`, `E`) or a decimal
//! exponent (`e3`, `E-2`). A YAML number (`cpu: 1`, `cpu: 0.5`) reaches
//! Kubernetes as a JSON number, which the Quantity decoder reads the same
//! way. Kubernetes rounds values finer than a nano-unit up; two quantities
//! that differ only below 10⁻⁹ compare unequal here.

use crate::yaml::{NodeRef, Resolved};

/// An exact quantity: `±mantissa × 2^twos × 5^fives`, normalised so the
/// mantissa has no factor 2 or 5 (zero is `0 × 2^0 × 5^0`). Equal values
/// have equal representations, so `==` compares values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantity {
    negative: bool,
    mantissa: u128,
    twos: i64,
    fives: i64,
}

/// The largest decimal exponent accepted; larger ones are not quantities
/// any real manifest holds, and keep the arithmetic bounded.
const MAX_EXPONENT: i64 = 1000;

impl Quantity {
    /// Parses a quantity as Kubernetes writes one; `None` when the text is
    /// not a quantity (or has more than 38 significant digits).
    pub fn parse(text: &str) -> Option<Quantity> {
        let (negative, rest) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, suffix) = rest.split_at(number_len);
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        // apimachinery reads a missing number as 0: `-`, `.`, `Gi` and `e3`
        // are quantities (zero); only the empty string is not.
        if fraction.contains('.') {
            return None;
        }
        let mut mantissa: u128 = 0;
        for digit in whole.bytes().chain(fraction.bytes()) {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(u128::from(digit - b'0'))?;
        }
        let (tens, binary) = suffix_exponents(suffix)?;
        let tens = tens - i64::try_from(fraction.len()).ok()?;
        Some(Quantity::new(negative, mantissa, tens + binary, tens))
    }

    /// The quantity a YAML value holds: a string in the grammar above, or
    /// a number (which Kubernetes receives as JSON). `None` for anything
    /// else (a boolean, a null, a mapping, `.inf`).
    pub fn of_node(node: NodeRef<'_>) -> Option<Quantity> {
        if let Some(text) = node.as_str() {
            return Quantity::parse(text);
        }
        match node.resolved_scalar()? {
            Resolved::Int(i) => Quantity::parse(&i.to_string()),
            Resolved::Uint(u) => Quantity::parse(&u.to_string()),
            // `{:e}` is the shortest exact round trip, as JSON prints it.
            Resolved::Float(f) if f.is_finite() => Quantity::parse(&format!("{f:e}")),
            _ => None,
        }
    }

    fn new(negative: bool, mut mantissa: u128, mut twos: i64, mut fives: i64) -> Quantity {
        if mantissa == 0 {
            return Quantity {
                negative: false,
                mantissa: 0,
                twos: 0,
                fives: 0,
            };
        }
        while mantissa % 2 == 0 {
            mantissa /= 2;
            twos += 1;
        }
        while mantissa % 5 == 0 {
            mantissa /= 5;
            fives += 1;
        }
        Quantity {
            negative,
            mantissa,
            twos,
            fives,
        }
    }
}

/// The powers of ten and of two a suffix multiplies by: `k` is 10³
/// (`(3, 0)`), `Ki` is 2¹⁰ (`(0, 10)`), `e-2` is 10⁻² (`(-2, 0)`).
fn suffix_exponents(suffix: &str) -> Option<(i64, i64)> {
    let decimal = |tens| Some((tens, 0));
    let binary = |twos| Some((0, twos));
    match suffix {
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "" => decimal(0),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(10),
        "Mi" => binary(20),
        "Gi" => binary(30),
        "Ti" => binary(40),
        "Pi" => binary(50),
        "Ei" => binary(60),
        _ => {
            let exponent = suffix.strip_prefix(['e', 'E'])?;
            let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            exponent
                .parse::<i64>()
                .ok()
                .filter(|e| e.abs() <= MAX_EXPONENT)
                .and_then(decimal)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quantity {
        Quantity::parse(text).unwrap_or_else(|| panic!("{text} should parse"))
    }

    #[test]
    fn equal_values_in_different_units() {
        assert_eq!(q("500m"), q("0.5"));
        assert_eq!(q("500m"), q(".5"));
        assert_eq!(q("1"), q("1000m"));
        assert_eq!(q("1"), q("1."));
        assert_eq!(q("1Gi"), q("1024Mi"));
        assert_eq!(q("1Ki"), q("1024"));
        assert_eq!(q("1k"), q("1e3"));
        assert_eq!(q("1k"), q("1E3"));
        assert_eq!(q("1M"), q("1000k"));
        assert_eq!(q("2.5Gi"), q("2560Mi"));
        assert_eq!(q("100n"), q("0.1u"));
        assert_eq!(q("1E"), q("1e18"));
        assert_eq!(q("+2"), q("2"));
        assert_eq!(q("0"), q("0Gi"));
        assert_eq!(q("-0"), q("0m"));
        assert_eq!(q("0.001"), q("1m"));
        assert_eq!(q("12e-1"), q("1.2"));
        assert_eq!(q("1.G"), q("1G"));
        // As apimachinery's scanner reads them: no digits is zero.
        for zero in ["-", "+", ".", "Gi", "e3", "m"] {
            assert_eq!(q(zero), q("0"), "{zero:?}");
        }
    }

    #[test]
    fn different_values() {
        assert_ne!(q("1G"), q("1Gi"));
        assert_ne!(q("1m"), q("1M"));
        assert_ne!(q("100m"), q("1"));
        assert_ne!(q("-1"), q("1"));
        assert_ne!(q("1Mi"), q("1000Ki"));
        assert_ne!(q("1n"), q("0"));
    }

    #[test]
    fn rejects_what_kubernetes_rejects() {
        for text in [
            "", "1..0", "1.0.0", "1 Gi", " 1", "1g", "1mi", "1K", "1KiB", "1e", "1e+", "1ee3",
            "1.5.Gi", "0x10", "1e9999", "abc", "1e3Gi",
        ] {
            assert_eq!(Quantity::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn too_many_digits_is_not_a_panic() {
        assert_eq!(Quantity::parse(&"9".repeat(60)), None);
        assert_eq!(q(&format!("0.{}1", "0".repeat(30))), q("1e-31"));
    }

    #[test]
    fn yaml_numbers_read_as_json_numbers() {
        use crate::yaml::{parse_document, split_documents, Limits};
        let read = |value: &str| {
            let text = format!("v: {value}\n");
            let chunks = split_documents(&text, 0);
            let doc = parse_document(&text, chunks[0].span, 0, &Limits::default());
            Quantity::of_node(doc.root()?.get("v")?)
        };
        assert_eq!(read("0.5"), Some(q("500m")));
        assert_eq!(read("1"), Some(q("1")));
        assert_eq!(read("\"1\""), Some(q("1")));
        assert_eq!(read("1e3"), Some(q("1k")));
        assert_eq!(read("1.5e-3"), Some(q("1500u")));
        assert_eq!(read("512Mi"), Some(q("0.5Gi")));
        assert_eq!(read(".inf"), None);
        assert_eq!(read("true"), None);
        assert_eq!(read("~"), None);
        assert_eq!(read("[1]"), None);
    }
}
