//! The command line: clap definitions, the shared context (database path, the clock), and
//! dispatch to one module per command group. Errors from bad input exit with status 2.

mod analyze;
mod backup;
mod completions;
mod demo;
mod doctor;
mod experiment;
mod export;
mod import;
mod import_health;
mod list;
mod log;
mod man;
mod med;
mod profile;
mod remind;
mod restore;
mod status;
mod suspect;
pub mod text;
mod tui;
mod week;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Datelike, Local, NaiveDate};
use clap::{Parser, Subcommand};

use crate::model::Settings;
use crate::parse::DateArg;
use crate::printable;
use crate::store::{Store, StoreError};

/// A terminal journal for nocturnal foot and leg cramps.
///
/// Log every night, with or without cramps, and cramp shows which of the known causes keep
/// turning up before your bad nights. Everything stays in one SQLite file on this computer.
#[derive(Debug, Parser)]
#[command(name = "cramp", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Without a command, cramp opens the full-screen app (keys: ? shows them all).

Examples:
  cramp                                  the app: log nights, review the week
  cramp log --fluid 1.5l --activity hard --cramp 03:10,4m,7,calf,left
  cramp now --timer                      at 3 a.m.: save a cramp and time it
  cramp week
  cramp list --from 2026-11-01
  cramp --db demo.db demo                try everything on made-up nights")]
pub struct Cli {
    /// The journal file [default: ~/.local/share/cramp/journal.db on Linux]
    #[arg(long, global = true, env = "CRAMP_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log a night: what the day was like and any cramps (updates the night if it exists)
    Log(log::LogArgs),
    /// Record a cramp that is happening now, in one step
    Now(log::NowArgs),
    /// The week at a glance: nights, cramps, and how they compare with earlier weeks
    Week(week::WeekArgs),
    /// One line for a shell prompt: is last night logged, and this week's cramp nights
    Status(status::StatusArgs),
    /// List logged nights, oldest first, with gaps where nothing was logged
    List(list::ListArgs),
    /// Show one night in full
    Show(list::ShowArgs),
    /// Delete a night and its cramps
    Delete(list::DeleteArgs),
    /// Add, stop, correct, remove and list medicines (alone: list them)
    Med(med::MedArgs),
    /// Show or change the conditions that affect how results are read
    Profile(profile::ProfileArgs),
    /// Show or change settings: units, week-start, day-boundary
    Settings(profile::SettingsArgs),
    /// Fill an empty journal with realistic made-up nights to try cramp on
    Demo(demo::DemoArgs),
    /// Copy the journal to a backup file, checked for integrity
    Backup(backup::BackupArgs),
    /// Put a backup back in place of the journal, checked first (the journal is saved aside)
    Restore(restore::RestoreArgs),
    /// Show which known causes go with your cramp nights, and what to try
    Analyze(analyze::AnalyzeArgs),
    /// Show or change the factors you suspect, to see them beside what your records say
    Suspect(suspect::SuspectArgs),
    /// Export nights: a PDF summary for your doctor, CSV, JSON or Markdown
    Export(export::ExportArgs),
    /// Import a JSON export or cramp's CSV; the whole file is checked before anything is written
    Import(import::ImportArgs),
    /// Check the journal, its backups and the settings, for a bug report or a worry
    Doctor(doctor::DoctorArgs),
    /// Print a timer for your system's scheduler that reminds you when last night is not logged
    Remind(remind::RemindArgs),
    /// Print the completion script for a shell
    Completions(completions::CompletionsArgs),
    /// Print the manual page, or write one per command into a folder
    Man(man::ManArgs),
    /// Find out for yourself: a randomised experiment with and without a change (plan, status, report)
    Experiment(experiment::ExperimentArgs),
}

/// What went wrong, sorted by whose fault it was.
#[derive(Debug)]
pub enum CliError {
    /// The input was wrong: exit 2, nothing changed.
    Usage(String),
    /// Something failed on the way (the file, the disk): exit 1.
    Failed(color_eyre::Report),
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        if e.is_rejection() { Self::Usage(e.to_string()) } else { Self::Failed(e.into()) }
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        Self::Failed(e.into())
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

/// Builds a usage error for an option and value.
pub(crate) fn usage(msg: impl Into<String>) -> CliError {
    CliError::Usage(msg.into())
}

/// Where the journal is and what time it is: everything a command needs from outside.
#[derive(Debug, Clone)]
pub struct Context {
    pub db: PathBuf,
    pub now: DateTime<Local>,
}

impl Context {
    /// The context from the environment: `--db`/`CRAMP_DB` or the platform data folder, and the
    /// clock (which `CRAMP_NOW`, an RFC 3339 time, replaces so tests are repeatable).
    pub fn from_env(db: Option<PathBuf>) -> CliResult<Self> {
        let db = match db {
            Some(path) => path,
            None => default_db_path().ok_or_else(|| {
                CliError::Failed(color_eyre::eyre::eyre!(
                    "cannot find a home folder for the journal; pass --db PATH or set CRAMP_DB"
                ))
            })?,
        };
        let now = match std::env::var("CRAMP_NOW") {
            Ok(s) => {
                let now = DateTime::parse_from_rfc3339(&s)
                    .map_err(|e| usage(format!("CRAMP_NOW '{s}' is not an RFC 3339 time ({e})")))?
                    .with_timezone(&Local);
                // The journal holds the dates 0000-01-01 to 9999-12-31; the night before today
                // and the week around it must fit.
                if !(1..=9998).contains(&now.year()) {
                    return Err(usage(format!(
                        "CRAMP_NOW '{s}' is outside the years 1–9998 that cramp works in"
                    )));
                }
                now
            }
            Err(std::env::VarError::NotUnicode(s)) => {
                return Err(usage(format!("CRAMP_NOW '{}' is not text", s.to_string_lossy())));
            }
            Err(std::env::VarError::NotPresent) => Local::now(),
        };
        Ok(Self { db, now })
    }

    #[must_use]
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Opens (or creates) the journal, with the daily backup armed.
    pub fn open(&self) -> CliResult<Store> {
        self.is_a_file()?;
        Ok(Store::open(&self.db)?.with_daily_backups(self.today()))
    }

    /// Opens the journal for the commands that only read: read-only, so they work where
    /// nothing can be written (a read-only mount, a full disk).
    pub fn open_read(&self) -> CliResult<Store> {
        self.is_a_file()?;
        Ok(Store::open_read(&self.db)?)
    }

    /// A journal is a regular file (or a link to one): SQLite on a pipe or a device fails with
    /// a disk error that would send the person looking for a full disk.
    fn is_a_file(&self) -> CliResult {
        use std::os::unix::fs::FileTypeExt;
        let Ok(meta) = std::fs::metadata(&self.db) else { return Ok(()) };
        let t = meta.file_type();
        let kind = if t.is_dir() {
            "a folder"
        } else if t.is_fifo() {
            "a named pipe"
        } else if t.is_socket() {
            "a socket"
        } else if t.is_block_device() || t.is_char_device() {
            "a device"
        } else {
            return Ok(());
        };
        Err(usage(format!(
            "{} is {kind}, not a journal file; give --db a file (a new name creates one)",
            printable::one_line(&self.db.display().to_string())
        )))
    }

    /// Resolves a typed date and refuses the future.
    pub fn past_date(&self, option: &str, arg: DateArg) -> CliResult<NaiveDate> {
        let date = arg.resolve(self.today());
        if date > self.today() {
            return Err(usage(format!("{option} {date} is in the future; today is {}", self.today())));
        }
        Ok(date)
    }

    /// The night meant when none is named: last night until the evening, then tonight.
    #[must_use]
    pub fn current_night(&self, settings: &Settings) -> NaiveDate {
        crate::model::default_night(self.now.naive_local(), settings.evening)
    }

    /// "last night, Wed 2 Dec", "tonight, Thu 3 Dec" or "Mon 30 Nov".
    #[must_use]
    pub fn night_words(&self, night: NaiveDate) -> String {
        crate::wording::night_words(night, self.now.naive_local())
    }
}

/// `~/.local/share/cramp/journal.db` on Linux; the platform's equivalent elsewhere.
#[must_use]
pub fn default_db_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "cramp").map(|d| d.data_dir().join("journal.db"))
}

/// Runs a parsed command line, printing results to stdout and problems to stderr.
#[must_use]
pub fn run(cli: Cli) -> ExitCode {
    // These need neither a journal nor a clock, so they work in a packaging build with no home.
    let Cli { db, command } = cli;
    let result = match command {
        Some(Command::Completions(args)) => completions::run(&args, &mut io::stdout().lock()),
        Some(Command::Man(args)) => man::run(&args, &mut io::stdout().lock()),
        command => with_journal(db, command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(msg)) => {
            // The message may quote what was typed or read from a file: shown, never obeyed.
            eprintln!("error: {}", printable::one_line(&msg));
            ExitCode::from(2)
        }
        // `cramp list | head` closes the pipe early; that is not a failure.
        Err(CliError::Failed(report)) if is_broken_pipe(&report) => ExitCode::SUCCESS,
        Err(CliError::Failed(report)) => {
            eprintln!("error: {}", one_line(&report));
            ExitCode::FAILURE
        }
    }
}

fn with_journal(db: Option<PathBuf>, command: Option<Command>) -> CliResult {
    Context::from_env(db).and_then(|ctx| {
        match &command {
            None => return tui::run(&ctx, false),
            Some(Command::Now(args)) if args.timer => return tui::run(&ctx, true),
            _ => {}
        }
        let stdout = io::stdout();
        let mut out = io::BufWriter::new(stdout.lock());
        // These commands print only after their data has landed: if the confirmation cannot be
        // written, the exit status still says it landed, so a retry does not do it twice.
        let landed_first = matches!(
            command,
            Some(Command::Log(_) | Command::Now(_) | Command::Delete(_) | Command::Import(_))
        ) || matches!(&command, Some(Command::Experiment(e)) if e.command.writes());
        dispatch(&ctx, command, &mut out)?;
        match out.flush() {
            Err(e) if landed_first && e.kind() != io::ErrorKind::BrokenPipe => {
                eprintln!("warning: done, but the confirmation could not be printed: {e}");
                Ok(())
            }
            other => other.map_err(CliError::from),
        }
    })
}

/// The report and its causes on one line, leaving out a cause whose words it already holds:
/// cramp's messages quote their cause, and SQLite repeats its own with a code in front, so
/// printing the whole chain said "disk I/O error" three times.
fn one_line(report: &color_eyre::Report) -> String {
    let mut line = report.to_string();
    for cause in report.chain().skip(1) {
        let text = cause.to_string();
        let words = text.rsplit_once(": ").map_or(text.as_str(), |(_, tail)| tail);
        if !line.contains(words) {
            line.push_str(": ");
            line.push_str(&text);
        }
    }
    printable::one_line(&line)
}

fn is_broken_pipe(report: &color_eyre::Report) -> bool {
    report.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

fn dispatch(ctx: &Context, command: Option<Command>, out: &mut dyn Write) -> CliResult {
    let Some(command) = command else {
        return Ok(());
    };
    match command {
        Command::Log(args) => log::run_log(ctx, &args, out),
        Command::Now(args) => log::run_now(ctx, &args, out),
        Command::Week(args) => week::run(ctx, &args, out),
        Command::Status(args) => status::run(ctx, &args, out),
        Command::List(args) => list::run_list(ctx, &args, out),
        Command::Show(args) => list::run_show(ctx, &args, out),
        Command::Delete(args) => list::run_delete(ctx, &args, out),
        Command::Med(cmd) => med::run(ctx, cmd, out),
        Command::Profile(args) => profile::run_profile(ctx, &args, out),
        Command::Settings(args) => profile::run_settings(ctx, &args, out),
        Command::Demo(args) => demo::run(ctx, &args, out),
        Command::Backup(args) => backup::run(ctx, &args, out),
        Command::Restore(args) => restore::run(ctx, &args, out),
        Command::Analyze(args) => analyze::run(ctx, &args, out),
        Command::Suspect(args) => suspect::run(ctx, &args, out),
        Command::Export(args) => export::run(ctx, &args, out),
        Command::Import(args) => import::run(ctx, &args, out),
        Command::Doctor(args) => doctor::run(ctx, &args, out),
        Command::Remind(args) => remind::run(ctx, &args, out),
        Command::Completions(args) => completions::run(&args, out),
        Command::Man(args) => man::run(&args, out),
        Command::Experiment(args) => experiment::run(ctx, &args, out),
    }
}

/// Parses the command line; on bad input prints one line naming the option and exits 2.
pub fn parse_args() -> Result<Cli, ExitCode> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(e) if !e.use_stderr() => {
            // --help and --version: print as clap would and succeed.
            let _ = e.print();
            Err(ExitCode::SUCCESS)
        }
        Err(e) => {
            // clap's message spreads over several paragraphs: the error and any tips, then the
            // usage and a pointer to --help, which are cut. (Cut from the end: the value quoted
            // in the error may hold blank lines of its own.) What is left goes on one line.
            let rendered = e.render().to_string();
            let end = ["\n\nUsage: cramp", "\n\nFor more information, try"]
                .iter()
                .filter_map(|tail| rendered.rfind(tail))
                .min()
                .unwrap_or(rendered.len());
            let line: Vec<&str> = rendered[..end].lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            eprintln!("{}", printable::one_line(&line.join(" ")));
            Err(ExitCode::from(2))
        }
    }
}

/// `--from DATE --to DATE`, for commands that look at a stretch of nights.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct RangeArgs {
    /// First night to include: YYYY-MM-DD, today, yesterday, last night or a weekday [default: the first logged]
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date)]
    pub from: Option<DateArg>,
    /// Last night to include: YYYY-MM-DD, today, yesterday, last night or a weekday [default: the last logged]
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date)]
    pub to: Option<DateArg>,
}

impl RangeArgs {
    /// The dates meant, refusing a range that ends before it starts.
    pub fn resolve(&self, ctx: &Context) -> CliResult<(Option<NaiveDate>, Option<NaiveDate>)> {
        let from = self.from.map(|d| d.resolve(ctx.today()));
        let to = self.to.map(|d| d.resolve(ctx.today()));
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(usage(format!("--from {f} is after --to {t}")));
        }
        Ok((from, to))
    }
}
