//! The experiment section of the Markdown and PDF reports: the latest experiment that overlaps
//! the exported range, as of the range's last night, in the same words as `cramp experiment report`.

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::experiment::view::Overview;
use crate::experiment::wording::Piece;
use crate::store::{Store, StoreError};

/// The report's pieces for the latest experiment if it began by `to` and ended (or was
/// abandoned) no earlier than `from`; empty otherwise.
pub fn load(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<Piece>, StoreError> {
    let Some(e) = store.latest_experiment()? else { return Ok(Vec::new()) };
    let ended = e.ended.unwrap_or_else(|| e.plan.end());
    if e.plan.start > to || ended < from {
        return Ok(Vec::new());
    }
    let nights = store.nights(Some(e.plan.start), Some(e.plan.end().min(to)))?;
    let amendments = e.amendments.iter().map(|a| (a.made, a.text.clone())).collect();
    let state = e.state_on(to);
    let units = store.settings()?.units;
    Ok(Overview::new(e.change, e.plan, state, amendments, &nights, to).report(units))
}

/// Escapes what Markdown would read as markup in text from the journal (a tag, an amendment).
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in crate::printable::one_line(text).chars() {
        if matches!(ch, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Appends the section to a Markdown report; nothing when there is no experiment.
pub fn markdown(pieces: &[Piece], out: &mut dyn Write) -> io::Result<()> {
    if pieces.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## Personal experiment (randomised, n-of-1)\n")?;
    for piece in pieces {
        match piece {
            Piece::Heading(h) => writeln!(out, "\n### {}\n", plain(h))?,
            Piece::Text(t) => writeln!(out, "{}\n", plain(t))?,
            Piece::Item(i) => writeln!(out, "- {}", plain(i))?,
        }
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_journal_text_and_skips_an_empty_section() {
        let mut out = Vec::new();
        markdown(&[], &mut out).unwrap();
        assert!(out.is_empty());
        let pieces = [Piece::Heading("Amendments".into()), Piece::Item("2026-03-20: *away* | [x]".into())];
        markdown(&pieces, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("### Amendments"), "{text}");
        assert!(text.contains(r"- 2026-03-20: \*away\* \| \[x\]"), "{text}");
    }
}
