//! A small flow-layout engine over pdf-writer: pages filled top to bottom, text set in the
//! embedded font, word-wrapped paragraphs, and tables whose cells wrap (or are cut short with
//! `…`) and whose header row repeats on every page they continue onto.

use pdf_writer::{Content, Name, Str};

use super::font::{Fonts, Weight};

/// A colour as red, green, blue in 0–1.
pub type Rgb = (f32, f32, f32);

pub const INK: Rgb = (0.12, 0.14, 0.17);
pub const MUTED: Rgb = (0.40, 0.43, 0.48);
pub const ACCENT: Rgb = (0.09, 0.33, 0.52);
pub const RULE: Rgb = (0.78, 0.81, 0.85);
pub const HEADER_FILL: Rgb = (0.90, 0.93, 0.96);
pub const ZEBRA: Rgb = (0.965, 0.972, 0.98);

/// Page margins in points.
pub const MARGIN_X: f32 = 48.0;
pub const MARGIN_TOP: f32 = 46.0;
/// Room kept free at the bottom for the footer.
pub const MARGIN_BOTTOM: f32 = 54.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: its title, width in points and alignment.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, width: f32, align: Align) -> Self {
        Self { title: title.to_owned(), width, align }
    }
}

/// How a table is set.
#[derive(Debug, Clone, Copy)]
pub struct TableStyle {
    pub size: f32,
    /// Whether to draw the header row (and repeat it on each new page).
    pub header: bool,
    /// Lines a cell may take before it is cut short with `…`.
    pub max_lines: usize,
    /// The weight of the first column (bold for label columns).
    pub first_weight: Weight,
    /// Padding above and below a cell's text, in ems: less on page 1, where room is short.
    pub pad: f32,
}

impl TableStyle {
    pub const fn new(size: f32) -> Self {
        Self { size, header: true, max_lines: 40, first_weight: Weight::Regular, pad: 0.42 }
    }

    fn leading(self) -> f32 {
        self.size * 1.32
    }

    fn pad_y(self) -> f32 {
        self.size * self.pad
    }

    fn pad_x(self) -> f32 {
        self.size * 0.55
    }

    /// The width text has in a cell of a column `width` points wide.
    pub fn text_room(self, width: f32) -> f32 {
        width - 2.0 * self.pad_x()
    }
}

/// The document being laid out: finished pages plus the one being filled.
pub struct Canvas {
    pub fonts: Fonts,
    pub width: f32,
    pub height: f32,
    margin_x: f32,
    pages: Vec<Content>,
    page: Content,
    /// Distance from the top of the page to where the next block starts.
    pub y: f32,
    fill: Option<Rgb>,
    scratch: Vec<u8>,
}

impl Canvas {
    pub fn new(fonts: Fonts, width: f32, height: f32) -> Self {
        Self {
            fonts,
            width,
            height,
            margin_x: MARGIN_X,
            pages: Vec::new(),
            page: Content::new(),
            y: MARGIN_TOP,
            fill: None,
            scratch: Vec::new(),
        }
    }

    pub fn left(&self) -> f32 {
        self.margin_x
    }

    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * self.margin_x
    }

    fn limit(&self) -> f32 {
        self.height - MARGIN_BOTTOM
    }

    /// Points left on this page below `y`.
    pub fn room(&self) -> f32 {
        self.limit() - self.y
    }

    pub fn new_page(&mut self) {
        let done = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(done);
        self.y = MARGIN_TOP;
        self.fill = None;
    }

    /// Starts a new page unless `height` more points fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.limit() && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    /// Ends the layout: runs `decorate` on every page with its number and the page count (known
    /// only now, for "page N of M" footers) and returns the fonts and the pages.
    pub fn finish(mut self, mut decorate: impl FnMut(&mut Self, usize, usize)) -> (Fonts, Vec<Content>) {
        let current = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(current);
        let pages = std::mem::take(&mut self.pages);
        let count = pages.len();
        let mut out = Vec::with_capacity(count);
        for (i, page) in pages.into_iter().enumerate() {
            self.page = page;
            self.fill = None;
            decorate(&mut self, i + 1, count);
            out.push(std::mem::replace(&mut self.page, Content::new()));
        }
        (self.fonts, out)
    }

    fn set_fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.page.set_fill_rgb(c.0, c.1, c.2);
            self.fill = Some(c);
        }
    }

    /// Sets `text` with its baseline `baseline` points below the top of the page.
    pub fn text(&mut self, x: f32, baseline: f32, weight: Weight, size: f32, color: Rgb, text: &str) {
        if text.is_empty() {
            return;
        }
        let mut bytes = std::mem::take(&mut self.scratch);
        self.fonts.face(weight).encode(text, &mut bytes);
        self.set_fill(color);
        let font = match weight {
            Weight::Regular => Name(b"F1"),
            Weight::Bold => Name(b"F2"),
        };
        self.page
            .begin_text()
            .set_font(font, size)
            .next_line(x, self.height - baseline)
            .show(Str(&bytes))
            .end_text();
        self.scratch = bytes;
    }

    /// Sets `text` ending at `right`.
    pub fn text_right(
        &mut self,
        right: f32,
        baseline: f32,
        weight: Weight,
        size: f32,
        color: Rgb,
        text: &str,
    ) {
        let w = self.fonts.face(weight).width(text, size);
        self.text(right - w, baseline, weight, size, color, text);
    }

    pub fn width_of(&mut self, weight: Weight, size: f32, text: &str) -> f32 {
        self.fonts.face(weight).width(text, size)
    }

    /// A filled rectangle whose top edge is `top` points below the top of the page.
    pub fn fill_rect(&mut self, x: f32, top: f32, w: f32, h: f32, color: Rgb) {
        self.set_fill(color);
        self.page.rect(x, self.height - top - h, w, h).fill_nonzero();
    }

    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb) {
        self.page.set_stroke_rgb(color.0, color.1, color.2).set_line_width(width);
        self.page.move_to(from.0, self.height - from.1).line_to(to.0, self.height - to.1).stroke();
    }

    /// A line drawn in dashes `on` points long with `off` points between, for marks that must
    /// read differently from solid rules in a greyscale print.
    pub fn dashed_line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb, dash: [f32; 2]) {
        self.page.set_dash_pattern(dash, 0.0);
        self.line(from, to, width, color);
        self.page.set_dash_pattern([], 0.0);
    }

    /// The outline of the rectangle `(x, top, w, h)`, whose top edge is `top` points below the
    /// top of the page: solid, or with `dash` dashed.
    pub fn stroke_rect(
        &mut self,
        (x, top, w, h): (f32, f32, f32, f32),
        width: f32,
        color: Rgb,
        dash: Option<[f32; 2]>,
    ) {
        if let Some(d) = dash {
            self.page.set_dash_pattern(d, 0.0);
        }
        self.page.set_stroke_rgb(color.0, color.1, color.2).set_line_width(width);
        self.page.rect(x, self.height - top - h, w, h).stroke();
        if dash.is_some() {
            self.page.set_dash_pattern([], 0.0);
        }
    }

    /// Breaks `text` into lines no wider than `width`: at spaces where possible, inside a word
    /// only when the word alone is too wide, and at every newline. More than `max_lines` lines
    /// are cut short with `…`.
    pub fn wrap(
        &mut self,
        weight: Weight,
        size: f32,
        text: &str,
        width: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let face = self.fonts.face(weight);
        let space = face.width(" ", size);
        let mut lines: Vec<String> = Vec::new();
        let over = |lines: &Vec<String>| lines.len() > max_lines;
        'paragraphs: for paragraph in text.split('\n') {
            let paragraph = paragraph.trim_end_matches('\r');
            let (mut line, mut line_w) = (String::new(), 0.0);
            for (i, word) in unbreakable_words(paragraph).iter().enumerate() {
                let w = face.width(word, size);
                if i > 0 && line_w + space + w <= width {
                    line.push(' ');
                    line.push_str(word);
                    line_w += space + w;
                    continue;
                }
                if i > 0 {
                    lines.push(std::mem::take(&mut line));
                    if over(&lines) {
                        break 'paragraphs;
                    }
                    line_w = 0.0;
                }
                if w <= width {
                    line.push_str(word);
                    line_w = w;
                    continue;
                }
                for c in word.chars() {
                    let cw = face.width(c.encode_utf8(&mut [0; 4]), size);
                    if line_w + cw > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        if over(&lines) {
                            break 'paragraphs;
                        }
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
            lines.push(line);
            if over(&lines) {
                break;
            }
        }
        while lines.len() > 1 && lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                while !last.is_empty() && face.width(&format!("{last}…"), size) > width {
                    last.pop();
                }
                last.push('…');
            }
        }
        lines
    }

    /// A wrapped paragraph across `width` from `x`, breaking pages between lines.
    pub fn paragraph(&mut self, x: f32, width: f32, weight: Weight, size: f32, color: Rgb, text: &str) {
        let leading = size * 1.38;
        for line in self.wrap(weight, size, text, width, usize::MAX) {
            self.ensure(leading);
            self.text(x, self.y + size, weight, size, color, &line);
            self.y += leading;
        }
    }

    /// A section heading, kept on the same page as at least `keep` points of what follows.
    pub fn heading(&mut self, text: &str, keep: f32) {
        self.heading_with_note(text, "", keep);
    }

    /// A heading with a small note set flush right on its line (how to read what follows).
    pub fn heading_with_note(&mut self, text: &str, note: &str, keep: f32) {
        self.y += 10.0;
        self.ensure(30.0 + keep);
        self.text(self.left(), self.y + 13.0, Weight::Bold, 12.5, ACCENT, text);
        let right = self.left() + self.content_width();
        self.text_right(right, self.y + 13.0, Weight::Regular, 7.0, MUTED, note);
        self.y += 19.0;
        let (x, w) = (self.left(), self.content_width());
        self.line((x, self.y), (x + w, self.y), 0.6, RULE);
        self.y += 7.0;
    }

    /// The height of a one-line table row in `style`.
    pub fn row_height(style: TableStyle) -> f32 {
        style.leading() + 2.0 * style.pad_y()
    }

    fn header_row(&mut self, x: f32, columns: &[Column], style: TableStyle) {
        let size = style.size;
        let cells: Vec<Vec<String>> = columns
            .iter()
            .map(|c| self.wrap(Weight::Bold, size, &c.title, c.width - 2.0 * style.pad_x(), 3))
            .collect();
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = lines as f32 * style.leading() + 2.0 * style.pad_y();
        let total: f32 = columns.iter().map(|c| c.width).sum();
        self.fill_rect(x, self.y, total, h, HEADER_FILL);
        self.cells(x, columns, &cells, style, Weight::Bold, INK);
        self.y += h;
    }

    fn cells(
        &mut self,
        x: f32,
        columns: &[Column],
        cells: &[Vec<String>],
        style: TableStyle,
        weight: Weight,
        color: Rgb,
    ) {
        let (size, leading, pad_x) = (style.size, style.leading(), style.pad_x());
        let mut left = x;
        for (i, (col, lines)) in columns.iter().zip(cells).enumerate() {
            let w = if i == 0 && weight == Weight::Regular { style.first_weight } else { weight };
            for (j, line) in lines.iter().enumerate() {
                let baseline = self.y + style.pad_y() + j as f32 * leading + size * 1.0;
                match col.align {
                    Align::Left => self.text(left + pad_x, baseline, w, size, color, line),
                    Align::Right => self.text_right(left + col.width - pad_x, baseline, w, size, color, line),
                }
            }
            left += col.width;
        }
    }

    /// A table at `x` with the given columns. Rows that do not fit on the page move to the next,
    /// where the header row is drawn again.
    pub fn table(&mut self, x: f32, columns: &[Column], rows: &[Vec<String>], style: TableStyle) {
        let total: f32 = columns.iter().map(|c| c.width).sum();
        if style.header {
            self.ensure(2.0 * Self::row_height(style) + 4.0);
            self.header_row(x, columns, style);
        }
        for (r, row) in rows.iter().enumerate() {
            let cells: Vec<Vec<String>> = columns
                .iter()
                .zip(row)
                .enumerate()
                .map(|(i, (c, text))| {
                    let w = if i == 0 { style.first_weight } else { Weight::Regular };
                    self.wrap(w, style.size, text, c.width - 2.0 * style.pad_x(), style.max_lines)
                })
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = lines as f32 * style.leading() + 2.0 * style.pad_y();
            if self.y + h > self.limit() {
                self.new_page();
                if style.header {
                    self.header_row(x, columns, style);
                }
            }
            if r % 2 == 1 {
                self.fill_rect(x, self.y, total, h, ZEBRA);
            }
            self.cells(x, columns, &cells, style, Weight::Regular, INK);
            self.y += h;
            self.line((x, self.y), (x + total, self.y), 0.3, RULE);
        }
    }
}

/// The words of `paragraph` as the wrapping may break between them: a `%` stays with its number
/// ("25 %") and a dash with the word before it ("5 Sep –"), so no line starts with either. Glued
/// words are one slice of `paragraph`, since the words between single spaces are contiguous.
fn unbreakable_words(paragraph: &str) -> Vec<&str> {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for word in paragraph.split(' ') {
        let (start, end) = (at, at + word.len());
        at = end + 1;
        let glued = word.starts_with('%') || word == "–" || word == "—";
        match words.last_mut() {
            Some(last) if glued && last.1 > last.0 => last.1 = end,
            _ => words.push((start, end)),
        }
    }
    words.into_iter().map(|(a, b)| &paragraph[a..b]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> Canvas {
        Canvas::new(Fonts::load().unwrap(), 595.0, 842.0)
    }

    #[test]
    fn wrapping_keeps_every_word_inside_the_width() {
        let mut c = canvas();
        let text = "Long day at the market, then a cold bedroom and new running shoes.\nSecond paragraph";
        let lines = c.wrap(Weight::Regular, 10.0, text, 120.0, 99);
        assert!(lines.len() >= 4, "{lines:?}");
        assert_eq!(lines.last().unwrap(), "Second paragraph");
        for l in &lines {
            assert!(c.width_of(Weight::Regular, 10.0, l) <= 120.0, "{l}");
        }
        assert_eq!(lines.join(" ").replace("  ", " "), text.replace('\n', " "));
    }

    #[test]
    fn no_line_starts_with_a_percent_sign_or_a_dash() {
        let mut c = canvas();
        let text = "about a quarter of people had 25 % fewer cramps, from 5 Sep – 18 Sep 2026 (95 % CI)";
        for width in (40..400).step_by(7) {
            let lines = c.wrap(Weight::Regular, 9.0, text, width as f32, 99);
            for l in &lines {
                assert!(!l.starts_with('%') && !l.starts_with('–'), "width {width}: {lines:?}");
            }
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""), "width {width}");
        }
    }

    #[test]
    fn words_wider_than_the_cell_are_broken_and_long_text_is_cut_short() {
        let mut c = canvas();
        let lines = c.wrap(Weight::Regular, 10.0, &"x".repeat(200), 50.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'));
        for l in &lines {
            assert!(c.width_of(Weight::Regular, 10.0, l) <= 50.0, "{l}");
        }
        assert_eq!(c.wrap(Weight::Regular, 10.0, "", 50.0, 3), [""]);
    }

    #[test]
    fn long_tables_continue_on_new_pages() {
        let mut c = canvas();
        let cols = [Column::new("Date", 100.0, Align::Left), Column::new("Note", 200.0, Align::Left)];
        let rows: Vec<Vec<String>> =
            (0..200).map(|i| vec![format!("row {i}"), "a note".to_owned()]).collect();
        c.table(c.left(), &cols, &rows, TableStyle::new(8.0));
        let (_, pages) = c.finish(|_, _, _| {});
        assert!(pages.len() >= 4, "{}", pages.len());
    }
}
