//! The Week screen: a bar per night, the week's numbers against the week before and the four
//! before that, and cramp nights per week over twelve weeks. On a new journal, a welcome.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::analysis::week::{WeekAverages, WeekSummary};
use crate::app::App;
use crate::model::Units;
use crate::ui::table::{Grid, GridRow};
use crate::ui::text::{fit_line, pad, shown};
use crate::ui::theme::Theme;
use crate::wording;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if app.first_run {
        welcome(&app.theme, area, buf);
        return;
    }
    let t = &app.theme;
    let s = &app.week.summary;
    let [title, panels, trend, factors] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(11),
        Constraint::Length(3),
        Constraint::Fill(1),
    ]));
    let heading = format!("Week of {} – {}", s.start.format("%a %-d %b"), s.end.format("%a %-d %b %Y"));
    Paragraph::new(fit_line(Line::styled(heading, t.title), title.width.into())).render(title, buf);
    let [nights, numbers] = panels.layout(&Layout::horizontal([Constraint::Length(31), Constraint::Fill(1)]));
    night_bars(s, app.week.show_minutes, t, nights, buf);
    comparison(s, app.settings.units, t, numbers, buf);
    trend_line(s, t, trend, buf);
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

fn bar(value: f64, max: f64, width: usize) -> String {
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max) * (width * 8) as f64).round().max(1.0) as usize;
    format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8])
}

fn night_bars(s: &WeekSummary, minutes: bool, t: &Theme, area: Rect, buf: &mut Buffer) {
    let title = if minutes { " Nights: cramp minutes " } else { " Nights: cramps " };
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let value = |d: &crate::analysis::week::DaySummary| {
        if minutes { f64::from(d.cramp_seconds) / 60.0 } else { d.episodes as f64 }
    };
    let max = s.days.iter().map(value).fold(0.0, f64::max);
    let lines: Vec<Line> = s
        .days
        .iter()
        .map(|d| {
            let day = Span::raw(format!("{} ", d.date.format("%a %d")));
            if !d.logged {
                return Line::from(vec![day, Span::styled("╌ not logged", t.dim)]);
            }
            if d.episodes == 0 {
                return Line::from(vec![day, Span::styled("○ cramp-free", t.free)]);
            }
            let label = if minutes {
                format!(" {:.1} min", value(d))
            } else {
                format!(
                    " {}{}",
                    d.episodes,
                    d.worst_intensity.map(|w| format!(" · worst {w}")).unwrap_or_default()
                )
            };
            Line::from(vec![day, Span::styled(pad(&bar(value(d), max, 10), 10), t.cramp), Span::raw(label)])
        })
        .map(|l| fit_line(l, inner.width.into()))
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// Which way a change points and whether that is good news.
fn arrow(now: Option<f64>, then: Option<f64>, up_is_bad: Option<bool>, t: &Theme) -> Span<'static> {
    let (Some(a), Some(b)) = (now, then) else { return Span::raw(" ") };
    let (symbol, worse) = if (a - b).abs() < 0.05 {
        ("=", None)
    } else if a > b {
        ("▲", up_is_bad)
    } else {
        ("▼", up_is_bad.map(|bad| !bad))
    };
    let style = match worse {
        Some(true) => t.bad,
        Some(false) => t.good,
        None => Style::new(),
    };
    Span::styled(symbol, style)
}

fn comparison(s: &WeekSummary, units: Units, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(" This week against earlier weeks ");
    let inner = block.inner(area);
    block.render(area, buf);
    let right = |text: String| Line::raw(text).right_aligned();
    let header = ["", "this", "last", "", &avg_label(&s.four_week_average), ""]
        .map(|h| Line::styled(h.to_owned(), theme.dim).right_aligned())
        .to_vec();
    let rows = s
        .metrics()
        .into_iter()
        .map(|m| {
            let show = |v, average| m.measure.show(v, average, units);
            GridRow::Cells(vec![
                Line::raw(m.label),
                right(show(m.this_week, false)),
                right(show(m.last_week, false)),
                Line::from(arrow(m.this_week, m.last_week, m.rise_is_worse, theme)),
                right(show(m.average, true)),
                Line::from(arrow(m.this_week, m.average, m.rise_is_worse, theme)),
            ])
        })
        .collect();
    let grid = Grid { header: Some(header), rows, spacing: 1, ..Grid::default() };
    // Numbers get room to breathe; the label gives way if the panel is narrow.
    let mut widths = grid.natural_widths();
    for i in [1, 2, 4] {
        if let Some(w) = widths.get_mut(i) {
            *w = (*w).max(7);
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
        0 | 4 => "4-wk avg".to_owned(),
        n => format!("{n}-wk avg"),
    }
}

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

fn trend_line(s: &WeekSummary, t: &Theme, area: Rect, buf: &mut Buffer) {
    let max = s.trend.iter().map(|p| p.cramp_nights).max().unwrap_or(0).max(1);
    let mut spark = String::new();
    for p in &s.trend {
        // A flat bar for none, so a cramp-free week is visibly a week and not a gap.
        spark.push(if p.nights_logged == 0 {
            '·'
        } else if p.cramp_nights == 0 {
            LEVELS[0]
        } else {
            LEVELS[(1 + (p.cramp_nights * 6) / max).min(7)]
        });
        spark.push(' ');
    }
    let counts: Vec<String> = s
        .trend
        .iter()
        .map(|p| if p.nights_logged == 0 { "·".into() } else { p.cramp_nights.to_string() })
        .collect();
    let first = s.trend.first().map(|p| p.week_start.format("%-d %b").to_string()).unwrap_or_default();
    let lines = vec![
        Line::from(vec![
            Span::styled("Cramp nights per week, last 12 weeks  ", t.title),
            Span::styled(spark, t.cramp),
        ]),
        Line::styled(format!("from {first}: {}   (· = nothing logged)", counts.join(" ")), t.dim),
    ];
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, area.width.into())).collect();
    Paragraph::new(lines).render(area, buf);
}
