//! `cramp doctor`: everything a bug report needs in one place, and anything wrong said plainly
//! with its fix. Reads only; exits 1 when it found a problem.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Local, NaiveDate};
use clap::Args;
use serde::Serialize;

use super::{CliError, CliResult, Context};
use crate::store::{JournalHealth, SCHEMA_VERSION, Store, check_backup};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp doctor                 paste its output into a bug report
  cramp doctor --json | jq .problems

It checks the journal page by page (PRAGMA integrity_check) and the newest backup, and reads
the settings, time zone and terminal. Nothing is changed. Exit status 0: all is well; 1: a
problem was found, named with what to do about it.")]
pub struct DoctorArgs {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// What was found, as `--json` prints it.
#[derive(Debug, Default, Serialize)]
struct Report {
    version: &'static str,
    journal: JournalReport,
    backups: BackupsReport,
    settings: Option<SettingsReport>,
    last_logged: Option<NaiveDate>,
    last_night: Option<NaiveDate>,
    last_night_logged: Option<bool>,
    time_zone: ZoneReport,
    terminal: TerminalReport,
    /// Faults, each with its fix; any makes the exit status 1.
    problems: Vec<Problem>,
    /// Worth knowing, not wrong.
    notes: Vec<String>,
    healthy: bool,
}

#[derive(Debug, Default, Serialize)]
struct JournalReport {
    path: String,
    exists: bool,
    size_bytes: Option<u64>,
    /// The write-ahead log beside it, not yet folded into the file.
    wal_bytes: Option<u64>,
    schema_version: Option<i64>,
    schema_version_known: i64,
    /// "ok", or what `PRAGMA integrity_check` found; `null` when the journal could not be opened.
    integrity: Option<String>,
    nights: Option<i64>,
}

#[derive(Debug, Default, Serialize)]
struct BackupsReport {
    folder: Option<String>,
    count: usize,
    newest: Option<String>,
    newest_modified: Option<String>,
    /// Whether the newest backup is a sound cramp journal that `cramp restore` would take.
    newest_checks_out: Option<bool>,
}

#[derive(Debug, Serialize)]
struct SettingsReport {
    units: String,
    week_start: String,
    day_boundary: String,
    evening: String,
}

#[derive(Debug, Default, Serialize)]
struct ZoneReport {
    tz: Option<String>,
    zone: Option<String>,
    utc_offset: String,
    now: String,
    /// Set when `CRAMP_NOW` fixes the clock.
    cramp_now: Option<String>,
}

#[derive(Debug, Default, Serialize)]
struct TerminalReport {
    term: Option<String>,
    no_color: bool,
}

#[derive(Debug, Serialize)]
struct Problem {
    problem: String,
    fix: String,
}

pub fn run(ctx: &Context, args: &DoctorArgs, out: &mut dyn Write) -> CliResult {
    let report = examine(ctx);
    if args.json {
        crate::export::json::write_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", crate::printable::printable(&text(&report)))?;
    }
    if report.healthy {
        return Ok(());
    }
    out.flush()?;
    let n = report.problems.len();
    Err(CliError::Failed(color_eyre::eyre::eyre!(
        "cramp doctor found {n} problem{}; what to do is said with each",
        if n == 1 { "" } else { "s" }
    )))
}

fn examine(ctx: &Context) -> Report {
    let mut r = Report {
        version: env!("CARGO_PKG_VERSION"),
        time_zone: zone(ctx),
        terminal: TerminalReport {
            term: std::env::var("TERM").ok(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        },
        ..Report::default()
    };
    r.journal.path = ctx.db.display().to_string();
    r.journal.schema_version_known = SCHEMA_VERSION;
    zone_problems(&mut r);
    terminal_notes(&mut r);
    if r.time_zone.cramp_now.is_some() {
        r.notes.push("CRAMP_NOW is set, so cramp takes that as the time instead of the clock".into());
    }
    let meta = std::fs::metadata(&ctx.db);
    r.journal.exists = meta.is_ok();
    if r.journal.exists {
        journal(ctx, &mut r);
    } else {
        r.notes.push("there is no journal at this path yet; `cramp log` starts one".into());
    }
    r.healthy = r.problems.is_empty();
    r
}

fn journal(ctx: &Context, r: &mut Report) {
    r.journal.size_bytes =
        std::fs::metadata(&ctx.db).ok().filter(std::fs::Metadata::is_file).map(|m| m.len());
    let mut wal = ctx.db.as_os_str().to_owned();
    wal.push("-wal");
    r.journal.wal_bytes = std::fs::metadata(&wal).ok().map(|m| m.len());
    if std::fs::metadata(&ctx.db).is_ok_and(|m| m.is_file() && m.permissions().readonly()) {
        problem(
            r,
            "the journal file is read-only, so nothing can be logged into it".to_owned(),
            format!("make it writable again: chmod u+w {}", ctx.db.display()),
        );
    }
    let store = match ctx.open_read() {
        Ok(store) => store,
        Err(e) => {
            let said = match e {
                CliError::Usage(s) => s,
                CliError::Failed(report) => report.to_string(),
            };
            problem(r, format!("the journal cannot be opened: {said}"), fix_for_damage());
            return;
        }
    };
    // The backups first: the fix for a damaged journal depends on whether there is one.
    backups(&store, r);
    match store.health() {
        Ok(health) => journal_health(ctx, &store, &health, r),
        Err(e) => problem(r, format!("the journal cannot be read: {e}"), fix_for_damage()),
    }
    if r.backups.count == 0 && r.journal.nights.is_some_and(|n| n > 0) {
        r.notes.push(
            "there is no backup yet: cramp makes one on the first change of each day, and \
             `cramp backup` makes one now"
                .into(),
        );
    }
}

fn journal_health(ctx: &Context, store: &Store, health: &JournalHealth, r: &mut Report) {
    r.journal.schema_version = Some(health.schema_version);
    r.journal.nights = Some(health.nights);
    r.last_logged = health.last_logged;
    r.journal.integrity = Some(match &health.integrity {
        Ok(()) => "ok".to_owned(),
        Err(found) => {
            let fix = if r.backups.count == 0 {
                "there is no backup to restore from: copy the file somewhere safe, then save what \
                 can be read with `cramp export --format json -o nights.json` and import it into \
                 a new journal (cramp --db NEW import nights.json)"
                    .to_owned()
            } else {
                fix_for_damage()
            };
            problem(r, format!("the journal is damaged: {found}"), fix);
            found.clone()
        }
    });
    match store.settings() {
        Ok(s) => {
            let last_night = super::status::last_night(ctx, s);
            r.last_night = Some(last_night);
            let logged = store.logged_dates(Some(last_night), Some(last_night)).map(|d| !d.is_empty());
            r.last_night_logged = logged.as_ref().ok().copied();
            if logged.is_ok_and(|l| !l) && health.nights > 0 {
                r.notes
                    .push(format!("last night ({last_night}) is not logged: cramp log --date {last_night}"));
            }
            r.settings = Some(SettingsReport {
                units: s.units.to_string(),
                week_start: s.week_start.to_string(),
                day_boundary: format!("{:02}:00", s.day_boundary.hour()),
                evening: s.evening.to_string(),
            });
        }
        Err(e) => problem(r, format!("the settings cannot be read: {e}"), fix_for_damage()),
    }
}

fn backups(store: &Store, r: &mut Report) {
    let found = store.backups();
    r.backups.folder = Some(store.backups_dir().display().to_string());
    r.backups.count = found.len();
    let Some((newest, modified)) = found.first() else { return };
    r.backups.newest = Some(newest.display().to_string());
    r.backups.newest_modified =
        modified.map(|t| DateTime::<Local>::from(t).format("%Y-%m-%d %H:%M").to_string());
    let check = check_backup(newest);
    r.backups.newest_checks_out = Some(check.is_ok());
    if let Err(found) = check {
        problem(
            r,
            format!("the newest backup, {}, does not check out: {found}", newest.display()),
            "make a sound one now with `cramp backup` (it checks the copy), and remove the damaged one"
                .to_owned(),
        );
    }
}

fn fix_for_damage() -> String {
    "put a sound copy back with `cramp restore BACKUP`, choosing the newest file in the backups \
     folder that `cramp --db FILE doctor` passes; the damaged journal is saved aside first"
        .to_owned()
}

fn problem(r: &mut Report, problem: String, fix: String) {
    r.problems.push(Problem { problem, fix });
}

fn zone(ctx: &Context) -> ZoneReport {
    let tz = std::env::var("TZ").ok();
    // Without TZ the system's zone is the link /etc/localtime → …/zoneinfo/Area/City.
    let zone = std::fs::read_link("/etc/localtime").ok().and_then(|target| {
        let target = target.to_string_lossy().into_owned();
        target.split_once("zoneinfo/").map(|(_, name)| name.to_owned())
    });
    ZoneReport {
        tz,
        zone,
        utc_offset: ctx.now.format("%:z").to_string(),
        now: ctx.now.to_rfc3339(),
        cramp_now: std::env::var("CRAMP_NOW").ok(),
    }
}

/// A `TZ` naming a zone the system lacks is read as UTC without a word: every time would be
/// filed hours off.
fn zone_problems(r: &mut Report) {
    let Some(tz) = r.time_zone.tz.clone() else { return };
    let name = tz.strip_prefix(':').unwrap_or(&tz);
    // A POSIX rule ("CET-1CEST,M3.5.0,M10.5.0/3", "UTC0") carries its offset in digits.
    if name.is_empty() || name.chars().any(|c| c.is_ascii_digit()) || matches!(name, "UTC" | "GMT") {
        return;
    }
    let dir = std::env::var("TZDIR").unwrap_or_else(|_| "/usr/share/zoneinfo".to_owned());
    let file = if name.starts_with('/') { Path::new(name).to_owned() } else { Path::new(&dir).join(name) };
    if Path::new(&dir).is_dir() && !file.is_file() {
        problem(
            r,
            format!("TZ={tz} is not a time zone this system knows, so times are read as UTC"),
            format!("set TZ to a zone in {dir} (such as Europe/Berlin), or unset it"),
        );
    }
}

fn terminal_notes(r: &mut Report) {
    match r.terminal.term.as_deref() {
        None | Some("") => {
            r.notes.push("TERM is not set: the full-screen app needs a terminal that names itself".into());
        }
        Some("dumb") => r.notes.push("TERM=dumb: the full-screen app needs a real terminal".into()),
        Some(_) => {}
    }
}

fn text(r: &Report) -> String {
    use std::fmt::Write as _;
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "–".to_owned());
    let mut out = String::new();
    let _ = writeln!(out, "cramp {}", r.version);
    let journal = &r.journal;
    let size = match (journal.size_bytes, journal.wal_bytes) {
        (Some(b), Some(w)) if w > 0 => format!("{b} bytes, and {w} in its log"),
        (Some(b), _) => format!("{b} bytes"),
        (None, _) if journal.exists => "not a file".to_owned(),
        (None, _) => "does not exist".to_owned(),
    };
    let _ = writeln!(out, "Journal       {} ({size})", journal.path);
    if let Some(v) = journal.schema_version {
        let _ = writeln!(
            out,
            "Schema        version {v} (this cramp knows up to {})",
            journal.schema_version_known
        );
    }
    if let Some(i) = &journal.integrity {
        let _ = writeln!(out, "Integrity     {i}");
    }
    if let Some(n) = journal.nights {
        let _ = writeln!(
            out,
            "Nights        {n} logged, the last {}",
            or_dash(r.last_logged.map(|d| d.to_string()))
        );
    }
    if let (Some(night), Some(logged)) = (r.last_night, r.last_night_logged) {
        let _ = writeln!(out, "Last night    {night}, {}", if logged { "logged" } else { "not logged" });
    }
    if let Some(folder) = &r.backups.folder {
        let backups = &r.backups;
        let newest = match (&backups.newest, backups.newest_checks_out) {
            (Some(p), Some(ok)) => format!(
                "; newest {p} ({}), {}",
                or_dash(backups.newest_modified.clone()),
                if ok { "checks out" } else { "DOES NOT check out" }
            ),
            _ => String::new(),
        };
        let _ = writeln!(out, "Backups       {} in {folder}{newest}", backups.count);
    }
    if let Some(st) = &r.settings {
        let _ = writeln!(
            out,
            "Settings      day boundary {}, evening {}, {} units, weeks start {}",
            st.day_boundary, st.evening, st.units, st.week_start
        );
    }
    let zone = &r.time_zone;
    let _ = writeln!(
        out,
        "Time zone     TZ={}, system zone {}, now {} (UTC{})",
        or_dash(zone.tz.clone()),
        or_dash(zone.zone.clone()),
        zone.now,
        zone.utc_offset
    );
    let _ = writeln!(
        out,
        "Terminal      TERM={}, NO_COLOR {}",
        or_dash(r.terminal.term.clone()),
        if r.terminal.no_color { "set (no colour)" } else { "not set" }
    );
    for note in &r.notes {
        let _ = writeln!(out, "Note: {note}.");
    }
    if r.problems.is_empty() {
        let _ = writeln!(out, "No problems found.");
    } else {
        for p in &r.problems {
            let _ = writeln!(out, "PROBLEM: {}.\n  Fix: {}.", p.problem, p.fix);
        }
    }
    out
}
