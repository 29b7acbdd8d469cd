//! Free text made safe to show, wherever it came from (a note, a medicine's name, a line of an
//! imported file echoed in an error): control characters become visible symbols instead of
//! moving the cursor, retitling the terminal or hiding what follows, and right-to-left overrides
//! and isolates that a text leaves open are closed at the end of each of its lines, so they
//! cannot reorder what is printed after it.

use std::borrow::Cow;

/// `text` with every control character except tab and newline shown as a visible symbol (␛ for
/// escape, ␍ for a carriage return, ␡ for delete; � for the C1 controls, which have no symbol),
/// and each line ending with the bidirectional embeddings, overrides and isolates it opened
/// closed again.
#[must_use]
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_care(c) && c != '\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut open: Vec<Bidi> = Vec::new();
    for c in text.chars() {
        match c {
            '\t' => out.push(c),
            '\n' => {
                close(&mut open, &mut out);
                out.push(c);
            }
            c if c.is_control() => out.push(symbol(c)),
            c => {
                track(&mut open, c);
                out.push(c);
            }
        }
    }
    close(&mut open, &mut out);
    Cow::Owned(out)
}

/// [`printable`] on a single line: line breaks (CR LF, LF or CR) become spaces. For error
/// messages, which must stay one line however odd the text they quote.
#[must_use]
pub fn one_line(text: &str) -> String {
    printable(&text.replace("\r\n", " ").replace(['\n', '\r'], " ")).into_owned()
}

/// What a bidirectional formatting character does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bidi {
    /// LRE, RLE, LRO, RLO: closed by PDF.
    Embedding,
    /// LRI, RLI, FSI: closed by PDI.
    Isolate,
    Pop,
    PopIsolate,
}

fn bidi(c: char) -> Option<Bidi> {
    match c {
        '\u{202a}' | '\u{202b}' | '\u{202d}' | '\u{202e}' => Some(Bidi::Embedding),
        '\u{2066}'..='\u{2068}' => Some(Bidi::Isolate),
        '\u{202c}' => Some(Bidi::Pop),
        '\u{2069}' => Some(Bidi::PopIsolate),
        _ => None,
    }
}

/// Follows what `c` opens or closes, as the Unicode bidirectional algorithm counts it.
fn track(open: &mut Vec<Bidi>, c: char) {
    match bidi(c) {
        // A PDF closes the innermost embedding, never across an isolate.
        Some(Bidi::Pop) if open.last() == Some(&Bidi::Embedding) => {
            open.pop();
        }
        // A PDI closes the innermost isolate and whatever was opened inside it.
        Some(Bidi::PopIsolate) => {
            if let Some(i) = open.iter().rposition(|b| *b == Bidi::Isolate) {
                open.truncate(i);
            }
        }
        Some(kind @ (Bidi::Embedding | Bidi::Isolate)) => open.push(kind),
        _ => {}
    }
}

fn needs_care(c: char) -> bool {
    (c.is_control() && c != '\t') || bidi(c).is_some()
}

/// Closes what is still open, innermost first.
fn close(open: &mut Vec<Bidi>, out: &mut String) {
    while let Some(b) = open.pop() {
        out.push(if b == Bidi::Isolate { '\u{2069}' } else { '\u{202c}' });
    }
}

/// The visible stand-in for a control character.
fn symbol(c: char) -> char {
    match c as u32 {
        // The Control Pictures block has one symbol for each C0 control, in order.
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in ["", "Müller — café ½ L, Ωμέγα", "a\tb\nc", "שלום عربي"] {
            assert!(matches!(printable(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(printable("\u{1b}]0;owned\u{7}x\r\u{7f}\u{9b}2J"), "␛]0;owned␇x␍␡\u{fffd}2J");
        assert_eq!(one_line("a\r\nb\nc\rd\u{0}"), "a b c d␀");
    }

    #[test]
    fn open_overrides_and_isolates_are_closed_at_each_line_end() {
        assert_eq!(printable("a\u{202e}bc"), "a\u{202e}bc\u{202c}");
        assert_eq!(printable("\u{2067}x\u{202e}y\nz"), "\u{2067}x\u{202e}y\u{202c}\u{2069}\nz");
        // Balanced text stays as it was; a stray closer is harmless and kept.
        assert!(matches!(printable("\u{202b}x\u{202c}"), Cow::Owned(ref s) if s == "\u{202b}x\u{202c}"));
        assert_eq!(printable("\u{202c}\u{2069}x"), "\u{202c}\u{2069}x");
        // A PDI closes the embeddings opened inside its isolate; a PDF cannot reach out of one.
        assert_eq!(printable("\u{2066}\u{202b}x\u{2069}"), "\u{2066}\u{202b}x\u{2069}");
        assert_eq!(printable("\u{202b}\u{2066}x\u{202c}"), "\u{202b}\u{2066}x\u{202c}\u{2069}\u{202c}");
    }

    /// Whether every line of `text` leaves no embedding or isolate open.
    fn balanced(text: &str) -> bool {
        text.split('\n').all(|line| {
            let mut open = Vec::new();
            line.chars().for_each(|c| track(&mut open, c));
            open.is_empty()
        })
    }

    proptest! {
        #[test]
        fn anything_comes_out_printable_and_balanced(
            text in "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z\\n]{0,40}"
        ) {
            let shown = printable(&text);
            prop_assert!(!shown.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
            prop_assert!(balanced(&shown));
            // Nothing is lost but the controls: the rest reads in the same order.
            let keep = |s: &str| {
                s.chars()
                    .filter(|c| !needs_care(*c) && !('\u{2400}'..='\u{2421}').contains(c) && *c != '\u{fffd}')
                    .collect::<String>()
            };
            prop_assert_eq!(keep(&shown), keep(&text));
            let line = one_line(&text);
            prop_assert!(!line.contains('\n') && balanced(&line));
        }
    }
}
