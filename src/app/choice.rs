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

/// What a key does to a field, decided without changing the field; the message carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldEdit {
    Text(super::input::Edit),
    Pick(Pick),
}

/// What a key does to a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// A one-of field becomes the word at this index of its options, or unknown.
    One(Option<usize>),
    /// A set's cursor moves to this index.
    Move(usize),
    /// The word at this index is switched on or off, and the cursor moves to it.
    Flip(usize),
    /// The set is emptied.
    Clear,
}

fn modified(ev: &KeyEvent) -> bool {
    ev.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// The value a key gives a one-of choice: ←/→ step through the words and unknown, a letter picks
/// its word, Backspace or Delete makes it unknown. `None` when the key is not for the field.
#[must_use]
pub fn next<T: Options>(value: Option<T>, ev: &KeyEvent) -> Option<Option<T>> {
    if modified(ev) {
        return None;
    }
    let opts = T::OPTIONS;
    let index = value.and_then(|v| opts.iter().position(|(o, _)| *o == v));
    Some(match ev.code {
        KeyCode::Right | KeyCode::Char(' ') => match index {
            None => Some(opts[0].0),
            Some(i) if i + 1 < opts.len() => Some(opts[i + 1].0),
            Some(_) => None,
        },
        KeyCode::Left => match index {
            None => Some(opts[opts.len() - 1].0),
            Some(0) => None,
            Some(i) => Some(opts[i - 1].0),
        },
        KeyCode::Backspace | KeyCode::Delete => None,
        KeyCode::Char(c) => Some(opts.iter().find(|(_, k)| *k == c.to_ascii_lowercase())?.0),
        _ => return None,
    })
}

/// Where `value` is among the vocabulary's words.
#[must_use]
pub fn index_of<T: Options>(value: Option<T>) -> Option<usize> {
    value.and_then(|v| T::OPTIONS.iter().position(|(o, _)| *o == v))
}

/// The vocabulary's words, in order.
#[must_use]
pub fn words<T: Options>() -> Vec<&'static str> {
    T::OPTIONS.iter().map(|(o, _)| o.word()).collect()
}

/// [`next`] as a pick, for a message.
#[must_use]
pub fn pick_one<T: Options>(value: Option<T>, ev: &KeyEvent) -> Option<Pick> {
    next(value, ev).map(|v| Pick::One(index_of(v)))
}

/// Sets a one-of field from a pick (other picks leave it alone).
pub fn set_one<T: Options>(value: &mut Option<T>, pick: Pick) {
    if let Pick::One(i) = pick {
        *value = i.and_then(|i| T::OPTIONS.get(i)).map(|(o, _)| *o);
    }
}

/// What a key does to a set of `len` words with the cursor at `cursor`: ←/→ move, Space flips the
/// word under the cursor, a letter (found by `letter`) flips its word, Backspace or Delete
/// clears the set.
#[must_use]
pub fn pick_in_set(
    len: usize,
    cursor: usize,
    letter: impl Fn(char) -> Option<usize>,
    ev: &KeyEvent,
) -> Option<Pick> {
    if modified(ev) || len == 0 {
        return None;
    }
    Some(match ev.code {
        KeyCode::Right => Pick::Move((cursor + 1) % len),
        KeyCode::Left => Pick::Move((cursor + len - 1) % len),
        KeyCode::Char(' ') => Pick::Flip(cursor.min(len - 1)),
        KeyCode::Backspace | KeyCode::Delete => Pick::Clear,
        KeyCode::Char(c) => Pick::Flip(letter(c.to_ascii_lowercase())?),
        _ => return None,
    })
}

/// [`pick_in_set`] for a vocabulary's words.
#[must_use]
pub fn pick_set<T: Options>(cursor: usize, ev: &KeyEvent) -> Option<Pick> {
    pick_in_set(T::OPTIONS.len(), cursor, |c| T::OPTIONS.iter().position(|(_, k)| *k == c), ev)
}

/// Applies a pick to a set of a vocabulary's words.
pub fn set_many<T: Options>(set: &mut BTreeSet<T>, cursor: &mut usize, pick: Pick) {
    let opts = T::OPTIONS;
    match pick {
        Pick::Move(i) => *cursor = i.min(opts.len() - 1),
        Pick::Flip(i) => {
            let Some((v, _)) = opts.get(i) else { return };
            *cursor = i;
            if !set.remove(v) {
                set.insert(*v);
            }
        }
        Pick::Clear => set.clear(),
        Pick::One(_) => {}
    }
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
        for (key, want) in [
            (KeyCode::Right, Some(Side::Left)),
            (KeyCode::Left, None),
            (KeyCode::Left, Some(Side::Both)),
            (KeyCode::Right, None),
        ] {
            v = next(v, &ev(key)).expect("arrows are for the field");
            assert_eq!(v, want);
        }
    }

    #[test]
    fn letters_pick_and_toggle() {
        assert_eq!(next::<Location>(None, &ev(KeyCode::Char('c'))), Some(Some(Location::Calf)));
        assert_eq!(next::<Location>(None, &ev(KeyCode::Char('z'))), None, "no word has z");
        let mut v = None;
        set_one::<Location>(&mut v, pick_one::<Location>(None, &ev(KeyCode::Char('h'))).unwrap());
        assert_eq!(v, Some(Location::Heel));
        let mut set = BTreeSet::new();
        let mut cursor = 0;
        for c in ['c', 't'] {
            let pick = pick_set::<Posture>(cursor, &ev(KeyCode::Char(c))).unwrap();
            set_many::<Posture>(&mut set, &mut cursor, pick);
        }
        assert_eq!(set.iter().copied().collect::<Vec<_>>(), [Posture::ToesPointed, Posture::TuckedCovers]);
        assert_eq!(cursor, 0, "the cursor follows the letter");
        assert_eq!(pick_set::<Posture>(3, &ev(KeyCode::Right)), Some(Pick::Move(0)));
        assert_eq!(pick_set::<Posture>(0, &ev(KeyCode::Backspace)), Some(Pick::Clear));
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
