//! The screens' lists as ratatui `Table`s: columns sized to their content in terminal columns,
//! every cell cut to its column with "…", a gap between columns so no two touch, and lines that
//! run across the whole width (section titles, unlogged stretches) between the rows.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Row, StatefulWidget, Table, TableState, Widget};

use crate::ui::text::{fit_line, width};

/// One line of a [`Grid`].
#[derive(Debug, Clone)]
pub enum GridRow<'a> {
    /// A cell per column.
    Cells(Vec<Line<'a>>),
    /// One line across every column.
    Wide(Line<'a>),
}

/// A table as the screens describe it; [`Grid::render`] draws it through ratatui's `Table`.
#[derive(Debug, Clone, Default)]
pub struct Grid<'a> {
    pub header: Option<Vec<Line<'a>>>,
    pub rows: Vec<GridRow<'a>>,
    /// Columns between two columns.
    pub spacing: u16,
    /// The row under the cursor, drawn in `selected_style`.
    pub selected: Option<usize>,
    pub selected_style: Style,
    /// The first row to show, when the screen pages; moved by the table if the selected row
    /// would be out of sight.
    pub offset: usize,
}

impl<'a> Grid<'a> {
    /// The widest cell of each column, header included.
    #[must_use]
    pub fn natural_widths(&self) -> Vec<u16> {
        let mut widths: Vec<u16> = Vec::new();
        let rows = self.header.iter().chain(self.rows.iter().filter_map(|r| match r {
            GridRow::Cells(c) => Some(c),
            GridRow::Wide(_) => None,
        }));
        for cells in rows {
            if widths.len() < cells.len() {
                widths.resize(cells.len(), 0);
            }
            for (w, cell) in widths.iter_mut().zip(cells) {
                let cell_width: usize = cell.spans.iter().map(|s| width(&s.content)).sum();
                *w = (*w).max(u16::try_from(cell_width).unwrap_or(u16::MAX));
            }
        }
        widths
    }

    /// Column widths for `total` columns of room: each column as wide as its widest cell, and
    /// when that is too much, column `shrink` gives up what is missing (down to nothing).
    #[must_use]
    pub fn widths(&self, total: u16, shrink: usize) -> Vec<u16> {
        let mut widths = self.natural_widths();
        let gaps = self.spacing.saturating_mul(u16::try_from(widths.len().saturating_sub(1)).unwrap_or(0));
        let need: u32 = widths.iter().map(|w| u32::from(*w)).sum::<u32>() + u32::from(gaps);
        let over = need.saturating_sub(u32::from(total));
        if let Some(w) = widths.get_mut(shrink) {
            *w = w.saturating_sub(u16::try_from(over).unwrap_or(u16::MAX));
        }
        widths
    }

    /// Draws the grid with the given column widths; cells are cut to them with "…".
    pub fn render(self, widths: &[u16], area: Rect, buf: &mut Buffer) {
        // Whatever does not fit is taken from the last columns, so every cell is cut by us,
        // with "…", and never by the table.
        let mut widths = widths.to_vec();
        let gaps = self.spacing.saturating_mul(u16::try_from(widths.len().saturating_sub(1)).unwrap_or(0));
        let mut over = (widths.iter().map(|w| u32::from(*w)).sum::<u32>() + u32::from(gaps))
            .saturating_sub(u32::from(area.width));
        for w in widths.iter_mut().rev() {
            let take = u16::try_from(over).unwrap_or(u16::MAX).min(*w);
            *w -= take;
            over -= u32::from(take);
        }
        let widths = widths.as_slice();
        let fit_cells = |cells: Vec<Line<'a>>| -> Row<'a> {
            Row::new(cells.into_iter().zip(widths).map(|(c, w)| fit_line(c, usize::from(*w))))
        };
        let header_rows = u16::from(self.header.is_some());
        let rows: Vec<Row> = self
            .rows
            .iter()
            .map(|r| match r {
                GridRow::Cells(c) => fit_cells(c.clone()),
                GridRow::Wide(_) => Row::new(Vec::<Line>::new()),
            })
            .collect();
        let mut table = Table::new(rows, widths.iter().map(|w| Constraint::Length(*w)))
            .column_spacing(self.spacing)
            .row_highlight_style(self.selected_style);
        if let Some(h) = self.header {
            table = table.header(fit_cells(h));
        }
        let mut state = TableState::default().with_offset(self.offset).with_selected(self.selected);
        StatefulWidget::render(table, area, buf, &mut state);

        // The table has placed its rows; the wide ones are written over theirs.
        let first = state.offset();
        let visible = usize::from(area.height.saturating_sub(header_rows));
        for (i, row) in self.rows.into_iter().enumerate().skip(first).take(visible) {
            if let GridRow::Wide(line) = row {
                let y = area.y + header_rows + u16::try_from(i - first).unwrap_or(u16::MAX);
                let line = fit_line(line, usize::from(area.width));
                let line =
                    if Some(i) == self.selected { line.patch_style(self.selected_style) } else { line };
                line.render(Rect { y, height: 1, ..area }, buf);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(buf: &Buffer) -> Vec<String> {
        (0..buf.area.height).map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()).collect()
    }

    #[test]
    fn cells_are_cut_to_their_columns_and_wide_lines_span_them() {
        let grid = Grid {
            rows: vec![
                GridRow::Cells(vec![Line::raw("a long label"), Line::raw("1 of 2").right_aligned()]),
                GridRow::Wide(Line::raw("a title that runs across every column")),
                GridRow::Cells(vec![Line::raw("short"), Line::raw("10 of 20")]),
            ],
            spacing: 2,
            ..Grid::default()
        };
        assert_eq!(grid.natural_widths(), [12, 8]);
        let widths = grid.widths(18, 0);
        assert_eq!(widths, [8, 8]);
        let mut buf = Buffer::empty(Rect::new(0, 0, 18, 3));
        grid.render(&widths, buf.area, &mut buf);
        assert_eq!(rows(&buf), ["a long…     1 of 2", "a title that runs…", "short     10 of 20"]);
    }

    #[test]
    fn the_selected_row_stays_in_sight() {
        let grid = Grid {
            rows: (0..10).map(|i| GridRow::Cells(vec![Line::raw(format!("row {i}"))])).collect(),
            selected: Some(7),
            ..Grid::default()
        };
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 3));
        grid.render(&[6], buf.area, &mut buf);
        assert!(rows(&buf).contains(&"row 7 ".to_owned()), "{:?}", rows(&buf));
    }
}
