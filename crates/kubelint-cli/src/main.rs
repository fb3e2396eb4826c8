//! `kubelint`: the command-line face of the kubelint core. It parses
//! arguments, calls the library and prints what it returns; no lint logic
//! lives here.
#![forbid(unsafe_code)]

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
mod outputs;
mod shell;

use clap::{Parser, Subcommand, ValueEnum};
use kubelint::rules::profiles::Profile;
use std::path::PathBuf;
use std::process::ExitCode;

/// Fast, offline, span-aware security linter for Kubernetes YAML.
#[derive(Parser, Debug)]
#[command(
    name = "kubelint",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = EXIT_CODES,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Shown at the end of `--help` (and in the man page).
const EXIT_CODES: &str = "\
Exit codes:
  0  no findings (at or above --fail-on), or --exit-zero
  1  findings at or above --fail-on
  2  a file or the configuration could not be read or parsed, bad arguments,
     or no Kubernetes object was linted with --fail-if-no-objects";

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint manifests: files, directories (walked, the repository's .gitignore respected) or `-` for stdin.
    ///
    /// Helm charts must be rendered first: `helm template . | kubelint check -`.
    /// Whatever is not linted (template documents, documents that are not
    /// Kubernetes objects, files without any, excluded files named on the
    /// command line) is listed in every output format.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// List every rule with its family, severity, whether it is on by
    /// default, and the profiles that include it.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
        /// List only the rules of this profile: security, pss-baseline,
        /// pss-restricted, cis or all.
        #[arg(long, value_name = "NAME", value_parser = parse_profile)]
        profile: Option<Profile>,
    },
    /// Run the language server on stdin/stdout (for editors: VS Code, Neovim, …).
    Lsp,
    /// Show a rule's documentation.
    Explain {
        /// Rule id, e.g. `privileged-container`.
        rule: String,
    },
    /// Print a shell completion script, e.g. `kubelint completions bash > /etc/bash_completion.d/kubelint`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `kubelint man | man -l -`; with
    /// `--dir`, write `kubelint.1` and one page per subcommand there.
    Man {
        /// Directory to write the pages into.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
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
    /// Output format, written to standard output (or to `--output FILE`).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Where reports go (repeatable). `FILE`: the `--format` report goes to
    /// FILE instead of standard output. `FORMAT=FILE`: a report in FORMAT goes
    /// to FILE as well, e.g. `-o sarif=kubelint.sarif -o junit=junit.xml`.
    /// FILE `-` is standard output.
    #[arg(long, short = 'o', value_name = "[FORMAT=]FILE")]
    output: Vec<String>,
    /// The name standard input (`-`) has in reports, and where the
    /// configuration file is looked for, e.g. `--stdin-filename k8s/app.yaml`.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Exit 0 even if there are findings (2 still means a file or the
    /// configuration could not be read).
    #[arg(long)]
    exit_zero: bool,
    /// Instead of each finding, print how many findings each rule has
    /// (human and concise: a table; json: a list).
    #[arg(long)]
    statistics: bool,
    /// Glob of paths not to lint (repeatable), e.g. `--exclude 'charts/**'`.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Configuration file (default: `.kubelint.yaml` found upward from the first path).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// The rules that run unless named by --enable/--disable or the
    /// configuration: security (default: the rules on by default),
    /// pss-baseline, pss-restricted, cis or all. Replaces the
    /// configuration's `profile:`.
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    profile: Option<Profile>,
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
    /// JUnit XML, for CI systems that show test reports.
    Junit,
    /// GitLab Code Quality JSON, for the merge request widget.
    Gitlab,
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

/// `--profile`: a profile name, or "unknown profile `x`; did you mean …".
fn parse_profile(name: &str) -> Result<Profile, String> {
    Profile::parse(name)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules { format, profile } => docs::list_rules(format, profile),
        Command::Lsp => kubelint_lsp::run_stdio(),
        Command::Explain { rule } => docs::explain(&rule),
        Command::Completions { shell } => shell::completions(shell),
        Command::Man { dir } => shell::man(dir.as_deref()),
        Command::GenerateDocs { dir } => docs::generate(&dir),
    };
    ExitCode::from(code)
}
