//! `cramp export`: nights as a PDF summary for a clinician, CSV, JSON or Markdown.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use clap::Args;

use super::{CliError, CliResult, Context, usage};
use crate::export::summary::{ClinicalNotes, day};
use crate::export::{self, ExportData, ExportError, ExportOptions, Format, LogMode, Paper};
use crate::parse::DateArg;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp export --format pdf -o summary.pdf          the last 12 weeks, for your doctor
  cramp export --format pdf -o summary.pdf --paper letter --redact-notes
  cramp export --format csv --from 2026-01-01 > nights.csv
  cramp export --format json --all -o journal.json  everything, to import elsewhere
  cramp export --format md | less
  cramp export --format pdf -o year.pdf --from 2026-01-01 --log none   summary pages only
  cramp export --format pdf -o - | lpr             -o - is standard output

The range is the last 12 weeks unless --from, --to or --all say otherwise. Text formats go to
the screen without -o (or with -o -); a PDF needs -o FILE, or -o - into a pipe or redirect. An
existing file is only replaced with --force, and a file is written under a temporary name
first, so a failure never leaves half a file. A file named - is ./-.")]
pub struct ExportArgs {
    /// pdf, csv, json or md [default: from the -o file's extension]
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,
    /// First night: YYYY-MM-DD, today, yesterday, last night or a weekday [default: 12 weeks before --to]
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date)]
    pub from: Option<DateArg>,
    /// Last night [default: the night that has just ended]
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date)]
    pub to: Option<DateArg>,
    /// Every logged night, from the first
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub all: bool,
    /// The file to write; - is standard output [default: the screen, for csv, json and md]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
    /// Leave out every free-text note (nights' and cramps')
    #[arg(long)]
    pub redact_notes: bool,
    /// The reports' nightly log: all, cramp-nights or none [default: cramp-nights for ranges
    /// over 12 weeks, all otherwise]
    #[arg(long, value_name = "WHICH", value_parser = parse_log)]
    pub log: Option<LogMode>,
    /// The PDF's paper size: a4 or letter
    #[arg(long, value_name = "SIZE", default_value = "a4", value_parser = parse_paper)]
    pub paper: Paper,
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn parse_log(s: &str) -> Result<LogMode, String> {
    s.parse()
}

fn parse_paper(s: &str) -> Result<Paper, String> {
    s.parse()
}

fn refusal(e: ExportError) -> CliError {
    match e {
        // Kept a bare I/O error so `cramp export --format md | head` is not reported as a failure.
        ExportError::Io(io) => CliError::from(io),
        e if e.is_refusal() => usage(e.to_string()),
        e => CliError::Failed(e.into()),
    }
}

pub fn run(ctx: &Context, args: &ExportArgs, out: &mut dyn Write) -> CliResult {
    // `-o -` is standard output, as for most tools; a file really named "-" is "./-".
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    let output = args.output.as_ref().filter(|_| !to_stdout);
    let format = match (args.format, output) {
        (Some(f), _) => f,
        (None, Some(path)) => Format::from_path(path).ok_or_else(|| {
            usage(format!("--format is needed: {} (or an -o FILE ending in one of those)", Format::WORDS))
        })?,
        (None, None) => return Err(usage(format!("--format is needed: {}", Format::WORDS))),
    };
    if format == Format::Pdf && !to_stdout && output.is_none() {
        return Err(usage(
            "a PDF needs a file: add -o FILE, e.g. -o cramp-summary.pdf (or -o - into a pipe)",
        ));
    }
    // A PDF's bytes on a terminal are noise, and can be taken for control sequences.
    if format == Format::Pdf && to_stdout && std::io::stdout().is_terminal() {
        return Err(usage(
            "a PDF is not shown on a terminal: with -o - redirect or pipe it (-o - > summary.pdf), or add -o FILE",
        ));
    }
    if let Some(path) = output {
        export::check_target(path, args.force).map_err(refusal)?;
    }
    let from_arg = args.from.map(|d| ctx.past_date("--from", d)).transpose()?;
    let to_arg = args.to.map(|d| ctx.past_date("--to", d)).transpose()?;

    let store = ctx.open_read()?;
    let settings = store.settings()?;
    let to = to_arg.unwrap_or_else(|| ctx.current_night(&settings));
    let from = if args.all {
        store.logged_dates(None, None)?.first().map_or(to, |(d, _)| *d).min(to)
    } else {
        from_arg.unwrap_or_else(|| {
            to.checked_sub_days(Days::new(export::DEFAULT_NIGHTS - 1)).unwrap_or(NaiveDate::MIN)
        })
    };
    if from > to {
        return Err(usage(format!("--from {from} is after --to {to}")));
    }
    let options = ExportOptions { format, from, to, redact_notes: args.redact_notes, paper: args.paper };
    let made_at = ctx.now.fixed_offset();
    let data = ExportData::load(&store, from, to)?;
    // Only the summaries print red flags and findings; the data formats need no analysis.
    let clinical = match format {
        Format::Pdf | Format::Markdown => data.clinical_notes(&store, from, to, ctx.today())?,
        Format::Csv | Format::Json => ClinicalNotes::default(),
    };
    match output {
        // On a terminal a note's escape sequences would be obeyed (a new window title, the
        // clipboard set): shown as symbols instead. Into a pipe or file the bytes are exact.
        None if std::io::stdout().is_terminal() => {
            let mut bytes = Vec::new();
            export::render_with_log(&data, &options, args.log, made_at, &clinical, &mut bytes)
                .map_err(refusal)?;
            let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
            out.write_all(crate::printable::printable(&text).as_bytes())?;
            Ok(())
        }
        None => export::render_with_log(&data, &options, args.log, made_at, &clinical, out).map_err(refusal),
        Some(path) => {
            let nights = data.nights.len();
            export::write_file(path, args.force, |w| {
                export::render_with_log(&data, &options, args.log, made_at, &clinical, w)
            })
            .map_err(refusal)?;
            writeln!(
                out,
                "Exported {nights} night{} ({} – {}) as {format} to {}.",
                if nights == 1 { "" } else { "s" },
                day(from),
                day(to),
                path.display()
            )?;
            Ok(())
        }
    }
}
