//! The one drawing of a choice field: every word shown, the chosen one bracketed (readable
//! without colour), and sets as ticked boxes with the cursor on one.

use ratatui::text::Span;

use crate::ui::theme::Theme;

/// `words` in a row, the one at `chosen` bracketed; focused, it is drawn as the cursor.
#[must_use]
pub fn one(words: &[&str], chosen: Option<usize>, focused: bool, t: &Theme) -> Vec<Span<'static>> {
    words
        .iter()
        .enumerate()
        .flat_map(|(i, word)| {
            let span = if chosen == Some(i) {
                Span::styled(format!("[{word}]"), if focused { t.focus } else { t.title })
            } else {
                Span::styled(format!(" {word} "), t.dim)
            };
            [span, Span::raw(" ")]
        })
        .collect()
}

/// Items with a box each, ticked when on; the item at `cursor` (when focused) is the cursor.
#[must_use]
pub fn set(items: &[(String, bool)], cursor: Option<usize>, t: &Theme) -> Vec<Span<'static>> {
    items
        .iter()
        .enumerate()
        .flat_map(|(i, (label, on))| {
            let mark = if *on { "■" } else { "□" };
            let style = if cursor == Some(i) {
                t.focus
            } else if *on {
                t.title
            } else {
                t.dim
            };
            // Labels may be the person's own (medicine names): one printable line, no joiners.
            [Span::styled(format!("{mark} {}", crate::ui::text::shown(label)), style), Span::raw("  ")]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn the_choice_is_bracketed_and_ticks_are_boxes() {
        let t = Theme::new(true);
        assert_eq!(text(&one(&["rest", "light"], Some(1), false, &t)), " rest  [light] ");
        assert_eq!(text(&one(&["rest", "light"], None, true, &t)), " rest   light  ");
        let items = [("calf".to_owned(), true), ("toes".to_owned(), false)];
        let spans = set(&items, Some(1), &t);
        assert_eq!(text(&spans), "■ calf  □ toes  ");
        assert_eq!(spans[2].style, t.focus);
    }
}
