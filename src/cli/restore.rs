//! `cramp restore`: put a backup back in place of the journal, checked, through SQLite.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{CliResult, Context};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp restore ~/.local/share/cramp/backups/journal-auto-2026-11-27.db
  cramp restore ~/usb/cramp-2026-11.db

The backup is checked first: it must be a cramp journal that passes SQLite's quick_check and
holds nothing cramp did not make. The journal as it is now is saved in the backups folder
beside it, as journal-before-restore-TIME.db, so a restore can be undone by restoring that.
The backup is then written into the journal through SQLite while no other cramp can write.

Do not copy a backup over the journal by hand: a journal.db-wal file beside it would be
replayed onto the copy and damage it.")]
pub struct RestoreArgs {
    /// The backup to put back: a file made by `cramp backup`, or one from the backups folder
    #[arg(value_name = "BACKUP")]
    pub backup: PathBuf,
    /// Print JSON: `{"journal", "restored_from", "nights", "saved_aside"}` (null when there was no journal)
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &RestoreArgs, out: &mut dyn Write) -> CliResult {
    let stamp = ctx.now.format("%Y-%m-%dT%H%M%S").to_string();
    let restored = crate::store::restore(&ctx.db, &args.backup, &stamp)?;
    if args.json {
        let said = serde_json::json!({
            "journal": ctx.db.display().to_string(),
            "restored_from": args.backup.display().to_string(),
            "nights": restored.nights,
            "saved_aside": restored.saved.map(|p| p.display().to_string()),
        });
        crate::export::json::write_pretty(&mut *out, &said)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "Restored {} from {} ({} night{}, checked).",
        ctx.db.display(),
        args.backup.display(),
        restored.nights,
        if restored.nights == 1 { "" } else { "s" }
    )?;
    if let Some(saved) = restored.saved {
        writeln!(out, "The journal as it was is saved in {}.", saved.display())?;
    }
    Ok(())
}
