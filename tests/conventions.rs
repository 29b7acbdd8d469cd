//! Terminal conventions (issue 16 points 1–4): completion scripts the shells accept, manual
//! pages groff renders without a warning, `cramp doctor` on sound and damaged journals, the
//! reminders' printed units, and `--json` on every command that prints a result, each checked
//! against the numbers of the same command's text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{Journal, bin};
use serde_json::Value;

/// Whether `program` can be run (found on PATH).
fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn skip(what: &str) {
    // Printed, so a run without the tool says what it did not check.
    println!("note: {what} is not installed here, so that check was skipped");
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn completion_scripts_are_valid_for_their_shells() {
    let j = Journal::new();
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = j.ok(&["completions", shell]);
        // Every command is offered, the new ones included.
        for command in ["log", "doctor", "remind", "completions", "man"] {
            assert!(script.contains(command), "{shell} script lacks {command}");
        }
        if !["bash", "zsh", "fish"].contains(&shell) {
            continue;
        }
        if !have(shell) {
            skip(shell);
            continue;
        }
        let file = dir.path().join(format!("cramp.{shell}"));
        std::fs::write(&file, &script).unwrap();
        let out = Command::new(shell).arg("-n").arg(&file).output().unwrap();
        assert!(out.status.success() && out.stderr.is_empty(), "{shell} -n: {}", stderr(&out));
        // And it completes: `cramp doc<Tab>` offers doctor alone.
        let ask = match shell {
            "bash" => {
                "COMP_WORDS=(cramp doc); COMP_CWORD=1; _cramp cramp doc cramp; printf '%s\\n' \"${COMPREPLY[@]}\""
            }
            "fish" => "complete -C 'cramp doc' | cut -f1",
            _ => continue,
        };
        let source = format!("source '{}'; {ask}", file.display());
        let out = Command::new(shell).arg("-c").arg(source).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "doctor\n", "{shell}: {}", stderr(&out));
    }
    assert!(j.usage_error(&["completions", "tcsh"]).contains("bash, elvish, fish, powershell, zsh"));
    assert!(!j.db.exists(), "completions created a journal");
}

#[test]
fn completions_and_man_need_no_journal_or_home() {
    let out = Command::new(bin()).env_clear().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success() && !out.stdout.is_empty(), "{}", stderr(&out));
    let out = Command::new(bin()).env_clear().env("CRAMP_NOW", "nonsense").arg("man").output().unwrap();
    assert!(out.status.success() && out.stdout.starts_with(b".ie"), "{}", stderr(&out));
}

/// Every command and subcommand, as the help of each lists them: computed from `--help`, not
/// from clap, so a page missing for a command the help offers is caught.
fn commands_from_help(j: &Journal, path: &[&str]) -> Vec<String> {
    let mut args: Vec<&str> = path.to_vec();
    args.push("--help");
    let help = j.ok(&args);
    let mut found = vec![std::iter::once("cramp").chain(path.iter().copied()).collect::<Vec<_>>().join("-")];
    let Some(list) = help.split("Commands:\n").nth(1) else { return found };
    // A name at the margin of two spaces; a description that wraps goes on further in.
    for line in list.lines().take_while(|l| !l.is_empty()).filter(|l| !l.starts_with("   ")) {
        let name = line.split_whitespace().next().unwrap();
        if name == "help" {
            continue;
        }
        let mut sub = path.to_vec();
        sub.push(name);
        found.extend(commands_from_help(j, &sub));
    }
    found
}

#[test]
fn man_pages_one_per_command_render_without_warnings() {
    let j = Journal::new();
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    let said = j.ok(&["man", "--dir", pages.to_str().unwrap()]);
    let mut expected: Vec<String> = commands_from_help(&j, &[]).iter().map(|c| format!("{c}.1")).collect();
    expected.sort();
    let mut written: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    assert!(
        expected.contains(&"cramp-med-add.1".to_owned())
            && expected.contains(&"cramp-remind-print.1".to_owned())
    );
    assert_eq!(said, format!("Wrote {} manual pages to {}.\n", expected.len(), pages.display()));
    // Without --dir: the top page, the same as the file.
    assert_eq!(j.ok(&["man"]).as_bytes(), std::fs::read(pages.join("cramp.1")).unwrap());
    for name in &written {
        let page = std::fs::read(pages.join(name)).unwrap();
        assert!(page.is_ascii(), "{name} holds bytes groff would read as Latin-1");
        if have("groff") {
            let out = Command::new("groff")
                .args(["-ww", "-man", "-Tutf8", "-z"])
                .arg(pages.join(name))
                .output()
                .unwrap();
            assert!(out.status.success() && out.stderr.is_empty(), "groff on {name}: {}", stderr(&out));
        }
        if have("man") {
            let out =
                Command::new("man").arg("-l").arg(pages.join(name)).env("MANPAGER", "cat").output().unwrap();
            assert!(out.status.success() && out.stderr.is_empty(), "man -l {name}: {}", stderr(&out));
        }
    }
    if !have("groff") {
        skip("groff");
    }
    if !have("man") {
        skip("man");
    }
    // The examples after the options keep their lines and columns, as in --help.
    let top = std::fs::read_to_string(pages.join("cramp.1")).unwrap();
    assert!(
        top.contains(".SH NOTES\n.nf\nWithout a command,") && top.contains("\n.fi\n.SH VERSION"),
        "{top}"
    );
    // The en dash of the help text comes out as one, through groff's escape.
    let log = std::fs::read_to_string(pages.join("cramp-log.1")).unwrap();
    assert!(log.contains("0\\[u2013]20"), "cramp-log.1 should write the range 0–20 with \\[u2013]");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    assert!(j.usage_error(&["man", "--dir", file.to_str().unwrap()]).contains("is not a folder"));
}

/// A journal with nights, a medicine and a daily backup.
fn filled() -> Journal {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-20", "--fluid", "2l"]);
    j.ok(&["med", "add", "Furosemide", "--class", "loop-diuretic", "--since", "2026-11-01"]);
    let later = Journal { dir: j.dir, db: j.db, now: "2026-11-29T09:00:00+01:00".to_owned() };
    // The first change of a new day makes that day's backup.
    later.ok(&["log", "--date", "2026-11-27", "--cramp", "03:10,4m,7,calf,left"]);
    later.ok(&["log", "--date", "2026-11-28"]);
    later
}

fn doctor(j: &Journal, extra: &[(&str, &str)]) -> (Output, Value) {
    let mut text = j.cmd(&["doctor"]);
    let mut json = j.cmd(&["doctor", "--json"]);
    for (k, v) in extra {
        text.env(k, v);
        json.env(k, v);
    }
    let out = text.output().unwrap();
    let json_out = json.output().unwrap();
    assert_eq!(out.status.code(), json_out.status.code());
    (out, serde_json::from_slice(&json_out.stdout).unwrap())
}

#[test]
fn doctor_on_a_healthy_journal_exits_0_and_says_what_it_read() {
    let j = filled();
    let (out, report) = doctor(&j, &[("TERM", "xterm-256color"), ("NO_COLOR", "1")]);
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(text.ends_with("No problems found.\n"), "{text}");
    assert_eq!(report["healthy"], true);
    assert_eq!(report["problems"], serde_json::json!([]));
    assert_eq!(report["version"], env!("CARGO_PKG_VERSION"));
    // Recomputed from the journal's own listing and files.
    let nights = j.json(&["list", "--json"]);
    let nights = nights.as_array().unwrap();
    let last = nights.iter().map(|n| n["date"].as_str().unwrap()).max().unwrap();
    assert_eq!(report["journal"]["nights"], nights.len());
    assert_eq!(report["last_logged"], last);
    assert_eq!(report["last_night"], "2026-11-28");
    assert_eq!(report["last_night_logged"], true);
    assert_eq!(report["journal"]["size_bytes"], std::fs::metadata(&j.db).unwrap().len());
    assert_eq!(report["journal"]["integrity"], "ok");
    let backups: Vec<PathBuf> =
        std::fs::read_dir(j.dir.path().join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(report["backups"]["count"], backups.len());
    assert_eq!(report["backups"]["newest_checks_out"], true);
    assert_eq!(report["settings"]["day_boundary"], "12:00");
    assert_eq!(report["settings"]["evening"], "18:00");
    assert_eq!(report["terminal"]["term"], "xterm-256color");
    assert_eq!(report["terminal"]["no_color"], true);
    assert_eq!(report["time_zone"]["tz"], common::TZ_CET);
    assert_eq!(report["time_zone"]["utc_offset"], "+01:00");
    // The text says the same numbers.
    assert!(text.contains(&format!("Nights        {} logged, the last {last}\n", nights.len())), "{text}");
    assert!(text.contains(&format!("Backups       {} in ", backups.len())), "{text}");
    assert!(text.contains("checks out\n") && text.contains("Integrity     ok\n"), "{text}");
    assert!(text.contains("day boundary 12:00, evening 18:00"), "{text}");
    assert!(text.contains("TERM=xterm-256color, NO_COLOR set (no colour)"), "{text}");
    // Looking changed nothing.
    let before = j.snapshot();
    doctor(&j, &[]);
    assert_eq!(j.snapshot(), before);
}

#[test]
fn doctor_without_a_journal_creates_none() {
    let j = Journal::new();
    let (out, report) = doctor(&j, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(report["journal"]["exists"], false);
    assert!(String::from_utf8_lossy(&out.stdout).contains("no journal at this path yet"));
    assert!(!j.db.exists());
}

#[test]
fn doctor_on_a_damaged_journal_exits_1_with_the_reason_and_changes_nothing() {
    let sound = filled();
    let good = std::fs::read(&sound.db).unwrap();
    // Garbage over the pages after the first (the schema), and a journal cut inside its header.
    let mut garbled = good.clone();
    for b in &mut garbled[4096..] {
        *b = 0x5a;
    }
    for (what, bytes) in [("garbled pages", garbled), ("cut at byte 50", good[..50].to_vec())] {
        let j = filled();
        std::fs::write(&j.db, &bytes).unwrap();
        let before = j.snapshot();
        let (out, report) = doctor(&j, &[]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{what}: {text}");
        assert!(text.contains("PROBLEM: the journal") && text.contains("Fix: "), "{what}: {text}");
        assert!(stderr(&out).starts_with("error: cramp doctor found 1 problem"), "{what}: {}", stderr(&out));
        assert_eq!(report["healthy"], false);
        let problem = report["problems"][0]["problem"].as_str().unwrap();
        assert!(problem.contains("damaged") || problem.contains("cannot be opened"), "{what}: {problem}");
        assert!(text.contains(problem), "{what}: the text should say what the JSON says");
        assert!(report["problems"][0]["fix"].as_str().unwrap().contains("cramp restore"), "{what}");
        assert_eq!(j.snapshot(), before, "{what}: doctor changed the journal");
    }
}

#[test]
fn doctor_names_a_damaged_backup_and_an_unknown_zone() {
    let j = filled();
    let backups: Vec<PathBuf> =
        std::fs::read_dir(j.dir.path().join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
    let newest = &backups[0];
    let mut bytes = std::fs::read(newest).unwrap();
    for b in &mut bytes[4096..] {
        *b = 0xa5;
    }
    std::fs::write(newest, bytes).unwrap();
    let (out, report) = doctor(&j, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(report["backups"]["newest_checks_out"], false);
    assert!(report["problems"][0]["problem"].as_str().unwrap().contains("does not check out"), "{report}");
    // A read-only journal cannot take a night (root writes regardless, but is told all the same).
    let j = filled();
    let mut mode = std::fs::metadata(&j.db).unwrap().permissions();
    mode.set_readonly(true);
    std::fs::set_permissions(&j.db, mode).unwrap();
    let (out, report) = doctor(&j, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(report["problems"][0]["fix"].as_str().unwrap().starts_with("make it writable again: chmod u+w"));
    if Path::new("/usr/share/zoneinfo").is_dir() {
        let j = filled();
        let (out, report) = doctor(&j, &[("TZ", "Mars/Olympus_Mons")]);
        assert_eq!(out.status.code(), Some(1));
        assert!(report["problems"][0]["problem"].as_str().unwrap().contains("TZ=Mars/Olympus_Mons"));
    }
}

/// Two journals with the same nights: one for a command's text, one for its JSON.
fn twins(setup: &[&[&str]]) -> (Journal, Journal) {
    let (a, b) = (Journal::new(), Journal::new());
    for args in setup {
        a.ok(args);
        b.ok(args);
    }
    (a, b)
}

#[test]
fn status_json_matches_the_line_and_the_nights() {
    let j = Journal::new();
    for date in ["2026-11-23", "2026-11-25", "2026-11-20"] {
        j.ok(&["log", "--date", date]);
    }
    j.ok(&["log", "--date", "2026-11-24", "--cramp", "03:00,1m,5"]);
    let line = j.ok(&["status"]);
    let s = j.json(&["status", "--json"]);
    assert_eq!(format!("{}\n", s["line"].as_str().unwrap()), line);
    // Recomputed from the list: this week (from Monday 23 Nov) up to last night, Fri 27 Nov.
    let nights = j.json(&["list", "--json"]);
    let week: Vec<&Value> = nights
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| ("2026-11-23"..="2026-11-27").contains(&n["date"].as_str().unwrap()))
        .collect();
    let cramp_nights = week.iter().filter(|n| !n["episodes"].as_array().unwrap().is_empty()).count();
    assert_eq!(s["week_nights_logged"], week.len());
    assert_eq!(s["week_cramp_nights"], cramp_nights);
    assert!(
        line.contains(&format!("this week {cramp_nights} cramp night in {} logged", week.len())),
        "{line}"
    );
    assert_eq!(s["week_start"], "2026-11-23");
    assert_eq!((s["night"].clone(), s["last_night"].clone()), ("2026-11-27".into(), "2026-11-27".into()));
    assert_eq!(s["last_night_logged"], false);
    assert_eq!(s["night_cramps"], Value::Null);
    assert!(line.contains("last night (Fri 27 Nov) NOT logged"), "{line}");
    let none = Journal::new().json(&["status", "--json"]);
    assert_eq!(none["journal_exists"], false);
}

#[test]
fn profile_settings_suspect_and_med_json_say_what_the_text_says() {
    let (a, b) = twins(&[&[
        "med",
        "add",
        "Furosemide",
        "--class",
        "loop-diuretic",
        "--dose",
        "40 mg",
        "--since",
        "2026-10-01",
    ]]);
    let text = a.ok(&["profile", "--add", "diabetes", "--add", "kidney", "--name", "Ann"]);
    let json = b.json(&["profile", "--add", "diabetes", "--add", "kidney", "--name", "Ann", "--json"]);
    assert_eq!(json["name"], "Ann");
    let conditions: Vec<&str> =
        json["conditions"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert!(text.contains(&format!("Conditions: {}", conditions.join(", "))), "{text}");
    assert!(text.contains("Name:       Ann"));

    let text = a.ok(&["settings", "evening", "19:30"]);
    let json = b.json(&["settings", "evening", "19:30", "--json"]);
    assert_eq!(text, "evening is now 19:30\n");
    assert_eq!(json["evening"], "19:30");
    let all = a.ok(&["settings"]);
    for (key, field) in [
        ("units", "units"),
        ("week-start", "week_start"),
        ("day-boundary", "day_boundary"),
        ("evening", "evening"),
    ] {
        let shown = all.lines().find_map(|l| l.strip_prefix(key)).unwrap().trim();
        let value = match &json[field] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        assert_eq!(shown, value, "{key}");
    }
    assert_eq!(b.json(&["settings", "--json"]), json);

    let text = a.ok(&["suspect", "--add", "tag:coffee", "--add", "low_fluid"]);
    let json = b.json(&["suspect", "--add", "tag:coffee", "--add", "low_fluid", "--json"]);
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        let (id, name) = (row["id"].as_str().unwrap(), row["name"].as_str().unwrap());
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(id) && l.ends_with(name)),
            "{id} {name}: {text}"
        );
    }

    let text = a.ok(&["med", "list"]);
    let json = b.json(&["med", "list", "--json"]);
    assert_eq!(b.json(&["med", "--json"]), json);
    assert_eq!(json[0]["name"], "Furosemide");
    assert_eq!(json[0]["dose"], "40 mg");
    assert_eq!(json[0]["periods"][0]["since"], "2026-10-01");
    assert!(
        text.contains("Furosemide") && text.contains("loop-diuretic") && text.contains("40 mg"),
        "{text}"
    );
    assert!(text.contains("2026-10-01") || text.contains("1 Oct"), "{text}");
}

#[test]
fn log_now_delete_json_describe_what_was_saved() {
    let (a, b) = twins(&[]);
    let args = [
        "log",
        "--fluid",
        "1.5l",
        "--activity",
        "hard",
        "--cramp",
        "03:10,4m,7,calf,left",
        "--tag",
        "coffee",
    ];
    let text = a.ok(&args);
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let json = b.json(&with_json);
    assert_eq!(json["action"], "logged");
    // What the JSON says was saved is what the journal holds, and what the text said.
    assert_eq!(json["night"], b.json(&["show", "2026-11-27", "--json"]));
    assert_eq!(json["night"]["fluid_ml"], 1500);
    assert!(text.starts_with("Logged last night, Fri 27 Nov 2026: 1 cramp"), "{text}");
    assert!(
        text.contains("fluid 1.5 L") && text.contains("activity hard") && text.contains("tags coffee"),
        "{text}"
    );
    assert_eq!(json["night"]["episodes"][0]["start"], "2026-11-28T03:10:00+01:00");
    assert_eq!(json["night"]["episodes"][0]["duration_s"], 240);
    assert_eq!(b.json(&["log", "--note", "x", "--json"])["action"], "updated");

    let text = a.ok(&["now"]);
    let json = b.json(&["now", "--json"]);
    assert_eq!(json, serde_json::json!({"night": "2026-11-27", "start": common::MORNING, "added": true}));
    assert!(text.starts_with("Saved a cramp at 09:00 on the night of Fri 27 Nov"), "{text}");
    let again = b.json(&["now", "--json"]);
    assert_eq!(again["added"], false, "a second `now` within 10 minutes is the same cramp");
    let shown = b.json(&["show", "2026-11-27", "--json"]);
    assert_eq!(
        shown["episodes"].as_array().unwrap().iter().filter(|e| e["start"] == common::MORNING).count(),
        1
    );

    let before = b.json(&["show", "2026-11-27", "--json"]);
    let text = a.ok(&["delete", "2026-11-27", "--yes"]);
    let json = b.json(&["delete", "2026-11-27", "--yes", "--json"]);
    assert_eq!(json["deleted"], "2026-11-27");
    assert_eq!(json["night"], before);
    let cramps = before["episodes"].as_array().unwrap().len();
    assert!(text.contains(&format!("{cramps} cramps")), "{text}");
    b.usage_error(&["show", "2026-11-27", "--json"]);
}

#[test]
fn import_and_backup_json_match_their_summaries() {
    let source = Journal::new();
    for date in ["2026-11-20", "2026-11-21", "2026-11-22"] {
        source.ok(&["log", "--date", date]);
    }
    let file = source.dir.path().join("nights.json");
    source.ok(&["export", "--format", "json", "--all", "-o", file.to_str().unwrap()]);
    let (a, b) = twins(&[&["log", "--date", "2026-11-21"]]);
    let text = a.ok(&["import", file.to_str().unwrap()]);
    let json = b.json(&["import", file.to_str().unwrap(), "--json"]);
    let n = |k: &str| json[k].as_u64().unwrap();
    assert_eq!(
        text.lines().next().unwrap(),
        format!(
            "Imported {} nights: {} added, {} skipped, {} replaced.",
            n("nights_in_file"),
            n("added"),
            n("skipped"),
            n("replaced")
        )
    );
    assert_eq!((n("nights_in_file"), n("added"), n("skipped"), n("replaced")), (3, 2, 1, 0));
    assert_eq!(b.json(&["list", "--json"]).as_array().unwrap().len(), 3);

    let json = b.json(&["backup", "--json"]);
    let copy = PathBuf::from(json["backup"].as_str().unwrap());
    assert!(copy.is_file(), "{json}");
    assert_eq!(json["integrity"], "ok");
    assert_eq!(json["journal"], b.db.to_str().unwrap());
    let out = b.ok(&["backup", "-o", b.dir.path().join("second.db").to_str().unwrap()]);
    assert_eq!(
        out,
        format!(
            "Backed up {} to {} (integrity checked).\n",
            b.db.display(),
            b.dir.path().join("second.db").display()
        )
    );
    // The copy holds the same nights.
    let copied = Journal { dir: tempfile::tempdir().unwrap(), db: copy, now: common::MORNING.to_owned() };
    assert_eq!(copied.json(&["list", "--json"]), b.json(&["list", "--json"]));
}

/// A folder holding a `notify-send` that writes its arguments to `called`.
fn fake_notifier() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("notify-send");
    let called = dir.path().join("called");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", called.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

#[test]
fn status_notify_sends_only_when_last_night_is_not_logged() {
    let j = Journal::new().at("2026-11-28T21:30:00+01:00");
    j.ok(&["log", "--date", "2026-11-26"]);
    let bin_dir = fake_notifier();
    let called = bin_dir.path().join("called");
    let out = j.cmd(&["status", "--notify"]).env("PATH", bin_dir.path()).output().unwrap();
    assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(), "{}", stderr(&out));
    let args = std::fs::read_to_string(&called).unwrap();
    assert!(
        args.contains("Last night (Fri 27 Nov) is not logged yet: cramp log --date 2026-11-27"),
        "{args}"
    );
    std::fs::remove_file(&called).unwrap();
    // No notifier on PATH: one line on stderr instead.
    let out = j.cmd(&["status", "--notify"]).output().unwrap();
    assert!(out.status.success() && out.stdout.is_empty());
    assert_eq!(stderr(&out).lines().count(), 1);
    assert!(stderr(&out).contains("not logged yet") && stderr(&out).contains("no notify-send or osascript"));
    // Logged: nothing at all.
    j.ok(&["log", "--date", "2026-11-27"]);
    let out = j.cmd(&["status", "--notify"]).env("PATH", bin_dir.path()).output().unwrap();
    assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty());
    assert!(!called.exists(), "notified although last night is logged");
    assert!(j.usage_error(&["status", "--notify", "--json"]).contains("cannot be used with"));
}

/// A copy of the binary under a path with a space, `%`, `$` and (unless for systemd, which
/// refuses to run such a path) a quote, which every scheduler's text must carry exactly.
fn odd_binary(quote: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir_in(bin().parent().unwrap()).unwrap();
    let folder = dir.path().join(if quote { "my cramp's 100% $HOME" } else { "my cramp 100% $HOME" });
    std::fs::create_dir(&folder).unwrap();
    let exe = folder.join("cramp");
    if std::fs::hard_link(bin(), &exe).is_err() {
        std::fs::copy(bin(), &exe).unwrap();
    }
    (dir, exe)
}

fn print_with(exe: &Path, j: &Journal, args: &[&str]) -> String {
    let out = Command::new(exe)
        .env("CRAMP_DB", &j.db)
        .env("CRAMP_NOW", &j.now)
        .env("TZ", common::TZ_CET)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn systemd_units_verify_and_name_this_binary() {
    let j = Journal::new();
    let (_keep, exe) = odd_binary(true);
    let out =
        Command::new(&exe).env("CRAMP_DB", &j.db).args(["remind", "print", "systemd"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("systemd cannot run a program whose path holds a quote"),
        "{}",
        stderr(&out)
    );
    let (_keep, exe) = odd_binary(false);
    let text = print_with(&exe, &j, &["remind", "print", "systemd", "--at", "9:05pm"]);
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for part in text.split("# ~/.config/systemd/user/").skip(1) {
        let (name, body) = part.split_once('\n').unwrap();
        let body = body.split("\n# Save").next().unwrap();
        std::fs::write(dir.path().join(name), body).unwrap();
        files.push(dir.path().join(name));
    }
    let names: Vec<_> = files.iter().map(|f| f.file_name().unwrap().to_str().unwrap()).collect();
    assert_eq!(names, ["cramp-remind.service", "cramp-remind.timer"]);
    let timer = std::fs::read_to_string(&files[1]).unwrap();
    assert!(timer.contains("\nOnCalendar=*-*-* 21:05:00\nPersistent=true\n"), "{timer}");
    let service = std::fs::read_to_string(&files[0]).unwrap();
    let quoted = format!("\"{}\"", exe.display().to_string().replace('%', "%%"));
    assert!(
        service.contains(&format!(
            "ExecStart={quoted} \"--db\" \"{}\" \"status\" \"--notify\"\n",
            j.db.display()
        )),
        "{service}"
    );
    if have("systemd-analyze") {
        let out = Command::new("systemd-analyze").arg("verify").args(&files).output().unwrap();
        // It exits 0 on settings it ignores; those are printed, so stderr must be empty too.
        assert!(out.status.success() && out.stderr.is_empty(), "systemd-analyze verify: {}", stderr(&out));
    } else {
        skip("systemd-analyze");
    }
}

#[test]
fn the_cron_line_runs_this_binary_through_sh() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-26"]);
    let (_keep, exe) = odd_binary(true);
    let text = print_with(&exe, &j, &["remind", "print", "cron", "--at", "21:30"]);
    let line = text.lines().find(|l| !l.starts_with('#')).unwrap();
    let fields: Vec<&str> = line.splitn(6, ' ').collect();
    assert_eq!(fields[..5], ["30", "21", "*", "*", "*"], "{line}");
    // cron turns an unescaped % into a new line, and removes the \ of an escaped one.
    let command = fields[5];
    assert!(!command.replace("\\%", "").contains('%'), "{command}");
    let command = command.replace("\\%", "%");
    // Run as cron would: through sh, with no notifier, so the reminder is the line on stderr.
    let out = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .env_clear()
        .env("CRAMP_NOW", "2026-11-28T21:30:00+01:00")
        .env("TZ", common::TZ_CET)
        .output()
        .unwrap();
    assert!(out.status.success(), "{command}: {}", stderr(&out));
    assert!(stderr(&out).contains("Last night (Fri 27 Nov) is not logged yet"), "{}", stderr(&out));
}

#[test]
fn the_launchd_agent_is_a_plist_with_the_arguments() {
    let j = Journal::new();
    let (_keep, exe) = odd_binary(true);
    let text = print_with(&exe, &j, &["remind", "print", "launchd", "--at", "0715"]);
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist"));
    if !have("python3") {
        skip("python3");
        return;
    }
    let code = "import json, plistlib, sys; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))";
    let mut child = Command::new("python3")
        .args(["-c", code])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let plist: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plist["Label"], "org.cramp.remind");
    let args =
        serde_json::json!([exe.to_str().unwrap(), "--db", j.db.to_str().unwrap(), "status", "--notify"]);
    assert_eq!(plist["ProgramArguments"], args);
    assert_eq!(plist["StartCalendarInterval"], serde_json::json!({"Hour": 7, "Minute": 15}));
}

#[test]
fn remind_refuses_bad_input_and_installs_nothing() {
    let j = Journal::new();
    assert!(j.usage_error(&["remind", "print", "windows"]).contains("systemd, cron, launchd"));
    assert!(j.usage_error(&["remind", "print", "cron", "--at", "25:00"]).contains("--at"));
    j.usage_error(&["remind", "print"]);
    let before = j.snapshot();
    j.ok(&["remind", "print", "systemd"]);
    assert_eq!(j.snapshot(), before);
    assert!(!j.db.exists() && !j.dir.path().join(".config").exists());
}

#[test]
fn demo_and_restore_json_match_their_lines() {
    let (a, b) = twins(&[]);
    let text = a.ok(&["demo", "--nights", "30", "--seed", "3"]);
    let json = b.json(&["demo", "--nights", "30", "--seed", "3", "--json"]);
    let nights = b.json(&["list", "--json"]);
    let nights = nights.as_array().unwrap();
    let cramp_nights = nights.iter().filter(|n| !n["episodes"].as_array().unwrap().is_empty()).count();
    assert_eq!(json["nights"], nights.len());
    assert_eq!(json["cramp_nights"], cramp_nights);
    assert_eq!(json["end"], nights.last().unwrap()["date"]);
    assert!(
        text.starts_with(&format!(
            "Made up {} nights ({cramp_nights} with cramps) ending {}",
            nights.len(),
            json["end"].as_str().unwrap()
        )),
        "{text}"
    );

    let copy = b.dir.path().join("copy.db");
    b.ok(&["backup", "-o", copy.to_str().unwrap()]);
    b.ok(&["delete", json["end"].as_str().unwrap(), "--yes"]);
    let json = b.json(&["restore", copy.to_str().unwrap(), "--json"]);
    assert_eq!(json["nights"], nights.len());
    assert_eq!(json["restored_from"], copy.to_str().unwrap());
    assert!(Path::new(json["saved_aside"].as_str().unwrap()).is_file(), "{json}");
    assert_eq!(b.json(&["list", "--json"]).as_array().unwrap().len(), nights.len());
}
