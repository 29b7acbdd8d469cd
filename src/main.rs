//! The `cramp` binary: install the error hook, parse the command line, run it.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Pretty panics and error reports; failing to install them is not worth stopping for.
    let _ = color_eyre::install();
    match cramp_journal::cli::parse_args() {
        Ok(cli) => cramp_journal::cli::run(cli),
        Err(code) => code,
    }
}
