//! What secret names and secret values look like.

use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

/// How the tokens `looks_like_token` knows begin (and the `://` of a URL
/// that may carry a password): large texts are searched for these in one
/// pass instead of testing every word. Leftmost-first, case-sensitive
/// searchers can use SIMD (Teddy); the default (standard) ones cannot.
static TOKEN_STARTS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build([
            "AKIA",
            "ASIA",
            "ghp_",
            "gho_",
            "ghs_",
            "github_pat_",
            "glpat-",
            "xoxb-",
            "xoxp-",
            "AIza",
            "sk_live_",
            "rk_live_",
            "SG.",
            "eyJ",
            "://",
        ])
        .ok()
});

/// Every secret word `is_secret_key_name` knows contains one of these.
const SECRET_WORD_PART_LIST: &[&str] = &[
    "passw",
    "passp",
    "secret",
    "token",
    "key",
    "credential",
    "pwd",
];

/// [`SECRET_WORD_PART_LIST`] in any case, for short keys.
static SECRET_WORD_PARTS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(SECRET_WORD_PART_LIST)
        .ok()
});

/// [`SECRET_WORD_PART_LIST`] as written, for large texts lowercased first:
/// without case folding the search can use SIMD.
static SECRET_WORD_PARTS_LOWERCASE: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(SECRET_WORD_PART_LIST)
        .ok()
});

/// The lines of `text` (split as `str::lines` does) that contain a part of
/// a secret word, in order: only they can hold a `key = value` whose key
/// [`is_secret_key_name`] accepts. One search over a large config file
/// instead of splitting and testing every line.
pub fn lines_with_secret_words(text: &str) -> Vec<&str> {
    let Some(ac) = SECRET_WORD_PARTS_LOWERCASE.as_ref() else {
        return text.lines().collect();
    };
    // ASCII lowercasing keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let mut lines = Vec::new();
    let mut line_end = 0;
    for m in ac.find_iter(&lower) {
        if m.start() < line_end {
            continue; // another match on the line just taken
        }
        let start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        line_end = text[m.start()..]
            .find('\n')
            .map_or(text.len(), |i| m.start() + i);
        let line = &text[start..line_end];
        lines.push(line.strip_suffix('\r').unwrap_or(line));
    }
    lines
}

/// The whitespace-separated words of `text` that may be tokens: only those
/// around a known token start are returned.
pub fn token_candidates(text: &str) -> impl Iterator<Item = &str> {
    let starts = TOKEN_STARTS.as_ref();
    starts.into_iter().flat_map(move |ac| {
        ac.find_iter(text).filter_map(move |m| {
            let after = &text[m.end()..];
            let word_end = after
                .find(char::is_whitespace)
                .map_or(text.len(), |i| m.end() + i);
            // A URL can only carry a password in its authority: `://user:pw@`.
            if &text[m.start()..m.end()] == "://" {
                // Within the word: searching the rest of the text made every
                // URL without a path cost the length of the text.
                let authority_end = text[m.end()..word_end]
                    .find(['/', '?', '#'])
                    .map_or(word_end, |i| m.end() + i);
                if !text[m.end()..authority_end].contains('@') {
                    return None;
                }
            }
            let start = text[..m.start()].rfind(char::is_whitespace).map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
            Some(&text[start..word_end])
        })
    })
}

/// Whether an environment variable name says it holds a secret
/// (`DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`), but not a reference to one
/// (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`).
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    const REFERENCE_SUFFIXES: &[&str] = &[
        "_FILE",
        "_PATH",
        "_DIR",
        "_URL",
        "_URI",
        "_NAME",
        "_REF",
        "_ENABLED",
        "_ENABLE",
        "_TTL",
        "_EXPIRY",
        "_EXPIRATION",
        "_TIMEOUT",
        "_LENGTH",
        "_TYPE",
        "_ID",
        "_HEADER",
        "_KEY_ID",
        "_POLICY",
        "_ROTATION",
        "_VERSION",
        "_NAMESPACE",
        "_MOUNT",
        "_PROVIDER",
        "_STORE",
        "_BACKEND",
        "_ISSUER",
        "_AUDIENCE",
        "_ALGORITHM",
        "_HOST",
        "_PORT",
        "_REGION",
        "_LIFETIME",
        "_DURATION",
        "_INTERVAL",
        "_SIZE",
        "_COUNT",
        "_LIMIT",
        "_MODE",
        "_FORMAT",
        "_PREFIX",
        "_USER",
        "_USERNAME",
        "_EMAIL",
    ];
    if REFERENCE_SUFFIXES.iter().any(|s| upper.ends_with(s)) {
        return false;
    }
    const WORDS: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "PASSPHRASE",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "ACCESS_KEY",
        "PRIVATE_KEY",
        "CLIENT_SECRET",
        "CREDENTIAL",
        "AUTH_KEY",
        "ENCRYPTION_KEY",
        "SIGNING_KEY",
        "MASTER_KEY",
        "DB_PASS",
        "_PASS",
        "CONNECTION_STRING",
    ];
    WORDS.iter().any(|w| upper.contains(w)) || upper == "PASS"
}

/// One word that is a well-known token, a JWT or a URL with a password.
/// Called on every word of every ConfigMap value, so it rejects cheaply.
pub fn looks_like_token(value: &str) -> bool {
    token_kind(value).is_some()
}

/// What kind of token one word is, for messages: `"an AWS access key id"`,
/// `"a JWT"`, `"a URL with a password"`. The formats are the providers'
/// documented prefixes and lengths.
pub fn token_kind(value: &str) -> Option<&'static str> {
    let value = value.trim();
    if value.len() < 8 {
        return None;
    }
    if !matches!(
        value.as_bytes()[0],
        b'A' | b'g' | b'x' | b's' | b'r' | b'S' | b'e'
    ) {
        return (value.contains("://") && has_url_password(value))
            .then_some("a URL with a password");
    }
    const PREFIXES: &[(&str, usize, &str)] = &[
        ("AKIA", 20, "an AWS access key id"),
        ("ASIA", 20, "an AWS temporary access key id"),
        ("ghp_", 40, "a GitHub personal access token"),
        ("gho_", 40, "a GitHub OAuth token"),
        ("ghs_", 40, "a GitHub App token"),
        ("github_pat_", 40, "a GitHub personal access token"),
        ("glpat-", 20, "a GitLab personal access token"),
        ("xoxb-", 20, "a Slack bot token"),
        ("xoxp-", 20, "a Slack user token"),
        ("AIza", 39, "a Google API key"),
        ("sk_live_", 24, "a Stripe secret key"),
        ("rk_live_", 24, "a Stripe restricted key"),
        ("SG.", 40, "a SendGrid API key"),
    ];
    let token_bytes = |v: &str| {
        v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    };
    if let Some((_, _, kind)) = PREFIXES.iter().find(|(prefix, len, _)| {
        value.starts_with(prefix) && value.len() >= *len && token_bytes(value)
    }) {
        return Some(kind);
    }
    if is_jwt(value) {
        return Some("a JWT");
    }
    has_url_password(value).then_some("a URL with a password")
}

fn is_jwt(value: &str) -> bool {
    let mut parts = value.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    header.starts_with("eyJ")
        && payload.starts_with("eyJ")
        && signature.len() >= 16
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// `scheme://user:password@host`, with a literal password.
fn has_url_password(value: &str) -> bool {
    let Some((_, rest)) = value.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let Some((userinfo, _)) = authority.rsplit_once('@') else {
        return false;
    };
    let Some((_, password)) = userinfo.split_once(':') else {
        return false;
    };
    !password.is_empty() && !is_placeholder(password)
}

/// Values a secret-sounding name can hold without being a secret: numbers
/// (`MYSQL_ALLOW_EMPTY_PASSWORD: "1"`), absolute file paths
/// (`GOOGLE_APPLICATION_CREDENTIALS: /var/secrets/key.json`), durations
/// (`TOKEN_LIFETIME: 15m`), versions (`SECRET_VERSION: latest`, `v2`) and
/// URLs without a password (`TOKEN_ENDPOINT: https://…`).
pub fn is_not_a_credential(value: &str) -> bool {
    let v = value.trim();
    v.bytes().all(|b| b.is_ascii_digit())
        || (v.starts_with('/') && !v.contains(char::is_whitespace))
        || is_duration(v)
        || is_version(v)
        || (v.contains("://") && !v.contains(char::is_whitespace) && !has_url_password(v))
}

/// `30s`, `15m`, `1h30m`, `7d`: Go and most configuration formats.
fn is_duration(v: &str) -> bool {
    let mut digits = false;
    let mut unit = false;
    for c in v.chars() {
        if c.is_ascii_digit() {
            digits = true;
        } else if matches!(c, 'n' | 'u' | 'µ' | 'm' | 's' | 'h' | 'd' | 'w') && digits {
            unit = true;
        } else {
            return false;
        }
    }
    digits && unit
}

/// `latest`, `v2`, `1.4.0`, `v1.2.3-rc.1`: which version of a secret to use.
fn is_version(v: &str) -> bool {
    if v.eq_ignore_ascii_case("latest") || v.eq_ignore_ascii_case("current") {
        return true;
    }
    let rest = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let core = rest.split(['-', '+']).next().unwrap_or("");
    !core.is_empty()
        && core.split('.').count() <= 4
        && core
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        && (rest.len() < v.len() || core.contains('.'))
}

/// Values that stand for a secret rather than being one: a one-line value
/// made of variable references (`${DB_PASSWORD}`, `$(TOKEN)`,
/// `{{ .Values.password }}`, `$secret-key`) and obvious placeholders
/// (`REPLACE_ME`, `<changeme>`, `your-api-key-here`, `xxxx`, an elided `...`,
/// booleans).
///
/// A value with several lines is never a placeholder as a whole: a
/// configuration file with one `${VAR}` can still hold a literal password
/// on another line, so callers judge it line by line.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    if v.contains('\n') {
        return false;
    }
    if has_reference(v) {
        return true;
    }
    if (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with("__") && v.ends_with("__") && v.len() > 4)
        || (v.starts_with('%') && v.ends_with('%') && v.len() > 2)
        // An elided value: `...base64 encoded data...`, `…`.
        || v.starts_with("...")
        || v.ends_with("...")
        || v.starts_with('…')
        || v.ends_with('…')
        || v.chars()
            .all(|c| matches!(c, '*' | 'x' | 'X' | '.' | '-' | '_' | '#'))
    {
        return true;
    }
    let words: String = v
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    matches!(
        words.as_str(),
        "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "none"
            | "null"
            | "nil"
            | "empty"
            | "unset"
            | "notset"
            | "undefined"
            | "changeme"
            | "replaceme"
            | "changethis"
            | "todo"
            | "tbd"
            | "fixme"
            | "redacted"
            | "placeholder"
            | "dummy"
            | "example"
            | "secret"
            | "password"
    ) || words.starts_with("your")
        || words.starts_with("replace")
        || words.starts_with("insert")
        || words.starts_with("changeme")
        || words.ends_with("here")
        || words.contains("placeholder")
        || words.contains("redacted")
}

/// A reference resolved by something else (Kubernetes, a shell, Helm, the
/// application): `$(VAR)`, `${VAR}`, `{{ … }}`, `{% … %}`, `#{…}`,
/// `%(name)s`, `$__env{VAR}`, or a whole value `$name` (Argo CD's
/// `$secret-key`, `$secret-name:key`).
pub fn has_reference(v: &str) -> bool {
    v.contains("$(")
        || v.contains("${")
        || v.contains("{{")
        || v.contains("{%")
        || v.contains("#{")
        || v.contains("%(")
        || v.contains("$__")
        || v.strip_prefix('$').is_some_and(|name| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
        })
}

/// Code that reads a secret from somewhere else rather than holding it:
/// `os.environ["DB_PASSWORD"]`, `os.getenv("TOKEN")`, `process.env.TOKEN`,
/// `System.getenv("X")`, `ENV["X"]`, `$(cat /run/secrets/x)`, a call such
/// as `get_password()`, or a variable (`password=$DB_PASSWORD`).
pub fn reads_from_elsewhere(value: &str) -> bool {
    let v = value.trim().trim_end_matches([',', ';']).trim();
    const READERS: &[&str] = &[
        "environ",
        "getenv",
        "process.env",
        "ENV[",
        "ENV.fetch",
        "Environment.GetEnvironmentVariable",
        "env(",
        "$(cat",
        "`cat",
        "readFile",
        "open(",
        "secretKeyRef",
        "valueFrom",
    ];
    if READERS.iter().any(|r| v.contains(r)) || has_reference(v) || v.starts_with('$') {
        return true;
    }
    // A call: `name(…)` or `obj.name(…)` without quotes around the value.
    let quoted = v.starts_with(['"', '\'']);
    !quoted
        && v.ends_with(')')
        && v.find('(').is_some_and(|open| {
            open > 0
                && v[..open]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
        })
}

/// A value that names a Secret object rather than holding a secret:
/// `tls-secret: web-tls`, `existingSecret: shop/db-credentials`,
/// `credentialsSecret: jaeger-creds`. The key's last word is `secret` (not
/// an OAuth `clientSecret`, and with no other secret word), and the value
/// is a DNS-1123 name (optionally `namespace/name`) with a `-` or `/`, made
/// of words (`db-credentials-v2`, not `s3cr3t-value`).
pub fn names_a_secret_object(key: &str, value: &str) -> bool {
    let words = split_words(key);
    let is = |word: &str, known: &str| word.eq_ignore_ascii_case(known);
    let Some((last, before)) = words.split_last() else {
        return false;
    };
    if !is(last, "secret")
        || before.iter().any(|w| {
            ["client", "password", "passwd", "pwd", "token", "key", "api"]
                .iter()
                .any(|k| is(w, k))
        })
    {
        return false;
    }
    let v = value.trim().trim_matches(['"', '\'']);
    // `db`, `credentials`, `v2`, `2024`: the words names are made of.
    let word = |w: &str| {
        let letters = w.trim_end_matches(|c: char| c.is_ascii_digit());
        !w.is_empty() && letters.bytes().all(|b| b.is_ascii_lowercase())
    };
    let dns_name =
        |part: &str| part.len() <= 253 && !part.is_empty() && part.split(['-', '.']).all(word);
    let mut parts = v.split('/');
    let all_names = match (parts.next(), parts.next(), parts.next()) {
        (Some(name), None, _) => dns_name(name),
        (Some(namespace), Some(name), None) => dns_name(namespace) && dns_name(name),
        _ => false,
    };
    all_names && (v.contains('-') || v.contains('/'))
}

/// A line's `key` and `value` when it assigns one (`key=value`,
/// `key: value`, `"key": "value"`, `key := value`); `None` for comments
/// and other lines.
fn assignment(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    if line.starts_with(['#', ';']) || line.starts_with("//") {
        return None;
    }
    let at = line.find(['=', ':'])?;
    let key = line[..at]
        .trim()
        .trim_start_matches(['-', ' '])
        .trim_matches(['"', '\'']);
    let value = &line[at + 1..];
    Some((key, value.strip_prefix('=').unwrap_or(value)))
}

/// The first line of an embedded configuration file or script that
/// assigns a literal secret, as the key it sets. Lines whose value is a
/// placeholder, a reference or code reading the secret from elsewhere are
/// not literals.
pub fn secret_assignment(text: &str) -> Option<&str> {
    lines_with_secret_words(text).into_iter().find_map(|line| {
        let (key, value) = assignment(line)?;
        // In code (`const apiKey = config.apiKey;`) a literal is quoted;
        // anything else is an expression that reads it from elsewhere.
        let code = key.split_whitespace().count() > 1 || value.trim_end().ends_with([';', ',']);
        let quoted = value.trim().starts_with(['"', '\'']);
        let key = key.rsplit(char::is_whitespace).next().unwrap_or(key);
        (is_secret_key_name(key)
            && is_literal_secret(value)
            && !is_short_word(value)
            && !names_a_secret_object(key, value)
            && (quoted || !code))
            .then_some(key)
    })
}

/// Whether a configuration file sets secrets only by reference: at least
/// one line assigns a secret-named key, and every such line's value is a
/// placeholder or a reference (`password = ${DB_PASSWORD}`).
pub fn assigns_secrets_by_reference(text: &str) -> bool {
    let mut any = false;
    for (key, value) in lines_with_secret_words(text)
        .into_iter()
        .filter_map(assignment)
    {
        let value = value.trim().trim_matches(['"', '\'']);
        // An empty value is a section (`secrets:`) or continues below.
        if !is_secret_key_name(key) || value.is_empty() {
            continue;
        }
        if !(is_placeholder(value)
            || reads_from_elsewhere(value)
            || names_a_secret_object(key, value))
        {
            return false;
        }
        any = true;
    }
    any
}

/// A literal value that could be a secret (not a placeholder, reference,
/// code, number, path or plain URL).
pub fn is_literal_secret(value: &str) -> bool {
    let trimmed = value.trim().trim_end_matches([',', ';']).trim();
    let v = trimmed.trim_matches(['"', '\'']);
    !is_placeholder(v)
        && !reads_from_elsewhere(trimmed)
        && v.len() >= 4
        && !v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !v.starts_with('/')
        && !v.starts_with(['{', '['])
        && (!v.contains("://") || looks_like_token(v))
}

/// A short all-lowercase word (`passwd: files` in nsswitch.conf, `token: none`)
/// is a setting inside a config file, not a credential.
fn is_short_word(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    v.len() < 12 && v.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_secret_words_are_the_lines_that_contain_one() {
        let texts = [
            "a: 1\npassword: x\nb: 2\n",
            "token=1 key=2 secret=3\r\nplain\r\nAPI_KEY=4",
            "KEY: v",
            "x\n\n  # pwd here\nlast key",
            "",
            "no secrets\nat all\n",
        ];
        for text in texts {
            let expected: Vec<&str> = text
                .lines()
                .filter(|l| SECRET_WORD_PARTS.as_ref().is_some_and(|ac| ac.is_match(l)))
                .collect();
            let lines = lines_with_secret_words(text);
            assert_eq!(lines, expected, "{text:?}");
        }
    }

    #[test]
    fn names() {
        for name in [
            "DB_PASSWORD",
            "api_key",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "PASS",
            "SMTP_PASS",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "PASSWORD_FILE",
            "TOKEN_URL",
            "SECRET_NAME",
            "PWD",
            "PATH",
            "AWS_ACCESS_KEY_ID",
            "PASSTHROUGH",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn values() {
        assert!(looks_like_token("AKIAIOSFODNN7EXAMPLE"));
        assert!(looks_like_token("postgres://app:s3cr3t@db:5432/app"));
        assert!(looks_like_token(
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl"
        ));
        assert!(!looks_like_token("postgres://app@db:5432/app"));
        assert!(!looks_like_token("postgres://app:${DB_PASSWORD}@db/app"));
        assert!(!looks_like_token("hello world"));
        for placeholder in [
            "$(DB_PASSWORD)",
            "<your-token>",
            "REPLACE_ME",
            "<changeme>",
            "your-api-key-here",
            "__API_TOKEN__",
            "{{ .Values.password }}",
            "$slack-token",
            "********",
            "TBD",
            "...base64 encoded data...",
        ] {
            assert!(is_placeholder(placeholder), "{placeholder}");
        }
        for literal in [
            "hunter2",
            "correct-horse-battery-staple",
            "a\n${X}\npassword=x",
        ] {
            assert!(!is_placeholder(literal), "{literal}");
        }
    }

    #[test]
    fn values_that_cannot_be_credentials() {
        for value in [
            "latest",
            "v2",
            "1.4.0",
            "15m",
            "1h30m",
            "4096",
            "/run/secrets/x",
            "https://auth.example.com/token",
        ] {
            assert!(is_not_a_credential(value), "{value}");
        }
        for value in ["hunter2", "https://u:p4ss@h/", "s3cr3t"] {
            assert!(!is_not_a_credential(value), "{value}");
        }
    }

    #[test]
    fn code_and_references_are_not_literals() {
        for line in [
            "password = os.environ[\"DB_PASSWORD\"]",
            "const apiKey = config.apiKey;",
            "token: $slack-token",
            "PASSWORD=$(cat /run/secrets/db)",
            "secret = get_secret()",
            "password = ${DB_PASSWORD}",
        ] {
            assert_eq!(secret_assignment(line), None, "{line}");
        }
        assert_eq!(
            secret_assignment("password = \"hunter2\";"),
            Some("password")
        );
        assert_eq!(
            secret_assignment("db.password=hunter2-prod"),
            Some("db.password")
        );
    }
}

/// Whether a configuration key names a secret, by whole words: `password`,
/// `db.password`, `clientSecret`, `API_KEY`, `auth-token` — but not
/// `max_tokens`, `tokenizer`, `password_min_length` or `secret_name`.
pub fn is_secret_key_name(key: &str) -> bool {
    // Every secret word below contains one of these; most keys contain none,
    // and this check allocates nothing.
    if !SECRET_WORD_PARTS.as_ref().is_none_or(|ac| ac.is_match(key)) {
        return false;
    }
    let words = split_words(key);
    if words.is_empty() {
        return false;
    }
    const REFERENCE_WORDS: &[&str] = &[
        "file",
        "path",
        "dir",
        "url",
        "uri",
        "name",
        "ref",
        "enabled",
        "enable",
        "ttl",
        "expiry",
        "expiration",
        "timeout",
        "length",
        "type",
        "id",
        "header",
        "policy",
        "rotation",
        "endpoint",
        "regex",
        "pattern",
        "min",
        "max",
        "count",
        "size",
        "mode",
        "format",
        "env",
        "namespace",
        "ns",
        "version",
    ];
    let is = |word: &str, known: &str| word.eq_ignore_ascii_case(known);
    if let Some(last) = words.last() {
        if REFERENCE_WORDS.iter().any(|r| is(last, r)) {
            return false;
        }
    }
    const SECRET_WORDS: &[&str] = &[
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "credential",
        "credentials",
        "pwd",
    ];
    const SECRET_PAIRS: &[(&str, &str)] = &[
        ("api", "key"),
        ("access", "key"),
        ("private", "key"),
        ("secret", "key"),
        ("auth", "key"),
        ("signing", "key"),
        ("encryption", "key"),
        ("master", "key"),
        ("client", "secret"),
    ];
    words.iter().any(|w| SECRET_WORDS.iter().any(|s| is(w, s)))
        || words.windows(2).any(|pair| {
            SECRET_PAIRS
                .iter()
                .any(|(a, b)| is(pair[0], a) && is(pair[1], b))
        })
}

/// `db.clientSecret_v2` → `["db", "client", "Secret", "v2"]`: slices of
/// `key`, compared case-insensitively by the caller.
pub fn split_words(key: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let bytes = key.as_bytes();
    let mut start = None;
    let mut previous_lower = false;
    for (i, &b) in bytes.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            if let Some(s) = start.take() {
                words.push(&key[s..i]);
            }
            previous_lower = false;
            continue;
        }
        if b.is_ascii_uppercase() && previous_lower {
            if let Some(s) = start {
                words.push(&key[s..i]);
            }
            start = Some(i);
        }
        start.get_or_insert(i);
        previous_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
    }
    if let Some(s) = start {
        words.push(&key[s..]);
    }
    words
}

#[cfg(test)]
mod key_name_tests {
    use super::*;

    #[test]
    fn secret_key_names_by_word() {
        for key in [
            "password",
            "db.password",
            "clientSecret",
            "API_KEY",
            "auth-token",
            "spring.datasource.password",
            "aws_secret_access_key",
            "PRIVATE_KEY",
        ] {
            assert!(is_secret_key_name(key), "{key}");
        }
        for key in [
            "max_tokens",
            "tokenizer",
            "password_min_length",
            "secret_name",
            "token_url",
            "passwordPolicy",
            "keycloak",
            "api_key_header",
            "",
        ] {
            assert!(!is_secret_key_name(key), "{key}");
        }
    }
}

#[cfg(test)]
mod secret_object_tests {
    use super::*;

    #[test]
    fn secret_object_names_are_references() {
        assert!(names_a_secret_object("tls-secret", "web-tls"));
        assert!(names_a_secret_object("secret", "shop/db-credentials"));
        assert!(!names_a_secret_object("secret", "s3cr3tValue"));
        assert!(!names_a_secret_object("password", "web-tls"));
        assert!(!names_a_secret_object("secret", "Hunter-2"));
        assert!(!names_a_secret_object("secret", "s3cr3t-value"));
        assert!(!names_a_secret_object("clientSecret", "my-app-secret"));
        assert!(names_a_secret_object("existingSecret", "db-credentials-v2"));
        assert!(names_a_secret_object("credentialsSecret", "jaeger-creds"));
        assert_eq!(
            secret_assignment("credentialsSecret: \"jaeger-creds\"\n"),
            None
        );
    }
}
