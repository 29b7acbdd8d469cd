//! `cramp status`: one quick line for a shell prompt or login script, its JSON, and the desktop
//! notification the reminders of `cramp remind print` send.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::{CliResult, Context};
use crate::analysis::week::week_start;

#[derive(Debug, Args)]
#[command(after_help = "Example, in ~/.bashrc or ~/.zshrc:
  cramp status 2>/dev/null

It reads only; without a journal it says so and creates none. --notify is what the timers of
`cramp remind print` run: it pops up a desktop notification (notify-send on Linux, osascript
on macOS) only when last night is not logged, and prints one line on standard error where
neither is installed.")]
pub struct StatusArgs {
    /// Print JSON instead of the line
    #[arg(long, conflicts_with = "notify")]
    pub json: bool,
    /// Send a desktop notification when last night is not logged, and print nothing otherwise
    #[arg(long)]
    pub notify: bool,
}

/// What the status line says, as `--json` prints it.
#[derive(Debug, Serialize)]
struct Status {
    journal_exists: bool,
    /// The night `cramp log` would log now.
    night: NaiveDate,
    /// Whether that night is tonight (from the evening hour on) rather than last night.
    night_is_tonight: bool,
    /// Cramps on that night; `null` when it is not logged.
    night_cramps: Option<usize>,
    last_night: NaiveDate,
    last_night_logged: bool,
    week_start: NaiveDate,
    week_nights_logged: usize,
    week_cramp_nights: usize,
    line: String,
    /// Tonight's part in a running experiment ("night 5 of 14, period B: …"); `null` without one.
    experiment: Option<String>,
}

pub fn run(ctx: &Context, args: &StatusArgs, out: &mut dyn Write) -> CliResult {
    let status = compute(ctx)?;
    if args.notify {
        if !status.last_night_logged {
            notify(&status);
        }
        return Ok(());
    }
    if args.json {
        crate::export::json::write_pretty(&mut *out, &status)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", status.line)?;
        if let Some(line) = &status.experiment {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// The night that has ended last: the default night until the evening, then the one before.
pub(super) fn last_night(ctx: &Context, settings: crate::model::Settings) -> NaiveDate {
    let night = ctx.current_night(&settings);
    if night == ctx.today() { night.pred_opt().unwrap_or(night) } else { night }
}

fn compute(ctx: &Context) -> CliResult<Status> {
    // A prompt should never create a journal by looking for one.
    if !ctx.db.exists() {
        let settings = crate::model::Settings::default();
        let night = ctx.current_night(&settings);
        let last_night = last_night(ctx, settings);
        return Ok(Status {
            journal_exists: false,
            night,
            night_is_tonight: night == ctx.today(),
            night_cramps: None,
            last_night,
            last_night_logged: false,
            week_start: week_start(night, settings.week_start),
            week_nights_logged: 0,
            week_cramp_nights: 0,
            line: "cramp: no journal yet; start with: cramp log".to_owned(),
            experiment: None,
        });
    }
    let store = ctx.open_read()?;
    let settings = store.settings()?;
    let night = ctx.current_night(&settings);
    // Only from the evening on is the default night one that has not been slept yet.
    let tonight = night == ctx.now.date_naive();
    let last_night = last_night(ctx, settings);
    let start = week_start(night, settings.week_start);
    let week = store.logged_dates(Some(start.min(last_night)), Some(night))?;
    let cramps_on = |date| week.iter().find(|(d, _)| *d == date).map(|(_, n)| *n);
    let state = |date| match cramps_on(date) {
        Some(0) => "logged, cramp-free".to_owned(),
        Some(n) => format!("logged, {n} cramp{}", if n == 1 { "" } else { "s" }),
        None if date == night && tonight => "not logged yet (cramp log at bedtime)".to_owned(),
        None => "NOT logged (cramp log)".to_owned(),
    };
    let label = |date: NaiveDate| date.format("%a %-d %b").to_string();
    let said = if tonight {
        let missed = if cramps_on(last_night).is_some() {
            String::new()
        } else {
            format!("last night ({}) NOT logged (cramp log --date {last_night}) · ", label(last_night))
        };
        format!("cramp: {missed}tonight ({}) {}", label(night), state(night))
    } else {
        format!("cramp: last night ({}) {}", label(night), state(night))
    };
    let this_week: Vec<_> = week.iter().filter(|(d, _)| *d >= start).collect();
    let cramp_nights = this_week.iter().filter(|(_, n)| *n > 0).count();
    let line = format!(
        "{said} · this week {cramp_nights} cramp night{} in {} logged",
        if cramp_nights == 1 { "" } else { "s" },
        this_week.len()
    );
    Ok(Status {
        journal_exists: true,
        night,
        night_is_tonight: tonight,
        night_cramps: cramps_on(night),
        last_night,
        last_night_logged: cramps_on(last_night).is_some(),
        week_start: start,
        week_nights_logged: this_week.len(),
        week_cramp_nights: cramp_nights,
        line,
        experiment: super::experiment::tonight_line(&store, ctx.today(), settings.units)?,
    })
}

/// Pops up the reminder with the first notifier found on `PATH`; where there is none (a
/// server, cron without a desktop), one line on stderr, which cron mails and systemd logs.
fn notify(status: &Status) {
    let title = "cramp";
    let body = format!(
        "Last night ({}) is not logged yet: cramp log --date {}",
        status.last_night.format("%a %-d %b"),
        status.last_night
    );
    let sent = if let Some(program) = on_path("notify-send") {
        std::process::Command::new(program).args(["--app-name=cramp", title, &body]).status()
    } else if let Some(program) = on_path("osascript") {
        // AppleScript string literals escape `\` and `"`; the body holds neither, but stay safe.
        let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        let script = format!("display notification {} with title {}", quoted(&body), quoted(title));
        std::process::Command::new(program).args(["-e", &script]).status()
    } else {
        eprintln!("cramp: {body} (no notify-send or osascript found for a desktop notification)");
        return;
    };
    match sent {
        Ok(s) if s.success() => {}
        Ok(s) => eprintln!("cramp: {body} (the notification failed: {s})"),
        Err(e) => eprintln!("cramp: {body} (the notification failed: {e})"),
    }
}

/// The first executable file called `name` in the folders of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
