//! The weekly bar chart, drawn as vector shapes. Each bar stacks a block of weeks' nights on
//! a fixed 0–7 nights-a-week scale: cramp nights solid at the bottom, cramp-free nights as a
//! pale outlined box above them, unlogged nights as an empty dotted box on top, so the three
//! read apart in greyscale and on a poor printer, not by colour alone. Daily medicines started
//! or stopped are dashed vertical marks, named above the plot and in a line under the legend.
//! Long ranges group weeks into blocks so the bars stay readable.

use chrono::Datelike;

use super::canvas::{ACCENT, Canvas, INK, MUTED, RULE, Rgb};
use super::font::Weight;
use crate::analysis::week::MedChange;
use crate::export::summary::{Stretch, day, med_mark as mark, short_day};

/// The cramp-free part of a bar: pale, and outlined so it survives a print that drops the tint.
const FREE_FILL: Rgb = (0.86, 0.89, 0.93);
const WHITE: Rgb = (1.0, 1.0, 1.0);
/// Dots for what was not logged; dashes for a medicine change.
const DOTS: [f32; 2] = [0.9, 1.6];
const DASHES: [f32; 2] = [3.0, 2.0];
/// The text size of the labels, legend and captions.
const SIZE: f32 = 7.5;
/// Room under the plot for the labels, the legend and the caption.
const BELOW: f32 = 46.0;
/// A row of medicine labels above the plot.
const MARK_ROW: f32 = 9.5;

/// At most this many bars; more weeks are grouped.
const MAX_BARS: usize = 60;

/// Weeks per bar: the smallest of a few calendar-like sizes that keeps the bars countable.
fn weeks_per_bar(weeks: usize) -> usize {
    [1, 2, 4, 13, 26, 52].into_iter().find(|n| weeks.div_ceil(*n) <= MAX_BARS).unwrap_or(52)
}

/// Groups consecutive weeks into blocks of `n`, the last block ending on the last week.
fn group(weeks: &[Stretch], n: usize) -> Vec<Stretch> {
    let first = weeks.len() % n;
    let mut blocks: Vec<&[Stretch]> = Vec::new();
    if first > 0 {
        blocks.push(&weeks[..first]);
    }
    blocks.extend(weeks[first..].chunks(n));
    blocks
        .into_iter()
        .filter_map(|b| {
            let (head, tail) = (b.first()?, b.last()?);
            Some(Stretch {
                from: head.from,
                to: tail.to,
                days: b.iter().map(|w| w.days).sum(),
                logged: b.iter().map(|w| w.logged).sum(),
                cramp_nights: b.iter().map(|w| w.cramp_nights).sum(),
                episodes: b.iter().map(|w| w.episodes).sum(),
            })
        })
        .collect()
}

/// Per week of calendar time, so a short first block is not drawn smaller than it was.
fn per_week(count: u32, days: u32) -> f32 {
    if days == 0 { 0.0 } else { count as f32 * 7.0 / days as f32 }
}

/// Where each calendar month (or year, with `years`) begins among the bars: the bar's index,
/// how far into the bar (0–1) the first night of the month falls, and the label ("Jun", or
/// "Jan 2027" at a year's start and on the first label).
fn calendar_ticks(bars: &[Stretch], years: bool) -> Vec<(usize, f32, String)> {
    let mut ticks = Vec::new();
    for (i, b) in bars.iter().enumerate() {
        let mut d = b.from;
        while d <= b.to {
            let starts = if years { d.ordinal() == 1 } else { d.day() == 1 };
            if starts || (i == 0 && d == b.from) {
                let frac = (d - b.from).num_days() as f32 / b.days.max(1) as f32;
                let text = if years {
                    d.format("%Y").to_string()
                } else if ticks.is_empty() || d.month() == 1 {
                    d.format("%b %Y").to_string()
                } else {
                    d.format("%b").to_string()
                };
                // A range starting late in a month names the next month first, not this stub.
                if starts || d.day() <= 7 || years {
                    ticks.push((i, frac, text));
                }
            }
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
    }
    ticks
}

/// The height [`weekly_bars`] takes with a plot `plot_h` points tall and these changes.
pub fn height(plot_h: f32, changes: &[MedChange]) -> f32 {
    let marks = if changes.is_empty() { 0.0 } else { 2.0 * MARK_ROW + 2.0 * 10.5 };
    6.0 + plot_h + BELOW + marks
}

/// Where a change falls among the bars, as a fraction (0–1) of bar `i`: a start at the beginning
/// of its first day, a stop at the end of its last.
fn position(bars: &[Stretch], c: &MedChange) -> Option<(usize, f32)> {
    let i = bars.iter().position(|b| b.from <= c.date && c.date <= b.to)?;
    let b = &bars[i];
    let into = (c.date - b.from).num_days() as f32 + if c.started { 0.0 } else { 1.0 };
    Some((i, into / b.days.max(1) as f32))
}

/// One bar: cramp nights, then cramp-free nights, then unlogged nights, bottom to top, each
/// as nights per week of calendar time.
fn bar(c: &mut Canvas, left: f32, width: f32, bottom: f32, unit: f32, block: &Stretch) {
    let parts = [
        block.cramp_nights,
        block.logged.saturating_sub(block.cramp_nights),
        block.days.saturating_sub(block.logged),
    ];
    let mut top = bottom;
    for (k, count) in parts.into_iter().enumerate() {
        let height = per_week(count, block.days) * unit;
        if height <= 0.0 {
            continue;
        }
        top -= height;
        part(c, k, (left, top, width, height));
    }
}

/// Part `k` of a bar (0 cramp nights, 1 cramp-free, 2 unlogged) in the rectangle `r`; the legend
/// draws its swatches with it too.
fn part(c: &mut Canvas, k: usize, r: (f32, f32, f32, f32)) {
    match k {
        0 => c.fill_rect(r.0, r.1, r.2, r.3, ACCENT),
        1 => {
            c.fill_rect(r.0, r.1, r.2, r.3, FREE_FILL);
            c.stroke_rect(r, 0.6, ACCENT, None);
        }
        _ => {
            c.fill_rect(r.0, r.1, r.2, r.3, WHITE);
            c.stroke_rect(r, 0.7, MUTED, Some(DOTS));
        }
    }
}

/// The legend's swatch for part `k` of a bar, or (3) the medicine mark.
fn swatch(c: &mut Canvas, k: usize, x: f32, baseline: f32) {
    let top = baseline - 7.0;
    if k < 3 {
        part(c, k, (x, top, 8.0, 8.0));
    } else {
        c.dashed_line((x + 4.0, top - 1.0), (x + 4.0, top + 9.0), 0.8, INK, DASHES);
    }
}

/// Draws the chart across the content width from the current `y`: `plot_h` points of bars,
/// with the medicine `changes` that fall in the range marked.
pub fn weekly_bars(c: &mut Canvas, weeks: &[Stretch], changes: &[MedChange], plot_h: f32) {
    let axis_w = 22.0;
    let x0 = c.left() + axis_w;
    let width = c.content_width() - axis_w;
    let n = weeks_per_bar(weeks.len());
    let bars = group(weeks, n);
    let slot = width / bars.len().max(1) as f32;
    let bar_w = (slot * 0.72).max(0.4);
    let bar_x = |i: usize| x0 + i as f32 * slot + (slot - bar_w) / 2.0;
    let placed: Vec<(&MedChange, f32)> = changes
        .iter()
        .filter_map(|m| position(&bars, m).map(|(i, frac)| (m, bar_x(i) + frac * bar_w)))
        .collect();
    let marks_h = if changes.is_empty() { 0.0 } else { 2.0 * MARK_ROW };
    let top = c.y + 6.0 + marks_h;
    let bottom = top + plot_h;
    let unit = plot_h / 7.0;
    for v in 0u8..=7 {
        let y = bottom - f32::from(v) * unit;
        let (w, color) = if v == 0 { (0.8, MUTED) } else { (0.3, RULE) };
        c.line((x0, y), (x0 + width, y), w, color);
        c.text_right(x0 - 5.0, y + SIZE * 0.35, Weight::Regular, SIZE, MUTED, &v.to_string());
    }
    for (i, b) in bars.iter().enumerate() {
        bar(c, bar_x(i), bar_w, bottom, unit, b);
    }
    mark_lines(c, &placed, (x0, x0 + width), top, bottom);
    let span = weeks.first().zip(weeks.last()).map_or(0, |(a, b)| (b.to - a.from).num_days());
    labels(c, &bars, (x0, width, slot), bottom, span);
    let ly = bottom + 24.0;
    let mut lx = x0;
    let mut legend = vec![
        (0, "cramp nights (solid)"),
        (1, "nights without cramps (outlined)"),
        (2, "not logged (dotted)"),
    ];
    if !changes.is_empty() {
        legend.push((3, "daily medicine started (+) or stopped (–)"));
    }
    for (k, text) in legend {
        swatch(c, k, lx, ly);
        c.text(lx + 12.0, ly, Weight::Regular, SIZE, INK, text);
        lx += 24.0 + c.width_of(Weight::Regular, SIZE, text);
    }
    let marks = if span > 2 * 366 { "each year" } else { "each month" };
    let caption = match (n, span <= 330) {
        (1, true) => "Each bar is one calendar week of 0–7 nights, labelled with its first night.".to_owned(),
        (1, false) => {
            format!("Each bar is one calendar week of 0–7 nights; the marks show where {marks} begins.")
        }
        _ => format!("Each bar is {n} weeks, drawn as nights per week; the marks show where {marks} begins."),
    };
    c.text(x0, ly + 12.0, Weight::Regular, SIZE - 0.5, MUTED, &caption);
    c.y = bottom + BELOW;
    if !changes.is_empty() {
        let named: Vec<String> = changes
            .iter()
            .map(|m| format!("{} {} {}", mark(m), if m.started { "started" } else { "stopped" }, day(m.date)))
            .collect();
        let text = format!("Medicines marked: {}.", named.join("; "));
        // Two lines at most, as [`height`] allows; the medicines section lists every change.
        for (k, line) in c.wrap(Weight::Regular, SIZE, &text, width, 2).iter().enumerate() {
            c.text(x0, c.y + SIZE + k as f32 * 10.5, Weight::Regular, SIZE, INK, line);
        }
        c.y += 2.0 * 10.5;
    }
}

/// The dashed line of each medicine change through the plot, and its name above the plot on
/// one of two rows; a name with no room on either is left to the line under the legend.
fn mark_lines(
    c: &mut Canvas,
    placed: &[(&MedChange, f32)],
    (left, right): (f32, f32),
    top: f32,
    bottom: f32,
) {
    let mut free_from = [left, left];
    for (m, x) in placed {
        // White under the dashes keeps the mark visible across a solid bar.
        c.line((*x, top), (*x, bottom), 2.0, WHITE);
        c.dashed_line((*x, top - 2.0), (*x, bottom), 0.8, INK, DASHES);
        let text = mark(m);
        let w = c.width_of(Weight::Bold, SIZE, &text);
        let lx = if x + 2.0 + w <= right { x + 2.0 } else { x - 2.0 - w };
        let row = (0..2).find(|r| lx >= free_from[*r] && lx >= left - 20.0);
        if let Some(r) = row {
            let baseline = top - 4.0 - r as f32 * MARK_ROW;
            c.text(lx, baseline, Weight::Bold, SIZE, INK, &text);
            free_from[r] = lx + w + 4.0;
        }
    }
}

/// Labels under the bars, skipping any that would touch the one before. Short ranges name each
/// bar by its first night; longer ones mark where each calendar month (or, past two years, each
/// calendar year) begins, so no month is named twice or left out.
fn labels(c: &mut Canvas, bars: &[Stretch], (x0, width, slot): (f32, f32, f32), bottom: f32, span: i64) {
    let centred = span <= 330;
    let ticks: Vec<(f32, String)> = if centred {
        bars.iter().enumerate().map(|(i, b)| (x0 + (i as f32 + 0.5) * slot, short_day(b.from))).collect()
    } else {
        calendar_ticks(bars, span > 2 * 366)
            .into_iter()
            .map(|(i, frac, text)| (x0 + (i as f32 + frac) * slot, text))
            .collect()
    };
    let mut free_from = x0;
    for (at, text) in ticks {
        let lw = c.width_of(Weight::Regular, SIZE, &text);
        let lx = if centred { (at - lw / 2.0).max(x0) } else { at };
        if lx >= free_from && lx + lw <= x0 + width {
            if !centred {
                c.line((at, bottom), (at, bottom + 3.0), 0.5, MUTED);
            }
            c.text(lx, bottom + 11.0, Weight::Regular, SIZE, MUTED, &text);
            free_from = lx + lw + 6.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Days, NaiveDate};

    fn weeks(n: usize) -> Vec<Stretch> {
        let start: NaiveDate = "2020-01-01".parse().unwrap();
        (0..n)
            .map(|i| {
                let from = start.checked_add_days(Days::new(7 * i as u64)).unwrap();
                Stretch {
                    from,
                    to: from.checked_add_days(Days::new(6)).unwrap(),
                    days: 7,
                    logged: 7,
                    cramp_nights: 1,
                    episodes: 1,
                }
            })
            .collect()
    }

    #[test]
    fn a_start_is_marked_before_its_first_day_and_a_stop_after_its_last() {
        let w = weeks(3);
        let change =
            |date: &str, started| MedChange { date: date.parse().unwrap(), name: "X".to_owned(), started };
        // 2020-01-08 opens the second week; 2020-01-14 closes it.
        assert_eq!(position(&w, &change("2020-01-08", true)), Some((1, 0.0)));
        assert_eq!(position(&w, &change("2020-01-14", false)), Some((1, 1.0)));
        let (i, frac) = position(&w, &change("2020-01-18", true)).unwrap();
        assert_eq!(i, 2);
        assert!((frac - 3.0 / 7.0).abs() < 1e-6);
        assert_eq!(position(&w, &change("2021-01-01", true)), None, "outside the chart");
    }

    #[test]
    fn long_ranges_are_grouped_and_keep_every_night() {
        assert_eq!(weeks_per_bar(12), 1);
        assert_eq!(weeks_per_bar(104), 2);
        assert_eq!(weeks_per_bar(522), 13);
        let w = weeks(522);
        let blocks = group(&w, 13);
        assert_eq!(blocks.len(), 41);
        assert_eq!(blocks[0].days, 14, "the short block (522 = 2 + 40 × 13 weeks) comes first");
        assert_eq!(blocks.last().unwrap().to, w.last().unwrap().to);
        assert_eq!(blocks.iter().map(|b| b.logged).sum::<u32>(), 522 * 7);
        assert!((per_week(blocks[5].cramp_nights, blocks[5].days) - 1.0).abs() < 1e-6);
    }
}
