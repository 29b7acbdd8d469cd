//! The Export screen: the choices of `cramp export`, and where the file went.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::App;
use crate::app::choice::{self as app_choice, Options};
use crate::app::export::{ExportForm, FIELDS, Field};
use crate::ui::choice;
use crate::ui::theme::Theme;

fn choice_spans<T: Options>(value: Option<T>, focused: bool, t: &Theme) -> Vec<Span<'static>> {
    choice::one(&app_choice::words::<T>(), app_choice::index_of(value), focused, t)
}

pub fn render(form: &ExportForm, app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let [title, fields, notes] =
        area.layout(&Layout::vertical([Constraint::Length(2), Constraint::Length(7), Constraint::Fill(1)]));
    Paragraph::new(vec![
        Line::styled("Export", t.title),
        Line::styled("A PDF or Markdown summary for your doctor, or the whole record as CSV or JSON.", t.dim),
    ])
    .render(title, buf);

    let lines: Vec<Line> = FIELDS
        .iter()
        .map(|f| {
            let focused = form.focus == *f;
            let label = match f {
                Field::Format => "Format",
                Field::From => "From night",
                Field::To => "To night",
                Field::Paper => "Paper (PDF)",
                Field::Redact => "Leave out notes",
                Field::File => "File",
            };
            let mut spans = vec![Span::styled(
                format!("{}{label:<16}", if focused { "›" } else { " " }),
                if focused { t.title } else { t.label },
            )];
            let text = |input: &crate::app::input::TextInput| {
                let shown = if focused { format!("{}▏", input.value()) } else { input.value().to_owned() };
                Span::styled(shown, if focused { t.focus } else { t.text })
            };
            match f {
                Field::Format => spans.extend(choice_spans(form.format, focused, t)),
                Field::Paper => spans.extend(choice_spans(form.paper, focused, t)),
                Field::Redact => spans.extend(choice_spans(form.redact, focused, t)),
                Field::From => spans.push(text(&form.from)),
                Field::To => spans.push(text(&form.to)),
                Field::File => spans.push(text(&form.file)),
            }
            Line::from(spans)
        })
        .collect();
    Paragraph::new(lines).render(fields, buf);

    let mut bottom = vec![match &form.error {
        Some(e) => Line::styled(format!("✗ {e}"), t.error),
        None => Line::styled(form.hint(), t.dim),
    }];
    bottom.push(Line::raw(""));
    if let Some(written) = &form.written {
        bottom.push(Line::from(vec![Span::styled("Written: ", t.title), Span::raw(written.clone())]));
    }
    bottom.push(Line::styled(
        "The PDF and Markdown summaries include the analysis' red flags and findings; CSV and JSON hold \
         every field and can be imported again with cramp import.",
        t.dim,
    ));
    Paragraph::new(bottom).wrap(Wrap { trim: true }).render(notes, buf);
}
