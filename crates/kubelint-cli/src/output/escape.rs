//! Text from manifests made safe for a terminal or a CI log.
//!
//! Messages quote values (container names, images, flags) and file names
//! that anyone who can open a pull request controls. Printed raw, an
//! escape sequence recolours or rewrites the terminal, a carriage return
//! overwrites what came before, a line break starts a line of its own —
//! one that GitHub Actions reads as a workflow command (`::add-mask::`,
//! `::error::`) — and bidirectional overrides show text in another order
//! than it is stored. Those characters are shown, never acted on.

use std::borrow::Cow;

/// Whether a terminal or a log viewer would act on `c` rather than show it:
/// C0 and C1 controls and DEL (tabs excepted), line and paragraph
/// separators, and the bidirectional formatting characters.
fn is_active(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// A single-line text (a message, a file name): every active character
/// becomes a visible escape (`\n`, `\r`, `\u{1b}`).
pub fn inline(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_active) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_active(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A file's text for source snippets: line breaks stay (a lone `\r`
/// becomes `\n`, as kubelint counts it a line break anyway), and every
/// other active character becomes a visible one of the same UTF-8 length
/// (`?`, `¿`, `�`), so byte offsets, lines and columns are unchanged.
pub fn source(text: &str) -> Cow<'_, str> {
    let lone_cr = |at: usize| text.as_bytes().get(at + 1) != Some(&b'\n');
    let needs = text
        .char_indices()
        .any(|(at, c)| (c == '\r' && lone_cr(at)) || (is_active(c) && !matches!(c, '\n' | '\r')));
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let shown = match c {
            '\n' => '\n',
            '\r' if lone_cr(at) => '\n',
            '\r' => '\r',
            c if is_active(c) => match c.len_utf8() {
                1 => '?',
                2 => '¿',
                _ => '\u{fffd}',
            },
            c => c,
        };
        debug_assert_eq!(shown.len_utf8(), c.len_utf8());
        out.push(shown);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_shows_what_a_terminal_would_act_on() {
        assert_eq!(inline("plain `text`\tok é"), "plain `text`\tok é");
        assert_eq!(
            inline("a\n::add-mask::x\r\u{1b}[31mred\u{9b}2J\u{202e}"),
            "a\\n::add-mask::x\\r\\u{1b}[31mred\\u{9b}2J\\u{202e}"
        );
    }

    #[test]
    fn source_keeps_offsets_and_lines() {
        let text = "a: \u{1b}[2J\r\nb: x\ry\u{85}\u{2028}z\u{7f}\n";
        let shown = source(text);
        assert_eq!(shown, "a: ?[2J\r\nb: x\ny¿\u{fffd}z?\n");
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown.chars().count(), text.chars().count());
        assert!(matches!(source("a: 1\r\nb: 2\n"), Cow::Borrowed(_)));
    }
}
