//! The PDF summary for a clinician: one page of key numbers and the weekly chart first, then
//! where it hurts, medicines, the analysis, and the full nightly log. Text is real text in an
//! embedded, subsetted font, so it can be selected, searched and extracted.

mod canvas;
mod chart;
mod experiment;
mod font;

use std::io::{self, Write};

use chrono::{Datelike, Timelike};
use pdf_writer::{Date, Filter, Finish, Name, Pdf, Rect, Ref, TextStr};

use self::canvas::{ACCENT, Align, Canvas, Column, INK, MUTED, RULE, Rgb, TableStyle};
use self::font::{Fonts, Weight};
use super::Paper;
use super::standout::STANDOUT_HEADING;
use super::summary::{
    ADJUSTED_NOTE, AMOUNTS_INTRO, ANALYSIS_NOT_INCLUDED, ANALYSIS_NOT_INCLUDED_DETAIL, EXPLAINED_INTRO, Log,
    MED_CHANGE_HEADER, MED_CHANGE_NOTE, NO_MED_CHANGES, PLACEBO_CAUTION, Summary, WHAT_THIS_IS,
};

pub use self::font::FontError;

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error(transparent)]
    Io(#[from] io::Error),
}

const FLAG: Rgb = (0.66, 0.13, 0.10);
const FLAG_FILL: Rgb = (0.99, 0.94, 0.93);
const NOTE_FILL: Rgb = (0.95, 0.96, 0.97);

impl Paper {
    /// Width and height in points.
    fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Writes the report, with the nightly log `log` (none at all for [`LogMode::None`]).
///
/// [`LogMode::None`]: super::summary::LogMode::None
pub fn write(
    summary: &Summary,
    log: &Log,
    paper: Paper,
    notes_redacted: bool,
    experiment: &[crate::experiment::wording::Piece],
    out: &mut dyn Write,
) -> Result<(), PdfError> {
    let (width, height) = paper.size();
    let mut c = Canvas::new(Fonts::load()?, width, height);
    title(&mut c, summary);
    red_flags(&mut c, summary);
    key_figures(&mut c, summary);
    chart_and_standouts(&mut c, summary);
    where_and_relief(&mut c, summary);
    medicines(&mut c, summary);
    medicine_changes(&mut c, summary);
    findings(&mut c, summary);
    experiment::section(&mut c, experiment);
    if log.mode != super::summary::LogMode::None {
        nightly_log(&mut c, log, notes_redacted);
    }
    let footer = format!(
        "Night cramp summary{} · {} · made with cramp",
        summary.name.as_ref().map(|n| format!(" for {n}")).unwrap_or_default(),
        summary.range_text()
    );
    let bytes = assemble(c, summary, &footer)?;
    out.write_all(&bytes)?;
    Ok(())
}

fn title(c: &mut Canvas, s: &Summary) {
    let x = c.left();
    let w = c.content_width();
    c.text(x, c.y + 18.0, Weight::Bold, 19.0, INK, "Night-time leg cramps");
    c.text_right(x + w, c.y + 18.0, Weight::Regular, 9.0, MUTED, "Summary for the clinician");
    c.y += 30.0;
    let mut facts: Vec<(&str, String)> = Vec::new();
    if let Some(name) = &s.name {
        facts.push(("Patient", name.clone()));
    }
    facts.push(("Period", s.range_text()));
    facts.push((
        "Completeness",
        format!("{} nights logged", super::summary::of(s.range.logged, s.range.days)),
    ));
    facts.push(("Prepared", s.made_text()));
    let mut fx = x;
    for (label, value) in &facts {
        c.text(fx, c.y + 9.0, Weight::Regular, 8.0, MUTED, &label.to_uppercase());
        c.text(fx, c.y + 22.0, Weight::Bold, 10.0, INK, value);
        let used = c.width_of(Weight::Bold, 10.0, value).max(c.width_of(Weight::Regular, 8.0, label));
        fx += used + 28.0;
    }
    c.y += 30.0;
    c.paragraph(x, w, Weight::Regular, 7.8, MUTED, WHAT_THIS_IS);
    c.y += 3.0;
    c.line((x, c.y), (x + w, c.y), 1.6, ACCENT);
    c.y += 10.0;
}

/// A tinted box with a bold title and wrapped lines.
fn boxed(c: &mut Canvas, title: &str, lines: &[String], color: Rgb, fill: Rgb) {
    let left = c.left();
    let width = c.content_width();
    let size = 8.6;
    let leading = size * 1.32;
    let wrapped: Vec<Vec<String>> =
        lines.iter().map(|l| c.wrap(Weight::Regular, size, l, width - 24.0, 8)).collect();
    let count: usize = wrapped.iter().map(Vec::len).sum();
    let height = 28.0 + count as f32 * leading;
    c.ensure(height + 8.0);
    c.fill_rect(left, c.y, width, height, fill);
    c.fill_rect(left, c.y, 3.0, height, color);
    c.text(left + 12.0, c.y + 16.0, Weight::Bold, 10.0, color, title);
    let mut baseline = c.y + 20.0 + leading;
    for line in wrapped.iter().flatten() {
        c.text(left + 12.0, baseline, Weight::Regular, size, INK, line);
        baseline += leading;
    }
    c.y += height + 6.0;
}

fn red_flags(c: &mut Canvas, s: &Summary) {
    if !s.clinical.analysed {
        boxed(c, ANALYSIS_NOT_INCLUDED, &[ANALYSIS_NOT_INCLUDED_DETAIL.to_owned()], MUTED, NOTE_FILL);
        return;
    }
    if s.clinical.red_flags.is_empty() {
        boxed(
            c,
            "No red flags",
            &["The analysis found no warning signs in this period.".to_owned()],
            ACCENT,
            NOTE_FILL,
        );
        return;
    }
    let lines: Vec<String> =
        s.clinical.red_flags.iter().map(|f| format!("•  {}: {}", f.title, f.detail)).collect();
    boxed(c, "Red flags — please review", &lines, FLAG, FLAG_FILL);
}

fn key_figures(c: &mut Canvas, s: &Summary) {
    c.heading("Summary", 120.0);
    let figures = s.key_figures();
    let half = figures.len().div_ceil(2);
    let gap = 14.0;
    let col_w = (c.content_width() - gap) / 2.0;
    let style = TableStyle { header: false, first_weight: Weight::Regular, pad: 0.3, ..TableStyle::new(8.6) };
    // Labels take what they need; values (right-aligned) get the rest.
    let widest = figures.iter().map(|(l, _)| c.width_of(Weight::Regular, style.size, l)).fold(0.0, f32::max);
    let label_w = (widest + 2.0 * style.size * 0.55 + 2.0).min(col_w * 0.7);
    let cols = [Column::new("", label_w, Align::Left), Column::new("", col_w - label_w, Align::Right)];
    let y0 = c.y;
    c.ensure(half as f32 * Canvas::row_height(style) * 1.6);
    let mut bottom: f32 = 0.0;
    for (i, part) in figures.chunks(half).enumerate() {
        c.y = y0;
        let rows: Vec<Vec<String>> = part.iter().map(|(l, v)| vec![l.clone(), v.clone()]).collect();
        c.table(c.left() + i as f32 * (col_w + gap), &cols, &rows, style);
        bottom = bottom.max(c.y);
    }
    c.y = bottom + 4.0;
    if let Some(line) = s.completeness_caution() {
        c.paragraph(c.left(), c.content_width(), Weight::Bold, 8.6, FLAG, &line);
    }
    if let Some(line) = s.worst_by_night.sentence() {
        c.paragraph(c.left(), c.content_width(), Weight::Regular, 8.6, INK, &line);
    }
    c.y += 6.0;
    // Page 1 names what is being taken and what else is known, before any comparison.
    let w = c.content_width();
    let mut lines =
        vec![("Current medicines: ", s.current_medicines_text()), ("Conditions: ", s.conditions_text())];
    if let Some(m) = &s.measured {
        lines.push(("Measured by phone or watch: ", m.clone()));
    }
    for (label, text) in lines {
        c.ensure(14.0);
        let lw = c.width_of(Weight::Bold, 8.6, label);
        c.text(c.left(), c.y + 8.6, Weight::Bold, 8.6, INK, label);
        c.paragraph(c.left() + lw, w - lw, Weight::Regular, 8.6, INK, &text);
        c.y += 2.0;
    }
    if let Some(rows) = s.comparison() {
        c.y += 4.0;
        // The dates have a row of their own, wide enough that a range never breaks.
        let cols = [
            Column::new(&rows[0][0], w * 0.25, Align::Left),
            Column::new(&rows[0][1], w * 0.28, Align::Right),
            Column::new(&rows[0][2], w * 0.28, Align::Right),
            Column::new(&rows[0][3], w * 0.19, Align::Right),
        ];
        let body: Vec<Vec<String>> = rows[1..].iter().map(|r| r.to_vec()).collect();
        c.table(c.left(), &cols, &body, TableStyle { pad: 0.3, ..TableStyle::new(8.6) });
        c.y += 3.0;
        c.paragraph(c.left(), w, Weight::Regular, 7.5, MUTED, PLACEBO_CAUTION);
    }
}

/// The end of page 1: the weekly chart, as tall as the page leaves room for beside the lines of
/// what stands out (between 56 and 110 points of bars), then those lines. Lines that would run
/// onto page 2 are summed up in one that says where they are, so page 1 keeps what stands out.
fn chart_and_standouts(c: &mut Canvas, s: &Summary) {
    const SIZE: f32 = 8.6;
    let leading = SIZE * 1.38;
    let lines = s.standouts();
    let plan = chart::Plan::new(c, &s.weeks, &s.medicine_changes);
    // Each heading keeps 40 points free above what follows it (it uses 36).
    let wanted = 40.0 + lines.len().max(1) as f32 * leading;
    let plot_h = (c.room() - 40.0 - plan.height(0.0) - wanted - 1.0).clamp(56.0, 110.0);
    c.heading_with_note("Cramp nights per week", &plan.caption(), plan.height(plot_h));
    chart::weekly_bars(c, &plan, plot_h);
    c.heading(STANDOUT_HEADING, leading);
    let (x, w) = (c.left(), c.content_width());
    if !s.clinical.analysed {
        let text = format!("{ANALYSIS_NOT_INCLUDED}. {ANALYSIS_NOT_INCLUDED_DETAIL}");
        c.paragraph(x, w, Weight::Regular, SIZE, MUTED, &text);
        return;
    }
    // How many lines fit, counting the ones that wrap, with room kept for the summing-up line.
    let heights: Vec<f32> = lines
        .iter()
        .map(|l| c.wrap(Weight::Regular, SIZE, l, w - 10.0, usize::MAX).len() as f32 * leading)
        .collect();
    let room = c.room();
    let all_fit = heights.iter().sum::<f32>() <= room;
    let mut shown = 0;
    let mut used = leading;
    while !all_fit && shown < heights.len() && used + heights[shown] <= room {
        used += heights[shown];
        shown += 1;
    }
    let shown = if all_fit { lines.len() } else { shown };
    let more = lines.len() - shown;
    let rest = (more > 0)
        .then(|| format!("… and {more} more, set out in full under Analysis findings and Medicine changes."));
    for line in lines.iter().take(shown).chain(rest.iter()) {
        c.ensure(leading);
        c.text(x, c.y + SIZE, Weight::Bold, SIZE, INK, "•");
        c.paragraph(x + 10.0, w - 10.0, Weight::Regular, SIZE, INK, line);
    }
}

fn small_table(c: &mut Canvas, x: f32, w: f32, title: &str, rows: &[[String; 3]]) {
    let cols = [
        Column::new(title, w * 0.46, Align::Left),
        Column::new("Cramps", w * 0.3, Align::Right),
        Column::new("Share", w * 0.24, Align::Right),
    ];
    let mut body: Vec<Vec<String>> = rows.iter().map(|r| r.to_vec()).collect();
    if body.is_empty() {
        body.push(vec!["none recorded".to_owned(), String::new(), String::new()]);
    }
    c.table(x, &cols, &body, TableStyle::new(8.5));
}

fn where_and_relief(c: &mut Canvas, s: &Summary) {
    let parts = [("Location", s.location_rows()), ("Side", s.side_rows()), ("Eased by", s.relief_rows())];
    let longest = parts.iter().map(|p| p.1.len().max(1)).max().unwrap_or(1);
    let needed = (longest + 1) as f32 * Canvas::row_height(TableStyle::new(8.5)) + 4.0;
    c.heading("Where it hurts and what eased it", needed);
    let gap = 14.0;
    let w = (c.content_width() - 2.0 * gap) / 3.0;
    let y0 = c.y;
    let mut bottom: f32 = y0;
    for (i, (title, rows)) in parts.iter().enumerate() {
        c.y = y0;
        small_table(c, c.left() + i as f32 * (w + gap), w, title, rows);
        bottom = bottom.max(c.y);
    }
    c.y = bottom;
    let note = format!(
        "Counts are of the {} cramps in the period; a cramp can be eased by more than one thing.",
        s.range.episodes
    );
    c.y += 5.0;
    c.paragraph(c.left(), c.content_width(), Weight::Regular, 7.5, MUTED, &note);
}

fn medicines(c: &mut Canvas, s: &Summary) {
    // The conditions are on page 1, beside the current medicines; this is the full history.
    c.heading("Medicines", 60.0);
    let w = c.content_width();
    let rows: Vec<Vec<String>> = s.medication_rows().into_iter().map(|r| r.to_vec()).collect();
    if rows.is_empty() {
        c.paragraph(c.left(), w, Weight::Regular, 9.0, INK, "No medicines recorded.");
    } else {
        let cols = [
            // Wide enough for a name and its dose ("Magnesium citrate 300 mg, evening") on one
            // or two lines.
            Column::new("Medicine", w * 0.32, Align::Left),
            Column::new("Class", w * 0.14, Align::Left),
            Column::new("Taken", w * 0.34, Align::Left),
            Column::new("Logged nights taken", w * 0.2, Align::Right),
        ];
        let style = TableStyle { first_weight: Weight::Bold, ..TableStyle::new(8.5) };
        c.table(c.left(), &cols, &rows, style);
    }
}

fn medicine_changes(c: &mut Canvas, s: &Summary) {
    if !s.clinical.analysed {
        return;
    }
    c.heading("Medicine changes", 50.0);
    let w = c.content_width();
    let rows: Vec<Vec<String>> = s.medication_change_rows().into_iter().map(|r| r.to_vec()).collect();
    if rows.is_empty() {
        c.paragraph(c.left(), w, Weight::Regular, 9.0, INK, NO_MED_CHANGES);
        return;
    }
    let widths = [0.15, 0.14, 0.12, 0.12, 0.15, 0.32];
    let aligns = [Align::Left, Align::Left, Align::Right, Align::Right, Align::Right, Align::Left];
    let cols: Vec<Column> = MED_CHANGE_HEADER
        .iter()
        .zip(widths)
        .zip(aligns)
        .map(|((h, f), a)| Column::new(h, w * f, a))
        .collect();
    let style = TableStyle { first_weight: Weight::Bold, ..TableStyle::new(8.3) };
    c.table(c.left(), &cols, &rows, style);
    c.y += 4.0;
    c.paragraph(c.left(), w, Weight::Regular, 7.5, MUTED, MED_CHANGE_NOTE);
}

fn findings(c: &mut Canvas, s: &Summary) {
    c.heading("Analysis findings", 50.0);
    let w = c.content_width();
    if !s.clinical.analysed {
        c.paragraph(
            c.left(),
            w,
            Weight::Regular,
            9.0,
            MUTED,
            &format!("{ANALYSIS_NOT_INCLUDED}. {ANALYSIS_NOT_INCLUDED_DETAIL}"),
        );
        return;
    }
    let found = s.notable_findings();
    let rest = s.unclear_findings_line();
    let explained = s.explained_lines();
    if found.is_empty() && rest.is_none() && explained.is_empty() && s.clinical.amounts.is_empty() {
        c.paragraph(
            c.left(),
            w,
            Weight::Regular,
            9.0,
            INK,
            "The analysis reported no findings for this period.",
        );
        return;
    }
    if !found.is_empty() {
        let cols = [
            Column::new("Factor", w * 0.17, Align::Left),
            Column::new("Result", w * 0.11, Align::Left),
            Column::new("Cramp nights with vs without", w * 0.15, Align::Right),
            Column::new("Relative risk (95 % CI)", w * 0.13, Align::Right),
            Column::new("Adjusted (95 % CI)", w * 0.12, Align::Right),
            Column::new("What it means", w * 0.32, Align::Left),
        ];
        let rows: Vec<Vec<String>> = found.iter().map(|f| f.cells().to_vec()).collect();
        let style = TableStyle { first_weight: Weight::Bold, ..TableStyle::new(8.3) };
        c.table(c.left(), &cols, &rows, style);
        c.y += 2.0;
        c.paragraph(c.left(), w, Weight::Regular, 7.6, MUTED, ADJUSTED_NOTE);
        c.y += 4.0;
    }
    if !s.clinical.amounts.is_empty() {
        c.paragraph(c.left(), w, Weight::Regular, 8.6, INK, AMOUNTS_INTRO);
        c.y += 2.0;
        for a in &s.clinical.amounts {
            c.paragraph(c.left(), w, Weight::Regular, 8.6, INK, &format!("• {}: {}", a.label, a.sentence));
            c.y += 2.0;
        }
        c.y += 2.0;
    }
    if !explained.is_empty() {
        c.paragraph(c.left(), w, Weight::Regular, 8.6, INK, EXPLAINED_INTRO);
        c.y += 2.0;
        for line in &explained {
            c.paragraph(c.left(), w, Weight::Regular, 8.6, INK, &format!("• {line}"));
            c.y += 2.0;
        }
        c.y += 2.0;
    }
    if let Some(line) = rest {
        c.paragraph(c.left(), w, Weight::Regular, 8.6, INK, &line);
        c.y += 2.0;
    }
    if let Some(power) = &s.clinical.power {
        c.paragraph(c.left(), w, Weight::Regular, 8.6, INK, power);
    }
}

fn nightly_log(c: &mut Canvas, log: &Log, notes_redacted: bool) {
    c.new_page();
    c.heading("Nightly log", 80.0);
    let w = c.content_width();
    let intro = log.intro(notes_redacted);
    c.paragraph(c.left(), w, Weight::Regular, 8.0, MUTED, &intro);
    c.y += 4.0;
    let mut cols = vec![
        Column::new("Night", w * 0.155, Align::Left),
        Column::new("Day and bedtime", w * 0.275, Align::Left),
        Column::new("Cramps", w * 0.30, Align::Left),
        Column::new("Sleep", w * 0.07, Align::Right),
    ];
    if notes_redacted {
        cols[1].width += w * 0.08;
        cols[2].width += w * 0.12;
    } else {
        cols.push(Column::new("Note", w * 0.20, Align::Left));
    }
    let style = TableStyle { first_weight: Weight::Bold, max_lines: 30, ..TableStyle::new(7.4) };
    let rows: Vec<Vec<String>> = log
        .rows
        .iter()
        .map(|r| {
            let cramps = match (r.stretch, r.cramps.is_empty()) {
                (true, _) => String::new(),
                (false, true) => "none".to_owned(),
                (false, false) => r.cramps.join("\n"),
            };
            // A stretch too wide for its cell breaks after the dash, not before its year.
            let date = if r.stretch
                && c.width_of(Weight::Bold, style.size, &r.date) > style.text_room(cols[0].width)
            {
                r.date.replacen(" – ", " –\n", 1)
            } else {
                r.date.clone()
            };
            let mut row = vec![date, r.factors.clone(), cramps, r.sleep.clone()];
            if !notes_redacted {
                row.push(r.note.clone());
            }
            row
        })
        .collect();
    c.table(c.left(), &cols, &rows, style);
}

/// Zlib-compresses a stream. Level 6 shrinks the log's text about fivefold at little cost.
pub(super) fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// Numbers the PDF's objects.
struct Ids(i32);

impl Ids {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// Adds the footers and writes the pages, fonts and document information.
fn assemble(canvas: Canvas, summary: &Summary, footer: &str) -> Result<Vec<u8>, PdfError> {
    let (width, height) = (canvas.width, canvas.height);
    let (fonts, pages) = canvas.finish(|c, number, count| {
        let baseline = c.height - 30.0;
        let (left, w) = (c.left(), c.content_width());
        c.line((left, baseline - 10.0), (left + w, baseline - 10.0), 0.4, RULE);
        let text = c.wrap(Weight::Regular, 7.0, footer, w - 70.0, 1).pop().unwrap_or_default();
        c.text(left, baseline, Weight::Regular, 7.0, MUTED, &text);
        c.text_right(left + w, baseline, Weight::Regular, 7.0, MUTED, &format!("page {number} of {count}"));
    });

    let mut ids = Ids(0);
    let catalog = ids.next();
    let tree = ids.next();
    let info = ids.next();
    let (f1, f2) = (ids.next(), ids.next());
    let page_ids: Vec<(Ref, Ref)> = (0..pages.len()).map(|_| (ids.next(), ids.next())).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree).lang(TextStr("en"));
    pdf.pages(tree).kids(page_ids.iter().map(|p| p.0)).count(pages.len() as i32);
    for ((page_id, content_id), content) in page_ids.iter().zip(pages) {
        let mut page = pdf.page(*page_id);
        page.parent(tree).media_box(Rect::new(0.0, 0.0, width, height)).contents(*content_id);
        page.resources().fonts().pair(Name(b"F1"), f1).pair(Name(b"F2"), f2);
        page.finish();
        pdf.stream(*content_id, &deflate(&content.finish())).filter(Filter::FlateDecode);
    }
    let made = summary.made_at;
    let offset_min = made.offset().local_minus_utc() / 60;
    let date = Date::new(made.year() as u16)
        .month(made.month() as u8)
        .day(made.day() as u8)
        .hour(made.hour() as u8)
        .minute(made.minute() as u8)
        .second(made.second() as u8)
        .utc_offset_hour((offset_min / 60) as i8)
        .utc_offset_minute((offset_min % 60).unsigned_abs() as u8);
    let title = match &summary.name {
        Some(n) => format!("Night cramp summary for {n}, {}", summary.range_text()),
        None => format!("Night cramp summary, {}", summary.range_text()),
    };
    pdf.document_info(info)
        .title(TextStr(&title))
        .creator(TextStr("cramp"))
        .producer(TextStr("cramp"))
        .creation_date(date);
    let mut next = || ids.next();
    fonts.regular.embed(&mut pdf, f1, &mut next, "CRMPAA")?;
    fonts.bold.embed(&mut pdf, f2, &mut next, "CRMPAB")?;
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::summary::{
        ClinicalNotes, Count, FindingKind, FindingLine, FlagLine, SummaryInput, summarise,
    };
    use crate::model::{Profile, Settings};

    /// The analysis's part of the report: red flags first, findings flagged-then-protective.
    #[test]
    fn red_flags_and_findings_render() {
        let line = |kind, status: &str, factor: &str, rr: f64| FindingLine {
            kind,
            status: status.to_owned(),
            factor: factor.to_owned(),
            with_factor: Count { cramp_nights: 8, nights: 20 },
            without_factor: Count { cramp_nights: 3, nights: 40 },
            relative_risk: Some(rr),
            interval: Some((rr / 2.0, rr * 2.0)),
            explanation: "Cramp nights were more common after days with this factor.".to_owned(),
            adjusted: None,
            goes_with: None,
        };
        let clinical = ClinicalNotes {
            analysed: true,
            medication_changes: vec![],
            power: None,
            amounts: vec![],
            red_flags: vec![FlagLine {
                title: "Cramps on most nights".to_owned(),
                detail: "5.6 cramp nights a week over the last 4 weeks; consider a review.".to_owned(),
            }],
            findings: vec![
                line(FindingKind::Inconclusive, "no clear link", "Coffee", 1.1),
                line(FindingKind::Protective, "fewer cramps", "Stretching before bed", 0.4),
                line(FindingKind::Flagged, "more cramps", "Fluid under 1.7 l", 2.7),
            ],
        };
        let profile =
            Profile { name: crate::model::PersonName::new("Ann Müller").ok(), ..Profile::default() };
        let input = SummaryInput {
            nights: &[],
            medications: &[],
            profile: &profile,
            settings: Settings::default(),
            from: "2026-09-05".parse().unwrap(),
            to: "2026-11-27".parse().unwrap(),
            made_at: chrono::DateTime::parse_from_rfc3339("2026-11-28T09:00:00+01:00").unwrap(),
        };
        let mut out = Vec::new();
        let log = crate::export::summary::log(
            &[],
            &[],
            Settings::default(),
            input.from,
            input.to,
            crate::export::summary::LogMode::All,
        );
        write(&summarise(&input, clinical), &log, Paper::A4, false, &[], &mut out).unwrap();
        assert!(out.starts_with(b"%PDF-"));
        // To look at it: CRAMP_SAMPLE_PDF=/tmp/findings.pdf cargo test red_flags_and_findings
        if let Ok(path) = std::env::var("CRAMP_SAMPLE_PDF") {
            std::fs::write(path, &out).unwrap();
        }
    }
}
