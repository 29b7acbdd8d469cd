//! The terminal app's costs inside the process, on a journal of 10 years of demo nights: opening
//! the app (reading settings, medicines and the week), and drawing one Week frame, each beside a
//! reference measured in the same run (drawing an empty frame of the same size, so the terminal
//! library's own per-frame cost is visible). Run with `cargo bench --bench tui` (or
//! `python3 bench/run.py tui`, which also times the real first frame through a pseudo-terminal).
//! Target: a Week frame under 2 ms.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
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
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h))?;
        let (mut week, mut empty) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        for i in 0..runs {
            // Alternate the measure so every frame differs from the one before: a full redraw.
            app.update(Msg::Week(cramp_journal::app::week::WeekMsg::ToggleMeasure));
            let start = Instant::now();
            terminal.draw(|f| f.render_widget(&app, f.area()))?;
            week.push(start.elapsed());
            let start = Instant::now();
            terminal
                .draw(|f| f.render_widget(Paragraph::new(if i % 2 == 0 { "a" } else { "b" }), f.area()))?;
            empty.push(start.elapsed());
        }
        let (week, empty) = (median(week), median(empty));
        println!(
            "tui: Week frame {w}x{h}: median {:.3} ms, empty frame {:.3} ms (ratio {:.1}x); target under 2 ms",
            ms(week),
            ms(empty),
            week.as_secs_f64() / empty.as_secs_f64()
        );
    }
    // Moving to another week reads 12 weeks of nights and recomputes the summary.
    let mut moves = Vec::with_capacity(runs);
    for i in 0..runs {
        let msg = if i % 2 == 0 {
            cramp_journal::app::week::WeekMsg::PrevWeek
        } else {
            cramp_journal::app::week::WeekMsg::NextWeek
        };
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
