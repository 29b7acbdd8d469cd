//! The experiment on screen: tonight's line above the Week screen and the Log form, and the
//! report panel. Drawn from what the app loaded; nothing here reads the journal.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::app::App;
use crate::experiment::wording::Piece;
use crate::ui::text::{fit_line, shown};

/// Draws tonight's line in the first row of `area` when an experiment is planned or running,
/// and returns the rest; without one, `area` is returned whole and nothing is drawn.
pub fn banner(app: &App, area: Rect, buf: &mut Buffer) -> Rect {
    let Some(line) = &app.experiment.line else { return area };
    if area.height < 2 {
        return area;
    }
    let [top, rest] = area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]));
    Paragraph::new(fit_line(Line::styled(shown(line), app.theme.key), top.width.into())).render(top, buf);
    rest
}

/// The report panel over the screen, scrolled by `scroll` lines.
pub fn panel(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let popup = area.centered(
        Constraint::Length(area.width.saturating_sub(4).min(100)),
        Constraint::Length(area.height.saturating_sub(2)),
    );
    Clear.render(popup, buf);
    let block = Block::bordered().title(" Experiment (↑↓ PgUp PgDn scroll, any other key closes) ");
    let inner = block.inner(popup);
    block.render(popup, buf);
    let mut lines: Vec<Line> = Vec::new();
    for piece in &app.experiment.report {
        match piece {
            Piece::Heading(h) => {
                if !lines.is_empty() {
                    lines.push(Line::raw(""));
                }
                lines.push(Line::styled(shown(h), t.title));
            }
            Piece::Text(s) => lines.push(Line::raw(shown(s))),
            Piece::Item(s) => lines.push(Line::raw(format!("• {}", shown(s)))),
        }
    }
    Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)).render(inner, buf);
}
