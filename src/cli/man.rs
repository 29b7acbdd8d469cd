//! `cramp man [--dir DIR]`: manual pages generated from the clap definitions, one for `cramp`
//! and one for every command and subcommand (`cramp-med-add.1`).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};

use super::{Cli, CliError, CliResult, usage};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp man | man -l -                  read the main page now
  cramp man --dir ~/.local/share/man/man1   install every page, then: man cramp-log

Without --dir the page for cramp itself goes to standard output. With --dir one page per
command is written into DIR (made if missing; pages of the same name are replaced).")]
pub struct ManArgs {
    /// Write every page into this folder instead of printing the main page
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(args: &ManArgs, out: &mut dyn Write) -> CliResult {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = &args.dir else {
        clap_mangen::Man::new(cmd).render(out)?;
        return Ok(());
    };
    if dir.exists() && !dir.is_dir() {
        return Err(usage(format!("--dir {} is not a folder", dir.display())));
    }
    std::fs::create_dir_all(dir).map_err(|e| failed(dir, &e))?;
    let mut written = 0;
    write_pages(&cmd, dir, &mut written).map_err(|e| failed(dir, &e))?;
    writeln!(out, "Wrote {written} manual pages to {}.", dir.display())?;
    Ok(())
}

/// The page of `cmd`, then those of its subcommands, depth first (`cmd` is built, so each
/// subcommand's display name is the whole path, `cramp-med-add`).
fn write_pages(cmd: &clap::Command, dir: &Path, written: &mut usize) -> std::io::Result<()> {
    clap_mangen::Man::new(cmd.clone()).generate_to(dir)?;
    *written += 1;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir, written)?;
    }
    Ok(())
}

fn failed(dir: &Path, e: &std::io::Error) -> CliError {
    CliError::Failed(color_eyre::eyre::eyre!("cannot write the manual pages into {}: {e}", dir.display()))
}
