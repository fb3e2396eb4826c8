//! JUnit XML, for CI systems that read only test reports (GitLab's test
//! report, Jenkins, Azure Pipelines). Each file with findings is a test
//! suite and each finding a test case: a `<failure>`, or an `<error>` when
//! the input could not be checked (`invalid-yaml`, …). A run without
//! findings is one passing test case. What was not linted (templates,
//! documents that are not objects, …) is a suite of skipped test cases.

use super::summary::plural;
use kubelint::rules::docs::docs_url;
use kubelint::{Diagnostic, Report};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::borrow::Cow;
use std::io::Write;

pub fn print(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut files: Vec<(&str, Vec<&Diagnostic>)> = Vec::new();
    for d in &report.diagnostics {
        match files.last_mut() {
            Some((file, list)) if *file == d.file => list.push(d),
            _ => files.push((&d.file, vec![d])),
        }
    }
    let is_error = |d: &Diagnostic| kubelint::rules::means_not_checked(&d.rule);
    // A finding each, or the one passing case; and a skipped case each.
    let total = (report.diagnostics.len().max(1) + report.skipped.len()).to_string();
    let errors = report.diagnostics.iter().filter(|d| is_error(d)).count();
    let failures = (report.diagnostics.len() - errors).to_string();
    let errors = errors.to_string();
    let skipped = report.skipped.len().to_string();

    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("testsuites")
        .with_attribute(("name", "kubelint"))
        .with_attribute(("tests", total.as_str()))
        .with_attribute(("failures", failures.as_str()))
        .with_attribute(("errors", errors.as_str()))
        .with_attribute(("skipped", skipped.as_str()))
        .write_inner_content(|w| {
            if !report.skipped.is_empty() {
                not_linted(w, report)?;
            }
            if files.is_empty() {
                let linted = format!(
                    "{}, {}",
                    plural(report.files, "file"),
                    plural(report.objects, "object")
                );
                return w
                    .create_element("testsuite")
                    .with_attribute(("name", "kubelint"))
                    .with_attribute(("tests", "1"))
                    .with_attribute(("failures", "0"))
                    .with_attribute(("errors", "0"))
                    .write_inner_content(|w| {
                        w.create_element("testcase")
                            .with_attribute(("classname", "kubelint"))
                            .with_attribute(("name", xml_safe(&linted).as_ref()))
                            .write_empty()
                            .map(drop)
                    })
                    .map(drop);
            }
            for (file, list) in &files {
                let file = xml_safe(file);
                let errors = list.iter().filter(|d| is_error(d)).count();
                w.create_element("testsuite")
                    .with_attribute(("name", file.as_ref()))
                    .with_attribute(("tests", list.len().to_string().as_str()))
                    .with_attribute(("failures", (list.len() - errors).to_string().as_str()))
                    .with_attribute(("errors", errors.to_string().as_str()))
                    .write_inner_content(|w| {
                        for d in list {
                            test_case(w, &file, d, is_error(d))?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    writeln!(out)?;
    out.flush()
}

/// One skipped test case per thing not linted, with the reason.
fn not_linted<W: Write>(w: &mut Writer<W>, report: &Report) -> std::io::Result<()> {
    let count = report.skipped.len().to_string();
    w.create_element("testsuite")
        .with_attribute(("name", "not linted"))
        .with_attribute(("tests", count.as_str()))
        .with_attribute(("skipped", count.as_str()))
        .write_inner_content(|w| {
            for s in &report.skipped {
                let file = xml_safe(&s.file);
                let name = match s.start {
                    Some(at) => format!("{} at {}:{}", s.reason.id(), at.line, at.column),
                    None => s.reason.id().to_owned(),
                };
                w.create_element("testcase")
                    .with_attribute(("classname", file.as_ref()))
                    .with_attribute(("name", xml_safe(&name).as_ref()))
                    .write_inner_content(|w| {
                        w.create_element("skipped")
                            .with_attribute(("message", xml_safe(&s.message).as_ref()))
                            .write_empty()
                            .map(drop)
                    })?;
            }
            Ok(())
        })
        .map(drop)
}

fn test_case<W: Write>(
    w: &mut Writer<W>,
    file: &str,
    d: &Diagnostic,
    input_error: bool,
) -> std::io::Result<()> {
    let name = format!("{} at {}:{}", d.rule, d.start.line, d.start.column);
    let mut body = format!(
        "{}:{}:{}: {}[{}] {}",
        d.file, d.start.line, d.start.column, d.severity, d.rule, d.message
    );
    if let Some(object) = &d.object {
        body.push_str(&format!("\nobject: {object}"));
    }
    if let Some(help) = &d.help {
        body.push_str(&format!("\nhelp: {help}"));
    }
    if kubelint::rules::by_id(&d.rule).is_some() {
        body.push_str(&format!("\ndocs: {}", docs_url(&d.rule)));
    }
    let line = d.start.line.to_string();
    w.create_element("testcase")
        .with_attribute(("classname", file))
        .with_attribute(("name", xml_safe(&name).as_ref()))
        .with_attribute(("file", file))
        .with_attribute(("line", line.as_str()))
        .write_inner_content(|w| {
            w.create_element(if input_error { "error" } else { "failure" })
                .with_attribute(("type", d.severity.as_str()))
                .with_attribute(("message", xml_safe(&d.message).as_ref()))
                .write_text_content(BytesText::new(&xml_safe(&body)))
                .map(drop)
        })
        .map(drop)
}

/// XML 1.0 cannot carry most control characters, even escaped: they become
/// U+FFFD (manifest values end up in messages).
fn xml_safe(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    };
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::xml_safe;

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(xml_safe("a\tb\nc"), "a\tb\nc");
        assert_eq!(xml_safe("a\u{1}b\u{1b}[31m"), "a\u{FFFD}b\u{FFFD}[31m");
        assert_eq!(xml_safe("x\u{FFFF}"), "x\u{FFFD}");
    }
}
