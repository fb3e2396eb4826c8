//! `kubelint completions` and `kubelint man`: generated from the argument
//! definitions by clap_complete and clap_mangen, so they never drift from
//! `--help`.

use crate::Cli;
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "kubelint", &mut out);
    write_stdout(&out)
}

/// Prints `kubelint(1)` on stdout, or writes it and one page per subcommand
/// (`kubelint-check.1`, …) into `dir`.
pub fn man(dir: Option<&Path>) -> u8 {
    match dir {
        Some(dir) => match std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(Cli::command(), dir))
        {
            Ok(()) => 0,
            Err(e) => {
                note!("error: cannot write man pages to {}: {e}", dir.display());
                2
            }
        },
        None => {
            let mut out = Vec::new();
            if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
                note!("error: cannot render the man page: {e}");
                return 2;
            }
            write_stdout(&out)
        }
    }
}

fn write_stdout(bytes: &[u8]) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            note!("error: cannot write output: {e}");
            2
        }
    }
}
