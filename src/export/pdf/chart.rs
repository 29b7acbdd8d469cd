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
/// Room under the plot for the labels and the legend.
const BELOW: f32 = 33.0;
/// A row of medicine labels above the plot.
const MARK_ROW: f32 = 9.5;
/// A line naming the medicine changes under the legend.
const NAME_LINE: f32 = 10.5;

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

/// A medicine change placed on the chart: its mark's text, the x of its line, and where its
/// label goes above the plot (x and row), if anywhere.
struct Placed {
    text: String,
    x: f32,
    label: Option<(f32, usize)>,
}

/// The chart laid out before it is drawn, so the page knows its height first.
pub struct Plan {
    weeks_per_bar: usize,
    bars: Vec<Stretch>,
    span: i64,
    x0: f32,
    width: f32,
    slot: f32,
    bar_w: f32,
    marks: Vec<Placed>,
    /// Rows of labels above the plot (0–2).
    mark_rows: usize,
    /// The line(s) under the legend naming each change with its date.
    names: Vec<String>,
}

impl Plan {
    /// Lays out `weeks` and the medicine `changes` that fall in them across the content width.
    pub fn new(c: &mut Canvas, weeks: &[Stretch], changes: &[MedChange]) -> Self {
        let axis_w = 22.0;
        let x0 = c.left() + axis_w;
        let width = c.content_width() - axis_w;
        let per_bar = weeks_per_bar(weeks.len());
        let bars = group(weeks, per_bar);
        let slot = width / bars.len().max(1) as f32;
        let bar_w = (slot * 0.72).max(0.4);
        // Labels go on the lower row where they fit, else the upper; a name with room on neither
        // is left to the line under the legend.
        let span = weeks.first().zip(weeks.last()).map_or(0, |(a, b)| (b.to - a.from).num_days());
        let mut free_from = [x0, x0];
        let mut marks = Vec::new();
        for change in changes {
            let Some((index, frac)) = position(&bars, change) else { continue };
            let x = x0 + index as f32 * slot + (slot - bar_w) / 2.0 + frac * bar_w;
            // Named with its date: the year too when the chart spans more than one.
            let when = if span <= 330 { short_day(change.date) } else { day(change.date) };
            let text = format!("{} {when}", mark(change));
            let label_w = c.width_of(Weight::Bold, SIZE, &text);
            let lx = if x + 2.0 + label_w <= x0 + width { x + 2.0 } else { x - 2.0 - label_w };
            let row = (0..2).find(|r| lx >= free_from[*r]);
            if let Some(r) = row {
                free_from[r] = lx + label_w + 4.0;
            }
            marks.push(Placed { text, x, label: row.map(|r| (lx, r)) });
        }
        let mark_rows = marks.iter().filter_map(|m| m.label.map(|l| l.1 + 1)).max().unwrap_or(0);
        // Changes whose label found no room, or that fall outside the bars, are named in full
        // under the legend instead.
        let names = if marks.len() == changes.len() && marks.iter().all(|m| m.label.is_some()) {
            Vec::new()
        } else {
            let named: Vec<String> = changes
                .iter()
                .map(|m| {
                    format!("{} {} {}", mark(m), if m.started { "started" } else { "stopped" }, day(m.date))
                })
                .collect();
            // Two lines at most; the medicines section lists every period in full.
            c.wrap(Weight::Regular, SIZE, &format!("Medicines marked: {}.", named.join("; ")), width, 2)
        };
        Self { weeks_per_bar: per_bar, bars, span, x0, width, slot, bar_w, marks, mark_rows, names }
    }

    /// How to read the chart, for its heading's line.
    pub fn caption(&self) -> String {
        let marks = if self.span > 2 * 366 { "each year" } else { "each month" };
        match (self.weeks_per_bar, self.span <= 330) {
            (1, true) => {
                "Each bar is one calendar week of 0–7 nights, labelled with its first night.".to_owned()
            }
            (1, false) => {
                format!("Each bar is one calendar week of 0–7 nights; ticks show where {marks} begins.")
            }
            (n, _) => {
                format!("Each bar is {n} weeks, drawn as nights per week; ticks show where {marks} begins.")
            }
        }
    }

    /// The height the chart takes with a plot `plot_h` points tall.
    pub fn height(&self, plot_h: f32) -> f32 {
        6.0 + self.mark_rows as f32 * MARK_ROW + plot_h + BELOW + self.names.len() as f32 * NAME_LINE
    }
}

/// Draws the chart `plan` from the current `y`, with `plot_h` points of bars.
pub fn weekly_bars(c: &mut Canvas, plan: &Plan, plot_h: f32) {
    let Plan { x0, width, slot, bar_w, .. } = *plan;
    let top = c.y + 6.0 + plan.mark_rows as f32 * MARK_ROW;
    let bottom = top + plot_h;
    let unit = plot_h / 7.0;
    for v in 0u8..=7 {
        let y = bottom - f32::from(v) * unit;
        let (w, color) = if v == 0 { (0.8, MUTED) } else { (0.3, RULE) };
        c.line((x0, y), (x0 + width, y), w, color);
        c.text_right(x0 - 5.0, y + SIZE * 0.35, Weight::Regular, SIZE, MUTED, &v.to_string());
    }
    for (i, b) in plan.bars.iter().enumerate() {
        bar(c, x0 + i as f32 * slot + (slot - bar_w) / 2.0, bar_w, bottom, unit, b);
    }
    for m in &plan.marks {
        // White under the dashes keeps the mark visible across a solid bar.
        c.line((m.x, top), (m.x, bottom), 2.0, WHITE);
        c.dashed_line((m.x, top - 2.0), (m.x, bottom), 0.8, INK, DASHES);
        if let Some((lx, row)) = m.label {
            c.text(lx, top - 4.0 - row as f32 * MARK_ROW, Weight::Bold, SIZE, INK, &m.text);
        }
    }
    labels(c, &plan.bars, (x0, width, slot), bottom, plan.span);
    let ly = bottom + 24.0;
    let mut lx = x0;
    let mut legend = vec![
        (0, "cramp nights (solid)"),
        (1, "nights without cramps (outlined)"),
        (2, "not logged (dotted)"),
    ];
    if !plan.marks.is_empty() {
        legend.push((3, "daily medicine started (+) or stopped (–)"));
    }
    for (k, text) in legend {
        swatch(c, k, lx, ly);
        c.text(lx + 12.0, ly, Weight::Regular, SIZE, INK, text);
        lx += 24.0 + c.width_of(Weight::Regular, SIZE, text);
    }
    c.y = bottom + BELOW;
    for line in &plan.names {
        c.text(x0, c.y + SIZE, Weight::Regular, SIZE, INK, line);
        c.y += NAME_LINE;
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
    fn changes_without_room_for_a_label_are_named_under_the_legend() {
        let mut c = Canvas::new(super::super::font::Fonts::load().unwrap(), 595.0, 842.0);
        let change = |date: &str, name: &str| MedChange {
            date: date.parse().unwrap(),
            name: name.to_owned(),
            started: true,
        };
        let one = Plan::new(&mut c, &weeks(12), &[change("2020-01-08", "Quinine")]);
        assert_eq!((one.mark_rows, one.names.len()), (1, 0), "one label fits above the plot");
        // Three long names in one week: two rows of labels, and the third is named in full.
        let crowded = [
            change("2020-01-08", "Magnesium citrate"),
            change("2020-01-09", "Atorvastatin"),
            change("2020-01-10", "Ibuprofen"),
        ];
        let plan = Plan::new(&mut c, &weeks(12), &crowded);
        assert_eq!(plan.mark_rows, 2);
        assert_eq!(plan.marks.iter().filter(|m| m.label.is_none()).count(), 1);
        assert!(plan.names.concat().contains("+Ibuprofen started 10 Jan 2020"), "{:?}", plan.names);
        assert!(plan.height(80.0) > one.height(80.0));
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
