//! The Week screen: a bar per night on a fixed scale, the week's rates per logged night against
//! the week before and the four before that, and cramp nights per week over 12, 26 or 52 weeks
//! with a rolling 4-week rate and medicine changes marked. On a new journal, a welcome.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use chrono::NaiveDate;

use crate::analysis::week::{Change, WeekAverages, WeekSummary};
use crate::app::App;
use crate::model::Units;
use crate::ui::table::{Grid, GridRow};
use crate::ui::text::{fit_line, pad, shown};
use crate::ui::theme::Theme;
use crate::ui::trend;
use crate::wording;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if app.week.calendar.open {
        crate::ui::calendar::render(app, area, buf);
        return;
    }
    if app.first_run {
        welcome(&app.theme, area, buf);
        return;
    }
    let area = crate::ui::experiment::banner(app, area, buf);
    let t = &app.theme;
    let s = &app.week.summary;
    let current = app.current_night();
    let so_far = s.nights_so_far(current);
    // A tall screen gives the trend room to read; a small one keeps it to the few rows it needs.
    let trend_rows = if area.height >= 32 { 12 } else { trend::MIN_HEIGHT };
    // Seven nights and two spare rows beside the comparison, which grows by the measured rows
    // (steps, standing) when a phone or watch fills them.
    let comparison_rows = u16::try_from(s.metrics(so_far).len()).unwrap_or(u16::MAX);
    let panel_rows = comparison_rows.saturating_add(3).max(11);
    let [title, panels, trend_area, factors] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(panel_rows),
        Constraint::Length(trend_rows),
        Constraint::Fill(1),
    ]));
    let mut heading = vec![Span::styled(
        format!("Week of {} – {}", s.start.format("%a %-d %b"), s.end.format("%a %-d %b %Y")),
        t.title,
    )];
    if so_far < 7 {
        heading.push(Span::styled(format!("  so far ({so_far} of 7 nights)"), t.dim));
    }
    Paragraph::new(fit_line(Line::from(heading), title.width.into())).render(title, buf);
    let [nights, numbers] = panels.layout(&Layout::horizontal([Constraint::Length(31), Constraint::Fill(1)]));
    night_bars(s, app.week.show_minutes, current, t, nights, buf);
    comparison(s, so_far, app.settings.units, t, numbers, buf);
    trend::render(&s.trend, &s.medicine_changes, so_far < 7, t, trend_area, buf);
    factor_lines(s, t, factors, buf);
}

/// What was present on this week's cramp nights, against its cramp-free nights: descriptive,
/// with the counts, and pointing to Insights for anything like a conclusion.
fn factor_lines(s: &WeekSummary, t: &Theme, area: Rect, buf: &mut Buffer) {
    let cramp_nights = s.this_week.cramp_nights;
    if cramp_nights == 0 {
        Paragraph::new(Line::styled("No cramp nights this week.", t.dim)).render(area, buf);
        return;
    }
    let heading = Line::from(vec![
        Span::styled(
            format!("On this week's {}", wording::count(cramp_nights as i64, "cramp night", "cramp nights")),
            t.title,
        ),
        Span::styled("  (a week is too short to conclude anything)", t.dim),
    ]);
    let [heading_area, list] = area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]));
    Paragraph::new(fit_line(heading, heading_area.width.into())).render(heading_area, buf);
    let rows = s
        .cramp_night_factors
        .iter()
        .map(|p| {
            let free = if p.cramp_free_nights_known > 0 {
                format!("· cramp-free nights: {} of {}", p.cramp_free_nights_with, p.cramp_free_nights_known)
            } else {
                String::new()
            };
            GridRow::Cells(vec![
                Line::raw(shown(&p.label)),
                Line::styled(format!("{} of {}", p.cramp_nights_with, p.cramp_nights_known), t.cramp),
                Line::styled(free, t.dim),
            ])
        })
        .collect();
    let grid = Grid { rows, spacing: 2, ..Grid::default() };
    // The label gives way first, so the counts always show.
    let list = Rect { x: list.x + 2, width: list.width.saturating_sub(2), ..list };
    let widths = grid.widths(list.width, 0);
    grid.render(&widths, list, buf);
}

fn welcome(t: &Theme, area: Rect, buf: &mut Buffer) {
    let k = |s: &'static str| Span::styled(s, t.key);
    let lines = vec![
        Line::styled("Welcome to cramp", t.title),
        Line::raw(""),
        Line::raw("Log every night here, with or without cramps: the cramp-free nights are what"),
        Line::raw("make it possible to see which habits come before the bad ones."),
        Line::raw(""),
        Line::from(vec![
            k("l"),
            Span::raw("  log last night: a routine night takes two keys (l, then Ctrl-S)"),
        ]),
        Line::from(vec![
            k("c"),
            Span::raw("  a cramp right now: saved at once, with a timer to stop when it eases"),
        ]),
        Line::from(vec![
            k("5"),
            Span::raw("  add your medicines and any conditions (diabetes, neuropathy…)"),
        ]),
        Line::from(vec![k("?"), Span::raw("  every key of the screen you are on")]),
        Line::raw(""),
        Line::raw("To look around first, try it on made-up data in a separate file:"),
        Line::styled("  cramp --db demo.db demo && cramp --db demo.db", t.key),
    ];
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(area, buf);
}

/// Eighths of a block, for bars with sub-cell resolution.
const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/// Columns of a night's bar.
const BAR: usize = 10;
/// Cramp minutes that fill a bar. Fixed, like the 0–10 of intensity, so that a bar means the
/// same in every week; a longer night shows a full bar ending in `▸`, and its number.
pub const FULL_MINUTES: f64 = 20.0;

fn bar(value: f64, max: f64, width: usize) -> String {
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    if value > max {
        return format!("{}▸", "█".repeat(width - 1));
    }
    let eighths = ((value / max) * (width * 8) as f64).round().max(1.0) as usize;
    format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8])
}

/// One bar per night, on the worst intensity's 0–10 or on cramp minutes' fixed 0–20 (`m`).
/// Nights after `current` have not happened yet, and say so rather than "not logged".
fn night_bars(s: &WeekSummary, minutes: bool, current: NaiveDate, t: &Theme, area: Rect, buf: &mut Buffer) {
    let title = if minutes { " Cramp minutes, bar 0–20 " } else { " Worst intensity, bar 0–10 " };
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let lines: Vec<Line> = s
        .days
        .iter()
        .map(|d| {
            let day = Span::raw(format!("{} ", d.date.format("%a %d")));
            if d.date > current {
                return Line::from(vec![day, Span::styled("· still to come", t.dim)]);
            }
            if !d.logged {
                return Line::from(vec![day, Span::styled("╌ not logged", t.dim)]);
            }
            if d.episodes == 0 {
                return Line::from(vec![day, Span::styled("○ cramp-free", t.free)]);
            }
            let (drawn, label) = if minutes {
                let m = f64::from(d.cramp_seconds) / 60.0;
                (bar(m, FULL_MINUTES, BAR), format!(" {} · {m:.1} min", d.episodes))
            } else {
                let worst = d.worst_intensity.map_or(0.0, f64::from);
                let label = d.worst_intensity.map(|w| format!(" · worst {w}")).unwrap_or_default();
                (bar(worst, 10.0, BAR), format!(" {}{label}", d.episodes))
            };
            Line::from(vec![day, Span::styled(pad(&drawn, BAR), t.cramp), Span::raw(label)])
        })
        .map(|l| fit_line(l, inner.width.into()))
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// A change in words and a symbol, coloured as well for those who see colour.
fn verdict(change: Option<(Change, bool)>, t: &Theme) -> Line<'static> {
    let Some((change, rose)) = change else { return Line::raw("") };
    let style = match change {
        Change::Worse => t.bad,
        Change::Better => t.good,
        _ => Style::new(),
    };
    Line::styled(change.words(rose), style)
}

/// The comparison. Against the average always; against last week too where there is room.
fn comparison(s: &WeekSummary, so_far: usize, units: Units, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(" This week against earlier weeks ");
    let inner = block.inner(area);
    block.render(area, buf);
    // A column kept free before the right border, so the verdicts never touch it.
    let inner = Rect { width: inner.width.saturating_sub(1), ..inner };
    let right = |text: String| Line::raw(text).right_aligned();
    let this = if so_far < 7 { "so far" } else { "this" };
    // Label, three numbers and a verdict take 44 columns; a second verdict needs 9 more.
    let both = inner.width >= 53;
    let avg = avg_label(&s.four_week_average);
    let mut header: Vec<Line> =
        ["", this, "last", &avg].map(|h| Line::styled(h.to_owned(), theme.dim).right_aligned()).to_vec();
    header.push(Line::styled(format!("vs {avg}"), theme.dim));
    if both {
        header.push(Line::styled("vs last", theme.dim));
    }
    let rows = s
        .metrics(so_far)
        .into_iter()
        .map(|m| {
            let mut cells = vec![
                Line::raw(m.label),
                right(m.show_this(units)),
                right(m.measure.show(m.last_week, false, units)),
                right(m.measure.show(m.average, true, units)),
                verdict(m.change(m.average), theme),
            ];
            if both {
                cells.push(verdict(m.change(m.last_week), theme));
            }
            GridRow::Cells(cells)
        })
        .collect();
    let grid = Grid { header: Some(header), rows, spacing: 1, ..Grid::default() };
    // Numbers get room to breathe; the label gives way if the panel is narrow.
    let mut widths = grid.natural_widths();
    for i in [1, 2, 3] {
        if let Some(w) = widths.get_mut(i) {
            *w = (*w).max(6);
        }
    }
    // Room for "▼ better" even when every row is the same.
    for i in [4, 5] {
        if let Some(w) = widths.get_mut(i) {
            *w = (*w).max(8);
        }
    }
    let gaps = grid.spacing * u16::try_from(widths.len().saturating_sub(1)).unwrap_or(0);
    let over = (widths.iter().sum::<u16>() + gaps).saturating_sub(inner.width);
    if let Some(w) = widths.first_mut() {
        *w = w.saturating_sub(over);
    }
    grid.render(&widths, inner, buf);
}

/// The average covers the earlier weeks that had anything logged, and says how many.
fn avg_label(a: &WeekAverages) -> String {
    match a.weeks {
        0 | 4 => "4 wks".to_owned(),
        1 => "1 wk".to_owned(),
        n => format!("{n} wks"),
    }
}
