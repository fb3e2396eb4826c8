//! `kubelint check`.

use crate::{output, CheckArgs, FailOn, Format};
use kubelint::{Config, Linter, Severity};
use std::path::Path;
use std::time::Instant;

pub fn run(args: CheckArgs) -> u8 {
    let started = Instant::now();
    let (mut config, config_problems) = load_config(&args);
    config.enable.extend(args.enable.iter().cloned());
    config.disable.extend(args.disable.iter().cloned());
    if args.threads.is_some() {
        config.threads = args.threads;
    }
    if args.no_ignore {
        config.respect_gitignore = false;
    }
    let unknown: Vec<&String> = args
        .enable
        .iter()
        .chain(&args.disable)
        .filter(|id| *id != "all" && kubelint::rules::by_id(id).is_none())
        .collect();
    if let Some(id) = unknown.first() {
        eprintln!("error: unknown rule `{id}` (see `kubelint rules`)");
        return 2;
    }
    let linter = Linter::new(config);
    let mut report = linter.lint_paths_excluding(&args.paths, &args.exclude);
    if let (Some(first), Some(path)) = (config_problems.first(), linter.config().source.as_ref()) {
        if let Ok(text) = std::fs::read_to_string(path) {
            report.sources.insert(first.file.clone(), text);
        }
    }
    // Configuration problems come first, in the order they are in the file.
    report.diagnostics.splice(0..0, config_problems);
    let fail_on = match args.fail_on {
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    };
    let color = output::use_color(args.color);
    let printed = match args.format {
        Format::Human => output::human::print(&report, color),
        Format::Concise => output::concise::print(&report),
        Format::Json => output::json::print(&report),
        Format::Sarif => output::sarif::print(&report),
        Format::Github => output::github::print(&report),
    };
    if let Err(e) = printed {
        // A closed pipe (`kubelint check | head`) is not an error worth a message.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write output: {e}");
        }
    }
    if !args.quiet && matches!(args.format, Format::Human | Format::Concise) {
        output::summary::print(&report, started.elapsed(), color);
    }
    report.exit_code(fail_on) as u8
}

fn load_config(args: &CheckArgs) -> (Config, Vec<kubelint::Diagnostic>) {
    if args.no_config {
        return (Config::default(), Vec::new());
    }
    let found = args.config.clone().or_else(|| {
        let first = args
            .paths
            .iter()
            .find(|p| p.as_os_str() != "-")
            .map_or(Path::new("."), |p| p.as_path());
        Config::discover(first)
    });
    match found {
        Some(path) => Config::load(&path),
        None => (Config::default(), Vec::new()),
    }
}
