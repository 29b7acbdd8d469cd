//! Night capture: dim, minimal, large type, readable at 3 a.m. without glasses.

use chrono::{DateTime, FixedOffset};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crate::app::capture::{Capture, Phase};
use crate::ui::theme::Theme;

/// Five-row glyphs for the timer, three cells wide, drawn doubled.
const GLYPHS: [[&str; 5]; 11] = [
    ["███", "█ █", "█ █", "█ █", "███"],
    ["  █", "  █", "  █", "  █", "  █"],
    ["███", "  █", "███", "█  ", "███"],
    ["███", "  █", "███", "  █", "███"],
    ["█ █", "█ █", "███", "  █", "  █"],
    ["███", "█  ", "███", "  █", "███"],
    ["███", "█  ", "███", "█ █", "███"],
    ["███", "  █", "  █", "  █", "  █"],
    ["███", "█ █", "███", "█ █", "███"],
    ["███", "█ █", "███", "  █", "███"],
    ["   ", " █ ", "   ", " █ ", "   "],
];

/// `text` (digits and `:`) in large type, five lines.
#[must_use]
pub fn big(text: &str) -> Vec<String> {
    (0..5)
        .map(|row| {
            text.chars()
                .filter_map(|c| match c {
                    '0'..='9' => Some(GLYPHS[c as usize - '0' as usize][row]),
                    ':' => Some(GLYPHS[10][row]),
                    _ => None,
                })
                .map(|g| g.chars().flat_map(|c| [c, c]).collect::<String>())
                .collect::<Vec<_>>()
                .join("  ")
        })
        .collect()
}

pub fn render(c: &Capture, now: DateTime<FixedOffset>, t: &Theme, area: Rect, buf: &mut Buffer) {
    let seconds = match c.phase {
        Phase::Running => c.elapsed(now),
        Phase::Stopped(d) | Phase::Rated(d, _) => d.map_or(0, |d| i64::from(d.seconds())),
    };
    let clock = if seconds >= 3600 {
        format!("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
    } else {
        format!("{:02}:{:02}", seconds / 60, seconds % 60)
    };
    let top =
        format!("Cramp saved at {} · night of {}", c.start.format("%H:%M"), c.night.format("%a %-d %b"));
    let typed = c.typed.map_or_else(|| "_".to_owned(), |n| n.to_string());
    let bottom = match c.phase {
        Phase::Running => "Press any key when it eases.  Esc: leave without a length.".to_owned(),
        Phase::Stopped(d) => format!(
            "{} How strong, 0–10? [{typed}]  Enter: save · Esc: skip",
            if d.is_some() { "Length saved." } else { "Saved (too long to time)." }
        ),
        Phase::Rated(..) => "Saved. Sleep well.".to_owned(),
    };
    let tip = "Stretch it: pull your toes toward your shin, or stand and walk a few steps.";
    let [_, head, _, digits, _, foot, tip_area, _] = area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(5),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Fill(1),
    ]));
    Paragraph::new(Line::styled(top, t.capture)).centered().render(head, buf);
    let lines: Vec<Line> = big(&clock).into_iter().map(|l| Line::styled(l, t.capture_big)).collect();
    Paragraph::new(lines).centered().render(digits, buf);
    Paragraph::new(Line::styled(bottom, t.capture)).centered().render(foot, buf);
    if c.phase == Phase::Running {
        Paragraph::new(Line::styled(tip, t.capture)).centered().render(tip_area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_digits_line_up() {
        let rows = big("03:10");
        assert_eq!(rows.len(), 5);
        let widths: Vec<usize> = rows.iter().map(|r| r.chars().count()).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{widths:?}");
        assert_eq!(rows[0], "██████  ██████              ██  ██████");
    }
}
