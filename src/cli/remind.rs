//! `cramp remind print systemd|cron|launchd`: the text of a reminder for the system's own
//! scheduler, which runs `cramp status --notify`. It prints only; installing is left to the
//! person, with the scheduler's own commands, so nothing is set up behind their back.

use std::io::Write;
use std::path::Path;

use chrono::{NaiveTime, Timelike};
use clap::{Args, Subcommand, ValueEnum};

use super::{CliResult, Context, usage};

#[derive(Debug, Args)]
pub struct RemindArgs {
    #[command(subcommand)]
    pub command: RemindCommand,
}

#[derive(Debug, Subcommand)]
pub enum RemindCommand {
    /// Print a systemd user timer and service, a crontab line or a launchd agent
    #[command(after_help = "Examples:
  cramp remind print systemd         a .service and a .timer (Persistent=true)
  cramp remind print cron --at 9pm   a crontab line; add it with
                                     (crontab -l; cramp remind print cron) | crontab -
  cramp remind print launchd         a LaunchAgent plist for macOS

Each runs `cramp status --notify` at the time given, which shows a desktop notification only
when last night is not logged. The printed units name this cramp by its full path (and the
journal, when --db or CRAMP_DB chose one), so print them again after moving either.
Nothing is installed: the comments in the output say how.")]
    Print(PrintArgs),
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    /// The scheduler: systemd (Linux), cron (any Unix) or launchd (macOS)
    #[arg(value_name = "SCHEDULER")]
    pub scheduler: Scheduler,
    /// When to remind, every day: 21:30, 9pm or 2130
    #[arg(long, value_name = "TIME", default_value = "21:30", value_parser = crate::parse::time)]
    pub at: NaiveTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scheduler {
    Systemd,
    Cron,
    Launchd,
}

/// What the reminder runs: this cramp, and the journal when it is not the default one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub program: String,
    pub db: Option<String>,
}

impl Invocation {
    /// The words of the command, unquoted.
    fn words(&self) -> Vec<&str> {
        let mut words = vec![self.program.as_str()];
        if let Some(db) = &self.db {
            words.extend(["--db", db.as_str()]);
        }
        words.extend(["status", "--notify"]);
        words
    }
}

pub fn run(ctx: &Context, args: &RemindArgs, out: &mut dyn Write) -> CliResult {
    let RemindCommand::Print(args) = &args.command;
    let exe = std::env::current_exe()
        .map_err(|e| usage(format!("cannot tell where this cramp is installed ({e})")))?;
    let db = if Some(&ctx.db) == super::default_db_path().as_ref() {
        None
    } else {
        let absolute = std::path::absolute(&ctx.db)?;
        Some(text_of("the journal's path (--db)", &absolute)?)
    };
    let invocation = Invocation { program: text_of("the path of cramp", &exe)?, db };
    let text = match args.scheduler {
        Scheduler::Systemd => systemd(&invocation, args.at).map_err(usage)?,
        Scheduler::Cron => cron(&invocation, args.at),
        Scheduler::Launchd => launchd(&invocation, args.at),
    };
    write!(out, "{text}")?;
    Ok(())
}

/// A path as text that every scheduler can hold: UTF-8 without control characters.
fn text_of(what: &str, path: &Path) -> CliResult<String> {
    match path.to_str() {
        Some(s) if !s.chars().any(char::is_control) => Ok(s.to_owned()),
        _ => Err(usage(format!(
            "{what}, {}, holds characters a scheduler's file cannot hold; move it to a plain name",
            crate::printable::one_line(&path.display().to_string())
        ))),
    }
}

/// Where the systemd files go, as the comments before each say.
pub const SYSTEMD_DIR: &str = "~/.config/systemd/user";

/// A service that runs the check once, and a daily timer for it. `Persistent=true` runs a
/// reminder missed while the computer was off as soon as it is on again.
pub fn systemd(inv: &Invocation, at: NaiveTime) -> Result<String, String> {
    // systemd refuses to run a program whose path holds a quote or a backslash, however quoted.
    if inv.program.contains(['"', '\'', '\\']) {
        return Err(format!(
            "systemd cannot run a program whose path holds a quote or a backslash ({}); move cramp \
             to another folder, or use cron",
            inv.program
        ));
    }
    let mut exec = vec![systemd_quote(&inv.program, false)];
    exec.extend(inv.words().into_iter().skip(1).map(|w| systemd_quote(w, true)));
    Ok(format!(
        "# {SYSTEMD_DIR}/cramp-remind.service
[Unit]
Description=Remind me to log last night in cramp

[Service]
Type=oneshot
ExecStart={exec}

# {SYSTEMD_DIR}/cramp-remind.timer
[Unit]
Description=Daily cramp reminder at {hh:02}:{mm:02}

[Timer]
OnCalendar=*-*-* {hh:02}:{mm:02}:00
Persistent=true

[Install]
WantedBy=timers.target

# Save the two parts above under those names, then:
#   systemctl --user daemon-reload && systemctl --user enable --now cramp-remind.timer
",
        exec = exec.join(" "),
        hh = at.hour(),
        mm = at.minute(),
    ))
}

/// A word of `ExecStart=` in double quotes: `\` and `"` escaped and `%` (a specifier) doubled;
/// in the arguments `$` (a variable) is doubled too, while the program's own path is taken
/// without variables, so there a `$` stays as it is.
fn systemd_quote(word: &str, argument: bool) -> String {
    let mut inner = word.replace('\\', "\\\\").replace('"', "\\\"").replace('%', "%%");
    if argument {
        inner = inner.replace('$', "$$");
    }
    format!("\"{inner}\"")
}

/// A crontab line. cron runs it through `sh` without a desktop session, so the line names the
/// session's message bus for `notify-send`; cron turns `%` into a new line unless escaped.
#[must_use]
pub fn cron(inv: &Invocation, at: NaiveTime) -> String {
    let command: Vec<String> = inv.words().into_iter().map(|w| shell_quote(w).replace('%', "\\%")).collect();
    format!(
        "# Daily cramp reminder at {hh:02}:{mm:02}. Add it with: crontab -e (or: (crontab -l; cramp remind print cron) | crontab -)
{mm} {hh} * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$(id -u)/bus {command}
",
        hh = at.hour(),
        mm = at.minute(),
        command = command.join(" "),
    )
}

/// One word for `sh`: in single quotes, each `'` written as `'\''`.
fn shell_quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@".contains(c)) {
        return word.to_owned();
    }
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// The launchd label, and the agent's file name without `.plist`.
pub const LAUNCHD_LABEL: &str = "org.cramp.remind";

/// A launchd agent: the arguments as a list (no shell), text escaped for XML.
#[must_use]
pub fn launchd(inv: &Invocation, at: NaiveTime) -> String {
    let args: String = inv
        .words()
        .into_iter()
        .fold(String::new(), |list, w| list + "\n    <string>" + &xml_escape(w) + "</string>");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Save as ~/Library/LaunchAgents/{LAUNCHD_LABEL}.plist, then:
     launchctl load -w ~/Library/LaunchAgents/{LAUNCHD_LABEL}.plist -->
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>{LAUNCHD_LABEL}</string>
  <key>ProgramArguments</key>
  <array>{args}
  </array>
  <key>StartCalendarInterval</key>
  <dict>
    <key>Hour</key>
    <integer>{hh}</integer>
    <key>Minute</key>
    <integer>{mm}</integer>
  </dict>
</dict>
</plist>
"#,
        hh = at.hour(),
        mm = at.minute(),
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inv(program: &str, db: Option<&str>) -> Invocation {
        Invocation { program: program.to_owned(), db: db.map(str::to_owned) }
    }

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
    }

    #[test]
    fn systemd_quotes_every_odd_character_of_the_paths() {
        let text = systemd(&inv("/opt/my $dir/100%/cramp", Some("/j/a\"b\\c $d%.db")), at(21, 30));
        let text = text.unwrap_or_default();
        let exec = r#"ExecStart="/opt/my $dir/100%%/cramp" "--db" "/j/a\"b\\c $$d%%.db" "status" "--notify""#;
        assert!(text.contains(exec), "{text}");
        assert!(text.contains("OnCalendar=*-*-* 21:30:00\nPersistent=true"), "{text}");
        assert!(systemd(&inv("/home/o'neil/cramp", None), at(21, 30)).is_err());
    }

    #[test]
    fn cron_quotes_for_sh_and_escapes_percent() {
        let text = cron(&inv("/home/o'neil/100%/cramp", Some("/tmp/j.db")), at(7, 5));
        let line = text.lines().nth(1).unwrap_or_default();
        assert_eq!(
            line,
            "5 7 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$(id -u)/bus \
             '/home/o'\\''neil/100\\%/cramp' --db /tmp/j.db status --notify"
        );
    }

    #[test]
    fn launchd_escapes_xml_and_lists_the_arguments() {
        let text = launchd(&inv("/Apps/R&D <x>/cramp", None), at(21, 0));
        assert!(text.contains("<string>/Apps/R&amp;D &lt;x&gt;/cramp</string>"), "{text}");
        assert!(text.contains("<string>--notify</string>"));
        assert!(text.contains("<key>Hour</key>\n    <integer>21</integer>"));
        // An XML comment may not hold "--".
        let comment = text.split("<!--").nth(1).and_then(|c| c.split("-->").next()).unwrap_or_default();
        assert!(!comment.contains("--"), "{comment}");
    }
}
