//! The Medicines & profile screen: medicines with their dates, conditions, settings, and the
//! add-a-medicine form.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::app::App;
use crate::app::choice::Options;
use crate::app::meds::{AddMed, MedsView, Row};
use crate::model::Schedule;
use crate::ui::theme::Theme;

pub fn render(m: &MedsView, app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let rows = m.rows();
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let section = |lines: &mut Vec<Line>, title: &str| {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(title.to_owned(), t.title));
    };
    for (i, row) in rows.iter().enumerate() {
        match row {
            Row::Medicine(0) => section(&mut lines, "Medicines"),
            Row::AddMedicine if m.meds.is_empty() => section(&mut lines, "Medicines"),
            Row::Condition(c) if Some(c) == crate::model::Condition::ALL.first() => {
                section(&mut lines, "Conditions (they shape the advice; they are not tested as triggers)");
            }
            Row::Units => section(&mut lines, "Settings"),
            _ => {}
        }
        let text = match row {
            Row::Medicine(j) => {
                let med = &m.meds[*j];
                let mut when = med.schedule_text();
                if med.schedule == Schedule::AsNeeded {
                    when.push_str(" (tick it on the Log screen)");
                }
                format!("  {:<22} {:<15} {when}", med.name.as_str(), med.class.as_str())
            }
            Row::AddMedicine => "  + add a medicine".to_owned(),
            Row::Condition(c) => {
                let on = m.profile.conditions.contains(c);
                format!("  {} {}", if on { "■" } else { "□" }, c.as_str())
            }
            Row::Units => format!("  Units          {}", m.settings.units),
            Row::WeekStart => format!("  Week starts on {}", m.settings.week_start),
            Row::DayBoundary => format!(
                "  Day boundary   {:02}:00  (cramps before this time belong to the previous night)",
                m.settings.day_boundary.hour()
            ),
        };
        if i == m.selected {
            selected_line = lines.len();
            lines.push(Line::styled(text, t.selected));
        } else {
            lines.push(Line::raw(text));
        }
    }
    let skip = (selected_line + 1).saturating_sub(area.height as usize);
    Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(area, buf);
    if let Some(form) = &m.form {
        add_form(form, t, area, buf);
    }
}

fn add_form(f: &AddMed, t: &Theme, area: Rect, buf: &mut Buffer) {
    let popup = area.centered(Constraint::Length(70), Constraint::Length(10));
    Clear.render(popup, buf);
    let block = Block::bordered().title(" Add a medicine ");
    let inner = block.inner(popup);
    block.render(popup, buf);
    let [fields, hint] = inner.layout(&Layout::vertical([Constraint::Length(5), Constraint::Fill(1)]));
    let style = |i: usize| if f.focus == i { t.focus } else { t.text };
    let choice = |label: &str, value: Option<&str>, i: usize| {
        Line::from(vec![
            Span::raw(format!("{label:<12}")),
            Span::styled(value.unwrap_or("(choose)").to_owned(), style(i)),
        ])
    };
    let since =
        if f.taken == Some(crate::app::meds::Taken::AsNeeded) { "(not needed)" } else { f.since.value() };
    let lines = vec![
        Line::from(vec![
            Span::raw(format!("{:<12}", "Name")),
            Span::styled(format!("{}▏", f.name.value()), style(0)),
        ]),
        choice("Class", f.class.map(Options::word), 1),
        choice("Taken", f.taken.map(Options::word), 2),
        Line::from(vec![Span::raw(format!("{:<12}", "Since")), Span::styled(since.to_owned(), style(3))]),
    ];
    Paragraph::new(lines).render(fields, buf);
    let msg = match &f.error {
        Some(e) => Line::styled(format!("✗ {e}"), t.error),
        None => Line::styled(f.hint(), t.dim),
    };
    Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }).render(hint, buf);
}
