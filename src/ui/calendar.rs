//! The calendar of nights: a month as a grid of days, or a year as a habit tracker's strip of
//! weeks, each night one symbol (so the legend never rests on colour), with the month's or
//! year's nights counted beside it.

use chrono::{Datelike, Days, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::analysis::week::week_start;
use crate::app::App;
use crate::app::calendar::{BANDS, Calendar, Mark, Tally};
use crate::model::WeekStart;
use crate::ui::text::fit_line;
use crate::ui::theme::Theme;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let c = &app.week.calendar;
    let t = &app.theme;
    let [title, body] = area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]));
    let (from, to) = c.page();
    let page = if c.year_view { from.format("%Y").to_string() } else { from.format("%B %Y").to_string() };
    let heading = Line::from(vec![
        Span::styled(format!("Calendar · {page}"), t.title),
        Span::styled(format!("  {}", day_words(c, c.cursor)), t.text),
    ]);
    Paragraph::new(fit_line(heading, title.width.into())).render(title, buf);
    let tally = c.tally(from, to);
    if c.year_view {
        let rows = if body.height >= 30 { 2 } else { 1 };
        let [strip, _, legend] = body.layout(&Layout::vertical([
            Constraint::Length(1 + 7 * rows),
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
        year(c, app.settings.week_start, rows, t, strip, buf);
        Paragraph::new(legend_lines(&tally, &page, false, t)).render(legend, buf);
    } else {
        let cell = ((area.width.saturating_sub(40)) / 7).clamp(5, 11);
        let [grid, _, panel] = body.layout(&Layout::horizontal([
            Constraint::Length(cell * 7),
            Constraint::Length(2),
            Constraint::Fill(1),
        ]));
        month(c, app.settings.week_start, cell, t, grid, buf);
        Paragraph::new(legend_lines(&tally, &page, true, t)).render(panel, buf);
    }
}

/// The night under the cursor in words.
fn day_words(c: &Calendar, day: NaiveDate) -> String {
    let what = match c.mark(day) {
        Mark::ToCome => "still to come".to_owned(),
        Mark::NotLogged => "not logged".to_owned(),
        Mark::CrampFree => "cramp-free".to_owned(),
        Mark::Cramps { count, worst } => format!(
            "{}{}",
            crate::wording::count(count as i64, "cramp", "cramps"),
            worst.map(|w| format!(", worst {w}/10")).unwrap_or_default()
        ),
    };
    format!("{}: {what}", day.format("%a %-d %b %Y"))
}

fn style_of(m: Mark, t: &Theme) -> Style {
    match m {
        Mark::Cramps { .. } => t.cramp,
        Mark::CrampFree => t.free,
        Mark::NotLogged | Mark::ToCome => t.dim,
    }
}

/// What each symbol means, with how many nights of the page have it.
fn legend_lines(tally: &Tally, page: &str, month: bool, t: &Theme) -> Vec<Line<'static>> {
    let row = |symbol: &str, style: Style, words: String, n: Option<usize>| {
        Line::from(vec![
            Span::styled(format!("{symbol} "), style),
            Span::raw(format!("{words:<24}")),
            Span::raw(n.map(|n| format!("{n:>4}")).unwrap_or_default()),
        ])
    };
    let mut lines = vec![
        Line::styled(format!("{page}: {} of {} nights logged", tally.logged, tally.past), t.title),
        row("○", t.free, "cramp-free".to_owned(), Some(tally.cramp_free)),
    ];
    for (i, (lo, hi, symbol)) in BANDS.iter().enumerate() {
        lines.push(row(symbol, t.cramp, format!("cramps, worst {lo}–{hi}"), Some(tally.by_band[i])));
    }
    lines.push(row("●", t.cramp, "cramps, strength unnoted".to_owned(), Some(tally.by_band[4])));
    lines.push(row("·", t.dim, "not logged".to_owned(), Some(tally.past - tally.logged)));
    lines.push(row(" ", t.dim, "(blank) still to come".to_owned(), None));
    lines.push(Line::styled(
        format!("{} in all", crate::wording::count(tally.cramp_nights as i64, "cramp night", "cramp nights")),
        t.dim,
    ));
    if month {
        lines.push(Line::styled("2× 8 under a day: 2 cramps, worst 8", t.dim));
    }
    lines
}

/// The column of `day` in a week starting on `start`.
fn weekday_col(day: NaiveDate, start: WeekStart) -> u16 {
    (day - week_start(day, start)).num_days() as u16
}

/// The month as rows of weeks, one cell per day: its number and symbol, and under them, when
/// the cell is tall enough, the cramps and the worst intensity.
fn month(cal: &Calendar, start: WeekStart, cell: u16, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let (first, last) = cal.page();
    let first_shown = week_start(first, start);
    for i in 0..7u16 {
        let name = (first_shown + Days::new(u64::from(i))).format("%a").to_string();
        buf.set_stringn(area.x + i * cell, area.y, format!("{name:>3}"), cell.into(), theme.dim);
    }
    let weeks = ((last - first_shown).num_days() / 7 + 1) as u16;
    let height = ((area.height.saturating_sub(1)) / weeks.max(1)).clamp(1, 4);
    for day in first.iter_days().take_while(|d| *d <= last) {
        let week = ((day - first_shown).num_days() / 7) as u16;
        let x = area.x + weekday_col(day, start) * cell;
        let y = area.y + 1 + week * height;
        if y >= area.y + area.height {
            break;
        }
        let m = cal.mark(day);
        let selected = day == cal.cursor;
        let base = if selected { theme.selected } else { Style::new() };
        let width = cell.saturating_sub(1);
        for dy in 0..height.min(area.y + area.height - y) {
            buf.set_stringn(x, y + dy, " ".repeat(width.into()), width.into(), base);
        }
        buf.set_stringn(x, y, format!("{:>2} ", day.day()), width.into(), base.patch(theme.text));
        buf.set_stringn(x + 3, y, m.symbol(), width.saturating_sub(3).into(), base.patch(style_of(m, theme)));
        if let Mark::Cramps { count, worst } = m
            && height >= 2
        {
            let lead = if width >= 5 { " " } else { "" };
            let detail = format!("{lead}{count}×{}", worst.map(|w| format!(" {w}")).unwrap_or_default());
            buf.set_stringn(x, y + 1, detail, width.into(), base.patch(theme.dim));
        }
    }
}

/// The year as a strip: a column per week, a row (or two) per weekday, one symbol a night.
fn year(cal: &Calendar, start: WeekStart, rows: u16, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let (first, last) = cal.page();
    let first_shown = week_start(first, start);
    let columns = ((last - first_shown).num_days() / 7 + 1) as u16;
    let label = 5;
    let col = if area.width >= label + columns * 2 { 2 } else { 1 };
    for i in 0..7u16 {
        let name = (first_shown + Days::new(u64::from(i))).format("%a").to_string();
        buf.set_stringn(area.x, area.y + 1 + i * rows, name, 3, theme.dim);
    }
    let mut free_from = 0;
    for day in first.iter_days().take_while(|d| *d <= last) {
        let week = ((day - first_shown).num_days() / 7) as u16;
        let x = area.x + label + week * col;
        if x + col > area.x + area.width {
            break;
        }
        if day.day() == 1 && x >= free_from {
            buf.set_stringn(x, area.y, day.format("%b").to_string(), 3, theme.dim);
            free_from = x + 4;
        }
        let m = cal.mark(day);
        let style =
            if day == cal.cursor { theme.selected.patch(style_of(m, theme)) } else { style_of(m, theme) };
        let y = area.y + 1 + weekday_col(day, start) * rows;
        let text = m.symbol().repeat(col.into());
        for dy in 0..rows {
            buf.set_string(x, y + dy, &text, style);
        }
    }
}
