//! Text as the app draws it: journal text made printable on one line, widths counted in terminal
//! columns the way ratatui counts them (a CJK character or an emoji takes two), and text that does
//! not fit cut with "…". One frame-wide pass keeps what the terminal is sent in step with what the
//! buffer holds.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::printable::{one_line, printable};

/// What ends a cut text.
pub const ELLIPSIS: &str = "…";

/// The columns `text` takes on screen: ratatui's own count, grapheme by grapheme, with control
/// characters (which it never draws) left out.
#[must_use]
pub fn width(text: &str) -> usize {
    text.graphemes(true).filter(|g| !g.contains(char::is_control)).map(UnicodeWidthStr::width).sum()
}

/// [`width`] as a column count for layouts, saturating.
#[must_use]
pub fn cols(text: &str) -> u16 {
    u16::try_from(width(text)).unwrap_or(u16::MAX)
}

/// Free text from the journal (a note, a name, a tag) as one line of the screen: printable (see
/// [`crate::printable`]), line breaks as spaces, and without zero-width joiners and spaces,
/// which terminals join to their neighbours differently from ratatui and so shift what follows.
#[must_use]
pub fn shown(text: &str) -> String {
    let line = one_line(text);
    if line.contains(zero_width) { line.chars().filter(|c| !zero_width(*c)).collect() } else { line }
}

/// Characters with no width that make a terminal join or hide graphemes around them.
fn zero_width(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}')
}

/// The longest start of `text` that takes at most `cols` columns, and its width.
fn take(text: &str, cols: usize) -> (&str, usize) {
    let mut used = 0;
    let mut end = 0;
    for (i, g) in text.grapheme_indices(true) {
        let w = if g.contains(char::is_control) { 0 } else { g.width() };
        if used + w > cols {
            break;
        }
        used += w;
        end = i + g.len();
    }
    (&text[..end], used)
}

/// `text` in at most `cols` columns: whole if it fits, otherwise cut and ending in "…". A
/// right-to-left override or isolate the kept part opened is closed again after the cut.
#[must_use]
pub fn fit(text: &str, cols: usize) -> Cow<'_, str> {
    if width(text) <= cols {
        return Cow::Borrowed(text);
    }
    if cols == 0 {
        return Cow::Borrowed("");
    }
    let (kept, _) = take(text, cols - 1);
    let cut = format!("{}{ELLIPSIS}", kept.trim_end());
    Cow::Owned(printable(&cut).into_owned())
}

/// [`fit`], then padded with spaces to exactly `cols` columns.
#[must_use]
pub fn pad(text: &str, cols: usize) -> String {
    let text = fit(text, cols);
    let room = cols.saturating_sub(width(&text));
    format!("{text}{}", " ".repeat(room))
}

/// A line of spans in at most `cols` columns; when it does not fit, the span that crosses the
/// edge is cut and ends in "…", and the ones after it are dropped.
#[must_use]
pub fn fit_line(line: Line<'_>, cols: usize) -> Line<'_> {
    if line.spans.iter().map(|s| width(&s.content)).sum::<usize>() <= cols {
        return line;
    }
    let Line { style, alignment, spans } = line;
    let mut room = cols;
    let mut kept = Vec::with_capacity(spans.len());
    for span in spans {
        let w = width(&span.content);
        // The whole line does not fit, so whatever reaches the edge leaves its last column to
        // the "…".
        if w < room {
            room -= w;
            kept.push(span);
            continue;
        }
        if room > 0 {
            let (part, _) = take(&span.content, room - 1);
            let cut = printable(&format!("{}{ELLIPSIS}", part.trim_end())).into_owned();
            kept.push(Span::styled(cut, span.style));
        }
        break;
    }
    Line { style, alignment, spans: kept }
}

/// Makes each cell of `area` hold only what a terminal draws in the cells ratatui counted: the
/// zero-width characters a screen let through are taken out of the cells (a grapheme that then
/// changes width is cut back to its first part), and a bidirectional override or isolate still
/// open at the end of a row is closed in its last cell, so it can never reorder another row.
pub fn settle(area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        let mut row = String::new();
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            let symbol = cell.symbol();
            if symbol.contains(zero_width) {
                let was = symbol.width();
                let kept: String = symbol.chars().filter(|c| !zero_width(*c)).collect();
                let fixed = if kept.width() == was {
                    kept
                } else {
                    kept.graphemes(true).next().filter(|g| g.width() == was).unwrap_or(" ").to_owned()
                };
                cell.set_symbol(if fixed.is_empty() { " " } else { &fixed });
            }
            row.push_str(buf[(x, y)].symbol());
        }
        // printable only appends closers to a line without control characters, so what it
        // adds is exactly what the row leaves open.
        let closed = printable(&row);
        if let Some(closers) = closed.strip_prefix(row.as_str()).filter(|c| !c.is_empty()) {
            let last = &mut buf[(area.right() - 1, y)];
            let symbol = format!("{}{closers}", last.symbol());
            last.set_symbol(&symbol);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::Widget;

    #[test]
    fn widths_are_columns_not_characters() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("睡眠"), 4);
        assert_eq!(width("💊Mg"), 4);
        assert_eq!(width("a\u{1b}b"), 2);
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_in_columns() {
        assert_eq!(fit("coffee", 6), "coffee");
        assert_eq!(fit("coffee", 5), "coff…");
        // A wide character that would cross the edge is left out whole.
        assert_eq!(fit("睡眠不足", 4), "睡…");
        assert_eq!(width(&fit("睡眠不足", 4)), 3);
        assert_eq!(fit("a b", 2), "a…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(pad("睡眠", 6), "睡眠  ");
        assert_eq!(pad("睡眠眠", 5), "睡眠…");
    }

    #[test]
    fn a_cut_closes_the_override_it_kept() {
        let cut = fit("x\u{202e}abcdef", 4);
        assert_eq!(cut, "x\u{202e}ab…\u{202c}");
    }

    #[test]
    fn journal_text_is_shown_on_one_printable_line_without_joiners() {
        assert_eq!(shown("Vit\u{200d}D"), "VitD");
        assert_eq!(shown("a\u{1b}[2J\nb"), "a␛[2J b");
        assert_eq!(shown("\u{202e}Evil"), "\u{202e}Evil\u{202c}");
    }

    #[test]
    fn the_finished_frame_holds_no_joiner_and_no_open_override() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 2));
        Line::raw("Vit\u{200d}D|").render(Rect::new(0, 0, 8, 1), &mut buf);
        Line::raw("a\u{202e}bc").render(Rect::new(0, 1, 8, 1), &mut buf);
        assert_eq!(buf[(2, 0)].symbol(), "t\u{200d}");
        settle(buf.area, &mut buf);
        let row = |y: u16| (0..8).map(|x| buf[(x, y)].symbol()).collect::<String>();
        assert_eq!(row(0), "VitD|   ");
        assert_eq!(row(1), "a\u{202e}bc     \u{202c}");
    }

    #[test]
    fn lines_are_cut_at_the_span_that_crosses_the_edge() {
        let line = Line::from(vec![Span::raw("ab"), Span::raw("cdef"), Span::raw("gh")]);
        let cut = fit_line(line, 5);
        let text: Vec<&str> = cut.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, ["ab", "cd…"]);
        let line = Line::from(vec![Span::raw("abc"), Span::raw("de")]);
        let text: Vec<String> = fit_line(line, 3).spans.iter().map(|s| s.content.to_string()).collect();
        assert_eq!(text, ["ab…"]);
        assert_eq!(fit_line(Line::raw("abc"), 3).spans[0].content, "abc");
    }
}
