//! The journal file: refusing what is not ours, upgrades with a backup first, daily backups, and
//! two processes writing at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;

use chrono::NaiveDate;
use common::Journal;
use cramp_journal::model::{FluidMl, Night};
use cramp_journal::store::{BACKUPS_KEPT, MIGRATIONS, Migration, SCHEMA_VERSION, Store, StoreError};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let j = Journal::new();
    fs::write(&j.db, "these are my notes, not a database\n".repeat(20)).unwrap();
    let before = j.snapshot();
    let out = j.cmd(&["log"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is not an SQLite database, so cramp left it untouched"), "{err}");
    assert_eq!(j.snapshot(), before);
    // A file too short to hold a header, too.
    fs::write(&j.db, "hi").unwrap();
    assert!(matches!(Store::open(&j.db), Err(StoreError::NotSqlite { .. })));
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let j = Journal::new();
    {
        let c = rusqlite::Connection::open(&j.db).unwrap();
        c.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');").unwrap();
    }
    let before = j.snapshot();
    let out = j.cmd(&["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is an SQLite database but not a cramp journal"));
    assert_eq!(j.snapshot(), before);
}

#[test]
fn a_journal_from_a_newer_cramp_is_refused_untouched() {
    let j = Journal::new();
    j.ok(&["log"]);
    {
        let c = rusqlite::Connection::open(&j.db).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    let before = j.snapshot();
    let out = j.cmd(&["log", "--fluid", "2l"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let expected = format!(
        "was written by a newer cramp (schema version {}; this one knows up to {SCHEMA_VERSION})",
        SCHEMA_VERSION + 1
    );
    assert!(err.contains(&expected), "{err}");
    assert_eq!(j.snapshot(), before);
}

#[test]
fn an_upgrade_backs_up_the_journal_first() {
    let j = Journal::new();
    j.ok(&["log", "--fluid", "2l"]);
    let mut next: Vec<Migration> = MIGRATIONS.to_vec();
    next.push(Migration { name: "9999_test.sql", sql: "ALTER TABLE nights ADD COLUMN mood INTEGER;" });
    let store = Store::open_with(&j.db, &next).unwrap();
    assert_eq!(store.nights(None, None).unwrap().len(), 1);
    drop(store);
    let backup = j.dir.path().join(format!("journal.schema-v{SCHEMA_VERSION}.bak.db"));
    assert!(
        backup.is_file(),
        "no backup beside the journal: {:?}",
        j.snapshot().iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let old = rusqlite::Connection::open(&backup).unwrap();
    let version: i64 = old.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let fluid: i64 = old.query_row("SELECT fluid_ml FROM nights", [], |r| r.get(0)).unwrap();
    assert_eq!(fluid, 2000);
    let upgraded = rusqlite::Connection::open(&j.db).unwrap();
    let version: i64 = upgraded.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION + 1);
}

#[test]
fn a_version_1_journal_gains_the_suspected_factors_table() {
    let j = Journal::new();
    let mut old = Store::open_with(&j.db, &MIGRATIONS[..1]).unwrap();
    old.save_nights(&[Night::empty(d("2026-11-27"))]).unwrap();
    drop(old);
    let mut store = Store::open(&j.db).unwrap();
    assert!(j.dir.path().join("journal.schema-v1.bak.db").is_file());
    store.change_suspected(&["tag:coffee".parse().unwrap()], &[]).unwrap();
    assert_eq!(store.suspected_factors().unwrap().len(), 1);
    assert_eq!(store.nights(None, None).unwrap().len(), 1);
}

#[test]
fn wal_foreign_keys_and_constraints_are_on() {
    let j = Journal::new();
    j.ok(&["log"]);
    let c = rusqlite::Connection::open(&j.db).unwrap();
    let mode: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    // Hand edits that the program would refuse are refused by the file too.
    for bad in [
        "UPDATE nights SET fluid_ml = 20000",
        "UPDATE nights SET activity = 'sprint'",
        "UPDATE nights SET standing_h = 5.1",
        "UPDATE nights SET standing_h = 20, sitting_h = 5",
        "INSERT INTO nights (date) VALUES ('2026-02-30')",
        "INSERT INTO night_tags (date, tag) VALUES ('2026-11-27', 'Coffee')",
        "INSERT INTO episodes (night_date, start, intensity) VALUES ('2026-11-27', 'yesterday', 3)",
        "INSERT INTO episodes (night_date, start, duration_s) VALUES ('2026-11-27', '2026-11-28T03:10:00+01:00', 0)",
    ] {
        assert!(c.execute(bad, []).is_err(), "the schema accepted: {bad}");
    }
    c.pragma_update(None, "foreign_keys", true).unwrap();
    assert!(c.execute("INSERT INTO night_tags (date, tag) VALUES ('2020-01-01', 'x')", []).is_err());
}

#[test]
fn daily_backups_happen_once_a_day_and_keep_the_newest_seven() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-01"]);
    for day in 1..=10 {
        let today = d(&format!("2026-11-{:02}", day + 10));
        let mut store = Store::open(&j.db).unwrap().with_daily_backups(today);
        let mut night = Night::empty(today.pred_opt().unwrap());
        night.fluid = Some(FluidMl::new(1000 + day).unwrap());
        store.save_night(&night).unwrap();
        store.save_night(&night).unwrap();
        assert!(store.take_warnings().is_empty());
    }
    let store = Store::open(&j.db).unwrap();
    let kept = store.daily_backups();
    assert_eq!(kept.len(), BACKUPS_KEPT);
    let names: Vec<String> =
        kept.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names.first().unwrap(), "journal-auto-2026-11-14.db");
    assert_eq!(names.last().unwrap(), "journal-auto-2026-11-20.db");
    // The backup of the 20th holds the state before that day's first write: the first night and
    // the nine written on the 11th to the 19th.
    let copy = Store::open(kept.last().unwrap()).unwrap();
    assert_eq!(copy.nights(None, None).unwrap().len(), 10);
    copy.check_integrity().unwrap();
}

#[test]
fn a_failed_daily_backup_warns_but_does_not_lose_the_entry() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-01"]);
    // A file where the backups folder should be.
    fs::write(j.dir.path().join("backups"), "in the way").unwrap();
    let out = j.cmd(&["log", "--fluid", "2l"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("warning: the daily backup was not made"));
    assert_eq!(j.json(&["show", "2026-11-27", "--json"])["fluid_ml"], 2000);
}

/// Two processes logging 100 nights each at the same time both finish with all 200 present.
#[test]
fn two_processes_logging_at_once_both_land_everything() {
    let j = Journal::new();
    j.ok(&["settings"]);
    let start = d("2026-01-01");
    std::thread::scope(|s| {
        for writer in 0..2u64 {
            let j = &j;
            s.spawn(move || {
                for i in 0..100u64 {
                    let date = start + chrono::Days::new(writer * 100 + i);
                    let date = date.to_string();
                    j.ok(&["log", "--date", &date, "--fluid", "1500", "--cramp", "03:10,1m,5"]);
                }
            });
        }
    });
    let nights = j.json(&["list", "--json"]);
    let nights = nights.as_array().unwrap();
    assert_eq!(nights.len(), 200);
    assert!(nights.iter().all(|n| n["episodes"].as_array().unwrap().len() == 1));
    let store = Store::open(&j.db).unwrap();
    store.check_integrity().unwrap();
}
