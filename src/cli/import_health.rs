//! `cramp import apple-health FILE` and `cramp import metrics FILE.csv`: measured values from a
//! phone, a watch or another tracker. The whole file is read and checked before one transaction
//! stores its figures; a bad file changes nothing.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufReader, Read, Seek, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{CliResult, Context, log::warn, usage};
use crate::health::{self, HealthError, MeasuredFile, MeasuredKind, Origin};
use crate::store::MeasuredCounts;

/// Where the entry lives in the archive Health's "Export All Health Data" writes.
const EXPORT_ENTRY: &str = "apple_health_export/export.xml";
/// Read buffer for the XML: large enough that reading is not the bottleneck, small beside 50 MB.
const BUFFER: usize = 256 * 1024;

#[derive(Debug, Subcommand)]
pub enum MeasuredSource {
    /// Steps, standing, water and sleep from Apple Health's export.zip or export.xml
    #[command(after_help = "Example:
  cramp import apple-health ~/Downloads/export.zip

In the Health app: your picture, then Export All Health Data. The file is read as a stream,
so exports of several gigabytes are fine. One source is chosen per night and kind (the one with
the largest figure: phone and watch both count steps, and adding them would count twice).
Importing again adds nothing; a newer export adds the new nights and completes the last one.
Measured values never make a night logged and never change what you typed.")]
    AppleHealth(FileArg),
    /// Steps, standing, water and sleep from any tracker, as CSV
    #[command(after_help = "Columns (any but date may be missing or empty; source names the tracker):
  date,steps,water_ml,stand_min,sleep_min,source
  2026-11-20,8512,1500,45,412,Gadgetbridge

date is the night the figures go with: the day's steps, standing and water, and the sleep that
began that evening. The README has a recipe for Gadgetbridge.")]
    Metrics(FileArg),
}

#[derive(Debug, Args)]
pub struct FileArg {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run(ctx: &Context, source: &MeasuredSource, out: &mut dyn Write) -> CliResult {
    let (origin, path) = match source {
        MeasuredSource::AppleHealth(a) => (Origin::AppleHealth, &a.file),
        MeasuredSource::Metrics(a) => (Origin::MetricsCsv, &a.file),
    };
    // Read the file before creating a journal, so a bad file on a new path leaves nothing.
    let store = if ctx.db.exists() { Some(ctx.open()?) } else { None };
    let settings = store.as_ref().map(crate::store::Store::settings).transpose()?.unwrap_or_default();
    let cannot = |e: std::io::Error| usage(format!("cannot read {}: {e}", path.display()));
    let file = File::open(path).map_err(cannot)?;
    let read = match origin {
        Origin::AppleHealth => read_apple(file, settings.day_boundary, ctx.today()),
        Origin::MetricsCsv => health::metrics::read(BufReader::new(file), ctx.today()),
    };
    let measured = read.map_err(|e| usage(format!("{}: {e}; nothing was imported", path.display())))?;
    let mut store = match store {
        Some(s) => s,
        None => ctx.open()?,
    };
    let counts = store.import_measured(&measured, origin, &ctx.now.to_rfc3339())?;
    warn(&mut store);
    summarise(out, origin, path, &measured, &counts)?;
    Ok(())
}

/// An export.zip (found by its signature, whatever its name) or a bare export.xml.
fn read_apple(
    mut file: File,
    boundary: crate::model::DayBoundary,
    today: chrono::NaiveDate,
) -> Result<MeasuredFile, HealthError> {
    let mut magic = [0u8; 4];
    let n = file.read(&mut magic).map_err(|e| HealthError::Zip(format!("cannot read it: {e}")))?;
    file.rewind().map_err(|e| HealthError::Zip(format!("cannot read it: {e}")))?;
    if n == 4 && (&magic == b"PK\x03\x04" || &magic == b"PK\x05\x06") {
        let mut archive = zip::ZipArchive::new(file).map_err(|e| {
            HealthError::Zip(format!(
                "not a complete zip archive ({e}); it may have been cut short on the way, so copy or export it again"
            ))
        })?;
        let name = entry_name(&archive).ok_or_else(|| {
            HealthError::Zip(format!("the archive holds no {EXPORT_ENTRY}; is it Apple Health's export.zip?"))
        })?;
        let entry = archive
            .by_name(&name)
            .map_err(|e| HealthError::Zip(format!("cannot read {name} in the archive: {e}")))?;
        health::apple::read(BufReader::with_capacity(BUFFER, entry), boundary, today)
    } else {
        health::apple::read(BufReader::with_capacity(BUFFER, file), boundary, today)
    }
}

/// The export's entry: where Health puts it, else an `export.xml` anywhere (an archive
/// repacked by hand); never `export_cda.xml`, which holds the same data in another format.
fn entry_name<R: Read + Seek>(archive: &zip::ZipArchive<R>) -> Option<String> {
    // A name that is not valid text cannot be the export's.
    let names: Vec<String> =
        archive.file_names().filter_map(Result::ok).map(std::borrow::Cow::into_owned).collect();
    names
        .iter()
        .find(|n| *n == EXPORT_ENTRY)
        .or_else(|| names.iter().find(|n| Path::new(n).file_name().is_some_and(|f| f == "export.xml")))
        .cloned()
}

fn summarise(
    out: &mut dyn Write,
    origin: Origin,
    path: &Path,
    measured: &MeasuredFile,
    counts: &MeasuredCounts,
) -> std::io::Result<()> {
    let what = match origin {
        Origin::AppleHealth => "records of steps, standing, water and sleep",
        Origin::MetricsCsv => "rows",
    };
    let shown = crate::printable::one_line(&path.display().to_string());
    writeln!(out, "Read {} {what} from {shown}.", measured.records_read)?;
    if counts.is_empty() {
        writeln!(out, "Nothing to import: the file holds no figures cramp reads.")?;
        return Ok(());
    }
    for kind in MeasuredKind::ALL {
        let Some(c) = counts.get(&kind) else { continue };
        let mut line =
            format!("  {}: {} night{} added", kind.label(), c.added, if c.added == 1 { "" } else { "s" });
        if c.updated > 0 {
            let _ = write!(line, ", {} completed", c.updated);
        }
        if !c.sources.is_empty() {
            let mut sources: Vec<(&String, &usize)> = c.sources.iter().collect();
            sources.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            // A source's name comes from the file: shown, never obeyed by the terminal.
            let named: Vec<String> =
                sources.iter().map(|(s, n)| format!("{} {n}", crate::printable::one_line(s))).collect();
            let _ = write!(line, " ({})", named.join(", "));
        }
        if c.unchanged > 0 {
            let _ = write!(line, "; {} already there", c.unchanged);
        }
        writeln!(out, "{line}")?;
    }
    writeln!(
        out,
        "These are kept beside what you log ({}); they do not make a night logged.",
        origin.label()
    )?;
    Ok(())
}
