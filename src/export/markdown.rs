//! The clinician's summary as plain Markdown tables: the same sections and numbers as the PDF
//! (both render from [`Summary`]), for pasting into a patient-portal message or reading in a
//! terminal.

use std::io::{self, Write};

use crate::printable::printable;

use super::standout::STANDOUT_HEADING;
use super::summary::{
    ADJUSTED_NOTE, AMOUNTS_INTRO, ANALYSIS_NOT_INCLUDED, ANALYSIS_NOT_INCLUDED_DETAIL, EXPLAINED_INTRO, Log,
    LogMode, MED_CHANGE_HEADER, MED_CHANGE_NOTE, NO_MED_CHANGES, PLACEBO_CAUTION, Summary, WHAT_THIS_IS,
    med_mark as mark, short_day,
};

/// A table cell: pipes escaped, line breaks flattened, control characters shown as symbols and
/// right-to-left overrides closed within the cell ([`printable`]), never empty (some renderers
/// collapse an empty cell).
fn cell(text: &str) -> String {
    let flat = text.replace("\r\n", " / ").replace(['\n', '\r'], " / ").replace('|', "\\|");
    let flat = printable(&flat).into_owned();
    if flat.trim().is_empty() { " ".to_owned() } else { flat }
}

fn table<const N: usize>(
    out: &mut dyn Write,
    header: [&str; N],
    right: [bool; N],
    rows: &[[String; N]],
) -> io::Result<()> {
    let head: Vec<String> = header.iter().map(|h| cell(h)).collect();
    writeln!(out, "| {} |", head.join(" | "))?;
    let rule: Vec<&str> = right.iter().map(|r| if *r { "---:" } else { "---" }).collect();
    writeln!(out, "|{}|", rule.join("|"))?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    writeln!(out)
}

/// Writes the report, with the nightly log `log` (none at all for [`LogMode::None`]).
pub fn write(s: &Summary, log: &Log, notes_redacted: bool, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Night-time leg cramps: summary for the clinician\n")?;
    writeln!(out, "_{WHAT_THIS_IS}_\n")?;
    if let Some(name) = &s.name {
        writeln!(out, "**Patient:** {}  ", cell(name))?;
    }
    writeln!(out, "**Period:** {}  ", s.range_text())?;
    writeln!(out, "**Completeness:** {} nights logged  ", super::summary::of(s.range.logged, s.range.days))?;
    writeln!(out, "**Prepared:** {} with cramp\n", s.made_text())?;

    if !s.clinical.analysed {
        writeln!(out, "> **{ANALYSIS_NOT_INCLUDED}.** {ANALYSIS_NOT_INCLUDED_DETAIL}\n")?;
    } else if s.clinical.red_flags.is_empty() {
        writeln!(out, "> No red flags: the analysis found no warning signs in this period.\n")?;
    } else {
        writeln!(out, "## Red flags — please review\n")?;
        for f in &s.clinical.red_flags {
            writeln!(out, "- **{}**: {}", cell(&f.title), cell(&f.detail))?;
        }
        writeln!(out)?;
    }
    key_figures(s, out)?;
    where_and_medicines(s, out)?;
    findings(s, out)?;
    if log.mode == LogMode::None {
        return Ok(());
    }
    nightly_log(log, notes_redacted, out)
}

fn key_figures(s: &Summary, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Summary\n")?;
    let figures: Vec<[String; 2]> = s.key_figures().into_iter().map(|(l, v)| [l, v]).collect();
    table(out, ["Measure", "Value"], [false, true], &figures)?;
    if let Some(line) = s.completeness_caution() {
        writeln!(out, "**{line}**\n")?;
    }
    if let Some(line) = s.worst_by_night.sentence() {
        writeln!(out, "{line}\n")?;
    }
    writeln!(out, "**Current medicines:** {}  ", cell(&s.current_medicines_text()))?;
    writeln!(out, "**Conditions:** {}\n", s.conditions_text())?;
    if let Some(line) = &s.measured {
        writeln!(out, "**Measured by phone or watch** (not typed by the patient): {}\n", cell(line))?;
    }
    if let Some(rows) = s.comparison() {
        let header = [rows[0][0].as_str(), rows[0][1].as_str(), rows[0][2].as_str(), rows[0][3].as_str()];
        table(out, header, [false, true, true, true], &rows[1..])?;
        writeln!(out, "{PLACEBO_CAUTION}\n")?;
    }

    weekly(s, out)?;
    writeln!(out, "## {STANDOUT_HEADING}\n")?;
    if !s.clinical.analysed {
        writeln!(out, "{ANALYSIS_NOT_INCLUDED}. {ANALYSIS_NOT_INCLUDED_DETAIL}\n")?;
    }
    for line in s.standouts() {
        writeln!(out, "- {}", cell(&line))?;
    }
    writeln!(out)
}

/// The weekly chart as a table: each week's nights tallied in marks that differ in shape, not
/// colour (█ a cramp night, ░ a night without cramps, · a night not logged), and the daily medicines
/// started (+) or stopped (–) in it.
fn weekly(s: &Summary, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Cramp nights per week\n")?;
    let weeks: Vec<[String; 6]> = s
        .weeks
        .iter()
        .map(|w| {
            let free = w.logged.saturating_sub(w.cramp_nights) as usize;
            let unlogged = w.days.saturating_sub(w.logged) as usize;
            let changes: Vec<String> = s
                .medicine_changes
                .iter()
                .filter(|m| w.from <= m.date && m.date <= w.to)
                .map(|m| format!("{} {}", mark(m), short_day(m.date)))
                .collect();
            [
                format!("{} – {}", short_day(w.from), short_day(w.to)),
                format!("{} of {}", w.logged, w.days),
                w.cramp_nights.to_string(),
                w.episodes.to_string(),
                format!(
                    "{}{}{}",
                    "█".repeat(w.cramp_nights as usize),
                    "░".repeat(free),
                    "·".repeat(unlogged)
                ),
                changes.join(", "),
            ]
        })
        .collect();
    table(
        out,
        ["Nights", "Logged", "Cramp nights", "Cramps", "Tally", "Medicines"],
        [false, true, true, true, false, false],
        &weeks,
    )?;
    writeln!(
        out,
        "Tally: █ a night with cramps, ░ a night without, · a night not logged. Medicines: + started, \
         – stopped (daily ones).\n"
    )
}

fn where_and_medicines(s: &Summary, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Where it hurts and what eased it\n")?;
    for (title, rows) in
        [("Location", s.location_rows()), ("Side", s.side_rows()), ("Eased by", s.relief_rows())]
    {
        if rows.is_empty() {
            writeln!(out, "{title}: none recorded.\n")?;
        } else {
            table(out, [title, "Cramps", "Share"], [false, true, true], &rows)?;
        }
    }

    // The conditions are in the summary, beside the current medicines; this is the full history.
    writeln!(out, "## Medicines\n")?;
    let meds = s.medication_rows();
    if meds.is_empty() {
        writeln!(out, "No medicines recorded.\n")?;
    } else {
        table(
            out,
            ["Medicine", "Class", "Taken", "Logged nights taken"],
            [false, false, false, true],
            &meds,
        )?;
    }
    if s.clinical.analysed {
        writeln!(out, "## Medicine changes\n")?;
        let rows = s.medication_change_rows();
        if rows.is_empty() {
            writeln!(out, "{NO_MED_CHANGES}\n")?;
        } else {
            table(out, MED_CHANGE_HEADER, [false, false, true, true, true, false], &rows)?;
            writeln!(out, "{MED_CHANGE_NOTE}\n")?;
        }
    }
    Ok(())
}

fn findings(s: &Summary, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Analysis findings\n")?;
    let findings = s.notable_findings();
    let rest = s.unclear_findings_line();
    if !s.clinical.analysed {
        writeln!(out, "{ANALYSIS_NOT_INCLUDED}. {ANALYSIS_NOT_INCLUDED_DETAIL}\n")?;
        return Ok(());
    }
    if findings.is_empty()
        && rest.is_none()
        && s.explained_findings().is_empty()
        && s.clinical.amounts.is_empty()
    {
        writeln!(out, "The analysis reported no findings for this period.\n")?;
        return Ok(());
    }
    if !findings.is_empty() {
        let rows: Vec<[String; 6]> = findings.iter().map(|f| f.cells()).collect();
        table(
            out,
            [
                "Factor",
                "Result",
                "Cramp nights with vs without",
                "Relative risk (95 % CI)",
                "Adjusted (95 % CI)",
                "What it means",
            ],
            [false, false, true, true, true, false],
            &rows,
        )?;
        writeln!(out, "{ADJUSTED_NOTE}\n")?;
    }
    if !s.clinical.amounts.is_empty() {
        writeln!(out, "{AMOUNTS_INTRO}\n")?;
        for a in &s.clinical.amounts {
            writeln!(out, "- **{}**: {}", cell(&a.label), cell(&a.sentence))?;
        }
        writeln!(out)?;
    }
    let explained = s.explained_lines();
    if !explained.is_empty() {
        writeln!(out, "{EXPLAINED_INTRO}\n")?;
        for line in &explained {
            writeln!(out, "- {}", cell(line))?;
        }
        writeln!(out)?;
    }
    if let Some(line) = rest {
        writeln!(out, "{}\n", cell(&line))?;
    }
    if let Some(power) = &s.clinical.power {
        writeln!(out, "{}\n", cell(power))?;
    }
    Ok(())
}

fn nightly_log(log: &Log, notes_redacted: bool, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Nightly log\n")?;
    writeln!(out, "{}\n", log.intro(notes_redacted))?;
    let rows: Vec<[String; 5]> = log
        .rows
        .iter()
        .map(|r| {
            let cramps = match (r.stretch, r.cramps.is_empty()) {
                (true, _) => String::new(),
                (false, true) => "none".to_owned(),
                (false, false) => r.cramps.join("; "),
            };
            [r.date.clone(), r.factors.clone(), cramps, r.sleep.clone(), r.note.clone()]
        })
        .collect();
    if notes_redacted {
        let rows: Vec<[String; 4]> = rows.into_iter().map(|[a, b, c, d, _]| [a, b, c, d]).collect();
        table(out, ["Night", "Day and bedtime", "Cramps", "Sleep"], [false, false, false, true], &rows)
    } else {
        table(
            out,
            ["Night", "Day and bedtime", "Cramps", "Sleep", "Note"],
            [false, false, false, true, false],
            &rows,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b / c");
        assert_eq!(cell(""), " ");
        assert_eq!(cell("\u{1b}[2J\u{202e}drow"), "␛[2J\u{202e}drow\u{202c}");
    }
}
