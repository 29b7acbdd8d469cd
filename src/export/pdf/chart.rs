//! The weekly bar chart, drawn as vector shapes: for each block of weeks a pale bar for the
//! nights logged behind a solid bar for the nights with cramps, both per week, so gaps in the
//! diary show next to the cramps themselves. Long ranges group weeks into blocks so the bars stay
//! readable; the scale is always 0–7 nights a week.

use chrono::Datelike;

use super::canvas::{ACCENT, Canvas, INK, MUTED, RULE, Rgb};
use super::font::Weight;
use crate::export::summary::{Stretch, short_day};

const LOGGED: Rgb = (0.84, 0.88, 0.92);

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

/// Draws the chart in a box `height` points tall across the content width, at the current `y`.
pub fn weekly_bars(c: &mut Canvas, weeks: &[Stretch], height: f32) {
    let size = 7.5;
    let axis_w = 22.0;
    let x0 = c.left() + axis_w;
    let width = c.content_width() - axis_w;
    let top = c.y + 6.0;
    let plot_h = height - 30.0;
    let bottom = top + plot_h;
    let max = 7.0;
    for v in 0u8..=7 {
        let y = bottom - f32::from(v) / max * plot_h;
        let (w, color) = if v == 0 { (0.8, MUTED) } else { (0.3, RULE) };
        c.line((x0, y), (x0 + width, y), w, color);
        c.text_right(x0 - 5.0, y + size * 0.35, Weight::Regular, size, MUTED, &v.to_string());
    }
    let n = weeks_per_bar(weeks.len());
    let bars = group(weeks, n);
    let slot = width / bars.len().max(1) as f32;
    let bar = (slot * 0.72).max(0.4);
    for (i, b) in bars.iter().enumerate() {
        let x = x0 + i as f32 * slot + (slot - bar) / 2.0;
        let logged_h = per_week(b.logged, b.days) / max * plot_h;
        let cramp_h = per_week(b.cramp_nights, b.days) / max * plot_h;
        if logged_h > 0.0 {
            c.fill_rect(x, bottom - logged_h, bar, logged_h, LOGGED);
        }
        if cramp_h > 0.0 {
            c.fill_rect(x, bottom - cramp_h, bar, cramp_h, ACCENT);
        }
    }
    // Labels under the bars, skipping any that would touch the one before. Short ranges name
    // each bar by its first night; longer ones mark where each calendar month (or, past two
    // years, each calendar year) begins, so no month is named twice or left out.
    let span = weeks.first().zip(weeks.last()).map_or(0, |(a, b)| (b.to - a.from).num_days());
    let ticks: Vec<(f32, String)> = if span <= 330 {
        bars.iter().enumerate().map(|(i, b)| (x0 + (i as f32 + 0.5) * slot, short_day(b.from))).collect()
    } else {
        calendar_ticks(&bars, span > 2 * 366)
            .into_iter()
            .map(|(i, frac, text)| (x0 + (i as f32 + frac) * slot, text))
            .collect()
    };
    let centred = span <= 330;
    let mut free_from = x0;
    for (at, text) in ticks {
        let lw = c.width_of(Weight::Regular, size, &text);
        let lx = if centred { (at - lw / 2.0).max(x0) } else { at };
        if lx >= free_from && lx + lw <= x0 + width {
            if !centred {
                c.line((at, bottom), (at, bottom + 3.0), 0.5, MUTED);
            }
            c.text(lx, bottom + 11.0, Weight::Regular, size, MUTED, &text);
            free_from = lx + lw + 6.0;
        }
    }
    let ly = bottom + 24.0;
    let mut lx = x0;
    for (color, text) in [(ACCENT, "nights with cramps"), (LOGGED, "nights logged")] {
        c.fill_rect(lx, ly - 7.0, 8.0, 8.0, color);
        c.text(lx + 12.0, ly, Weight::Regular, size, INK, text);
        lx += 24.0 + c.width_of(Weight::Regular, size, text);
    }
    let marks = if span > 2 * 366 { "each year" } else { "each month" };
    let caption = match (n, centred) {
        (1, true) => "Each bar is one calendar week, labelled with its first night.".to_owned(),
        (1, false) => format!("Each bar is one calendar week; the marks show where {marks} begins."),
        _ => format!("Each bar is {n} weeks, drawn as nights per week; the marks show where {marks} begins."),
    };
    c.text_right(x0 + width, ly, Weight::Regular, size - 0.5, MUTED, &caption);
    c.y = top + height;
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
