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
    if Path::new("/usr/share/zoneinfo").is_dir() {
        let j = filled();
        let (out, report) = doctor(&j, &[("TZ", "Mars/Olympus_Mons")]);
        assert_eq!(out.status.code(), Some(1));
        assert!(report["problems"][0]["problem"].as_str().unwrap().contains("TZ=Mars/Olympus_Mons"));
    }
}
