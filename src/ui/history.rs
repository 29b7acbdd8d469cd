//! The History screen: nights newest first, a table row each, unlogged stretches as gap lines.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use chrono::{Datelike, NaiveDate};

use crate::app::App;
use crate::app::history::{History, Row};
use crate::model::{DurationS, Night};
use crate::ui::table::{Grid, GridRow};
use crate::ui::text::{fit_line, shown};
use crate::wording;

pub fn render(h: &History, app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let [title, list, prompt] =
        area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]));
    let logged = h.rows.iter().filter(|r| matches!(r, Row::Night(_))).count();
    let heading = Line::from(vec![
        Span::styled("History", t.title),
        Span::styled(
            format!(
                "  {} · {} shown",
                shown(&h.filter.describe()),
                wording::count(logged as i64, "night", "nights")
            ),
            t.dim,
        ),
    ]);
    Paragraph::new(fit_line(heading, title.width.into())).render(title, buf);

    if h.rows.is_empty() {
        Paragraph::new("Nothing to show. Press l to log a night, or x to clear the filter.")
            .render(list, buf);
    } else {
        table(h, app, list, buf);
    }

    let bottom = match (&h.prompt, &h.prompt_error) {
        (Some(p), err) => Line::from(vec![
            Span::styled("Filter: ", t.title),
            Span::raw(format!("{}▏", shown(p.value()))),
            Span::styled(
                err.as_deref().map_or_else(
                    || "  a tag, or dates: 2026-11-01..2026-11-20".to_owned(),
                    |e| format!("  ✗ {e}"),
                ),
                if err.is_some() { t.error } else { t.dim },
            ),
        ]),
        (None, _) => match &h.undo {
            Some(n) => Line::styled(
                format!("u brings back the night of {} you deleted", n.date.format("%a %-d %b")),
                t.dim,
            ),
            None => Line::raw(""),
        },
    };
    Paragraph::new(fit_line(bottom, prompt.width.into())).render(prompt, buf);
}

/// The nights as a table, with each unlogged stretch as a line across it. Page by page, so the
/// cursor's line never jumps while moving within a page.
fn table(h: &History, app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let this_year = app.now.date_naive().year();
    let rows = h
        .rows
        .iter()
        .map(|row| match row {
            Row::Night(n) => GridRow::Cells(night_cells(&h.nights[*n], app)),
            Row::Gap { newest, count } => {
                let oldest = *newest - chrono::Duration::days(count - 1);
                let label = format!(
                    "  ╌╌ {} not logged ({})",
                    wording::count(*count, "night", "nights"),
                    gap_dates(oldest, *newest, this_year)
                );
                GridRow::Wide(Line::styled(label, t.dim))
            }
        })
        .collect();
    let height = (area.height as usize).max(1);
    let grid = Grid {
        header: None,
        rows,
        spacing: 2,
        selected: Some(h.selected),
        selected_style: t.selected,
        offset: (h.selected / height) * height,
    };
    // The date, cramps and fluid columns keep their width; tags and the note take the rest.
    let mut widths = grid.natural_widths();
    widths.resize(4, 0);
    let fixed: u16 = widths[..3].iter().sum::<u16>() + 3 * grid.spacing;
    widths[3] = area.width.saturating_sub(fixed);
    grid.render(&widths, area, buf);
}

/// `Sat 14 Nov – Tue 17 Nov`, with the year when the stretch is not in `this_year` (once at the
/// end) or runs from one year into the next (on both dates).
fn gap_dates(oldest: NaiveDate, newest: NaiveDate, this_year: i32) -> String {
    let short = "%a %-d %b";
    let long = "%a %-d %b %Y";
    let (from, to) = if oldest.year() != newest.year() {
        (long, long)
    } else if newest.year() != this_year {
        (short, long)
    } else {
        (short, short)
    };
    if oldest == newest {
        newest.format(to).to_string()
    } else {
        format!("{} – {}", oldest.format(from), newest.format(to))
    }
}

fn night_cells(n: &Night, app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    let cramps = if n.had_cramps() {
        let count = n.episodes.len();
        let dots = "●".repeat(count.min(5));
        let worst = n.worst_intensity().map_or_else(String::new, |w| format!(" worst {w}"));
        let time =
            DurationS::new(i64::from(n.cramp_seconds())).map_or_else(|_| String::new(), |d| format!(" {d}"));
        Line::styled(
            format!("{dots} {}{worst}{time}", wording::count(count as i64, "cramp", "cramps")),
            t.cramp,
        )
    } else {
        Line::styled("○ cramp-free", t.free)
    };
    let fluid = n.fluid.map_or_else(String::new, |f| wording::fluid_ml(f, app.settings.units));
    vec![Line::raw(wording::day(n.date)), cramps, Line::raw(fluid).right_aligned(), extras(n, app)]
}

/// Tags, the medicines logged by hand and the note, to recognise the night at a glance.
fn extras(n: &Night, app: &App) -> Line<'static> {
    let tags: Vec<String> = n.tags.iter().map(|t| shown(t.as_str())).collect();
    let meds: Vec<String> = n.medications.iter().map(|m| shown(m.as_str())).collect();
    let words: Vec<String> =
        [tags.join(", "), meds.join(", ")].into_iter().filter(|w| !w.is_empty()).collect();
    let words = words.join(" · ");
    let mut spans = vec![Span::raw(words.clone())];
    if let Some(note) = &n.note {
        let gap = if words.is_empty() { "" } else { "  " };
        spans.push(Span::styled(format!("{gap}“{}”", shown(note.as_str())), app.theme.dim));
    }
    Line::from(spans)
}
