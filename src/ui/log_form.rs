//! The Log screen: one line per field (label, value, and what is wrong with it), the night's
//! cramps as a table, and a hint for the field under the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::App;
use crate::app::choice::Options;
use crate::app::input::TextInput;
use crate::app::log_fields::Shown;
use crate::app::log_form::{CRAMP_FIELDS, CrampField, CrampRow, Field, LogForm, NIGHT_FIELDS};
use crate::ui::choice;
use crate::ui::text::fit_line;
use crate::ui::theme::Theme;

const LABEL: usize = 19;
/// Cramp rows need the width for their cells, so their label is short.
const CRAMP_LABEL: usize = 7;

pub fn render(form: &LogForm, app: &App, area: Rect, buf: &mut Buffer) {
    let area = crate::ui::experiment::banner(app, area, buf);
    let t = &app.theme;
    let [title, body, hint] =
        area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(3)]));
    let state = if form.existed {
        "editing".to_owned()
    } else if let Some(from) = form.copied_from {
        format!("new; routine fields from {}", from.format("%a %-d %b"))
    } else {
        "new".to_owned()
    };
    let dirty = if form.is_dirty() { " · unsaved" } else { "" };
    Paragraph::new(Line::from(vec![
        Span::styled(title_for(form.date, app.now.naive_local()), t.title),
        Span::styled(format!("  ({state}{dirty})"), t.dim),
    ]))
    .render(title, buf);

    let problems = form.problems();
    let problem = |f: Field| problems.iter().find(|(p, _)| *p == f).map(|(_, m)| m.as_str());
    let v = &form.v;
    let mut lines: Vec<(Field, Line)> =
        NIGHT_FIELDS.iter().map(|f| (*f, field_line(*f, form, problem(*f), t))).collect();
    lines.push((
        Field::AddCramp,
        Line::styled(
            format!(
                "{:<CRAMP_LABEL$}{:<7}{:<8}{:<5}{:<13}{:<7}{:<17}{}",
                "Cramps", "Time", "Length", "0–10", "Where", "Side", "Eased by", "Note"
            ),
            t.title,
        ),
    ));
    for (i, row) in v.cramps.iter().enumerate() {
        lines.push((Field::Cramp(i, CrampField::Time), cramp_line(i, row, form, &problems, t)));
    }
    let add_style = if form.focus == Field::AddCramp { t.focus } else { t.key };
    let add_text =
        if v.cramps.is_empty() { "+ add a cramp (none means a cramp-free night)" } else { "+ add a cramp" };
    lines.push((
        Field::AddCramp,
        Line::from(vec![Span::raw(" ".repeat(CRAMP_LABEL)), Span::styled(add_text, add_style)]),
    ));
    // Measured values, packed into as few lines as the width allows; never editable.
    let mut packed: Vec<String> = Vec::new();
    for part in &form.measured {
        match packed.last_mut() {
            Some(last) if last.chars().count() + 3 + part.chars().count() <= usize::from(body.width) => {
                last.push_str(if last.ends_with(':') { " " } else { " · " });
                last.push_str(part);
            }
            _ => packed.push(if packed.is_empty() { part.clone() } else { format!("  {part}") }),
        }
    }
    lines.extend(packed.into_iter().map(|l| (Field::AddCramp, Line::styled(l, t.dim))));

    // Scroll so the focused line stays in view when there are many cramps.
    let height = body.height as usize;
    let focus_line = lines
        .iter()
        .rposition(|(f, _)| match (f, form.focus) {
            (Field::Cramp(a, _), Field::Cramp(b, _)) => *a == b,
            (f, focus) => *f == focus,
        })
        .unwrap_or(0);
    let skip = (focus_line + 1).saturating_sub(height);
    let visible: Vec<Line> = lines.into_iter().skip(skip).map(|(_, l)| l).collect();
    Paragraph::new(visible).render(body, buf);

    let hint_text = match problem(form.focus) {
        Some(p) => Line::styled(format!("✗ {p}"), t.error),
        None => Line::styled(form.focus.hint(), t.dim),
    };
    let count = problems.len();
    let summary = if count > 0 {
        Line::styled(
            format!("{count} field{} to fix before saving", if count == 1 { "" } else { "s" }),
            t.error,
        )
    } else {
        Line::raw("")
    };
    // The message for the field under the cursor wraps onto a second line rather than being cut:
    // it is the same message the command line gives, and its end says what is accepted.
    let [message, count] = hint.layout(&Layout::vertical([Constraint::Length(2), Constraint::Length(1)]));
    let cols = usize::from(hint.width);
    Paragraph::new(hint_text).wrap(ratatui::widgets::Wrap { trim: true }).render(message, buf);
    Paragraph::new(fit_line(summary, cols)).render(count, buf);
}

/// "Last night, Fri 27 Nov 2026", "Tonight, …", or "Night of …" for any other night.
fn title_for(date: chrono::NaiveDate, now: chrono::NaiveDateTime) -> String {
    match crate::model::which_night(date, now) {
        crate::model::Which::Tonight => format!("Tonight, {}", crate::wording::day(date)),
        crate::model::Which::LastNight => format!("Last night, {}", crate::wording::day(date)),
        crate::model::Which::Other => format!("Night of {}", crate::wording::day(date)),
    }
}

fn label(text: &str, focused: bool, t: &Theme) -> Span<'static> {
    let style = if focused { t.title } else { t.label };
    let marker = if focused { "›" } else { " " };
    Span::styled(format!("{marker}{text:<w$}", w = LABEL - 1), style)
}

/// One night field: its label, its value as the kind of field it is, and what is wrong with it.
fn field_line(field: Field, form: &LogForm, problem: Option<&str>, t: &Theme) -> Line<'static> {
    let focused = form.focus == field;
    let mut spans = vec![label(field.label(), focused, t)];
    match form.shown(field) {
        Shown::Text(input) => {
            spans.extend(text_spans(input, focused, 14, t));
            if let Some(p) = problem {
                spans.push(Span::styled(format!(" ✗ {}", shorten(p, 40)), t.error));
            }
        }
        Shown::One(words, chosen) => {
            spans.extend(choice::one(&words, chosen, focused, t));
            if chosen.is_none() {
                spans.push(Span::styled("(not set)", t.dim));
            }
        }
        Shown::Set(items) => {
            if items.is_empty() && field == Field::Meds {
                spans.push(Span::styled("none on the list (add them on screen 5)", t.dim));
            }
            spans.extend(choice::set(&items, focused.then_some(form.set_cursor), t));
            if let Some(p) = problem {
                spans.push(Span::styled(format!("✗ {}", shorten(p, 30)), t.error));
            }
        }
    }
    Line::from(spans)
}

/// The value padded to `width`, the cursor shown as a reversed cell.
fn text_spans(input: &TextInput, focused: bool, width: usize, t: &Theme) -> Vec<Span<'static>> {
    let value: &str = &crate::printable::one_line(input.value());
    let chars: Vec<char> = value.chars().collect();
    if !focused {
        let shown = if chars.is_empty() { "·".to_owned() } else { shorten(value, width) };
        return vec![Span::raw(format!("{shown:<width$}"))];
    }
    let cursor = input.cursor().min(chars.len());
    // Keep the cursor visible in long text by showing the tail.
    let start = (cursor + 1).saturating_sub(width);
    let before: String = chars[start..cursor].iter().collect();
    let at: String = chars.get(cursor).map_or(" ".to_owned(), char::to_string);
    let after: String =
        chars.iter().skip(cursor + 1).take(width.saturating_sub(cursor - start + 1)).collect();
    let used = before.chars().count() + 1 + after.chars().count();
    vec![
        Span::styled(before, Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED)),
        Span::styled(at, t.focus),
        Span::styled(after, Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED)),
        Span::raw(" ".repeat(width.saturating_sub(used))),
    ]
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max.saturating_sub(1)).collect::<String>())
    }
}

/// One cramp as a row of cells; the focused cell is reversed and a wrong cell is marked ✗.
fn cramp_line(
    i: usize,
    row: &CrampRow,
    form: &LogForm,
    problems: &[(Field, String)],
    t: &Theme,
) -> Line<'static> {
    let focused_cell = match form.focus {
        Field::Cramp(r, f) if r == i => Some(f),
        _ => None,
    };
    let bad = |f: CrampField| problems.iter().any(|(p, _)| *p == Field::Cramp(i, f));
    let marker = if focused_cell.is_some() { "›" } else { " " };
    let style = if focused_cell.is_some() { t.title } else { t.label };
    let mut spans =
        vec![Span::styled(format!("{marker}{:<w$}", format!("#{}", i + 1), w = CRAMP_LABEL - 1), style)];
    for f in CRAMP_FIELDS {
        let width = match f {
            CrampField::Time | CrampField::Side => 6,
            CrampField::Duration => 7,
            CrampField::Intensity => 4,
            CrampField::Location | CrampField::Note => 12,
            CrampField::Relief => 16,
        };
        let focused = focused_cell == Some(f);
        let text = |input: &TextInput| text_spans(input, focused, width, t);
        let word = |w: Option<&str>| {
            let s = w.unwrap_or("·");
            vec![Span::styled(
                format!("{:<width$}", shorten(s, width)),
                if focused { t.focus } else { Style::new() },
            )]
        };
        let mut cell = match f {
            CrampField::Time => text(&row.time),
            CrampField::Duration => text(&row.duration),
            CrampField::Intensity => text(&row.intensity),
            CrampField::Note => text(&row.note),
            CrampField::Location => word(row.location.map(crate::model::Location::as_str)),
            CrampField::Side => word(row.side.map(crate::model::Side::as_str)),
            CrampField::Relief => {
                if focused {
                    let opts: Vec<_> = crate::model::Relief::OPTIONS
                        .iter()
                        .map(|(r, _)| (*r, row.relief.contains(r)))
                        .collect();
                    let cursor = form.set_cursor;
                    let (r, on) = opts[cursor.min(opts.len() - 1)];
                    vec![Span::styled(
                        format!("{:<width$}", format!("{} {}", if on { "■" } else { "□" }, r.word())),
                        t.focus,
                    )]
                } else {
                    let words: Vec<&str> = row.relief.iter().map(|r| r.as_str()).collect();
                    word((!words.is_empty()).then(|| words.join("+")).as_deref())
                }
            }
        };
        if bad(f) {
            cell.insert(0, Span::styled("✗", t.error));
        }
        spans.extend(cell);
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}
