//! `kubelint`: the command-line face of the kubelint core. It parses
//! arguments, calls the library and prints what it returns; no lint logic
//! lives here.

/// `eprintln!` that ignores a closed standard error (`2>&1 | head`): the
/// reader is gone, and panicking (exit 101) is no way to say so.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod check;
mod docs;
mod fix;
mod output;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Fast, offline, span-aware security linter for Kubernetes YAML.
///
/// Exit codes: 0 no findings, 1 findings, 2 a file or the configuration
/// could not be read or parsed (or, with `--fail-if-no-objects`, nothing
/// was linted).
#[derive(Parser, Debug)]
#[command(name = "kubelint", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint manifests: files, directories (walked, the repository's .gitignore respected) or `-` for stdin.
    ///
    /// Helm charts must be rendered first: `helm template . | kubelint check -`.
    /// Whatever is not linted (template documents, documents that are not
    /// Kubernetes objects, files without any, excluded files named on the
    /// command line) is listed in every output format.
    Check(CheckArgs),
    /// List every rule with its family, severity and whether it is on by default.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Run the language server on stdin/stdout (for editors: VS Code, Neovim, …).
    Lsp,
    /// Show a rule's documentation.
    Explain {
        /// Rule id, e.g. `privileged-container`.
        rule: String,
    },
    /// Write the per-rule documentation pages (`docs/rules/<id>.md`) and index.
    #[command(hide = true)]
    GenerateDocs {
        /// Directory to write into.
        #[arg(default_value = "docs/rules")]
        dir: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files or directories to lint; `-` reads one stream from stdin.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Glob of paths not to lint (repeatable), e.g. `--exclude 'charts/**'`.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Configuration file (default: `.kubelint.yaml` found upward from the first path).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Turn on a rule (repeatable); `all` turns on every rule.
    #[arg(long, value_name = "RULE")]
    enable: Vec<String>,
    /// Turn off a rule (repeatable).
    #[arg(long, value_name = "RULE")]
    disable: Vec<String>,
    /// Exit with 1 only for findings of at least this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Info)]
    fail_on: FailOn,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// Lint files that the repository's .gitignore files would skip.
    #[arg(long)]
    no_ignore: bool,
    /// Exit with 2 if no Kubernetes object was linted (everything was a
    /// template, excluded, or not a manifest): a CI gate that checked
    /// nothing fails instead of passing.
    #[arg(long)]
    fail_if_no_objects: bool,
    /// Colors in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Print findings, and notes on documents not linted, only: no counts,
    /// no list of files that are not manifests.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Apply safe fixes in place, then report what is left. With `-`, print
    /// the fixed text on stdout (findings go to stderr).
    #[arg(long)]
    fix: bool,
    /// Audit mode: ignore the suppressions written in the manifests
    /// (`# kubelint-ignore` comments, `kubelint/ignore` annotations) and
    /// report every finding. Same as `inline-ignores: false` in the configuration.
    #[arg(long)]
    no_inline_ignores: bool,
    /// With --fix, also rewrite files that have no write permission
    /// (they are skipped with a note otherwise).
    #[arg(long)]
    fix_read_only: bool,
    /// Apply unsafe fixes too (implies --fix): they can change how a workload
    /// runs, e.g. `privileged: false`. Review the diff.
    #[arg(long)]
    unsafe_fixes: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// Source snippets with the offending span underlined.
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// The stable JSON schema described in docs/json-output.md.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum RulesFormat {
    Table,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum FailOn {
    Info,
    Warning,
    Error,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules { format } => docs::list_rules(format),
        Command::Lsp => kubelint_lsp::run_stdio(),
        Command::Explain { rule } => docs::explain(&rule),
        Command::GenerateDocs { dir } => docs::generate(&dir),
    };
    ExitCode::from(code)
}
