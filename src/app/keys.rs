//! Key bindings as data: one table per screen drives both the key handling and the help, so the
//! two cannot disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key and what it does. Entries with an empty `help` are aliases left out of the help.
#[derive(Debug, Clone, Copy)]
pub struct Binding<M: Copy> {
    pub code: KeyCode,
    pub mods: KeyModifiers,
    /// How the key is written in the help, e.g. `Ctrl-S` or `←/→`.
    pub keys: &'static str,
    pub help: &'static str,
    pub msg: M,
    /// A short label for the hint bar at the bottom of the screen, if shown there.
    pub bar: Option<&'static str>,
}

/// A plain key, listed in the help.
pub const fn key<M: Copy>(code: KeyCode, keys: &'static str, help: &'static str, msg: M) -> Binding<M> {
    Binding { code, mods: KeyModifiers::NONE, keys, help, msg, bar: None }
}

/// A key with Ctrl held.
pub const fn ctrl<M: Copy>(c: char, keys: &'static str, help: &'static str, msg: M) -> Binding<M> {
    Binding { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL, keys, help, msg, bar: None }
}

/// A second key for the same action, not listed separately.
pub const fn alias<M: Copy>(code: KeyCode, msg: M) -> Binding<M> {
    Binding { code, mods: KeyModifiers::NONE, keys: "", help: "", msg, bar: None }
}

impl<M: Copy> Binding<M> {
    /// Also show this key in the hint bar, as `label`.
    #[must_use]
    pub const fn bar(mut self, label: &'static str) -> Self {
        self.bar = Some(label);
        self
    }

    fn matches(&self, ev: &KeyEvent) -> bool {
        self.code == ev.code && self.mods == significant_modifiers(ev)
    }
}

/// Terminals report Shift on upper-case letters, `?` and Shift-Tab inconsistently; the character
/// itself already says it, so Shift is ignored there.
fn significant_modifiers(ev: &KeyEvent) -> KeyModifiers {
    let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(ev.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    mods
}

/// The message bound to `ev` in `table`, if any.
pub fn lookup<M: Copy>(table: &[Binding<M>], ev: &KeyEvent) -> Option<M> {
    table.iter().find(|b| b.matches(ev)).map(|b| b.msg)
}

/// `(keys, help)` lines for the help popup.
pub fn help_lines<M: Copy>(table: &[Binding<M>]) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    table.iter().filter(|b| !b.help.is_empty()).map(|b| (b.keys, b.help))
}

/// `(keys, short label)` pairs for the hint bar.
pub fn bar_hints<M: Copy>(table: &[Binding<M>]) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    table.iter().filter_map(|b| b.bar.map(|label| (b.keys, label)))
}

/// Whether `ev` is Ctrl held with `c`.
#[must_use]
pub fn is_ctrl(ev: &KeyEvent, c: char) -> bool {
    ev.code == KeyCode::Char(c) && ev.modifiers.contains(KeyModifiers::CONTROL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum M {
        Save,
        Help,
        Next,
    }

    const TABLE: &[Binding<M>] = &[
        ctrl('s', "Ctrl-S", "save", M::Save).bar("save"),
        key(KeyCode::Char('?'), "?", "help", M::Help),
        key(KeyCode::Tab, "Tab", "next field", M::Next),
        alias(KeyCode::Down, M::Next),
    ];

    #[test]
    fn keys_find_their_messages() {
        let ev = |code, mods| KeyEvent::new(code, mods);
        assert_eq!(lookup(TABLE, &ev(KeyCode::Char('s'), KeyModifiers::CONTROL)), Some(M::Save));
        assert_eq!(lookup(TABLE, &ev(KeyCode::Char('s'), KeyModifiers::NONE)), None);
        assert_eq!(lookup(TABLE, &ev(KeyCode::Char('?'), KeyModifiers::SHIFT)), Some(M::Help));
        assert_eq!(lookup(TABLE, &ev(KeyCode::Down, KeyModifiers::NONE)), Some(M::Next));
    }

    #[test]
    fn help_and_bar_come_from_the_same_table() {
        let help: Vec<_> = help_lines(TABLE).collect();
        assert_eq!(help, [("Ctrl-S", "save"), ("?", "help"), ("Tab", "next field")]);
        let bar: Vec<_> = bar_hints(TABLE).collect();
        assert_eq!(bar, [("Ctrl-S", "save")]);
    }
}
