//! The Week screen's trend: cramp nights per week as bars on a fixed 0–7 scale over 12, 26 or
//! 52 weeks, a rolling 4-week rate marked on them as a dot per week, and the daily medicines
//! started (`+`) and stopped (`−`) marked under their week and named with the date.

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
        return match width {
            6.. => "so far",
            3.. => "now",
            _ => "",
        }
        .to_owned();
    }
    let day = trend[i].week_start;
    let full = day.format("%-d %b").to_string();
    let new_month = i == 0 || trend[i - 1].week_start.month() != day.month();
    if new_month && crate::ui::text::width(&full) <= width { full } else { day.format("%-d").to_string() }
}

/// The rolling rate as the trend shows it: per 7 logged nights, one decimal.
fn rolling_now(trend: &[TrendPoint]) -> String {
    trend
        .last()
        .and_then(|p| p.rolling_cramp_nights_per_7)
        .map_or_else(|| "–".to_owned(), |r| format!("{r:.1}"))
}

/// Draws the trend. `so_far` says the last week is still under way, so its bar is labelled as
/// such instead of passing for a whole week. When the weeks do not fit, the latest are shown.
pub fn render(
    trend: &[TrendPoint],
    changes: &[MedChange],
    so_far: bool,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    if trend.is_empty() || area.height < MIN_HEIGHT || area.width < 8 {
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
    // Every week gets the same slot, a one-column gap included when there is room for one;
    // 52 weeks in 80 columns get one column each, and a narrower screen shows the latest.
    let slot = (chart.width / trend.len() as u16).clamp(1, 12);
    let trend = &trend[trend.len().saturating_sub(usize::from(chart.width / slot))..];
    let changes: Vec<&MedChange> = changes.iter().filter(|c| c.date >= trend[0].week_start).collect();
    let named: Vec<String> =
        changes.iter().map(|c| format!("{} {}", mark(c), c.date.format("%-d %b"))).collect();
    Paragraph::new(heading(trend, &named, roomy, t, title.width.into())).render(title, buf);
    let gap = u16::from(slot > 1);
    let bar_width = slot - gap;
    // Labels of their own under bars too narrow for one: the month where it begins.
    let own_labels = bar_width < 2;
    draw_bars(trend, so_far, slot, own_labels, t, chart, buf);
    rolling_line(trend, slot, Rect { height: chart.height.saturating_sub(1), ..chart }, t, buf);
    medicine_marks(trend, &changes, slot, bar_width, t, marks, buf);
    if own_labels {
        month_labels(
            trend,
            slot,
            t,
            Rect { y: chart.y + chart.height.saturating_sub(1), height: 1, ..chart },
            buf,
        );
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

/// The trend's title: the span, how to read it, the rolling rate now, and on a small screen the
/// medicine changes too (as many of the latest as fit whole, the earlier ones left to the marks).
fn heading(trend: &[TrendPoint], named: &[String], roomy: bool, t: &Theme, width: usize) -> Line<'static> {
    let now = rolling_now(trend);
    let mut heading = vec![
        Span::styled(
            if roomy {
                format!("Cramp nights per week, last {} weeks", trend.len())
            } else {
                // The first bar's label may have no room for its month: the title names it.
                format!("Cramp nights/week from {}", trend[0].week_start.format("%-d %b"))
            },
            t.title,
        ),
        Span::styled(
            if roomy {
                format!("  (bars 0–7 nights; · none logged; • 4-week rate per 7 logged nights, now {now})")
            } else {
                format!(" (0–7; · none) • 4-wk rate {now}")
            },
            t.dim,
        ),
    ];
    if !roomy && !named.is_empty() {
        let used: usize = heading.iter().map(|s| crate::ui::text::width(&s.content)).sum();
        let room = width.saturating_sub(used + 2);
        let mut shown: Vec<&str> = Vec::new();
        for n in named.iter().rev() {
            let more = shown.iter().map(|s| crate::ui::text::width(s) + 3).sum::<usize>()
                + crate::ui::text::width(n)
                + if shown.len() + 1 < named.len() { 2 } else { 0 };
            if more > room && !shown.is_empty() {
                break;
            }
            shown.insert(0, n);
        }
        let earlier = if shown.len() < named.len() { "… " } else { "" };
        heading.push(Span::styled(format!("  {earlier}{}", shown.join(" · ")), t.key));
    }
    fit_line(Line::from(heading), width)
}

/// The bars, on a fixed 0–7 scale, with their numbers when the slot has a gap to keep them
/// apart; the last row of `chart` is for the labels.
fn draw_bars(
    trend: &[TrendPoint],
    so_far: bool,
    slot: u16,
    own_labels: bool,
    t: &Theme,
    chart: Rect,
    buf: &mut Buffer,
) {
    let gap = u16::from(slot > 1);
    let bar_width = slot - gap;
    let last = trend.len() - 1;
    let bars: Vec<Bar> = trend
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (text, style) = match () {
                // Digits side by side would read as one number.
                () if gap == 0 => (String::new(), t.cramp),
                () if p.nights_logged == 0 => ("·".to_owned(), t.dim),
                () => (p.cramp_nights.to_string(), t.cramp),
            };
            let bar = Bar::default()
                .value(p.cramp_nights as u64)
                .text_value(text)
                .style(style)
                .value_style(t.text.patch(t.cramp).reversed());
            if own_labels {
                return bar;
            }
            let label = label(trend, i, last, so_far, bar_width.into());
            bar.label(Line::styled(fit(&label, bar_width.into()).into_owned(), t.dim))
        })
        .collect();
    // Without labels the chart keeps its last row for them all the same, so the bars stand
    // on the same baseline at every span.
    let bar_area = if own_labels { Rect { height: chart.height.saturating_sub(1), ..chart } } else { chart };
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(gap)
        .max(7)
        .render(bar_area, buf);
    // A bar of nothing draws no number, so a cramp-free week would look like a week with
    // nothing logged: write its 0 (or the ·) on the baseline.
    let rows = chart.height.saturating_sub(1);
    let baseline = chart.y + rows.saturating_sub(1);
    for (i, p) in trend.iter().enumerate() {
        if p.cramp_nights > 0 || rows == 0 {
            continue;
        }
        let (text, style) = match () {
            () if p.nights_logged == 0 => ("·", t.dim),
            () if gap == 0 => continue,
            () => ("0", t.free),
        };
        let x = chart.x + i as u16 * slot + bar_width.saturating_sub(1) / 2;
        if x < chart.x + chart.width {
            buf.set_string(x, baseline, text, style);
        }
    }
}

/// Marks under the week each change fell in, as far as the slot allows.
fn medicine_marks(
    trend: &[TrendPoint],
    changes: &[&MedChange],
    slot: u16,
    bar_width: u16,
    t: &Theme,
    marks: Rect,
    buf: &mut Buffer,
) {
    for (i, p) in trend.iter().enumerate() {
        let week_end = p.week_start + chrono::Duration::days(6);
        let here: Vec<String> = changes
            .iter()
            .filter(|c| c.date >= p.week_start && c.date <= week_end)
            .map(|c| mark(c))
            .collect();
        if here.is_empty() {
            continue;
        }
        let x = marks.x + i as u16 * slot;
        let room = (marks.x + marks.width).saturating_sub(x).min(bar_width.max(1));
        // In a narrow slot, the sign and the name's first letter say more than an ellipsis.
        let joined = if room <= 3 {
            here.iter().map(|m| m.chars().take(usize::from(room.min(2))).collect::<String>()).collect()
        } else {
            here.join("")
        };
        let text = crate::ui::text::pad(&fit(&joined, room.into()), room.into());
        buf.set_stringn(x, marks.y, text, room.into(), t.key);
    }
}

/// Month names under bars too narrow for labels of their own, where each month begins and
/// there is room; a medicine's mark on the same row keeps its place.
fn month_labels(trend: &[TrendPoint], slot: u16, t: &Theme, row: Rect, buf: &mut Buffer) {
    let mut free_from = row.x;
    for (i, p) in trend.iter().enumerate() {
        let x = row.x + i as u16 * slot;
        let free = (x..x + 3).all(|x| buf.cell((x, row.y)).is_none_or(|c| c.symbol() == " "));
        if (i == 0 || trend[i - 1].week_start.month() != p.week_start.month()) && x >= free_from && free {
            let room = (row.x + row.width).saturating_sub(x);
            buf.set_stringn(x, row.y, p.week_start.format("%b").to_string(), room.into(), t.dim);
            free_from = x + 4;
        }
    }
}

/// The rolling rate as one `•` per week, in the row its value reaches on the bars' 0–7 scale.
/// It goes only where nothing is written: in the empty space above a bar, or cut (reversed)
/// into a whole bar cell, never over a bar's number or its partly filled top cell, so every
/// week's count and height stay readable with or without colour. When the bar's own columns
/// have no such cell, the gap after it takes the mark.
fn rolling_line(trend: &[TrendPoint], slot: u16, bars: Rect, t: &Theme, buf: &mut Buffer) {
    if bars.height == 0 {
        return;
    }
    let gap = u16::from(slot > 1);
    let bar_width = slot - gap;
    let rows = f64::from(bars.height);
    for (i, p) in trend.iter().enumerate() {
        let Some(rate) = p.rolling_cramp_nights_per_7 else { continue };
        let up = (rate / 7.0 * rows).clamp(0.0, rows - 1e-9).floor();
        let y = bars.y + bars.height - 1 - up as u16;
        let x0 = bars.x + i as u16 * slot;
        // The bar's middle first, then outwards, then the gap.
        let mid = bar_width.saturating_sub(1) / 2;
        let mut order: Vec<u16> = (0..bar_width).collect();
        order.sort_by_key(|&dx| (dx.abs_diff(mid), dx));
        order.extend((bar_width..slot).take(usize::from(gap)));
        for dx in order {
            let x = x0 + dx;
            if x >= bars.x + bars.width {
                continue;
            }
            let Some(cell) = buf.cell_mut((x, y)) else { continue };
            let style = match cell.symbol() {
                " " => t.key,
                "█" => t.text.patch(t.cramp).reversed(),
                _ => continue,
            };
            cell.set_symbol("•");
            cell.set_style(style);
            break;
        }
    }
}
