//! `cramp completions SHELL`: the shell's completion script, generated from the clap
//! definitions so it can never fall behind the options.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CliResult};

#[derive(Debug, Args)]
#[command(after_help = "Install (the folders are the shells' usual ones; any on their search path works):
  bash        cramp completions bash > ~/.local/share/bash-completion/completions/cramp
  zsh         cramp completions zsh > ~/.zfunc/_cramp     (with fpath+=~/.zfunc before compinit)
  fish        cramp completions fish > ~/.config/fish/completions/cramp.fish
  elvish      cramp completions elvish >> ~/.config/elvish/rc.elv
  powershell  cramp completions powershell >> $PROFILE

Open a new shell afterwards. The script only completes; it runs nothing of cramp's.")]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> CliResult {
    let mut cmd = Cli::command();
    // clap_complete panics when its writer fails (`| head` closing the pipe): it writes into
    // memory, and a failed write of that is an error like any other.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "cramp", &mut script);
    out.write_all(&script)?;
    Ok(())
}
