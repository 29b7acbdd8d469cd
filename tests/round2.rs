//! Reliability and security, round 2 (issue 10): each test reproduces one finding that broke on
//! the code before it and checks the fix. Findings handled elsewhere: tests/files.rs (temp files
//! and backups) and tests/journal.rs (restore, schema, opening).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::{Journal, MORNING};
use cramp_journal::app::App;
use cramp_journal::model::Zone;
use cramp_journal::store::Store;
use cramp_journal::ui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn app_on(j: &Journal) -> App {
    let now = chrono::DateTime::parse_from_rfc3339(MORNING).unwrap();
    App::new(Store::open(&j.db).unwrap(), Zone::Fixed(*now.offset()), now, Theme::new(false)).unwrap()
}

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.handle_key(&KeyEvent::new(code, mods));
}

/// Finding 2: the Log form, opened before another process logged the same night and saved
/// unchanged, wrote its stale empty fields over what the other process saved.
#[test]
fn f02_a_save_from_the_log_form_keeps_what_was_saved_elsewhere_meanwhile() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-27", "--activity", "light"]);
    let mut app = app_on(&j);
    key(&mut app, KeyCode::Char('l'), KeyModifiers::NONE);
    assert_eq!(app.log.as_ref().map(|f| f.date), Some(d("2026-11-27")));
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2.5l", "--tag", "coffee", "--note", "from the phone"]);
    key(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let n = app.night(d("2026-11-27")).expect("still logged");
    assert_eq!(
        n.fluid.map(cramp_journal::model::FluidMl::get),
        Some(2500),
        "fluid kept: {}",
        app.status.text
    );
    assert_eq!(n.tags.iter().map(cramp_journal::model::Tag::as_str).collect::<Vec<_>>(), ["coffee"]);
    assert_eq!(n.note.as_ref().map(cramp_journal::model::Note::as_str), Some("from the phone"));
    assert!(
        app.status.text.contains("Kept what was saved elsewhere meanwhile: fluid, tags, note"),
        "{}",
        app.status.text
    );

    // What the person did change still wins over the other process.
    key(&mut app, KeyCode::Char('l'), KeyModifiers::NONE);
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    for c in "1l".chars() {
        key(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "3l", "--activity", "hard"]);
    key(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let n = app.night(d("2026-11-27")).unwrap();
    assert_eq!(
        n.fluid.map(cramp_journal::model::FluidMl::get),
        Some(1000),
        "typed in the form: {}",
        app.status.text
    );
    assert_eq!(
        n.activity.map(cramp_journal::model::Activity::as_str),
        Some("hard"),
        "not touched in the form"
    );
}

/// A JSON export of one night with one cramp, as `edit` leaves it, written beside the journal.
fn doctored_export(j: &Journal, edit: impl Fn(&mut serde_json::Value)) -> String {
    j.ok(&["log", "--date", "2026-11-26", "--cramp", "03:10,2m,6,calf,left", "--fluid", "1.5l"]);
    let path = j.dir.path().join("export.json");
    let file = path.to_str().unwrap().to_owned();
    j.ok(&["export", "--format", "json", "--all", "--force", "-o", &file]);
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut doc);
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    file
}

/// Imports `file` into a fresh journal and expects it refused whole, naming `field`.
fn refused(file: &str, field: &str) -> String {
    let fresh = Journal::new();
    let err = fresh.usage_error(&["import", file]);
    assert!(err.contains(field), "should name {field}: {err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(!fresh.db.exists(), "a refused import leaves no journal behind");
    err
}

/// Finding 5: an import planted a night in 2030, which `list` then showed and `export --all`
/// ("every night, losslessly") left out.
#[test]
fn f05_an_import_refuses_nights_still_to_come() {
    let j = Journal::new();
    let file = doctored_export(&j, |doc| {
        doc["nights"][0]["date"] = "2030-01-01".into();
        doc["nights"][0]["episodes"][0]["start"] = "2030-01-02T03:10:00+01:00".into();
    });
    let err = refused(&file, "2030-01-01");
    assert!(err.contains("still to come"), "{err}");
}

/// Finding 14: a leap second or an offset no clock uses passed the import's check and then
/// failed the database's, with raw SQL and exit 1.
#[test]
fn f14_leap_seconds_and_impossible_offsets_are_refused_by_field() {
    let j = Journal::new();
    for (start, why) in
        [("2026-11-27T03:10:60+01:00", "leap second"), ("2026-11-27T03:10:00+23:59", "offset")]
    {
        let file = doctored_export(&j, |doc| doc["nights"][0]["episodes"][0]["start"] = start.into());
        let err = refused(&file, "nights[0].episodes[0].start");
        assert!(err.contains(why), "{err}");
    }
}

/// Finding 20: two `--cramp` at the same minute kept one silently; imports took cramps months
/// away from their night, and the same cramp twice.
#[test]
fn f20_one_cramp_is_one_entry_and_belongs_to_its_night() {
    let j = Journal::new();
    let err =
        j.usage_error(&["log", "--date", "2026-11-27", "--cramp", "03:10,2m,6", "--cramp", "03:10,4m,8"]);
    assert!(err.contains("same minute"), "{err}");
    assert!(!j.db.exists() || j.json(&["list", "--json"]).as_array().unwrap().is_empty());

    let far = doctored_export(&j, |doc| {
        doc["nights"][0]["episodes"][0]["start"] = "2026-03-01T03:10:00+01:00".into();
    });
    let err = refused(&far, "nights[0].episodes[0].start");
    assert!(err.contains("not part of the night of 2026-11-26"), "{err}");

    let twice = doctored_export(&j, |doc| {
        let e = doc["nights"][0]["episodes"][0].clone();
        doc["nights"][0]["episodes"].as_array_mut().unwrap().push(e);
    });
    let err = refused(&twice, "nights[0].episodes[1].start");
    assert!(err.contains("same start as episodes[0]"), "{err}");

    // The same in cramp's CSV: the duplicate row is named by its line.
    let csv = j.dir.path().join("export.csv");
    let csv_file = csv.to_str().unwrap().to_owned();
    j.ok(&["export", "--format", "csv", "--all", "-o", &csv_file]);
    let text = std::fs::read_to_string(&csv).unwrap();
    let row = text.lines().nth(1).unwrap().to_owned();
    std::fs::write(&csv, format!("{text}{row}\r\n")).unwrap();
    let err = refused(&csv_file, "line 3");
    assert!(err.contains("one cramp is one row"), "{err}");
}

/// Finding 15: `cramp now > /dev/full` saved the cramp and exited 1, so a retry (or a script
/// checking the status) saved it twice.
#[test]
fn f15_a_confirmation_that_cannot_be_printed_does_not_undo_the_status() {
    let j = Journal::new().at("2026-11-28T03:10:00+01:00");
    j.ok(&["log", "--date", "2026-11-26", "--fluid", "1l"]);
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full on Linux");
    let out =
        j.std_cmd(&["log", "--date", "2026-11-25", "--cramp", "02:00,3m,5"]).stdout(full).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "the night landed: {stderr}");
    assert!(stderr.contains("warning: done, but the confirmation could not be printed"), "{stderr}");
    let nights = j.json(&["list", "--json"]);
    let n = nights.as_array().unwrap().iter().find(|n| n["date"] == "2026-11-25").expect("saved");
    assert_eq!(n["episodes"].as_array().unwrap().len(), 1);
    // A command that only reads still fails when its output is lost: that output was the point.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = j.std_cmd(&["list"]).stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// Runs `cramp ARGS` with a pseudo-terminal as its standard output (through `script`).
fn on_a_terminal(j: &Journal, args: &str) -> (Option<i32>, String) {
    assert!(
        std::process::Command::new("script").arg("--version").output().is_ok(),
        "`script` (util-linux) is needed to give cramp a terminal"
    );
    let plain = j.std_cmd::<&str>(&[]);
    let line = format!("'{}' {args}", common::bin().display());
    let out = std::process::Command::new("script")
        .env_clear()
        .envs(plain.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Finding 7: `cramp export --format csv` onto a terminal passed a note's escape sequences
/// through: the window title changed, the clipboard was set (OSC 52), the screen cleared.
#[test]
fn f07_an_export_shown_on_a_terminal_shows_escapes_as_symbols() {
    let j = Journal::new();
    let note = "hi \u{1b}]0;owned\u{7} \u{1b}]52;c;ZXZpbA==\u{7} \u{1b}[2J end";
    j.ok(&["log", "--date", "2026-11-27", "--note", note]);
    for format in ["csv", "json", "markdown"] {
        let (code, shown) = on_a_terminal(&j, &format!("export --format {format} --all"));
        assert_eq!(code, Some(0), "{shown}");
        assert!(!shown.contains('\u{1b}'), "{format}: a raw escape reached the terminal: {shown:?}");
        // JSON writes the escape as \u001b itself; the others hold the text as typed.
        assert!(format == "json" || shown.contains("␛]0;owned"), "{format}: {shown}");
    }
    // Into a pipe the bytes stay exact, so the file imports as it was.
    let piped = j.ok(&["export", "--format", "json", "--all"]);
    assert!(piped.contains("\\u001b]0;owned"), "{piped}");
}

/// Finding 9: a warning quoted the journal's path (or SQLite's text) raw.
#[test]
fn f09_warnings_show_escapes_as_symbols() {
    let parent = tempfile::tempdir().unwrap();
    let odd = parent.path().join("x\u{1b}[2Jy");
    std::fs::create_dir(&odd).unwrap();
    let cramp = |now: &str, date: &str| {
        std::process::Command::new(common::bin())
            .env_clear()
            .env("CRAMP_DB", odd.join("journal.db"))
            .env("CRAMP_NOW", now)
            .env("TZ", common::TZ_CET)
            .env("HOME", parent.path())
            .args(["log", "--date", date, "--fluid", "1l"])
            .output()
            .unwrap()
    };
    assert!(cramp(MORNING, "2026-11-27").status.success());
    // A file where the backups folder should be: the next day's first backup fails, with a warning.
    let _ = std::fs::remove_dir_all(odd.join("backups"));
    std::fs::write(odd.join("backups"), "not a folder").unwrap();
    let out = cramp("2026-11-29T09:00:00+01:00", "2026-11-28");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning: "), "the failed backup is reported: {stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(stderr.contains("x␛[2Jy"), "{stderr}");
}

/// Finding 4: with the journal's folder deleted while the app was open, Ctrl-S said "Saved"
/// into a file no one could open again.
#[test]
fn f04_a_save_into_a_deleted_folder_says_so_and_keeps_the_form() {
    let parent = tempfile::tempdir().unwrap();
    let folder = parent.path().join("journal");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("journal.db");
    Store::open(&db).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(MORNING).unwrap();
    let mut app =
        App::new(Store::open(&db).unwrap(), Zone::Fixed(*now.offset()), now, Theme::new(false)).unwrap();
    key(&mut app, KeyCode::Char('l'), KeyModifiers::NONE);
    for c in "1.5l".chars() {
        key(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    std::fs::remove_dir_all(&folder).unwrap();
    key(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.status.error && app.status.text.contains("is gone"), "{}", app.status.text);
    assert!(!app.status.text.contains("Saved"), "{}", app.status.text);
    let form = app.log.as_ref().expect("the form stays open");
    assert_eq!(form.v.fluid.value(), "1.5l", "what was typed is kept");
    // A cramp captured now is not said to be saved either.
    key(&mut app, KeyCode::Char('t'), KeyModifiers::CONTROL);
    assert!(app.capture.is_none() && app.status.text.contains("NOT saved"), "{}", app.status.text);
}

/// Finding 9, in the app: a warning from the journal (here, a daily backup that could not be
/// made) is said on the status line, not dropped.
#[test]
fn f09_the_app_says_the_journals_warnings() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-26", "--fluid", "1l"]);
    let backups = j.db.parent().unwrap().join("backups");
    let _ = std::fs::remove_dir_all(&backups);
    std::fs::write(&backups, "not a folder").unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-29T09:00:00+01:00").unwrap();
    let store = Store::open(&j.db).unwrap().with_daily_backups(now.date_naive());
    let mut app = App::new(store, Zone::Fixed(*now.offset()), now, Theme::new(false)).unwrap();
    key(&mut app, KeyCode::Char('l'), KeyModifiers::NONE);
    key(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.status.text.starts_with("Saved the night of Sat 28 Nov"), "{}", app.status.text);
    assert!(
        app.status.error && app.status.text.contains("Warning: the daily backup was not made"),
        "{}",
        app.status.text
    );
}

/// Finding 21 (part): a PDF export that hit a full disk said only "No space left on device",
/// not which file. Uses a real full disk (a small tmpfs) where mounting works; elsewhere
/// /dev/full, written into with --force, which fails the same writes the same way.
#[test]
fn f21_an_export_onto_a_full_disk_names_the_file() {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "200", "--seed", "3", "--end", "2026-11-27"]);
    let mnt = tempfile::tempdir().unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(mnt.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("mounting a tmpfs is not possible here: writing into /dev/full instead");
    }
    for format in ["pdf", "csv"] {
        let target = if mounted { mnt.path().join(format!("summary.{format}")) } else { "/dev/full".into() };
        let t = target.to_str().unwrap();
        let out = j.cmd(&["export", "--all", "--force", "--format", format, "-o", t]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(stderr.contains(&format!("cannot write {t}")), "{format}: the file is named: {stderr}");
        assert!(stderr.contains("No space left on device"), "{format}: {stderr}");
        assert!(!mounted || !target.exists(), "{format}: no partial file is left under the name");
    }
    if mounted {
        let _ = std::process::Command::new("umount").arg(mnt.path()).status();
    }
}

/// Finding 21 (part): with a symbolic link as `--db`, backups went beside the link instead of
/// beside the journal it points to.
#[test]
fn f21_backups_go_beside_the_journal_not_beside_a_link_to_it() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-26", "--fluid", "1l"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("link.db");
    std::os::unix::fs::symlink(&j.db, &link).unwrap();
    let out = j
        .std_cmd(&["--db", link.to_str().unwrap(), "log", "--date", "2026-11-27", "--fluid", "1l"])
        .env("CRAMP_NOW", "2026-11-29T09:00:00+01:00")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let beside_journal = j.db.parent().unwrap().join("backups").join("journal-auto-2026-11-29.db");
    assert!(beside_journal.exists(), "the daily backup is beside the journal");
    assert!(!elsewhere.path().join("backups").exists(), "nothing beside the link");
}

/// Finding 21 (part): `--db` on a pipe or /dev/null said "the disk may be full".
#[test]
fn f21_a_journal_that_is_a_pipe_or_a_device_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.db");
    assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    let j = Journal::new();
    for (db, kind) in [(pipe.to_str().unwrap(), "a named pipe"), ("/dev/null", "a device")] {
        for args in [&["--db", db, "list"][..], &["--db", db, "log", "--fluid", "1l"][..]] {
            let err = j.usage_error(args);
            assert!(err.contains(&format!("{db} is {kind}, not a journal file")), "{err}");
            assert!(!err.contains("disk"), "{err}");
        }
    }
}

/// Finding 21 (part): a note `x;=1+2` became a formula in spreadsheets that split on `;`.
#[test]
fn f21_cells_holding_a_semicolon_are_quoted() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-27", "--note", "x;=1+2", "--fluid", "1l"]);
    let text = j.ok(&["export", "--format", "csv", "--all", "-o", "-"]);
    let row = text.lines().nth(1).unwrap();
    assert!(row.contains("\"x;=1+2\""), "{row}");
    // Split on `;` as such a spreadsheet would, honouring quotes: no cell starts a formula.
    let mut cells = Vec::new();
    let (mut cell, mut quoted) = (String::new(), false);
    for c in row.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    assert!(cells.iter().all(|c| !c.starts_with('=')), "{cells:?}");
    // It reads back exactly.
    let fresh = Journal::new();
    let file = j.dir.path().join("x.csv");
    std::fs::write(&file, &text).unwrap();
    fresh.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(fresh.json(&["list", "--json"])[0]["note"], "x;=1+2");
}
