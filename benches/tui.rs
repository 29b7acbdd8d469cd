//! The terminal app's costs inside the process, on a journal of 10 years of demo nights: opening
//! the app (reading settings, medicines and the week), and drawing one frame of the Week screen
//! (its trend over 12 and over 52 weeks) and of the calendar (a month and a year), each beside a
//! reference measured in the same run (drawing an empty frame of the same size, so the terminal
//! library's own per-frame cost is visible). Run with `cargo bench --bench tui` (or
//! `python3 bench/run.py tui`, which also times the real first frame through a pseudo-terminal).
//! Target: a Week frame and a calendar frame under 2 ms.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use cramp_journal::app::calendar::CalendarMsg;
use cramp_journal::app::week::WeekMsg;
use cramp_journal::app::{App, Msg, Screen};
use cramp_journal::demo;
use cramp_journal::model::{DayBoundary, Zone};
use cramp_journal::store::{NewSchedule, Store};
use cramp_journal::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::widgets::Paragraph;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Draws `runs` frames of the screen as `next` leaves it, at 80×24 and 120×40, each beside an
/// empty frame of the same size, and prints the medians.
fn frames(
    app: &mut App,
    what: &str,
    runs: usize,
    mut next: impl FnMut(&App) -> Msg,
) -> Result<(), Box<dyn std::error::Error>> {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h))?;
        let (mut shown, mut empty) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        for i in 0..runs {
            let msg = next(app);
            app.update(msg);
            let start = Instant::now();
            terminal.draw(|f| f.render_widget(&*app, f.area()))?;
            shown.push(start.elapsed());
            let start = Instant::now();
            terminal
                .draw(|f| f.render_widget(Paragraph::new(if i % 2 == 0 { "a" } else { "b" }), f.area()))?;
            empty.push(start.elapsed());
        }
        let (shown, empty) = (median(shown), median(empty));
        println!(
            "tui: {what} frame {w}x{h}: median {:.3} ms, empty frame {:.3} ms (ratio {:.1}x); target under 2 ms",
            ms(shown),
            ms(empty),
            shown.as_secs_f64() / empty.as_secs_f64()
        );
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("ten-years.db");
    let offset = FixedOffset::east_opt(3600).ok_or("offset")?;
    let now: DateTime<FixedOffset> = DateTime::parse_from_rfc3339("2026-11-28T09:00:00+01:00")?;
    {
        let mut store = Store::open(&path)?;
        let journal = demo::generate(3650, 1, "2026-11-27".parse()?, DayBoundary::default(), &offset);
        for m in &journal.medications {
            let schedule = match &m.schedule {
                cramp_journal::model::Schedule::AsNeeded => NewSchedule::AsNeeded,
                cramp_journal::model::Schedule::Daily(p) => {
                    NewSchedule::Daily { since: p[0].since, until: p[0].until }
                }
            };
            store.add_medication(&m.name, m.class, &schedule, m.dose.as_ref())?;
        }
        store.save_nights(&journal.nights)?;
    }
    let zone = Zone::Fixed(offset);
    let runs = 200;

    let mut opening = Vec::with_capacity(30);
    for _ in 0..30 {
        let start = Instant::now();
        let app = App::new(Store::open(&path)?, zone, now, Theme::new(true))?;
        opening.push(start.elapsed());
        black_box(app);
    }

    let mut app = App::new(Store::open(&path)?, zone, now, Theme::new(true))?;
    // Each frame differs from the one before (the measure, or the day under the cursor), so
    // every one is a full redraw.
    let mut flip = false;
    frames(&mut app, "Week", runs, |_| Msg::Week(WeekMsg::ToggleMeasure))?;
    app.update(Msg::Week(WeekMsg::NextSpan));
    app.update(Msg::Week(WeekMsg::NextSpan));
    assert_eq!(app.week.summary.trend.len(), 52);
    frames(&mut app, "Week (52-week trend)", runs, |_| Msg::Week(WeekMsg::ToggleMeasure))?;
    let mut opening_calendar = Vec::with_capacity(30);
    for _ in 0..30 {
        let start = Instant::now();
        app.update(Msg::Week(WeekMsg::OpenCalendar));
        opening_calendar.push(start.elapsed());
        app.update(Msg::Calendar(CalendarMsg::Close));
    }
    app.update(Msg::Week(WeekMsg::OpenCalendar));
    assert!(app.week.calendar.open);
    let mut step = |_: &App| {
        flip = !flip;
        Msg::Calendar(if flip { CalendarMsg::Up } else { CalendarMsg::Down })
    };
    frames(&mut app, "calendar month", runs, &mut step)?;
    app.update(Msg::Calendar(CalendarMsg::ToggleYear));
    frames(&mut app, "calendar year", runs, &mut step)?;
    app.update(Msg::Calendar(CalendarMsg::Close));
    // Back to the 12-week trend, so moving a week is timed as before.
    app.update(Msg::Week(WeekMsg::NextSpan));
    assert_eq!(app.week.summary.trend.len(), 12);
    println!("tui: opening the calendar (reading a year): median {:.2} ms", ms(median(opening_calendar)));
    // Moving to another week reads 12 weeks of nights and recomputes the summary.
    let mut moves = Vec::with_capacity(runs);
    for i in 0..runs {
        let msg = if i % 2 == 0 { WeekMsg::PrevWeek } else { WeekMsg::NextWeek };
        let start = Instant::now();
        app.update(Msg::Week(msg));
        moves.push(start.elapsed());
    }
    assert_eq!(app.screen, Screen::Week);
    println!(
        "tui: opening the app on 3650 nights: median {:.2} ms; moving one week: median {:.2} ms",
        ms(median(opening)),
        ms(median(moves))
    );
    Ok(())
}
