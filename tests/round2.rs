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
