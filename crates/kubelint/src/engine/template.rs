//! Telling template documents (Helm charts, Jinja) from broken YAML.
//!
//! A document is a template only if Kubernetes cannot decode it (it does not
//! parse, or a `{{ }}` made a mapping a key) **and** it has template syntax
//! where YAML structure goes: `{{` or `{%` starting a line, a key, a value or
//! a sequence entry. Inside a quoted, plain or block string, or a comment,
//! `{{ }}` is text: alerting rules, Argo workflows and Istio injector
//! ConfigMaps carry it, and a value such as
//! `note: install with {{ .Values.tag }}` must never make a manifest a
//! template. A document that decodes is always linted.
//!
//! The scan is lexical (the document does not parse, so there is no tree to
//! ask) and line by line: it follows quoted scalars across lines, skips
//! block scalars by their indentation and stops each line at a comment.

/// The byte offset (in `text`) of the first template action outside strings
/// and comments, if any.
pub(crate) fn template_action(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"{{").is_none() && memchr::memmem::find(bytes, b"{%").is_none()
    {
        return None;
    }
    let mut scan = Scan::default();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
        if let Some(at) = scan.line(&bytes[line_start..line_end]) {
            return Some(line_start + at);
        }
        line_start = line_end + 1;
    }
    None
}

#[derive(Default)]
struct Scan {
    /// Inside a quoted scalar that continues on the next line (`"` or `'`).
    quote: Option<u8>,
    /// Inside a block scalar: its lines are indented more than this.
    block_parent: Option<usize>,
}

impl Scan {
    /// Scans one line (without its `\n`); returns where a template action
    /// starts in it.
    fn line(&mut self, line: &[u8]) -> Option<usize> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        if let Some(parent) = self.block_parent {
            if indent > parent || line[indent..].iter().all(|b| b.is_ascii_whitespace()) {
                return None;
            }
            self.block_parent = None;
        }
        let mut i = if self.quote.is_some() { 0 } else { indent };
        // At a place where a YAML token (not the middle of a plain scalar)
        // starts: the line's first token, after `key: `, `- `, `? `, and in
        // flow collections after `[`, `{` and `,`.
        let mut token_start = self.quote.is_none();
        let mut flow_depth = 0usize;
        let space_or_end = |at: usize| at >= line.len() || matches!(line[at], b' ' | b'\t');
        while i < line.len() {
            let b = line[i];
            if let Some(quote) = self.quote {
                if quote == b'"' && b == b'\\' {
                    i += 2;
                    continue;
                }
                if b == quote {
                    if quote == b'\'' && line.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                }
                i += 1;
                continue;
            }
            match b {
                b'#' if i == 0 || matches!(line[i - 1], b' ' | b'\t') => return None,
                b'{' if token_start && matches!(line.get(i + 1), Some(b'{' | b'%')) => {
                    return Some(i)
                }
                b' ' | b'\t' => {}
                b'"' | b'\'' if token_start => {
                    self.quote = Some(b);
                    token_start = false;
                }
                b'-' | b'?' if token_start && space_or_end(i + 1) => {}
                b':' if space_or_end(i + 1)
                    || (flow_depth > 0 && line.get(i + 1) == Some(&b',')) =>
                {
                    token_start = true;
                }
                b'[' | b'{' if token_start => flow_depth += 1,
                b']' | b'}' if flow_depth > 0 => {
                    flow_depth -= 1;
                    token_start = false;
                }
                b',' if flow_depth > 0 => token_start = true,
                b'|' | b'>' if token_start && flow_depth == 0 => {
                    // A block scalar header; its content is on the lines
                    // indented more than this line.
                    self.block_parent = Some(indent);
                    return None;
                }
                b'&' | b'!' | b'*' if token_start => {
                    // An anchor, tag or alias: the value (if any) follows it.
                    while i < line.len() && !matches!(line[i], b' ' | b'\t') {
                        i += 1;
                    }
                    continue;
                }
                _ => token_start = false,
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::template_action;

    fn found(text: &str) -> Option<&str> {
        template_action(text).map(|at| &text[at..at + 2])
    }

    #[test]
    fn template_actions_in_structure_are_found() {
        assert_eq!(
            found("metadata:\n  name: {{ .Release.Name }}\n"),
            Some("{{")
        );
        assert_eq!(
            found("{{- if .Values.enabled }}\napiVersion: v1\n"),
            Some("{{")
        );
        assert_eq!(
            found("spec:\n  {{- include \"x\" . | nindent 2 }}\n"),
            Some("{{")
        );
        assert_eq!(found("items:\n- {{ .Values.item }}\n"), Some("{{"));
        assert_eq!(found("{% if x %}\nkind: Pod\n"), Some("{%"));
        assert_eq!(found("args: [a, {{ .Values.b }}]\n"), Some("{{"));
        assert_eq!(found("labels: &l {{ .Values.labels }}\n"), Some("{{"));
        let text = "a: 1\nb:\n  {{ toYaml .Values.b }}\n";
        assert_eq!(template_action(text), Some(10));
    }

    #[test]
    fn braces_in_strings_and_comments_are_text() {
        for text in [
            "note: install with {{ .Values.tag }}\n",
            "name: app-{{ .Release.Name }}\n",
            "summary: \"{{ $labels.instance }} down\"\n",
            "summary: '{{ $labels.instance }} down'\n",
            "kind: Pod # templated by {{ tool }}\n",
            "# uses {{path}}\nkind: A\n",
            "script: |\n  echo {{ x }}\n  {{ y }}\nnext: 1\n",
            "- >-\n  {{ folded }}\n",
            "a: \"multi\n  {{ line }} string\"\n",
            "a: 'it''s\n  {{ line }}'\n",
            "a: \"esc \\\" {{ x }}\"\n",
            "key: value\n",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }

    #[test]
    fn block_scalars_end_at_their_parent_indentation() {
        let text = "data:\n  s: |\n    {{ a }}\n\n    {{ b }}\n  t: {{ c }}\n";
        assert_eq!(template_action(text), text.find("{{ c"));
    }
}
