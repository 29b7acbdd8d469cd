//! The Export screen's state: the same choices as `cramp export` (format, dates, paper, notes,
//! file), with a file name that follows the format until the person types their own.

use chrono::{Days, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::choice::{self, FieldEdit, Options, YesNo};
use super::input::TextInput;
use super::keys::{Binding, alias, ctrl, key, lookup};
use super::{Ctx, Effect, View};
use crate::export::{DEFAULT_NIGHTS, ExportOptions, Format, Paper};
use crate::parse;

impl Options for Format {
    const OPTIONS: &'static [(Self, char)] =
        &[(Format::Pdf, 'p'), (Format::Csv, 'c'), (Format::Json, 'j'), (Format::Markdown, 'm')];
    fn word(self) -> &'static str {
        self.extension()
    }
}

impl Options for Paper {
    const OPTIONS: &'static [(Self, char)] = &[(Paper::A4, 'a'), (Paper::Letter, 'l')];
    fn word(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "Letter",
        }
    }
}

/// What Export keys ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportMsg {
    Next,
    Prev,
    /// Write the file (asks before replacing one).
    Export,
    Edit(FieldEdit),
}

pub const KEYS: &[Binding<ExportMsg>] = &[
    key(KeyCode::Enter, "Enter", "export", ExportMsg::Export).bar("export"),
    ctrl('s', "Ctrl-S", "export", ExportMsg::Export),
    key(KeyCode::Tab, "Tab/↓", "next field", ExportMsg::Next).bar("next"),
    alias(KeyCode::Down, ExportMsg::Next),
    key(KeyCode::BackTab, "Shift-Tab/↑", "previous field", ExportMsg::Prev),
    alias(KeyCode::Up, ExportMsg::Prev),
];

/// The fields, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Format,
    From,
    To,
    Paper,
    Redact,
    File,
}

pub const FIELDS: [Field; 6] =
    [Field::Format, Field::From, Field::To, Field::Paper, Field::Redact, Field::File];

/// The Export screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportForm {
    pub format: Option<Format>,
    pub from: TextInput,
    pub to: TextInput,
    pub paper: Option<Paper>,
    pub redact: Option<YesNo>,
    pub file: TextInput,
    /// The person typed a file name: stop following the format.
    file_edited: bool,
    pub focus: Field,
    pub error: Option<String>,
    /// Where the last export went, to say so on the screen.
    pub written: Option<String>,
}

/// The file name offered for a format and last night.
fn default_file(format: Format, to: &str) -> String {
    let kind = match format {
        Format::Pdf | Format::Markdown => "summary",
        Format::Csv | Format::Json => "journal",
    };
    format!("cramp-{kind}-{to}.{}", format.extension())
}

impl ExportForm {
    /// The last 12 weeks up to `last_night`, as a PDF.
    #[must_use]
    pub fn new(last_night: NaiveDate) -> Self {
        let from = last_night.checked_sub_days(Days::new(DEFAULT_NIGHTS - 1)).unwrap_or(last_night);
        let to = last_night.to_string();
        Self {
            format: Some(Format::Pdf),
            from: TextInput::new(from.to_string()),
            file: TextInput::new(default_file(Format::Pdf, &to)),
            to: TextInput::new(to),
            paper: Some(Paper::A4),
            redact: Some(YesNo::No),
            file_edited: false,
            focus: Field::Format,
            error: None,
            written: None,
        }
    }

    /// What a key does to the focused field, decided without changing it.
    fn edit_for(&self, ev: &KeyEvent) -> Option<FieldEdit> {
        match self.focus {
            Field::Format => choice::pick_one(self.format, ev).map(FieldEdit::Pick),
            Field::Paper => choice::pick_one(self.paper, ev).map(FieldEdit::Pick),
            Field::Redact => choice::pick_one(self.redact, ev).map(FieldEdit::Pick),
            Field::From | Field::To | Field::File => TextInput::edit_for(ev).map(FieldEdit::Text),
        }
    }

    fn apply(&mut self, edit: FieldEdit) {
        match (self.focus, edit) {
            (Field::Format, FieldEdit::Pick(p)) => choice::set_one(&mut self.format, p),
            (Field::Paper, FieldEdit::Pick(p)) => choice::set_one(&mut self.paper, p),
            (Field::Redact, FieldEdit::Pick(p)) => choice::set_one(&mut self.redact, p),
            (Field::From, FieldEdit::Text(e)) => self.from.apply(e),
            (Field::To, FieldEdit::Text(e)) => self.to.apply(e),
            (Field::File, FieldEdit::Text(e)) => {
                self.file.apply(e);
                self.file_edited = true;
            }
            _ => return,
        }
        if !self.file_edited {
            let format = self.format.unwrap_or(Format::Pdf);
            self.file.set(default_file(format, self.to.value().trim()));
        }
    }

    /// The choices as export options and a file, or what is wrong with them. `today` refuses
    /// dates still to come.
    pub fn read(&self, today: NaiveDate) -> Result<(ExportOptions, String), String> {
        let date = |label: &str, input: &TextInput| -> Result<NaiveDate, String> {
            let d = parse::date(input.value()).map_err(|e| format!("{label}: {e}"))?.resolve(today);
            if d > today { Err(format!("{label}: {d} is still to come")) } else { Ok(d) }
        };
        let (from, to) = (date("From", &self.from)?, date("To", &self.to)?);
        if from > to {
            return Err(format!("From {from} is after To {to}"));
        }
        let file = self.file.value().trim();
        if file.is_empty() {
            return Err("File: give a file name".to_owned());
        }
        if file == "-" {
            // On the command line "-" is standard output; here that is the screen itself.
            return Err(
                "File: \"-\" means the terminal, which the app is drawing on; give a file name".to_owned()
            );
        }
        let options = ExportOptions {
            format: self.format.unwrap_or(Format::Pdf),
            from,
            to,
            redact_notes: self.redact == Some(YesNo::Yes),
            paper: self.paper.unwrap_or_default(),
        };
        Ok((options, file.to_owned()))
    }

    /// How to fill the focused field.
    #[must_use]
    pub fn hint(&self) -> String {
        match self.focus {
            Field::Format => format!("←/→ or {}", choice::letters_hint::<Format>()),
            Field::From | Field::To => "YYYY-MM-DD, today, yesterday, last night or a weekday".to_owned(),
            Field::Paper => format!("For the PDF: {}", choice::letters_hint::<Paper>()),
            Field::Redact => "Leave out every free-text note? y yes · n no".to_owned(),
            Field::File => {
                "Where to write it; a name alone goes in the folder cramp was started in".to_owned()
            }
        }
    }
}

impl View for ExportForm {
    type Msg = ExportMsg;

    fn keys(&self) -> &'static [Binding<ExportMsg>] {
        KEYS
    }

    fn is_editing_text(&self) -> bool {
        matches!(self.focus, Field::From | Field::To | Field::File)
    }

    fn message_for(&self, ev: &KeyEvent) -> Option<ExportMsg> {
        lookup(KEYS, ev).or_else(|| self.edit_for(ev).map(ExportMsg::Edit))
    }

    /// Moves and edits here; writing the file is an effect.
    fn update(&mut self, msg: ExportMsg, ctx: &Ctx) -> Option<Effect> {
        let at = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0);
        match msg {
            ExportMsg::Next => self.focus = FIELDS[(at + 1) % FIELDS.len()],
            ExportMsg::Prev => self.focus = FIELDS[(at + FIELDS.len() - 1) % FIELDS.len()],
            ExportMsg::Edit(edit) => {
                self.apply(edit);
                self.error = None;
            }
            ExportMsg::Export => match self.read(ctx.today()) {
                Ok((options, file)) => return Some(Effect::Export { options, file, replace: false }),
                Err(e) => self.error = Some(e),
            },
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn ev(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_file_name_follows_the_format_until_typed() {
        let ctx = Ctx::for_tests("2026-11-27".parse().unwrap());
        let mut f = ExportForm::new("2026-11-27".parse().unwrap());
        assert_eq!(f.file.value(), "cramp-summary-2026-11-27.pdf");
        let press = |f: &mut ExportForm, code| {
            let msg = f.message_for(&ev(code)).expect("the field takes the key");
            f.update(msg, &ctx)
        };
        press(&mut f, KeyCode::Char('c'));
        assert_eq!(f.file.value(), "cramp-journal-2026-11-27.csv");
        f.focus = Field::File;
        press(&mut f, KeyCode::Backspace);
        f.focus = Field::Format;
        press(&mut f, KeyCode::Char('j'));
        assert_eq!(f.file.value(), "cramp-journal-2026-11-27.cs", "a typed name is left alone");
        let Some(Effect::Export { options, file, replace: false }) = press(&mut f, KeyCode::Enter) else {
            panic!("Enter exports")
        };
        assert_eq!((options.format, file.as_str()), (Format::Json, "cramp-journal-2026-11-27.cs"));
    }

    #[test]
    fn reading_checks_dates_and_file() {
        let today = "2026-11-28".parse().unwrap();
        let mut f = ExportForm::new("2026-11-27".parse().unwrap());
        let (o, file) = f.read(today).unwrap();
        assert_eq!(
            (o.from.to_string(), o.to.to_string()),
            ("2026-09-05".to_owned(), "2026-11-27".to_owned())
        );
        assert_eq!(file, "cramp-summary-2026-11-27.pdf");
        f.file.set("-".to_owned());
        let e = f.read(today).unwrap_err();
        assert!(e.starts_with("File:") && e.contains("give a file name"), "{e}");
        f.from.set("2026-12-01");
        assert_eq!(f.read(today).unwrap_err(), "From: 2026-12-01 is still to come");
        f.from.set("2026-11-28");
        assert!(f.read(today).unwrap_err().contains("is after"));
    }
}
