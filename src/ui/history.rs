//! The History screen: nights newest first, one line each, unlogged stretches as gap lines.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::App;
use crate::app::history::{History, Row};
use crate::model::{DurationS, Night, Tag};

pub fn render(h: &History, app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let [title, list, prompt] =
        area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]));
    let logged = h.rows.iter().filter(|r| matches!(r, Row::Night(_))).count();
    Paragraph::new(Line::from(vec![
        Span::styled("History", t.title),
        Span::styled(format!("  {} · {logged} nights shown", h.filter.describe()), t.dim),
    ]))
    .render(title, buf);

    if h.rows.is_empty() {
        Paragraph::new("Nothing to show. Press l to log a night, or x to clear the filter.")
            .render(list, buf);
    } else {
        // Page by page, so the cursor's line never jumps while moving within a page.
        let height = (list.height as usize).max(1);
        let first = (h.selected / height) * height;
        let lines: Vec<Line> = h
            .rows
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, row)| {
                let line = match row {
                    Row::Night(n) => night_line(&h.nights[*n], app),
                    Row::Gap { newest, count } => {
                        let oldest = *newest - chrono::Duration::days(count - 1);
                        let span = if *count == 1 {
                            newest.format("%a %-d %b").to_string()
                        } else {
                            format!("{} – {}", oldest.format("%a %-d %b"), newest.format("%a %-d %b"))
                        };
                        let nights = if *count == 1 { "night" } else { "nights" };
                        Line::styled(format!("  ╌╌ {count} {nights} not logged ({span})"), t.dim)
                    }
                };
                if i == h.selected { line.style(t.selected) } else { line }
            })
            .collect();
        Paragraph::new(lines).render(list, buf);
    }

    let bottom = match (&h.prompt, &h.prompt_error) {
        (Some(p), err) => Line::from(vec![
            Span::styled("Filter: ", t.title),
            Span::raw(format!("{}▏", p.value())),
            Span::styled(
                err.as_deref().map_or_else(
                    || "  a tag, or dates: 2026-11-01..2026-11-20".to_owned(),
                    |e| format!("  ✗ {e}"),
                ),
                if err.is_some() { t.error } else { t.dim },
            ),
        ]),
        (None, _) => match &h.undo {
            Some(n) => Line::styled(
                format!("u brings back the night of {} you deleted", n.date.format("%a %-d %b")),
                t.dim,
            ),
            None => Line::raw(""),
        },
    };
    Paragraph::new(bottom).render(prompt, buf);
}

fn night_line(n: &Night, app: &App) -> Line<'static> {
    let t = &app.theme;
    let date = Span::raw(format!("{:<17}", n.date.format("%a %-d %b %Y")));
    if !n.had_cramps() {
        return Line::from(vec![
            date,
            Span::styled(format!("{:<26}", "○ cramp-free"), t.free),
            Span::raw(extras(n, app)),
        ]);
    }
    let dots: String = "●".repeat(n.episodes.len().min(5));
    let count = n.episodes.len();
    let worst = n.worst_intensity().map_or_else(String::new, |w| format!(" worst {w}"));
    let time =
        DurationS::new(i64::from(n.cramp_seconds())).map_or_else(|_| String::new(), |d| format!(" {d}"));
    let text = format!("{dots} {count} cramp{}{worst}{time}", if count == 1 { "" } else { "s" });
    Line::from(vec![date, Span::styled(format!("{text:<26}"), t.cramp), Span::raw(extras(n, app))])
}

/// Fluid and tags, to recognise the night at a glance.
fn extras(n: &Night, app: &App) -> String {
    let fluid = n.fluid.map_or_else(String::new, |f| f.display(app.settings.units));
    let tags: Vec<&str> = n.tags.iter().map(Tag::as_str).collect();
    format!("{fluid:<8} {}", tags.join(", "))
}
