//! The Week screen's trend: cramp nights per week as bars on a fixed 0–7 scale, with the daily
//! medicines started (`+`) and stopped (`−`) marked under their week and named with the date.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Widget};

use crate::analysis::week::{MedChange, TrendPoint};
use crate::ui::text::{fit, fit_line};
use crate::ui::theme::Theme;

/// Rows the trend needs at least: a title that also names the medicines marked, two rows of
/// bars, and their labels, where a week with a medicine change shows its mark instead.
pub const MIN_HEIGHT: u16 = 4;
/// From this height the marks and the names get rows of their own.
const ROOMY: u16 = 6;

/// The medicine change's mark: `+` for a start, `−` for a stop, then the name.
fn mark(c: &MedChange) -> String {
    format!("{}{}", if c.started { '+' } else { '−' }, c.name)
}

/// The label under bar `i`: the month named on the first week of each month (and on the first
/// bar when it fits), the day alone otherwise, so labels fit narrow bars without being cut.
fn label(trend: &[TrendPoint], i: usize, last: usize, so_far: bool, width: usize) -> String {
    if i == last && so_far {
        return if width >= 6 { "so far" } else { "now" }.to_owned();
    }
    let day = trend[i].week_start;
    let full = day.format("%-d %b").to_string();
    let new_month = i == 0 || trend[i - 1].week_start.month() != day.month();
    if new_month && crate::ui::text::width(&full) <= width { full } else { day.format("%-d").to_string() }
}

/// Draws the trend. `so_far` says the last week is still under way, so its bar is labelled as
/// such instead of passing for a whole week.
pub fn render(
    trend: &[TrendPoint],
    changes: &[MedChange],
    so_far: bool,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    if trend.is_empty() || area.height < MIN_HEIGHT {
        return;
    }
    let roomy = area.height >= ROOMY;
    let [title, chart, marks, legend] = if roomy {
        area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ]))
    } else {
        let [title, chart] = area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]));
        // The marks take the place of their week's label; the names follow the title.
        let labels = Rect { y: chart.y + chart.height.saturating_sub(1), height: 1, ..chart };
        [title, chart, labels, title]
    };
    let named: Vec<String> =
        changes.iter().map(|c| format!("{} {}", mark(c), c.date.format("%-d %b"))).collect();
    let mut heading = vec![
        Span::styled(
            if roomy {
                format!("Cramp nights per week, last {} weeks", trend.len())
            } else {
                // The first bar's label may have no room for its month: the title names it.
                format!("Cramp nights per week from {}", trend[0].week_start.format("%-d %b"))
            },
            t.title,
        ),
        Span::styled(
            if roomy { "  (bars 0–7 nights; · = nothing logged)" } else { " (0–7; · none logged)" },
            t.dim,
        ),
    ];
    if !roomy && !named.is_empty() {
        heading.push(Span::styled(format!("  {}", named.join(" · ")), t.key));
    }
    Paragraph::new(fit_line(Line::from(heading), title.width.into())).render(title, buf);

    // Every week gets the same slot, a one-column gap included; the bars take what is left.
    let slot = (chart.width / trend.len() as u16).clamp(2, 12);
    let bar_width = slot - 1;
    let last = trend.len() - 1;
    let bars: Vec<Bar> = trend
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let label = label(trend, i, last, so_far, bar_width.into());
            let (text, style) = if p.nights_logged == 0 {
                ("·".to_owned(), t.dim)
            } else {
                (p.cramp_nights.to_string(), t.cramp)
            };
            Bar::default()
                .value(p.cramp_nights as u64)
                .text_value(text)
                .label(Line::styled(fit(&label, bar_width.into()).into_owned(), t.dim))
                .style(style)
                .value_style(t.text.patch(t.cramp).reversed())
        })
        .collect();
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .max(7)
        .render(chart, buf);
    // A bar of nothing draws no number, so a cramp-free week would look like a week with
    // nothing logged: write its 0 (or the ·) on the baseline.
    let baseline = chart.y + chart.height.saturating_sub(2);
    for (i, p) in trend.iter().enumerate() {
        if p.cramp_nights > 0 || chart.height < 2 {
            continue;
        }
        let (text, style) = if p.nights_logged == 0 { ("·", t.dim) } else { ("0", t.free) };
        let x = chart.x + i as u16 * slot + (bar_width - 1) / 2;
        if x < chart.x + chart.width {
            buf.set_string(x, baseline, text, style);
        }
    }

    // Marks under the week each change fell in, as far as the slot allows.
    for (i, p) in trend.iter().enumerate() {
        let week_end = p.week_start + chrono::Duration::days(6);
        let here: Vec<String> =
            changes.iter().filter(|c| c.date >= p.week_start && c.date <= week_end).map(mark).collect();
        if here.is_empty() {
            continue;
        }
        let x = marks.x + i as u16 * slot;
        let room = (marks.x + marks.width).saturating_sub(x).min(bar_width);
        let text = crate::ui::text::pad(&here.join(""), room.into());
        buf.set_stringn(x, marks.y, text, room.into(), t.key);
    }
    if !roomy {
        return;
    }
    let words = if named.is_empty() {
        "No daily medicine started or stopped in these weeks.".to_owned()
    } else {
        format!("+ started, − stopped: {}", named.join(" · "))
    };
    Paragraph::new(fit_line(Line::styled(words, t.dim), legend.width.into())).render(legend, buf);
}
