//! Fields that choose among fixed words: one of them (or unknown), or any set of them. Each word
//! has a letter, so a choice is one keystroke.

use std::collections::BTreeSet;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::{Activity, Footwear, Location, Posture, Relief, Side};

/// A vocabulary a choice field offers, with the letter that picks each word.
pub trait Options: Copy + Ord + 'static {
    const OPTIONS: &'static [(Self, char)];
    fn word(self) -> &'static str;
}

/// Declares the letters of a vocabulary.
macro_rules! options {
    ($t:ty: $($v:expr => $c:literal),+ $(,)?) => {
        impl Options for $t {
            const OPTIONS: &'static [(Self, char)] = &[$(($v, $c)),+];
            fn word(self) -> &'static str {
                self.as_str()
            }
        }
    };
}

options!(Activity: Activity::Rest => 'r', Activity::Light => 'l', Activity::Moderate => 'm', Activity::Hard => 'h');
options!(Footwear: Footwear::Supportive => 's', Footwear::Unsupportive => 'u', Footwear::Barefoot => 'b');
options!(Posture: Posture::ToesPointed => 't', Posture::FeetHanging => 'f', Posture::TuckedCovers => 'c',
    Posture::Neutral => 'n');
options!(Location: Location::Toes => 't', Location::Arch => 'a', Location::Heel => 'h', Location::TopOfFoot => 'f',
    Location::Calf => 'c', Location::Thigh => 'i', Location::Other => 'o');
options!(Side: Side::Left => 'l', Side::Right => 'r', Side::Both => 'b');
options!(Relief: Relief::Stretch => 's', Relief::Walk => 'w', Relief::Warmth => 'h', Relief::Massage => 'm',
    Relief::Other => 'o');

/// Yes or no, for "stretched before bed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum YesNo {
    Yes,
    No,
}

impl Options for YesNo {
    const OPTIONS: &'static [(Self, char)] = &[(Self::Yes, 'y'), (Self::No, 'n')];
    fn word(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
        }
    }
}

/// `a b c` with the letter shown: `r rest · l light …`, for hints.
pub fn letters_hint<T: Options>() -> String {
    T::OPTIONS.iter().map(|(v, c)| format!("{c} {}", v.word())).collect::<Vec<_>>().join(" · ")
}

/// Applies a key to a one-of choice: ←/→ step through the words and unknown, a letter picks its
/// word, Backspace or Delete makes it unknown. Returns whether the key was used.
pub fn choose<T: Options>(value: &mut Option<T>, ev: &KeyEvent) -> bool {
    if ev.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return false;
    }
    let opts = T::OPTIONS;
    let index = value.and_then(|v| opts.iter().position(|(o, _)| *o == v));
    match ev.code {
        KeyCode::Right | KeyCode::Char(' ') => {
            *value = match index {
                None => Some(opts[0].0),
                Some(i) if i + 1 < opts.len() => Some(opts[i + 1].0),
                Some(_) => None,
            };
        }
        KeyCode::Left => {
            *value = match index {
                None => Some(opts[opts.len() - 1].0),
                Some(0) => None,
                Some(i) => Some(opts[i - 1].0),
            };
        }
        KeyCode::Backspace | KeyCode::Delete => *value = None,
        KeyCode::Char(c) => match opts.iter().find(|(_, k)| *k == c.to_ascii_lowercase()) {
            Some((o, _)) => *value = Some(*o),
            None => return false,
        },
        _ => return false,
    }
    true
}

/// Applies a key to a set: ←/→ move the cursor, Space toggles the word under it, a letter
/// toggles its word, Backspace or Delete clears the set. `cursor` indexes `T::OPTIONS`.
pub fn toggle<T: Options>(set: &mut BTreeSet<T>, cursor: &mut usize, ev: &KeyEvent) -> bool {
    if ev.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return false;
    }
    let opts = T::OPTIONS;
    let flip = |set: &mut BTreeSet<T>, v: T| {
        if !set.remove(&v) {
            set.insert(v);
        }
    };
    match ev.code {
        KeyCode::Right => *cursor = (*cursor + 1) % opts.len(),
        KeyCode::Left => *cursor = (*cursor + opts.len() - 1) % opts.len(),
        KeyCode::Char(' ') => flip(set, opts[(*cursor).min(opts.len() - 1)].0),
        KeyCode::Backspace | KeyCode::Delete => set.clear(),
        KeyCode::Char(c) => match opts.iter().position(|(_, k)| *k == c.to_ascii_lowercase()) {
            Some(i) => {
                *cursor = i;
                flip(set, opts[i].0);
            }
            None => return false,
        },
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn arrows_cycle_through_unknown() {
        let mut v: Option<Side> = None;
        choose(&mut v, &ev(KeyCode::Right));
        assert_eq!(v, Some(Side::Left));
        choose(&mut v, &ev(KeyCode::Left));
        assert_eq!(v, None);
        choose(&mut v, &ev(KeyCode::Left));
        assert_eq!(v, Some(Side::Both));
        choose(&mut v, &ev(KeyCode::Right));
        assert_eq!(v, None);
    }

    #[test]
    fn letters_pick_and_toggle() {
        let mut v: Option<Location> = None;
        assert!(choose(&mut v, &ev(KeyCode::Char('c'))));
        assert_eq!(v, Some(Location::Calf));
        assert!(!choose(&mut v, &ev(KeyCode::Char('z'))));
        let mut set = BTreeSet::new();
        let mut cursor = 0;
        toggle::<Posture>(&mut set, &mut cursor, &ev(KeyCode::Char('c')));
        toggle::<Posture>(&mut set, &mut cursor, &ev(KeyCode::Char('t')));
        assert_eq!(set.into_iter().collect::<Vec<_>>(), [Posture::ToesPointed, Posture::TuckedCovers]);
    }

    #[test]
    fn letters_are_unique_within_each_vocabulary() {
        fn unique<T: Options>() -> bool {
            let letters: BTreeSet<char> = T::OPTIONS.iter().map(|(_, c)| *c).collect();
            letters.len() == T::OPTIONS.len()
        }
        assert!(unique::<Activity>() && unique::<Footwear>() && unique::<Posture>());
        assert!(unique::<Location>() && unique::<Side>() && unique::<Relief>() && unique::<YesNo>());
    }
}
