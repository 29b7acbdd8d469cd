//! `cramp backup`: an on-demand, integrity-checked copy of the journal.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{CliResult, Context};
use crate::store::BACKUPS_KEPT;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp backup                          into the backups folder beside the journal
  cramp backup -o ~/usb/cramp-2026-11.db

cramp also makes a backup by itself on the first change of each day and keeps the newest 7.
A backup is an ordinary journal file: open it with cramp --db FILE, or sqlite3 FILE.")]
pub struct BackupArgs {
    /// Where to write the copy (must not exist yet)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print JSON: `{"journal", "backup", "integrity", "automatic_backups_folder", "automatic_backups_kept"}`
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &BackupArgs, out: &mut dyn Write) -> CliResult {
    let store = ctx.open()?;
    let dest = if let Some(path) = &args.output {
        path.clone()
    } else {
        crate::store::private_dir_builder().create(store.backups_dir())?;
        store.manual_backup_path(&ctx.now.format("%Y-%m-%dT%H%M%S").to_string())
    };
    store.backup_to(&dest)?;
    if args.json {
        let said = serde_json::json!({
            "journal": store.path().display().to_string(),
            "backup": dest.display().to_string(),
            // backup_to names the copy only once its integrity check has passed.
            "integrity": "ok",
            "automatic_backups_folder": store.backups_dir().display().to_string(),
            "automatic_backups_kept": BACKUPS_KEPT,
        });
        crate::export::json::write_pretty(out, &said)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "Backed up {} to {} (integrity checked).", store.path().display(), dest.display())?;
    if args.output.is_none() {
        writeln!(
            out,
            "Automatic daily backups (newest {BACKUPS_KEPT} kept) are in {}.",
            store.backups_dir().display()
        )?;
    }
    Ok(())
}
