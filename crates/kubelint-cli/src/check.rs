//! `kubelint check`.

use crate::output::escape::inline;
use crate::outputs::{self, Destination, Output};
use crate::{fix, output, CheckArgs, FailOn, Format};
use kubelint::config::OverrideList;
use kubelint::{Config, Linter, Report, Severity};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn run(args: CheckArgs) -> u8 {
    let started = Instant::now();
    let outputs = match outputs::plan(args.format, &args.output) {
        Ok(outputs) => outputs,
        Err(message) => {
            note!("error: {message}");
            return 2;
        }
    };
    if args.statistics && !matches!(args.format, Format::Human | Format::Concise | Format::Json) {
        note!("error: --statistics prints a table or JSON: use it with --format human, concise or json");
        return 2;
    }
    let (mut config, config_problems) = load_config(&args);
    config.overrides.profile = args.profile;
    config.overrides.enable.clone_from(&args.enable);
    config.overrides.disable.clone_from(&args.disable);
    if args.no_inline_ignores {
        config.overrides.inline_ignores = Some(false);
    }
    if args.threads.is_some() {
        config.threads = args.threads;
    }
    if args.no_ignore {
        config.respect_gitignore = false;
    }
    if let Some(unknown) = config.overrides.resolve_names().first() {
        let flag = match unknown.list {
            OverrideList::Enable => "--enable",
            _ => "--disable",
        };
        note!("error: {flag}: {}", inline(&unknown.message));
        return 2;
    }
    let linter = Linter::new(config);
    let fixing = args.fix || args.unsafe_fixes;
    let fixes = fixing.then(|| apply_fixes(&linter, &args));
    let mut report = match &fixes {
        // Standard input was read (and fixed) already: lint the fixed text,
        // and the files as they are now.
        Some(fixes) => {
            let files: Vec<PathBuf> = args
                .paths
                .iter()
                .filter(|p| p.as_os_str() != "-")
                .cloned()
                .collect();
            let mut report = if files.is_empty() {
                Report::default()
            } else {
                linter.lint_paths_excluding(&files, &args.exclude)
            };
            if let Some(text) = &fixes.stdin_text {
                merge(&mut report, linter.lint_text("-", text));
            }
            report
        }
        None => linter.lint_paths_excluding(&args.paths, &args.exclude),
    };
    if let (Some(first), Some(path)) = (config_problems.first(), linter.config().source.as_ref()) {
        if let Ok(text) = std::fs::read_to_string(path) {
            report.sources.insert(first.file.clone(), text);
        }
    }
    if let Some(name) = &args.stdin_filename {
        name_stdin(&mut report, name);
    }
    // Configuration problems come first, in the order they are in the file.
    report.diagnostics.splice(0..0, config_problems);
    let fail_on = match args.fail_on {
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    };
    // With `--fix -` stdout carries the fixed manifest, so findings go to stderr.
    let to_stderr = fixes.as_ref().is_some_and(|f| f.stdin_text.is_some());
    let color = output::use_color(args.color);
    let mut failed_output = false;
    for (i, target) in outputs.iter().enumerate() {
        let statistics = args.statistics && i == 0;
        if let Err(e) = write_report(&report, target, statistics, color, to_stderr) {
            // A closed pipe (`kubelint check | head`) is not an error worth a message.
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                match &target.destination {
                    Destination::Stdout => note!("error: cannot write output: {e}"),
                    Destination::File(path) => {
                        note!(
                            "error: cannot write {}: {e}",
                            inline(&path.display().to_string())
                        );
                        failed_output = true;
                    }
                }
            }
        }
    }
    if !args.quiet {
        if let Some(fixes) = &fixes {
            fixes.print_summary(args.unsafe_fixes);
        }
    }
    if matches!(args.format, Format::Human | Format::Concise) {
        output::summary::print_skipped(&report, args.quiet);
        if !args.quiet {
            output::summary::print(&report, started.elapsed(), color);
        }
    }
    let mut code = report.exit_code(fail_on) as u8;
    if args.exit_zero && code == 1 {
        code = 0;
    }
    if args.fail_if_no_objects && report.objects == 0 {
        note!(
            "error: no Kubernetes object was linted in {} (--fail-if-no-objects)",
            output::summary::plural(report.files, "file")
        );
        code = 2;
    }
    match &fixes {
        Some(fixes) if fixes.failed => code.max(2),
        _ if failed_output => code.max(2),
        _ => code,
    }
}

/// Writes one report. Colour only on standard output (when `color` says
/// the terminal wants it), never into files or after `--fix -`.
fn write_report(
    report: &Report,
    target: &Output,
    statistics: bool,
    color: bool,
    to_stderr: bool,
) -> std::io::Result<()> {
    let (mut out, color): (Box<dyn Write>, bool) = match &target.destination {
        Destination::Stdout if to_stderr => (Box::new(std::io::stderr().lock()), false),
        Destination::Stdout => (
            Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            color,
        ),
        Destination::File(path) => (
            Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
            false,
        ),
    };
    if statistics {
        return output::statistics::print(report, target.format == Format::Json, &mut out);
    }
    match target.format {
        Format::Human => output::human::print(report, color, &mut out)?,
        Format::Concise => output::concise::print(report, color, &mut out)?,
        Format::Json => output::json::print(report, &mut out)?,
        Format::Sarif => output::sarif::print(report, &mut out)?,
        Format::Github => output::github::print(report, &mut out)?,
        Format::Junit => output::junit::print(report, &mut out)?,
        Format::Gitlab => output::gitlab::print(report, &mut out)?,
    }
    out.flush()
}

/// Names standard input `name` instead of `-` (`--stdin-filename`).
fn name_stdin(report: &mut Report, name: &str) {
    let mut renamed = false;
    for d in &mut report.diagnostics {
        if d.file == "-" {
            d.file = name.to_owned();
            renamed = true;
        }
    }
    if renamed {
        report
            .diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    if let Some(text) = report.sources.remove("-") {
        report.sources.insert(name.to_owned(), text);
    }
    for skipped in &mut report.skipped {
        if skipped.file == "-" {
            skipped.file = name.to_owned();
        }
    }
}

/// What `--fix` did before the report.
struct Fixes {
    fixed: Vec<fix::Fixed>,
    /// The fixed standard input, already printed.
    stdin_text: Option<String>,
    /// A file could not be written or stdin could not be read.
    failed: bool,
}

impl Fixes {
    fn print_summary(&self, unsafe_fixes: bool) {
        let applied: usize = self.fixed.iter().map(|f| f.outcome.applied.len()).sum();
        let files = self
            .fixed
            .iter()
            .filter(|f| !f.outcome.applied.is_empty())
            .count();
        for f in &self.fixed {
            for skipped in &f.outcome.skipped {
                note!(
                    "warning: {}:{}: fix \"{}\" ({}) {}",
                    inline(&f.display),
                    skipped.line,
                    skipped.title,
                    skipped.rule,
                    skipped.reason
                );
            }
        }
        if applied == 0 {
            note!("No fixes applied.");
        } else {
            note!(
                "Fixed {applied} finding{} in {files} file{}.",
                if applied == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" }
            );
        }
        let more: usize = self.fixed.iter().map(|f| f.outcome.unsafe_available).sum();
        if more > 0 && !unsafe_fixes {
            note!(
                "{more} more fixable with --unsafe-fixes (they can change how a workload runs: review the diff)."
            );
        }
    }
}

fn apply_fixes(linter: &Linter, args: &CheckArgs) -> Fixes {
    let include_unsafe = args.unsafe_fixes;
    let files: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let options = fix::FixOptions {
        include_unsafe,
        read_only: args.fix_read_only,
    };
    let run = if files.is_empty() {
        fix::FixRun::default()
    } else {
        fix::fix_paths(linter, &files, &args.exclude, options)
    };
    let mut fixed = run.fixed;
    let mut failed = !run.errors.is_empty();
    for error in run.errors {
        note!("error: {}", inline(&error));
    }
    for refused in run.refused {
        note!("warning: {}", inline(&refused));
    }
    let mut stdin_text = None;
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        match fix::fix_stdin(linter, include_unsafe) {
            Ok((_, outcome)) => {
                let mut stdout = std::io::stdout().lock();
                if let Err(e) = stdout
                    .write_all(outcome.text.as_bytes())
                    .and_then(|()| stdout.flush())
                {
                    note!("error: cannot write the fixed text: {e}");
                    failed = true;
                }
                stdin_text = Some(outcome.text.clone());
                fixed.push(fix::Fixed {
                    display: args.stdin_filename.clone().unwrap_or_else(|| "-".into()),
                    outcome,
                });
            }
            Err(e) => {
                note!(
                    "error: {}: {e}",
                    inline(args.stdin_filename.as_deref().unwrap_or("-"))
                );
                failed = true;
            }
        }
    }
    Fixes {
        fixed,
        stdin_text,
        failed,
    }
}

/// Adds the report of one more input.
fn merge(into: &mut Report, from: Report) {
    into.diagnostics.extend(from.diagnostics);
    into.diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    into.files += from.files;
    into.documents += from.documents;
    into.objects += from.objects;
    into.skipped.extend(from.skipped);
    into.sources.extend(from.sources);
}

fn load_config(args: &CheckArgs) -> (Config, Vec<kubelint::Diagnostic>) {
    if args.no_config {
        return (Config::default(), Vec::new());
    }
    // Found from the first path. Standard input stands for its
    // --stdin-filename, a file name that need not exist: the search starts
    // in the nearest directory of it that does.
    let stdin_dir = args.stdin_filename.as_deref().map(|name| {
        Path::new(name)
            .ancestors()
            .skip(1)
            .find(|dir| dir.as_os_str().is_empty() || dir.is_dir())
            .unwrap_or(Path::new("."))
    });
    let found = args.config.clone().or_else(|| {
        let first = args
            .paths
            .iter()
            .find_map(|p| {
                if p.as_os_str() == "-" {
                    stdin_dir
                } else {
                    Some(p.as_path())
                }
            })
            .unwrap_or(Path::new("."));
        Config::discover(first)
    });
    match found {
        Some(path) => Config::load(&path),
        None => (Config::default(), Vec::new()),
    }
}
