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
use crate::ui::table::{Grid, GridRow};
use crate::ui::text::{fit_line, pad, shown};
use crate::ui::theme::Theme;

pub fn render(m: &MedsView, app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let mut grid = Grid { spacing: 2, selected_style: t.selected, ..Grid::default() };
    let section = |rows: &mut Vec<GridRow>, title: &str| {
        if !rows.is_empty() {
            rows.push(GridRow::Wide(Line::raw("")));
        }
        rows.push(GridRow::Wide(Line::styled(title.to_owned(), t.title)));
    };
    for (i, row) in m.rows().iter().enumerate() {
        match row {
            Row::Medicine(0) => section(&mut grid.rows, "Medicines"),
            Row::AddMedicine if m.meds.is_empty() => section(&mut grid.rows, "Medicines"),
            Row::Condition(c) if Some(c) == crate::model::Condition::ALL.first() => {
                section(
                    &mut grid.rows,
                    "Conditions (they shape the advice; they are not tested as triggers)",
                );
            }
            Row::Units => section(&mut grid.rows, "Settings"),
            _ => {}
        }
        let wide = |text: String| GridRow::Wide(Line::raw(text));
        let line = match row {
            Row::Medicine(j) => {
                let med = &m.meds[*j];
                let mut when = med.schedule_text();
                if med.schedule == Schedule::AsNeeded {
                    when.push_str(" (tick it on the Log screen)");
                }
                GridRow::Cells(vec![
                    Line::raw(format!("  {}", shown(med.name.as_str()))),
                    Line::raw(med.class.as_str()),
                    Line::raw(when),
                ])
            }
            Row::AddMedicine => wide("  + add a medicine".to_owned()),
            Row::Condition(c) => {
                let on = m.profile.conditions.contains(c);
                wide(format!("  {} {}", if on { "■" } else { "□" }, c.as_str()))
            }
            Row::Units => wide(format!("  Units          {}", m.settings.units)),
            Row::WeekStart => wide(format!("  Week starts on {}", m.settings.week_start)),
            Row::DayBoundary => wide(format!(
                "  Day boundary   {:02}:00  (cramps before this time belong to the previous night)",
                m.settings.day_boundary.hour()
            )),
        };
        if i == m.selected {
            grid.selected = Some(grid.rows.len());
        }
        grid.rows.push(line);
    }
    grid.offset = (grid.selected.unwrap_or(0) + 1).saturating_sub(area.height as usize);
    // A long name gives way to the class and schedule, down to a few columns.
    let mut widths = grid.natural_widths();
    if let Some(name) = widths.first_mut() {
        *name = (*name).min(32);
    }
    grid.render(&widths, area, buf);
    if let Some(form) = &m.form {
        add_form(form, t, area, buf);
    }
}

fn add_form(f: &AddMed, t: &Theme, area: Rect, buf: &mut Buffer) {
    let popup = area.centered(Constraint::Length(70), Constraint::Length(11));
    Clear.render(popup, buf);
    let block = Block::bordered().title(" Add a medicine ");
    let inner = block.inner(popup);
    block.render(popup, buf);
    let [fields, hint] = inner.layout(&Layout::vertical([Constraint::Length(6), Constraint::Fill(1)]));
    let style = |i: usize| if f.focus == i { t.focus } else { t.text };
    let choice = |label: &str, value: Option<&str>, i: usize| {
        Line::from(vec![
            Span::raw(pad(label, 12)),
            Span::styled(value.unwrap_or("(choose)").to_owned(), style(i)),
        ])
    };
    let since =
        if f.taken == Some(crate::app::meds::Taken::AsNeeded) { "(not needed)" } else { f.since.value() };
    let lines = vec![
        Line::from(vec![
            Span::raw(pad("Name", 12)),
            Span::styled(format!("{}▏", shown(f.name.value())), style(0)),
        ]),
        choice("Class", f.class.map(crate::model::MedClass::as_str), 1),
        choice("Taken", f.taken.map(Options::word), 2),
        Line::from(vec![Span::raw(pad("Since", 12)), Span::styled(shown(since), style(3))]),
        Line::from(vec![
            Span::raw(pad("Dose", 12)),
            Span::styled(
                if f.focus == 4 { format!("{}▏", shown(f.dose.value())) } else { shown(f.dose.value()) },
                style(4),
            ),
        ]),
    ];
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, fields.width.into())).collect();
    Paragraph::new(lines).render(fields, buf);
    let msg = match &f.error {
        Some(e) => Line::styled(format!("✗ {e}"), t.error),
        None => Line::styled(f.hint(), t.dim),
    };
    Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }).render(hint, buf);
}
