//! Where reports go: the `--format` report to standard output (or to
//! `--output FILE`), and `--output FORMAT=FILE` for more reports from the
//! same run, e.g. SARIF for code scanning and a human report for the log.

use crate::Format;
use clap::ValueEnum;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

/// One report to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    pub destination: Destination,
}

/// The reports of a run, the `--format` one first. `specs` are the
/// `--output` values: `FILE` redirects the `--format` report, `FORMAT=FILE`
/// adds one (a `=` after anything but a format name is part of a file name).
/// `-` is standard output. Errors: two reports to standard output or to one
/// file, `FILE` given twice, an empty file name.
pub fn plan(format: Format, specs: &[String]) -> Result<Vec<Output>, String> {
    let destination = |file: &str| -> Result<Destination, String> {
        match file {
            "" => Err("--output needs a file name (`-` for standard output)".into()),
            "-" => Ok(Destination::Stdout),
            _ => Ok(Destination::File(PathBuf::from(file))),
        }
    };
    let mut main = None;
    let mut extra = Vec::new();
    for spec in specs {
        let named = spec
            .split_once('=')
            .and_then(|(name, file)| Some((Format::from_str(name, false).ok()?, file)));
        match named {
            Some((format, file)) => extra.push(Output {
                format,
                destination: destination(file)?,
            }),
            None if main.is_some() => {
                return Err(format!(
                    "--output {spec}: the --format report already goes to a file; \
                     name the format of another report, e.g. --output sarif={spec}"
                ))
            }
            None => main = Some(destination(spec)?),
        }
    }
    let mut outputs = vec![Output {
        format,
        destination: main.unwrap_or(Destination::Stdout),
    }];
    outputs.extend(extra);
    for (i, output) in outputs.iter().enumerate() {
        if outputs[..i]
            .iter()
            .any(|o| o.destination == output.destination)
        {
            return Err(match &output.destination {
                Destination::Stdout => "only one report can go to standard output: \
                     give the others a file (--output FORMAT=FILE)"
                    .to_owned(),
                Destination::File(path) => {
                    format!("two reports would be written to {}", path.display())
                }
            });
        }
    }
    Ok(outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn file(format: Format, path: &str) -> Output {
        Output {
            format,
            destination: Destination::File(path.into()),
        }
    }

    #[test]
    fn the_format_report_goes_to_stdout_unless_redirected() {
        let stdout = Output {
            format: Format::Human,
            destination: Destination::Stdout,
        };
        assert_eq!(plan(Format::Human, &[]), Ok(vec![stdout.clone()]));
        assert_eq!(
            plan(Format::Sarif, &specs(&["out.sarif"])),
            Ok(vec![file(Format::Sarif, "out.sarif")])
        );
        assert_eq!(
            plan(Format::Human, &specs(&["sarif=a.sarif", "junit=j.xml"])),
            Ok(vec![
                stdout,
                file(Format::Sarif, "a.sarif"),
                file(Format::Junit, "j.xml")
            ])
        );
    }

    #[test]
    fn an_equals_sign_after_a_non_format_is_part_of_the_file_name() {
        assert_eq!(
            plan(Format::Json, &specs(&["a=b.json"])),
            Ok(vec![file(Format::Json, "a=b.json")])
        );
    }

    #[test]
    fn conflicting_destinations_are_errors() {
        assert!(plan(Format::Human, &specs(&["json=-"])).is_err());
        assert!(plan(Format::Human, &specs(&["a", "b"])).is_err());
        assert!(plan(Format::Human, &specs(&["json=x", "sarif=x"])).is_err());
        assert!(plan(Format::Human, &specs(&[""])).is_err());
        assert!(plan(Format::Human, &specs(&["sarif="])).is_err());
        // Redirected to a file, stdout is free for another report.
        assert!(plan(Format::Human, &specs(&["h.txt", "json=-"])).is_ok());
    }
}
