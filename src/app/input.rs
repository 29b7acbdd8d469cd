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

    /// Applies an editing key; returns whether the key was one.
    pub fn handle(&mut self, ev: &KeyEvent) -> bool {
        let len = self.value.chars().count();
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match ev.code {
            KeyCode::Char('u') if ctrl => {
                self.value.drain(..self.byte_at(self.cursor));
                self.cursor = 0;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = len,
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                let at = self.byte_at(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.value.remove(at);
                self.cursor -= 1;
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            KeyCode::Backspace | KeyCode::Delete => {}
            _ => return false,
        }
        true
    }
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
