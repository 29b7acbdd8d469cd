//! The experiment in the app: tonight's line on the Week screen and the Log form, and the report
//! panel (`e`), as insta snapshots at 80×24 and 120×40, plus the keys that scroll and close it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, FixedOffset, NaiveDate};
use cramp_journal::app::{App, Popup};
use cramp_journal::experiment::{Change, Design, Plan};
use cramp_journal::model::{Episode, Night, Score, Zone};
use cramp_journal::store::Store;
use cramp_journal::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tempfile::TempDir;

/// Night 5 of period 5 (day 60 of the plan), in the morning.
const NOW: &str = "2026-05-01T09:00:00+01:00";
const START: &str = "2026-03-02";

fn offset() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

/// A journal with a stretching experiment from 2 March (seed 42) and every night logged up to
/// the night before last, stretching as assigned, fewer cramps on B nights.
fn journal() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("journal.db")).unwrap();
    let start: NaiveDate = START.parse().unwrap();
    let plan = Plan::draw(Design::default(), 42, start);
    store.create_experiment(&Change::Stretching, &plan, start).unwrap();
    let last: NaiveDate = "2026-04-29".parse().unwrap();
    let nights: Vec<Night> = plan
        .schedule()
        .iter()
        .take_while(|a| a.date <= last)
        .enumerate()
        .map(|(i, a)| {
            let mut n = Night::empty(a.date);
            let b = a.arm == cramp_journal::experiment::Arm::B;
            n.stretched = Some(b);
            let cramps =
                if b { usize::from(i % 3 == 0) } else { usize::from(i % 2 == 0) + usize::from(i % 7 == 0) };
            for c in 0..cramps {
                let t = a.date.succ_opt().unwrap().and_hms_opt(3 + c as u32, 10, 0).unwrap();
                let mut e = Episode::starting(t.and_local_timezone(offset()).unwrap().fixed_offset());
                e.intensity = Some(Score::new(4 + (i % 5) as i64).unwrap());
                n.episodes.push(e);
            }
            n
        })
        .collect();
    store.save_nights(&nights).unwrap();
    store.amend_experiment(1, "2026-03-20".parse().unwrap(), "away two nights in period 2").unwrap();
    (dir, store)
}

fn app(store: Store) -> App {
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    App::new(store, Zone::Fixed(offset()), now, Theme::new(false)).unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::from(code));
}

fn draw(app: &App, width: u16, height: u16) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().clone()
}

fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), draw(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), draw(app, 120, 40));
}

fn screen_text(app: &App, width: u16, height: u16) -> String {
    let backend = draw(app, width, height);
    let buf = backend.buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn week_and_log_say_tonights_assignment() {
    let (_dir, store) = journal();
    let plan = Plan::draw(Design::default(), 42, START.parse().unwrap());
    let tonight = plan.on("2026-05-01".parse().unwrap()).unwrap();
    let mut a = app(store);
    let line = a.experiment.line.clone().unwrap();
    assert!(line.starts_with(&format!(
        "Experiment: night {} of 14, period {}",
        tonight.night,
        tonight.arm.letter()
    )));
    // The night before last was logged as assigned; last night (30 April) was not.
    assert!(line.ends_with("last night not logged yet"), "{line}");
    assert!(screen_text(&a, 120, 40).contains(&line));
    snap("experiment_week", &a);
    key(&mut a, KeyCode::Char('l'));
    assert!(screen_text(&a, 120, 40).contains(&line));
    snap("experiment_log", &a);
}

#[test]
fn the_panel_opens_scrolls_and_closes() {
    let (_dir, store) = journal();
    let mut a = app(store);
    key(&mut a, KeyCode::Char('e'));
    assert_eq!(a.popup, Some(Popup::Experiment { scroll: 0 }));
    let text = screen_text(&a, 120, 40);
    assert!(text.contains("Stretching nights:"), "{text}");
    snap("experiment_panel", &a);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.popup, Some(Popup::Experiment { scroll: 11 }));
    snap("experiment_panel_scrolled", &a);
    key(&mut a, KeyCode::PageUp);
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Up);
    assert_eq!(a.popup, Some(Popup::Experiment { scroll: 0 }));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.popup, None);
    // Tiny areas do not panic.
    for (w, h) in [(1, 1), (80, 3), (20, 24)] {
        key(&mut a, KeyCode::Char('e'));
        draw(&a, w, h);
    }
}

#[test]
fn without_an_experiment_the_panel_says_how_to_plan_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("journal.db")).unwrap();
    let mut a = app(store);
    assert_eq!(a.experiment.line, None);
    key(&mut a, KeyCode::Char('e'));
    let text = screen_text(&a, 120, 40);
    assert!(
        text.contains("No experiment yet") && text.contains("`cramp experiment plan stretching`"),
        "{text}"
    );
}
