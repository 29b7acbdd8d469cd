//! The experiment section of the PDF report, drawn from the same pieces as the Markdown one.

use super::canvas::{Canvas, INK, MUTED};
use super::font::Weight;
use crate::experiment::wording::Piece;

/// Draws the section; nothing when there is no experiment.
pub(super) fn section(c: &mut Canvas, pieces: &[Piece]) {
    if pieces.is_empty() {
        return;
    }
    c.heading("Personal experiment (randomised, n-of-1)", 60.0);
    let (x, w) = (c.left(), c.content_width());
    for piece in pieces {
        match piece {
            Piece::Heading(h) => {
                c.y += 4.0;
                c.paragraph(x, w, Weight::Bold, 9.5, INK, h);
            }
            Piece::Text(t) => {
                c.paragraph(x, w, Weight::Regular, 9.0, INK, t);
                c.y += 2.0;
            }
            Piece::Item(i) => c.paragraph(x + 8.0, w - 8.0, Weight::Regular, 8.5, MUTED, &format!("· {i}")),
        }
    }
}
