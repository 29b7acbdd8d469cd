//! `cramp import`: a JSON export or cramp's CSV, checked whole, written in one transaction.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::import_health::{self, MeasuredSource};
use super::{CliResult, Context, log::warn, usage};
use crate::import;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
#[command(after_help = "Examples:
  cramp import journal.json              nights already logged are skipped
  cramp import nights.csv --replace      nights already logged are replaced
  cramp import apple-health export.zip   steps, standing, water and sleep, kept apart
  cramp import metrics tracker.csv       the same from any other tracker

The whole file is checked first: one bad record (named with its field, e.g.
nights[12].episodes[0].intensity, or CSV line 7, column intensity) and nothing is written.
A JSON export also brings its medicines; it brings its profile and settings when this journal
is new, or with --replace. A CSV names medicines that must already be on the list.")]
pub struct ImportArgs {
    /// Measured values from a phone, watch or tracker instead of a cramp export
    #[command(subcommand)]
    pub measured: Option<MeasuredSource>,
    /// The file: a JSON export (`cramp export --format json`) or cramp's CSV
    #[arg(value_name = "FILE", required = true)]
    pub file: Option<PathBuf>,
    /// Replace nights (and medicines, profile, settings) that the journal already has
    #[arg(long)]
    pub replace: bool,
    /// Print the summary as JSON: `{"nights_in_file", "added", "skipped", "replaced",
    /// "medicines_added", "medicines_replaced", "profile_set"}`
    #[arg(long)]
    pub json: bool,
}

/// The largest file import reads: far more than an export of a century of nights (about 25 MB),
/// and little enough that checking it whole stays within a few hundred megabytes of memory.
/// Without a limit, `cramp import /dev/zero` read until memory ran out.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

fn read_limited(path: &Path) -> CliResult<Vec<u8>> {
    let cannot = |e: std::io::Error| usage(format!("cannot read {}: {e}", path.display()));
    let mut bytes = Vec::new();
    std::fs::File::open(path).map_err(cannot)?.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(usage(format!(
            "{} is larger than {} MiB, far more than any cramp export; nothing was imported",
            path.display(),
            MAX_BYTES >> 20
        )));
    }
    Ok(bytes)
}

pub fn run(ctx: &Context, args: &ImportArgs, out: &mut dyn Write) -> CliResult {
    if let Some(measured) = &args.measured {
        return import_health::run(ctx, measured, out);
    }
    let Some(file) = &args.file else {
        return Err(usage("cramp import needs a FILE, or apple-health FILE or metrics FILE"));
    };
    let bytes = read_limited(file)?;
    // Check the file before creating a journal, so a bad file on a new path leaves nothing.
    let store = if ctx.db.exists() { Some(ctx.open()?) } else { None };
    let existing = store.as_ref().map(crate::store::Store::medications).transpose()?.unwrap_or_default();
    let batch = import::parse(&bytes, &existing, args.replace)
        .and_then(|b| import::check_dates(&b, ctx.today()).map(|()| b))
        .map_err(|e| {
            usage(format!("{}: {e}; nothing was imported", file.display()).replace(['\n', '\r'], " "))
        })?;
    let mut store = match store {
        Some(s) => s,
        None => ctx.open()?,
    };
    let counts = store.import(&batch, args.replace)?;
    warn(&mut store);
    if args.json {
        let summary = serde_json::json!({
            "nights_in_file": batch.nights.len(),
            "added": counts.added,
            "skipped": counts.skipped,
            "replaced": counts.replaced,
            "medicines_added": counts.medicines_added,
            "medicines_replaced": counts.medicines_replaced,
            "profile_set": counts.profile_set,
        });
        crate::export::json::write_pretty(out, &summary)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "Imported {} night{}: {} added, {} skipped, {} replaced.",
        batch.nights.len(),
        if batch.nights.len() == 1 { "" } else { "s" },
        counts.added,
        counts.skipped,
        counts.replaced
    )?;
    if counts.medicines_added + counts.medicines_replaced > 0 {
        writeln!(
            out,
            "Medicines: {} added, {} replaced.",
            counts.medicines_added, counts.medicines_replaced
        )?;
    }
    if counts.measured_added > 0 {
        writeln!(
            out,
            "Measured values (steps, sleep and the like): {} added or completed.",
            counts.measured_added
        )?;
    }
    if counts.profile_set {
        writeln!(out, "Took the profile and settings from the file.")?;
    } else if batch.profile.is_some() {
        writeln!(out, "Kept this journal's profile and settings (--replace takes the file's).")?;
    }
    if counts.skipped > 0 {
        writeln!(out, "Skipped nights were already logged; --replace overwrites them with the file's.")?;
    }
    Ok(())
}
