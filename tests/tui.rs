//! The terminal app without a terminal: every screen drawn into a `TestBackend` at 80×24 and
//! 120×40 (insta snapshots, committed), tiny sizes that must not panic, and key sequences whose
//! effect is checked in the journal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use cramp_journal::app::{App, Msg, Screen};
use cramp_journal::demo;
use cramp_journal::model::{Condition, DayBoundary, Schedule, Zone};
use cramp_journal::store::{NewSchedule, Store};
use cramp_journal::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

const NOW: &str = "2026-11-28T09:00:00+01:00";

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn zone() -> Zone {
    Zone::Fixed(FixedOffset::east_opt(3600).unwrap())
}

/// A journal of 120 made-up nights ending the night before last (so last night is not logged),
/// with the demo's medicines and one condition.
fn demo_journal() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("journal.db")).unwrap();
    let offset = FixedOffset::east_opt(3600).unwrap();
    let journal = demo::generate(120, 7, d("2026-11-26"), DayBoundary::default(), &offset);
    for m in &journal.medications {
        let schedule = match &m.schedule {
            Schedule::AsNeeded => NewSchedule::AsNeeded,
            Schedule::Daily(p) => NewSchedule::Daily { since: p[0].since, until: p[0].until },
        };
        store.add_medication(&m.name, m.class, &schedule, None).unwrap();
    }
    store.save_nights(&journal.nights).unwrap();
    let mut profile = store.profile().unwrap();
    profile.conditions.insert(Condition::Diabetes);
    store.save_profile(&profile).unwrap();
    (dir, store)
}

fn empty_journal() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("journal.db")).unwrap();
    (dir, store)
}

fn app(store: Store) -> App {
    App::new(store, zone(), at(NOW), Theme::new(false)).unwrap()
}

/// Presses keys written as text: plain characters, or `<Tab>`, `<BTab>`, `<Enter>`, `<Esc>`,
/// `<Space>`, `<Left>`, `<Right>`, `<Up>`, `<Down>`, `<PgUp>`, `<PgDn>`, `<BS>`, `<C-x>`.
fn press(app: &mut App, keys: &str) -> usize {
    let mut count = 0;
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let (ev, len) = if c == '<' {
            let end = rest.find('>').unwrap();
            let name = &rest[1..end];
            let ev = match name {
                "Tab" => KeyEvent::from(KeyCode::Tab),
                "BTab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
                "Enter" => KeyEvent::from(KeyCode::Enter),
                "Esc" => KeyEvent::from(KeyCode::Esc),
                "Space" => KeyEvent::from(KeyCode::Char(' ')),
                "Left" => KeyEvent::from(KeyCode::Left),
                "Right" => KeyEvent::from(KeyCode::Right),
                "Up" => KeyEvent::from(KeyCode::Up),
                "Down" => KeyEvent::from(KeyCode::Down),
                "PgUp" => KeyEvent::from(KeyCode::PageUp),
                "PgDn" => KeyEvent::from(KeyCode::PageDown),
                "BS" => KeyEvent::from(KeyCode::Backspace),
                "lt" => KeyEvent::from(KeyCode::Char('<')),
                ctrl if ctrl.starts_with("C-") => {
                    KeyEvent::new(KeyCode::Char(ctrl.chars().nth(2).unwrap()), KeyModifiers::CONTROL)
                }
                other => panic!("unknown key <{other}>"),
            };
            (ev, end + 1)
        } else {
            (KeyEvent::from(KeyCode::Char(c)), c.len_utf8())
        };
        app.handle_key(&ev);
        count += 1;
        rest = &rest[len..];
    }
    count
}

fn draw(app: &App, width: u16, height: u16) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().clone()
}

/// Snapshots one state at both sizes.
fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), draw(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), draw(app, 120, 40));
}

#[test]
fn week_screen() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    snap("week", &a);
    press(&mut a, "m<Left>");
    snap("week_minutes_previous", &a);
}

#[test]
fn first_run_welcome() {
    let (_dir, store) = empty_journal();
    snap("welcome", &app(store));
}

#[test]
fn log_screen_new_night_with_routine_fields() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "l");
    snap("log_new", &a);
}

#[test]
fn log_screen_with_a_cramp_and_a_mistake() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "l1.5x<Tab><Right><BTab><BTab><Enter>0310<Tab>4m<Tab>7<Tab>c<Tab>l<Tab>sw");
    snap("log_cramp_error", &a);
}

#[test]
fn history_screen() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "3<Down><Down>");
    snap("history", &a);
    press(&mut a, "/coffee");
    snap("history_filter_prompt", &a);
}

#[test]
fn meds_screen_and_add_form() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "5");
    snap("meds", &a);
    press(&mut a, "aFurosemide<Tab>l");
    snap("meds_add", &a);
}

#[test]
fn help_and_confirm_popups() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "l<Tab>?");
    snap("help_log", &a);
    press(&mut a, "<Esc>3<Down>d");
    snap("confirm_delete", &a);
}

#[test]
fn capture_screen() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    a.set_now(at("2026-11-28T03:10:05+01:00"));
    press(&mut a, "c");
    a.set_now(at("2026-11-28T03:12:47+01:00"));
    snap("capture_running", &a);
    press(&mut a, "<Space>");
    snap("capture_stopped", &a);
}

#[test]
fn too_small_and_tiny_terminals_never_panic() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    insta::assert_snapshot!("too_small_79x24", draw(&a, 79, 24));
    for keys in ["", "l", "l<BTab><Enter>", "3", "3/", "5", "5a", "?", "<Esc>c"] {
        press(&mut a, keys);
        for (w, h) in [(1, 1), (20, 5), (0, 0), (80, 1), (1, 40), (79, 23), (80, 24)] {
            draw(&a, w, h);
        }
    }
}

#[test]
fn a_routine_cramp_free_night_takes_two_keys() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    assert!(a.night(d("2026-11-27")).is_none());
    let keys = press(&mut a, "l<C-s>");
    assert!(keys <= 5);
    let night = a.night(d("2026-11-27")).expect("saved");
    assert!(night.episodes.is_empty(), "a cramp-free night");
    // Routine fields came from the night before.
    let before = a.night(d("2026-11-26")).unwrap();
    assert_eq!(night.postures, before.postures);
    assert_eq!(night.footwear, before.footwear);
    assert_eq!(night.tags, before.tags);
    assert_eq!(a.screen, Screen::Week);
    assert!(a.status.text.starts_with("Saved the night of Fri 27 Nov: cramp-free."), "{}", a.status.text);
}

#[test]
fn a_night_with_one_cramp_takes_about_twenty_keys() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    let keys = press(&mut a, "l<BTab><Enter>0310<Tab>4m<Tab>7<Tab>c<Tab>l<C-s>");
    assert!(keys <= 20, "{keys} keys");
    let night = a.night(d("2026-11-27")).unwrap();
    assert_eq!(night.episodes.len(), 1);
    let e = &night.episodes[0];
    assert_eq!(e.start, at("2026-11-28T03:10:00+01:00"));
    assert_eq!(e.duration.unwrap().seconds(), 240);
    assert_eq!(e.intensity.unwrap().get(), 7);
    assert_eq!(e.location.unwrap().as_str(), "calf");
    assert_eq!(e.side.unwrap().as_str(), "left");
}

#[test]
fn invalid_input_is_kept_and_nothing_is_saved() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "l1.5x<C-s>");
    assert!(a.night(d("2026-11-27")).is_none(), "nothing saved while a field is invalid");
    assert!(a.status.error);
    assert_eq!(a.log.as_ref().unwrap().v.fluid.value(), "1.5x", "what was typed is kept");
    // Fix it and save.
    press(&mut a, "<BS><C-s>");
    assert_eq!(a.night(d("2026-11-27")).unwrap().fluid.unwrap().get(), 1500);
}

#[test]
fn leaving_a_changed_form_asks_first() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "l2l<Esc>");
    assert!(matches!(a.popup, Some(cramp_journal::app::Popup::Confirm { .. })));
    press(&mut a, "n");
    assert_eq!(a.screen, Screen::Log);
    assert_eq!(a.log.as_ref().unwrap().v.fluid.value(), "2l");
    press(&mut a, "<Tab>q");
    assert!(!a.quit, "q asks first too");
    press(&mut a, "y");
    assert!(a.quit);
    assert!(a.night(d("2026-11-27")).is_none());
}

#[test]
fn ctrl_c_quits_at_once_without_saving() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "l2l<C-c>");
    assert!(a.quit);
    assert!(a.night(d("2026-11-27")).is_none());
}

#[test]
fn capture_saves_at_once_then_stores_the_length_and_strength() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    a.set_now(at("2026-11-28T03:10:05+01:00"));
    press(&mut a, "c");
    // Saved the moment the screen opened, on the night of the 27th.
    let night = a.night(d("2026-11-27")).expect("saved at once");
    assert_eq!(night.episodes.len(), 1);
    assert_eq!(night.episodes[0].duration, None);
    a.set_now(at("2026-11-28T03:12:35+01:00"));
    a.update(Msg::Tick);
    press(&mut a, "<Enter>");
    assert_eq!(a.night(d("2026-11-27")).unwrap().episodes[0].duration.unwrap().seconds(), 150);
    // A digit is not saved until Enter, so a wrong one can be taken back; 1 then 0 is 10.
    press(&mut a, "6");
    assert_eq!(a.night(d("2026-11-27")).unwrap().episodes[0].intensity, None);
    assert_eq!(a.capture.as_ref().unwrap().typed, Some(6));
    press(&mut a, "<BS>10");
    assert_eq!(a.capture.as_ref().unwrap().typed, Some(10));
    press(&mut a, "<Enter>");
    let e = &a.night(d("2026-11-27")).unwrap().episodes[0];
    assert_eq!(e.intensity.unwrap().get(), 10);
    assert!(a.capture.is_none());
    assert!(a.status.text.contains("2m30s, strength 10/10"), "{}", a.status.text);
}

#[test]
fn c_again_within_ten_minutes_of_a_cramp_without_a_length_is_that_cramp() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    a.set_now(at("2026-11-28T03:10:05+01:00"));
    press(&mut a, "c<Esc>");
    a.set_now(at("2026-11-28T03:19:05+01:00"));
    press(&mut a, "c");
    assert!(a.status.text.contains("That is the cramp saved at 03:10"), "{}", a.status.text);
    a.set_now(at("2026-11-28T03:20:05+01:00"));
    press(&mut a, "<Enter><Enter>");
    let night = a.night(d("2026-11-27")).unwrap();
    assert_eq!(night.episodes.len(), 1, "no second cramp: {:?}", night.episodes);
    assert_eq!(night.episodes[0].duration.unwrap().seconds(), 600, "timed from the first press");
    // Eleven minutes after a cramp whose length is known, c is a new cramp.
    a.set_now(at("2026-11-28T03:31:05+01:00"));
    press(&mut a, "c<Esc>");
    assert_eq!(a.night(d("2026-11-27")).unwrap().episodes.len(), 2);
}

#[test]
fn capture_left_with_esc_keeps_the_cramp_with_unknown_length() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    a.set_now(at("2026-11-28T03:10:05+01:00"));
    press(&mut a, "3c<Esc>");
    assert_eq!(a.screen, Screen::History);
    let e = &a.night(d("2026-11-27")).unwrap().episodes[0];
    assert_eq!((e.duration, e.intensity), (None, None));
}

#[test]
fn capture_from_a_text_field_with_ctrl_t_and_the_form_keeps_it() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    a.set_now(at("2026-11-28T03:10:05+01:00"));
    press(&mut a, "l1.2l<C-t>");
    assert!(a.capture.is_some());
    press(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Log);
    a.set_now(at("2026-11-28T09:00:00+01:00"));
    press(&mut a, "<C-s>");
    let night = a.night(d("2026-11-27")).unwrap();
    assert_eq!(night.fluid.unwrap().get(), 1200);
    assert_eq!(night.episodes.len(), 1, "saving the form did not drop the captured cramp");
}

#[test]
fn edit_a_logged_night_from_history() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    // The list starts with the unlogged gap (the 27th), then the 26th.
    press(&mut a, "3<Down><Enter>");
    let form = a.log.as_ref().unwrap();
    assert_eq!(form.date, d("2026-11-26"));
    assert!(form.existed);
    let before = a.night(d("2026-11-26")).unwrap();
    press(&mut a, "<C-u>900ml<C-s>");
    let after = a.night(d("2026-11-26")).unwrap();
    assert_eq!(after.fluid.unwrap().get(), 900);
    assert_eq!(after.episodes, before.episodes, "episodes untouched by a field edit");
    assert_eq!(after.tags, before.tags);
    assert_eq!(a.screen, Screen::History, "back where the edit started");
}

#[test]
fn delete_asks_then_undo_restores_the_whole_night() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    let before = a.night(d("2026-11-26")).unwrap();
    press(&mut a, "3<Down>d");
    assert!(a.night(d("2026-11-26")).is_some(), "nothing deleted before the answer");
    press(&mut a, "y");
    assert!(a.night(d("2026-11-26")).is_none());
    assert!(a.status.text.contains("Press u to undo"));
    press(&mut a, "u");
    assert_eq!(a.night(d("2026-11-26")).unwrap(), before);
}

#[test]
fn history_gap_opens_a_new_night_and_filter_narrows() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "3<Enter>");
    let form = a.log.as_ref().unwrap();
    assert_eq!((form.date, form.existed), (d("2026-11-27"), false));
    press(&mut a, "<Esc>f");
    assert!(a.history.filter.cramps_only);
    assert!(a.history.selected_night().is_some_and(cramp_journal::model::Night::had_cramps));
}

#[test]
fn number_keys_switch_screens_but_not_while_typing() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "3");
    assert_eq!(a.screen, Screen::History);
    press(&mut a, "5");
    assert_eq!(a.screen, Screen::Meds);
    press(&mut a, "l3");
    assert_eq!(a.screen, Screen::Log, "3 went into the fluid field");
    assert_eq!(a.log.as_ref().unwrap().v.fluid.value(), "3");
}

#[test]
fn meds_screen_adds_and_stops_medicines_and_toggles_conditions() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "5aFurosemide<Tab>l<Enter>");
    assert!(a.status.text.starts_with("Added Furosemide (loop-diuretic)"), "{}", a.status.text);
    let meds = a.store().medications().unwrap();
    let furosemide = meds.iter().find(|m| m.name.as_str() == "Furosemide").unwrap();
    assert!(furosemide.scheduled_on(d("2026-11-28")));
    // Furosemide sorts second of three: select it and stop it today.
    press(&mut a, "<Down>sy");
    let meds = a.store().medications().unwrap();
    let furosemide = meds.iter().find(|m| m.name.as_str() == "Furosemide").unwrap();
    assert!(furosemide.open_period().is_none());
    // Down to the first condition (neuropathy) and toggle it.
    press(&mut a, "<Down><Down><Down><Enter>");
    assert!(a.store().profile().unwrap().conditions.contains(&Condition::Neuropathy));
}

#[test]
fn week_moves_by_weeks_and_not_into_the_future() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    let this = a.week.summary.start;
    press(&mut a, "<Left>");
    assert_eq!(a.week.summary.start, this - chrono::Duration::days(7));
    press(&mut a, "<Right><Right>");
    assert_eq!(a.week.summary.start, this);
    press(&mut a, "<Left><Left>t");
    assert_eq!(a.week.summary.start, this);
}

#[test]
fn insights_screen() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "4");
    snap("insights", &a);
    press(&mut a, "<Down><Enter>");
    snap("insights_detail", &a);
}

/// `s` on an amount suspects its split at the median: on "Fluid (same day)", low fluid. The
/// suspicion is then answered by the amount, in its own words.
#[test]
fn suspecting_an_amount_suspects_too_little_or_too_much_of_it() {
    use cramp_journal::app::insights::Section;
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "4");
    let v = a.insights.as_ref().unwrap();
    let i = v.items.iter().position(|it| it.section == Section::Amounts).expect("an Amounts section");
    assert_eq!(format!("{:?}", v.report.doses[v.items[i].index].amount), "Fluid");
    a.insights.as_mut().unwrap().selected = i;
    press(&mut a, "s");
    assert_eq!(a.store().suspected_factors().unwrap(), [cramp_journal::model::Factor::LowFluid]);
    let s = &a.insights.as_ref().unwrap().report.suspicions[0];
    assert!(s.message.starts_with("Suspected: Low fluid."), "{}", s.message);
    assert!(s.message.contains("500 ml more fluid"), "{}", s.message);
}

#[test]
fn insights_marks_and_unmarks_a_suspicion() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "4");
    let factor = {
        let v = a.insights.as_ref().unwrap();
        let i = (0..v.items.len()).find(|&i| {
            let mut probe = v.clone();
            probe.selected = i;
            probe.selected_factor().is_some()
        });
        a.insights.as_mut().unwrap().selected = i.unwrap();
        a.insights.as_ref().unwrap().selected_factor().unwrap()
    };
    press(&mut a, "s");
    assert_eq!(a.store().suspected_factors().unwrap(), std::slice::from_ref(&factor));
    let report = &a.insights.as_ref().unwrap().report;
    assert_eq!(report.suspicions.len(), 1, "the suspicion is shown against the data");
    assert_eq!(report.suspicions[0].id, factor);
    // The list grew by the suspicion line; find the factor again and unmark it.
    let v = a.insights.as_ref().unwrap();
    let i = (0..v.items.len())
        .find(|&i| {
            let mut probe = v.clone();
            probe.selected = i;
            probe.selected_factor() == Some(factor.clone())
        })
        .unwrap();
    a.insights.as_mut().unwrap().selected = i;
    press(&mut a, "s");
    assert!(a.store().suspected_factors().unwrap().is_empty());
}

#[test]
fn export_screen_writes_the_pdf_and_asks_before_replacing() {
    let (dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "6");
    snap("export", &a);
    let target = dir.path().join("summary.pdf");
    press(&mut a, "<BTab><C-u>");
    press(&mut a, &target.display().to_string());
    press(&mut a, "<Enter>");
    let bytes = std::fs::read(&target).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(a.status.text.starts_with("Exported PDF to "), "{}", a.status.text);
    assert!(a.export.written.as_deref().is_some_and(|w| w.ends_with("summary.pdf")));
    // A second export asks first, and "n" leaves the file alone.
    std::fs::write(&target, "keep me").unwrap();
    press(&mut a, "<Enter>");
    assert!(matches!(a.popup, Some(cramp_journal::app::Popup::Confirm { .. })));
    press(&mut a, "n");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    press(&mut a, "<Enter>y");
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn export_screen_says_what_is_wrong() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "6<Tab><C-u>2026-12-01<Enter>");
    assert_eq!(a.export.error.as_deref(), Some("From: 2026-12-01 is still to come"));
}

#[test]
fn export_screen_refuses_the_terminal_and_folders_as_files() {
    let (dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "6<BTab><C-u>-<Enter>");
    assert!(
        a.export.error.as_deref().is_some_and(|e| e.starts_with("File: \"-\" means the terminal")),
        "{:?}",
        a.export.error
    );
    assert!(!std::path::Path::new("-").exists(), "no file named - was written");
    press(&mut a, "<C-u>");
    press(&mut a, &dir.path().display().to_string());
    press(&mut a, "<Enter>");
    assert!(a.popup.is_none(), "a folder is not offered for replacing");
    assert!(a.status.text.contains("is not a regular file"), "{}", a.status.text);
    assert!(dir.path().is_dir());
}

// ---- Wide text, columns and cuts (issue 9 point 4; issue 10 findings 18 and 21) ----

/// Each row of the screen as a person reads it: the cells' symbols, left to right, without the
/// blank cell a wide character covers.
fn screen_rows(app: &App, width: u16, height: u16) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let backend = draw(app, width, height);
    let buffer = backend.buffer();
    (0..height)
        .map(|y| {
            let mut row = String::new();
            let mut x = 0;
            while x < width {
                let symbol = buffer[(x, y)].symbol();
                row.push_str(symbol);
                x += u16::try_from(symbol.width().max(1)).unwrap();
            }
            row
        })
        .collect()
}

/// The buffer column where `needle` starts in `row`, counting cells (a wide character fills
/// its own cell and leaves the next one blank).
fn cell_of(app: &App, width: u16, height: u16, row: usize, needle: &str) -> Option<u16> {
    let backend = draw(app, width, height);
    let buffer = backend.buffer();
    let y = u16::try_from(row).unwrap();
    let first = needle.chars().next()?;
    (0..width).find(|x| {
        buffer[(*x, y)].symbol().starts_with(first) && {
            let rest: String = (*x..width).map(|x| buffer[(x, y)].symbol()).collect();
            rest.replace(' ', "").starts_with(&needle.replace(' ', ""))
        }
    })
}

/// An as-needed medicine, and a night of this week with three cramps, CJK tags and that
/// medicine, on the demo journal.
fn wide_text_journal(medicine: &str) -> (TempDir, Store) {
    use cramp_journal::model::{DurationS, Episode, FluidMl, MedClass, MedName, Night, Note, Score, Tag};
    let (dir, mut store) = demo_journal();
    let name = MedName::new(medicine).unwrap();
    store.add_medication(&name, MedClass::Other, &NewSchedule::AsNeeded, None).unwrap();
    let offset = FixedOffset::east_opt(3600).unwrap();
    let mut night = Night::empty(d("2026-11-25"));
    night.fluid = Some(FluidMl::new(1250).unwrap());
    night.tags.insert(Tag::new("睡眠").unwrap());
    night.tags.insert(Tag::new("coffee").unwrap());
    night.medications.insert(name);
    night.note = Some(Note::new("足がつった, woke at three").unwrap());
    for (time, seconds, strength) in [("02:10", 95, 9), ("03:40", 40, 4), ("05:05", 26, 6)] {
        let at = DayBoundary::default().place(&offset, night.date, time.parse().unwrap()).unwrap();
        let mut e = Episode::starting(at);
        e.duration = Some(DurationS::new(seconds).unwrap());
        e.intensity = Some(Score::new(strength).unwrap());
        night.episodes.push(e);
    }
    store.save_night(&night).unwrap();
    // The week's other cramp night has the CJK tag too, so the Week lists it among the factors.
    let mut thursday = store.night(d("2026-11-26")).unwrap().unwrap();
    thursday.tags.insert(Tag::new("睡眠").unwrap());
    store.save_night(&thursday).unwrap();
    let mut long = Night::empty(d("2026-11-24"));
    long.tags.insert(Tag::new("睡眠不足睡眠不足睡眠不足睡眠不足睡眠不足").unwrap());
    long.fluid = Some(FluidMl::new(2050).unwrap());
    store.save_night(&long).unwrap();
    (dir, store)
}

#[test]
fn cjk_tags_and_an_emoji_medicine_keep_the_columns_aligned() {
    let (_dir, store) = wide_text_journal("💊Mg");
    let mut a = app(store);
    press(&mut a, "3");
    insta::assert_snapshot!("wide_text_history_80x24", draw(&a, 80, 24));
    let rows = screen_rows(&a, 80, 24);
    let three =
        rows.iter().position(|r| r.contains("●●● 3 cramps worst 9 2m41s")).expect("the 3-cramp night");
    assert!(rows[three].contains("2m41s  1.25 L  coffee, 睡眠 · 💊Mg  “足"), "{:?}", rows[three]);
    assert!(rows[three].trim_end().ends_with('…'), "{:?}", rows[three]);
    // The long CJK tag is cut with "…" inside the screen, two columns per character.
    let long = rows.iter().find(|r| r.contains("Tue 24 Nov 2026")).unwrap();
    assert!(long.trim_end().ends_with('…'), "{long:?}");
    // Every night's fluid ends in the same column, with a gap before the tags.
    let ends: Vec<u16> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.contains(" L "))
        .map(|(y, _)| cell_of(&a, 80, 24, y, "L").unwrap())
        .collect();
    assert!(ends.len() > 10 && ends.iter().all(|x| *x == ends[0]), "{ends:?}");

    press(&mut a, "1");
    insta::assert_snapshot!("wide_text_week_80x24", draw(&a, 80, 24));
    let rows = screen_rows(&a, 80, 24);
    assert!(rows.iter().any(|r| r.contains("Wed 25 ") && r.contains("3 · worst 9")), "{rows:#?}");
    let tag = rows.iter().find(|r| r.contains("Tag '睡眠'")).expect("the CJK tag among the factors");
    assert!(tag.contains("'  ") && tag.contains("2 of 2  · cramp-free nights:"), "{tag:?}");

    // On the Medicines screen the emoji name takes two columns, and the class column stays put.
    press(&mut a, "5");
    insta::assert_snapshot!("wide_text_meds_80x24", draw(&a, 80, 24));
    // The first cell after the name and the gap that follows it.
    let class_at = |needle: &str| {
        let y = screen_rows(&a, 80, 24).iter().position(|r| r.contains(needle)).unwrap();
        let backend = draw(&a, 80, 24);
        let cells: Vec<&str> =
            (0..80).map(|x| backend.buffer()[(x, u16::try_from(y).unwrap())].symbol()).collect();
        let name_start = cells.iter().position(|c| *c != " ").unwrap();
        let gap = (name_start..80).find(|x| cells[*x] == " " && cells[*x + 1] == " ").unwrap();
        (gap..80).find(|x| cells[*x] != " ").unwrap()
    };
    assert_eq!(class_at("💊Mg"), class_at("Atorvastatin"));
    assert_eq!(class_at("💊Mg"), class_at("Ibuprofen"));
}

#[test]
fn no_two_columns_touch_and_cut_text_ends_in_an_ellipsis() {
    let (_dir, store) = wide_text_journal("💊Mg");
    let mut a = app(store);
    // The two runs-together the issue saw, at 80 columns.
    for keys in ["1", "3", "4", "5"] {
        press(&mut a, keys);
        for row in screen_rows(&a, 80, 24) {
            assert!(!row.contains("food1 of"), "{row:?}");
            assert!(!row.contains("s2."), "{row:?}");
            assert!(!row.contains("rich food0"), "{row:?}");
        }
    }
    // The factor with the longest label keeps a gap before its counts.
    press(&mut a, "4");
    // The amounts come first: move down until the factor is on screen.
    let mut rows = screen_rows(&a, 80, 24);
    for _ in 0..60 {
        if rows.iter().any(|r| r.contains("No magnesium")) {
            break;
        }
        press(&mut a, "j");
        rows = screen_rows(&a, 80, 24);
    }
    let food = rows.iter().find(|r| r.contains("No magnesium")).expect("the food factor on Insights");
    let after = &food[food.find("rich food").unwrap() + "rich food".len()..];
    assert!(after.starts_with("  ") && after.trim_start().starts_with("0 of 28"), "{food:?}");
    // A status longer than the line ends in "…" rather than being cut mid-word.
    a.status.text = "word ".repeat(30);
    let rows = screen_rows(&a, 80, 24);
    assert!(rows[22].trim_end().ends_with('…'), "{:?}", rows[22]);
    assert_eq!(rows[22].chars().count(), 80);
}

#[test]
fn a_zero_width_joiner_in_a_name_keeps_the_screen_in_step() {
    let (_dir, store) = wide_text_journal("Vit\u{200d}D");
    let mut a = app(store);
    for keys in ["5", "l", "<Esc>3"] {
        press(&mut a, keys);
        let rows = screen_rows(&a, 80, 24);
        // A joiner sent to the terminal joins its neighbours into one cell there while the
        // buffer counted two, so everything after it is drawn one column off.
        for row in &rows {
            assert!(!row.contains('\u{200d}'), "a zero-width joiner reaches the terminal: {row:?}");
        }
        if keys == "5" {
            assert!(rows.iter().any(|r| r.contains("  VitD  ")), "{rows:#?}");
        }
    }
}

#[test]
fn history_gap_labels_name_the_year_outside_this_one() {
    use cramp_journal::model::Night;
    let (_dir, mut store) = empty_journal();
    for date in ["2025-11-01", "2025-11-05", "2025-12-27", "2026-01-03", "2026-11-20"] {
        store.save_night(&Night::empty(d(date))).unwrap();
    }
    let mut a = app(store);
    press(&mut a, "3");
    let rows = screen_rows(&a, 80, 24);
    let text = rows.join("\n");
    for label in [
        "7 nights not logged (Sat 21 Nov – Fri 27 Nov)",
        "320 nights not logged (Sun 4 Jan – Thu 19 Nov)",
        "6 nights not logged (Sun 28 Dec 2025 – Fri 2 Jan 2026)",
        "51 nights not logged (Thu 6 Nov – Fri 26 Dec 2025)",
        "3 nights not logged (Sun 2 Nov – Tue 4 Nov 2025)",
    ] {
        assert!(text.contains(label), "{label} not in\n{text}");
    }
}

// ---- end of wide text, columns and cuts ----

/// Issue 11: the Log form gives the command line's whole message for the field under the
/// cursor, wrapped, never cut, at 80 columns.
#[test]
fn the_log_form_shows_the_whole_message_at_80_columns() {
    let (_dir, store) = empty_journal();
    let mut a = app(store);
    press(&mut a, "l50");
    let shown = draw(&a, 80, 24).to_string();
    let cli =
        cramp_journal::parse::fluid_in("50", cramp_journal::model::Units::Metric).unwrap_err().to_string();
    assert!(cli.chars().count() > 78, "the message is long enough to need two lines: {cli}");
    let text: String = shown.lines().map(|l| l.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    assert!(text.contains(cli.rsplit(' ').next().unwrap()), "its last word is on screen:\n{shown}");
    assert!(text.contains(&format!("✗ {}", &cli[..20])), "the message starts in full:\n{shown}");
}

// ---- the weekly review on a Wednesday morning (issue 13) ----

/// The demo journal ending on Tuesday 1 December, opened on Wednesday morning: the week of
/// Monday 30 November has had two of its seven nights.
fn wednesday_app() -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("journal.db")).unwrap();
    let offset = FixedOffset::east_opt(3600).unwrap();
    let journal = demo::generate(200, 7, d("2026-12-01"), DayBoundary::default(), &offset);
    for m in &journal.medications {
        let schedule = match &m.schedule {
            Schedule::AsNeeded => NewSchedule::AsNeeded,
            Schedule::Daily(p) => NewSchedule::Daily { since: p[0].since, until: p[0].until },
        };
        store.add_medication(&m.name, m.class, &schedule, None).unwrap();
    }
    store.save_nights(&journal.nights).unwrap();
    // A daily medicine started four weeks ago, so the trend has a start to mark.
    let name = cramp_journal::model::MedName::new("Magnesium").unwrap();
    let since = d("2026-11-04");
    store
        .add_medication(
            &name,
            cramp_journal::model::MedClass::Other,
            &NewSchedule::Daily { since, until: None },
            None,
        )
        .unwrap();
    let app = App::new(store, zone(), at("2026-12-02T09:00:00+01:00"), Theme::new(false)).unwrap();
    (dir, app)
}

#[test]
fn week_on_a_wednesday_morning() {
    let (_dir, mut a) = wednesday_app();
    snap("week_wednesday", &a);
    for (w, h) in [(80, 24), (120, 40)] {
        let rows = screen_rows(&a, w, h);
        let text = rows.join("\n");
        assert!(rows[1].contains("Week of Mon 30 Nov – Sun 6 Dec 2026  so far (2 of 7 nights)"), "{text}");
        for day in ["Wed 02", "Thu 03", "Fri 04", "Sat 05", "Sun 06"] {
            let row = rows.iter().find(|r| r.contains(day)).unwrap();
            assert!(row.contains(&format!("{day} · still to come")), "{row}");
        }
        assert!(!text.contains("not logged"), "every past night is logged: {text}");
        // The comparison says which way is good in words.
        assert!(text.contains("so far") && (text.contains("better") || text.contains("worse")), "{text}");
        // The medicine start is marked under its week and named with its date.
        assert!(text.contains("+Magnesium 4 Nov"), "{text}");
        assert!(text.contains("+Mag"), "{text}");
    }
    // At 120×40 the comparison also says how the week went against the week before, and
    // the trend has rows of its own for the marks and the names.
    let wide = screen_rows(&a, 120, 40).join("\n");
    assert!(wide.contains("vs last") && wide.contains("+ started, − stopped:"), "{wide}");

    // Minutes on the fixed 0–20 scale, a week back.
    press(&mut a, "m<Left>");
    snap("week_wednesday_minutes_previous", &a);
}

/// `w` stretches the trend to 26 then 52 weeks: each week keeps its slot, the medicine start
/// stays marked and named, and the rolling 4-week rate is drawn and said.
#[test]
fn the_trend_spans_26_and_52_weeks_with_the_rolling_rate() {
    let (_dir, mut a) = wednesday_app();
    // The rolling rate of this week, by hand: cramp nights per 7 logged nights from the Monday
    // three weeks before this week's to last night.
    let pooled: Vec<_> =
        a.store().nights(Some(d("2026-11-09")), Some(d("2026-12-01"))).unwrap().into_iter().collect();
    let now = pooled.iter().filter(|n| n.had_cramps()).count() as f64 * 7.0 / pooled.len() as f64;
    for (weeks, name) in [(26, "week_trend_26_weeks"), (52, "week_trend_52_weeks")] {
        press(&mut a, "w");
        assert_eq!(a.week.summary.trend.len(), weeks);
        snap(name, &a);
        for (w, h) in [(80, 24), (120, 40)] {
            let text = screen_rows(&a, w, h).join("\n");
            assert!(text.contains("+Magnesium 4 Nov"), "{w}x{h}: {text}");
            assert!(
                text.contains(&format!("4-wk rate {now:.1}")) || text.contains(&format!("now {now:.1})")),
                "{text}"
            );
            assert!(text.contains('•'), "the rolling rate is marked: {text}");
        }
        let wide = screen_rows(&a, 120, 40).join("\n");
        assert!(wide.contains(&format!("last {weeks} weeks")), "{wide}");
    }
    press(&mut a, "w");
    assert_eq!(a.week.summary.trend.len(), 12, "and back to 12");
}

/// The rolling rate is marked around the bars, never over them: each week's count (or `·` for
/// a week with nothing logged) still reads on the baseline, in order, and a `•` per week says
/// the rate.
#[test]
fn the_rolling_rate_leaves_every_weeks_count_readable() {
    let (_dir, a) = wednesday_app();
    let expected: String = a
        .week
        .summary
        .trend
        .iter()
        .map(|p| if p.nights_logged == 0 { "·".to_owned() } else { p.cramp_nights.to_string() })
        .collect();
    for (w, h) in [(80, 24), (120, 40)] {
        let rows = screen_rows(&a, w, h);
        let text = rows.join("\n");
        let title = rows
            .iter()
            .position(|r| r.contains("Cramp nights/week") || r.contains("Cramp nights per week"))
            .unwrap();
        // The label row is the one that names the current week; the baseline is just above.
        let labels = (title + 1..rows.len())
            .find(|&i| rows[i].contains("so far") || rows[i].contains(" now"))
            .unwrap();
        let baseline: String = rows[labels - 1].chars().filter(|c| c.is_ascii_digit() || *c == '·').collect();
        assert_eq!(baseline, expected, "{w}x{h}: every week's count, left to right:\n{text}");
        let marks = rows[title + 1..labels].iter().map(|r| r.matches('•').count()).sum::<usize>();
        let rated = a.week.summary.trend.iter().filter(|p| p.rolling_cramp_nights_per_7.is_some()).count();
        assert_eq!(marks, rated, "{w}x{h}: one mark per week with a rate:\n{text}");
        for glyph in ['‾', '─', '_'] {
            assert!(
                !rows[title + 1..labels].concat().contains(glyph),
                "{w}x{h}: no line over the bars:\n{text}"
            );
        }
    }
}

/// A bar means the same in every week: worst intensity 7 is seven cells of ten, whatever the
/// other nights of its week, and 10 cramp minutes half of the 20-minute bar.
#[test]
fn night_bars_keep_one_scale_across_weeks() {
    let (_dir, mut a) = wednesday_app();
    for _ in 0..6 {
        press(&mut a, "<Left>");
        let rows = screen_rows(&a, 80, 24);
        for (i, day) in a.week.summary.days.iter().enumerate() {
            let row = &rows[3 + i];
            let cells = row.chars().skip(9).take(10).filter(|c| *c == '█').count();
            match day.worst_intensity {
                Some(w) if day.episodes > 0 => assert_eq!(cells, usize::from(w), "{row}"),
                _ => assert_eq!(cells, 0, "{row}"),
            }
        }
    }
    press(&mut a, "m");
    let rows = screen_rows(&a, 80, 24);
    assert!(rows[2].contains("Cramp minutes, bar 0–20"), "{}", rows[2]);
    for (i, day) in a.week.summary.days.iter().enumerate() {
        let row = &rows[3 + i];
        let bar: String = row.chars().skip(9).take(10).collect();
        let full = bar.chars().filter(|c| *c == '█').count();
        let minutes = f64::from(day.cramp_seconds) / 60.0;
        if minutes > 20.0 {
            assert!(bar.ends_with('▸'), "{row}");
        } else {
            // Whole cells: two minutes each, the part cell drawn in eighths.
            assert_eq!(full, (minutes / 2.0 + 1.0 / 16.0).floor() as usize, "{row}: {minutes} min");
        }
    }
}

/// Issue 13 pt 5: Insights over a range; `r` steps through all nights, the last year and the
/// last 12 weeks, and the header says which and how many nights, counted here independently.
#[test]
fn insights_take_a_range_and_say_which() {
    let (_dir, store) = demo_journal();
    let mut a = app(store);
    press(&mut a, "4");
    let all = a.store().nights(None, None).unwrap();
    let last = a.current_night();
    let header = |a: &App| screen_rows(a, 120, 40)[1].clone();
    assert!(header(&a).contains(&format!("all time · {} nights,", all.len())), "{}", header(&a));
    press(&mut a, "rr");
    let first = last - chrono::Duration::days(83);
    let in_range = all.iter().filter(|n| n.date >= first && n.date <= last).count();
    let cramp_nights = all.iter().filter(|n| n.date >= first && n.date <= last && n.had_cramps()).count();
    assert!(in_range < all.len(), "the demo is longer than 12 weeks");
    assert!(
        header(&a).contains(&format!("last 12 weeks · {in_range} nights, {cramp_nights} with cramps")),
        "{}",
        header(&a)
    );
    press(&mut a, "r");
    assert!(header(&a).contains("all time"), "{}", header(&a));
    // At 80 columns the longest header still fits whole.
    press(&mut a, "rr");
    let narrow = screen_rows(&a, 80, 24)[1].clone();
    assert!(narrow.contains("comparisons tested") && !narrow.contains('…'), "{narrow}");

    // A range of one's own, typed in the forms of `cramp analyze --from --to`. A wrong one is
    // said with the field and the forms, and changes nothing; letters are text meanwhile.
    press(&mut a, "f2026-09-01 to 31/10/2026<Enter>");
    let text = screen_rows(&a, 80, 24).join("\n");
    assert!(text.contains("✗ to: '31/10/2026'") && text.contains("YYYY-MM-DD"), "{text}");
    assert_eq!(a.screen, Screen::Insights, "the 3 and 1 typed were text, not screen keys");
    press(&mut a, "<C-u>2026-09-01 to 2026-10-31<Enter>");
    let (from, to) = (d("2026-09-01"), d("2026-10-31"));
    let in_range = all.iter().filter(|n| n.date >= from && n.date <= to).count();
    let cramp_nights = all.iter().filter(|n| n.date >= from && n.date <= to && n.had_cramps()).count();
    assert!(
        header(&a).contains(&format!("1 Sep – 31 Oct 2026 · {in_range} nights, {cramp_nights} with cramps")),
        "{}",
        header(&a)
    );
    snap("insights_custom_range", &a);
    // The summary with its sentence on power, and the caution under it, show whole at both sizes.
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen_rows(&a, w, h).iter().map(|r| r.trim()).collect::<Vec<_>>().join(" ");
        let said =
            a.insights.as_ref().unwrap().report.summary.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&said), "{w}x{h}: {said}\n{text}");
        assert!(
            text.contains("Associations in your own records, not proof of what causes your cramps."),
            "{text}"
        );
    }
    // f again starts from the range shown; Esc keeps it.
    press(&mut a, "f");
    assert!(screen_rows(&a, 80, 24).join("\n").contains("2026-09-01 to 2026-10-31▏"));
    press(&mut a, "<Esc>");
    assert!(header(&a).contains("1 Sep – 31 Oct 2026"), "{}", header(&a));
    assert_eq!(a.screen, Screen::Insights);
}

/// Issue 13 pt 4: `d` opens the calendar on the week shown; a month and a year of nights, each
/// a symbol, counted beside them. The counts and each day's mark are checked against the
/// journal's nights, read here independently.
#[test]
fn the_calendar_shows_every_night_by_worst_intensity() {
    let (_dir, mut a) = wednesday_app();
    press(&mut a, "d");
    assert!(a.week.calendar.open);
    let nights = a.store().nights(None, None).unwrap();
    let last = d("2026-12-01");
    // The month before, by hand: logged nights, cramp-free ones, and the worst 7–8 band.
    press(&mut a, "[");
    snap("calendar_month", &a);
    let (from, to) = (d("2026-11-01"), d("2026-11-30"));
    let month: Vec<_> = nights.iter().filter(|n| n.date >= from && n.date <= to).collect();
    let free = month.iter().filter(|n| !n.had_cramps()).count();
    let band = |lo: u8, hi: u8| {
        month
            .iter()
            .filter(|n| n.had_cramps() && n.worst_intensity().is_some_and(|w| (lo..=hi).contains(&w.get())))
            .count()
    };
    for (w, h) in [(80, 24), (120, 40)] {
        let rows = screen_rows(&a, w, h);
        let text = rows.join("\n");
        assert!(rows[1].contains("Calendar · November 2026"), "{text}");
        assert!(text.contains(&format!("November 2026: {} of 30 nights logged", month.len())), "{text}");
        let count_of = |label: &str| {
            let row = rows.iter().find(|r| r.contains(label)).unwrap_or_else(|| panic!("{label}: {text}"));
            let after = &row[row.find(label).unwrap() + label.len()..];
            after.split_whitespace().next().unwrap().parse::<usize>().unwrap()
        };
        assert_eq!(count_of("○ cramp-free"), free);
        assert_eq!(count_of("▓ cramps, worst 7–8"), band(7, 8));
        assert_eq!(count_of("░ cramps, worst 0–3"), band(0, 3));
        assert_eq!(count_of("· not logged"), 30 - month.len());
    }
    // Each day's symbol in the grid, against its night: the 24th (the cursor moved back a
    // month from the 1st of December is on the 1st of November).
    assert_eq!(a.week.calendar.cursor, d("2026-11-01"));
    press(&mut a, "<Right><Right><Down>");
    let day = d("2026-11-10");
    assert_eq!(a.week.calendar.cursor, day);
    let n = nights.iter().find(|n| n.date == day);
    let want = match n {
        None => "not logged".to_owned(),
        Some(n) if !n.had_cramps() => "cramp-free".to_owned(),
        Some(n) => format!("{} cramp", n.episodes.len()),
    };
    let heading = screen_rows(&a, 120, 40)[1].clone();
    assert!(heading.contains(&format!("Tue 10 Nov 2026: {want}")), "{heading}");

    // The year as a strip of weeks, with the year's nights counted.
    press(&mut a, "y");
    snap("calendar_year", &a);
    let year = nights.iter().filter(|n| n.date.year() == 2026 && n.date <= last).count();
    let past = last.ordinal() as usize;
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen_rows(&a, w, h).join("\n");
        assert!(text.contains(&format!("2026: {year} of {past} nights logged")), "{text}");
    }
    // Enter opens the night in the Log form; Esc goes back, then Esc leaves the calendar.
    press(&mut a, "<Enter>");
    assert_eq!(a.screen, Screen::Log);
    assert_eq!(a.log.as_ref().unwrap().date, day);
    press(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Week);
    assert!(a.week.calendar.open, "back on the calendar it was opened from");
    press(&mut a, "<Esc>");
    assert!(!a.week.calendar.open);
}

/// Issue 16 pt 6: steps and standing a watch measured get rows of their own in the Week's
/// comparison, this week's so far, last week's and the four weeks before, each a mean of the
/// measured days worked out here from the values imported.
#[test]
fn the_week_shows_what_a_watch_measured() {
    use cramp_journal::health::{Measured, MeasuredFile, MeasuredKind, Origin};
    let (dir, mut a) = wednesday_app();
    let first = d("2026-10-01");
    let values: Vec<Measured> = (0..62u64)
        .flat_map(|i| {
            let night = first + chrono::Days::new(i);
            [
                Measured {
                    night,
                    kind: MeasuredKind::Steps,
                    value: 3000 + (i as i64 * 137) % 5000,
                    source: "Watch".into(),
                },
                Measured {
                    night,
                    kind: MeasuredKind::StandMin,
                    value: 20 + (i as i64 * 7) % 60,
                    source: "Watch".into(),
                },
            ]
        })
        .collect();
    let mut store = Store::open(&dir.path().join("journal.db")).unwrap();
    store
        .import_measured(
            &MeasuredFile { values: values.clone(), records_read: 0 },
            Origin::MetricsCsv,
            "2026-12-02T08:00:00+01:00",
        )
        .unwrap();
    drop(store);
    // Away and back: the week is read again.
    press(&mut a, "<Left><Right>");
    let mean = |kind: MeasuredKind, from: &str, to: &str| {
        let v: Vec<f64> = values
            .iter()
            .filter(|m| m.kind == kind && m.night >= d(from) && m.night <= d(to))
            .map(|m| m.value as f64)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    // Monday 30 November to last night, Tuesday 1 December; the week before; the four before.
    let steps = [("2026-11-30", "2026-12-01"), ("2026-11-23", "2026-11-29"), ("2026-11-02", "2026-11-29")]
        .map(|(f, t)| cramp_journal::wording::grouped(mean(MeasuredKind::Steps, f, t)));
    let stand = [("2026-11-30", "2026-12-01"), ("2026-11-23", "2026-11-29"), ("2026-11-02", "2026-11-29")]
        .map(|(f, t)| format!("{:.0} min", mean(MeasuredKind::StandMin, f, t)));
    snap("week_measured", &a);
    for (w, h) in [(80, 24), (120, 40)] {
        let rows = screen_rows(&a, w, h);
        let text = rows.join("\n");
        let row = rows.iter().find(|r| r.contains("Measured steps")).unwrap_or_else(|| panic!("{text}"));
        let cells: Vec<&str> = row.split("Measured steps").nth(1).unwrap().split_whitespace().collect();
        assert_eq!(&cells[..3], &steps, "{w}x{h}: {row}");
        let row = rows.iter().find(|r| r.contains("Measured stand")).unwrap_or_else(|| panic!("{text}"));
        let shown = row.split("Measured stand").nth(1).unwrap();
        for s in &stand {
            assert!(shown.contains(s.as_str()), "{w}x{h}: {s} in {row}");
        }
        // The trend still fits below.
        assert!(text.contains("Cramp nights"), "{text}");
    }
}
