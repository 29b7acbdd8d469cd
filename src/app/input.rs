//! A one-line text input: the editing keys every terminal user expects, nothing more.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Text being typed, with a cursor counted in characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    cursor: usize,
}

impl TextInput {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        let cursor = value.chars().count();
        Self { value, cursor }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, value: impl Into<String>) {
        *self = Self::new(value);
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.value.char_indices().nth(char_index).map_or(self.value.len(), |(i, _)| i)
    }

    /// The edit a key asks for, if it is an editing key. Pure: deciding does not change the text,
    /// so a form can find out whether a field takes a key without copying itself.
    #[must_use]
    pub fn edit_for(ev: &KeyEvent) -> Option<Edit> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        Some(match ev.code {
            KeyCode::Char('u') if ctrl => Edit::ClearToStart,
            KeyCode::Char('a') if ctrl => Edit::Home,
            KeyCode::Char('e') if ctrl => Edit::End,
            KeyCode::Char(c) if !ctrl && !c.is_control() => Edit::Insert(c),
            KeyCode::Backspace => Edit::Backspace,
            KeyCode::Delete => Edit::Delete,
            KeyCode::Left => Edit::Left,
            KeyCode::Right => Edit::Right,
            KeyCode::Home => Edit::Home,
            KeyCode::End => Edit::End,
            _ => return None,
        })
    }

    /// Carries out an edit; one that cannot apply here (Backspace at the start) changes nothing.
    pub fn apply(&mut self, edit: Edit) {
        let len = self.value.chars().count();
        match edit {
            Edit::ClearToStart => {
                self.value.drain(..self.byte_at(self.cursor));
                self.cursor = 0;
            }
            Edit::Insert(c) => {
                let at = self.byte_at(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
            }
            Edit::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.value.remove(at);
                self.cursor -= 1;
            }
            Edit::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            Edit::Left => self.cursor = self.cursor.saturating_sub(1),
            Edit::Right => self.cursor = (self.cursor + 1).min(len),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = len,
            Edit::Backspace | Edit::Delete => {}
        }
    }

    /// Applies an editing key; returns whether the key was one.
    pub fn handle(&mut self, ev: &KeyEvent) -> bool {
        Self::edit_for(ev).map(|e| self.apply(e)).is_some()
    }
}

/// One change to a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-U: remove everything before the cursor.
    ClearToStart,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut TextInput, code: KeyCode) {
        input.handle(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn typing_and_editing_work_on_characters_not_bytes() {
        let mut t = TextInput::new("café");
        press(&mut t, KeyCode::Left);
        press(&mut t, KeyCode::Backspace);
        assert_eq!(t.value(), "caé");
        press(&mut t, KeyCode::Char('ф'));
        assert_eq!(t.value(), "caфé");
        press(&mut t, KeyCode::Home);
        press(&mut t, KeyCode::Delete);
        assert_eq!((t.value(), t.cursor()), ("aфé", 0));
        press(&mut t, KeyCode::End);
        press(&mut t, KeyCode::Right);
        assert_eq!(t.cursor(), 3);
    }

    #[test]
    fn control_u_clears_to_the_start() {
        let mut t = TextInput::new("1500ml");
        assert!(t.handle(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        assert_eq!(t.value(), "");
        assert!(!t.handle(&KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)));
    }
}
