//! `cramp man [--dir DIR]`: manual pages generated from the clap definitions, one for `cramp`
//! and one for every command and subcommand (`cramp-med-add.1`).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};

use super::{Cli, CliError, CliResult, usage};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp man | man -l -                      read the main page now
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
        out.write_all(page(&cmd)?.as_bytes())?;
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
    let man = clap_mangen::Man::new(cmd.clone());
    std::fs::write(dir.join(man.get_filename()), page(cmd)?)?;
    *written += 1;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir, written)?;
    }
    Ok(())
}

/// The page of `cmd` in roff, with every character beyond ASCII written as groff's `\[uXXXX]`:
/// groff reads its input as Latin-1 unless told otherwise, so the dashes and arrows of the
/// help text would come out garbled (and warned about) wherever the page is not run through
/// `preconv` first, as `man` does.
fn page(cmd: &clap::Command) -> std::io::Result<String> {
    use std::fmt::Write as _;
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut roff)?;
    let roff = String::from_utf8_lossy(&roff);
    // The text after the options (examples set out in columns) keeps its lines as in --help,
    // instead of being filled into paragraphs.
    let roff = match roff.split_once(".SH EXTRA\n") {
        Some((head, tail)) => {
            let (extra, rest) = tail.split_once("\n.SH ").map_or((tail, None), |(e, r)| (e, Some(r)));
            let rest = rest.map_or_else(String::new, |r| format!("\n.SH {r}"));
            format!("{head}.SH NOTES\n.nf\n{extra}\n.fi{rest}")
        }
        None => roff.into_owned(),
    };
    let mut page = String::with_capacity(roff.len());
    for c in roff.chars() {
        if c.is_ascii() {
            page.push(c);
        } else {
            let _ = write!(page, "\\[u{:04X}]", u32::from(c));
        }
    }
    Ok(page)
}

fn failed(dir: &Path, e: &std::io::Error) -> CliError {
    CliError::Failed(color_eyre::eyre::eyre!("cannot write the manual pages into {}: {e}", dir.display()))
}
