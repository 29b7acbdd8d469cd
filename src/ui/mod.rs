//! Drawing: `impl Widget for &App` lays out the header, the current screen, the status and key
//! hints, and any popup. Drawing only reads the app; it never touches the journal or the clock.

pub mod calendar;
pub mod capture;
pub mod choice;
pub mod experiment;
pub mod export;
pub mod history;
pub mod insights;
pub mod log_form;
pub mod meds;
pub mod table;
pub mod text;
pub mod theme;
pub mod trend;
pub mod week;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Tabs, Widget, Wrap};

use crate::app::keys::{bar_hints, help_lines};
use crate::app::{self, App, Popup, Screen};

/// The smallest terminal the layout is designed for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(area, buf);
            return;
        }
        if let Some(c) = &self.capture {
            capture::render(c, self.now, &self.theme, area, buf);
            return;
        }
        let [header, body, status, hints] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ]));
        self.render_header(header, buf);
        let body = body.inner(ratatui::layout::Margin { horizontal: 1, vertical: 0 });
        match self.screen {
            Screen::Week => week::render(self, body, buf),
            Screen::Log => match &self.log {
                Some(form) => log_form::render(form, self, body, buf),
                None => Paragraph::new("No night open.").render(body, buf),
            },
            Screen::History => history::render(&self.history, self, body, buf),
            Screen::Insights => match &self.insights {
                Some(v) => insights::render(v, self, body, buf),
                None => Paragraph::new("Working out the insights…").render(body, buf),
            },
            Screen::Meds => meds::render(&self.meds_view, self, body, buf),
            Screen::Export => export::render(&self.export, self, body, buf),
        }
        let style = if self.status.error { self.theme.error } else { self.theme.text };
        let mark = if self.status.error { "✗ " } else { "" };
        let status_line = Line::styled(format!(" {mark}{}", text::shown(&self.status.text)), style);
        Paragraph::new(text::fit_line(status_line, status.width.into())).render(status, buf);
        Paragraph::new(self.hint_line(hints.width as usize)).render(hints, buf);
        match &self.popup {
            Some(Popup::Help) => self.render_help(area, buf),
            Some(Popup::Confirm { question, .. }) => confirm(question, &self.theme, area, buf),
            Some(Popup::Experiment { scroll }) => experiment::panel(self, *scroll, area, buf),
            None => {}
        }
        text::settle(area, buf);
    }
}

impl App {
    fn render_header(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let capture_key = self.capture_key();
        let right = Line::from(vec![Span::styled(capture_key, t.key), Span::raw(" cramp now ")]);
        let name = Span::styled(" cramp ", t.title);
        let [name_area, tabs_area, right_area] = area.layout(&Layout::horizontal([
            Constraint::Length(text::cols(&name.content) + 1),
            Constraint::Fill(1),
            Constraint::Length(right.spans.iter().map(|s| text::cols(&s.content)).sum()),
        ]));
        name.render(name_area, buf);
        let titles = Screen::ALL.iter().map(|s| format!("{} {}", s.number(), s.title()));
        let selected = Screen::ALL.iter().position(|s| *s == self.screen);
        Tabs::new(titles)
            .select(selected)
            .style(t.tab)
            .highlight_style(t.tab_active)
            .divider(" ")
            .padding("", "")
            .render(tabs_area, buf);
        right.render(right_area, buf);
    }

    /// The keys that matter now, fitted to `width`: the screen's own first, then help and quit
    /// (or Esc while typing), which are never dropped.
    fn hint_line(&self, width: usize) -> Line<'static> {
        let t = &self.theme;
        let info = self.key_info();
        let mut hints = info.bar;
        let tail: Vec<(&str, &str)> = if info.editing_text {
            vec![("Esc", "back"), ("F1", "help")]
        } else {
            bar_hints(app::GLOBAL_KEYS).collect()
        };
        hints.retain(|(k, _)| !tail.iter().any(|(t, _)| t == k));
        let tail: Vec<(&str, &str)> = if info.editing_text && hints.iter().any(|(k, _)| *k == "Esc") {
            vec![("F1", "help")]
        } else {
            tail
        };
        let cost = |list: &[(&str, &str)]| {
            list.iter().map(|(k, h)| text::width(k) + text::width(h) + 3).sum::<usize>()
        };
        while !hints.is_empty() && cost(&hints) + cost(&tail) + 1 > width {
            hints.pop();
        }
        let mut spans = vec![Span::raw(" ")];
        for (keys, help) in hints.into_iter().chain(tail) {
            spans.push(Span::styled(keys, t.key));
            spans.push(Span::raw(format!(" {help}  ")));
        }
        // The help and quit keys alone fit any width the app draws at; the cut is for narrower.
        text::fit_line(Line::from(spans), width)
    }

    fn render_help(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let popup = area.centered(Constraint::Length(76), Constraint::Length(area.height.saturating_sub(2)));
        Clear.render(popup, buf);
        let block = Block::bordered().title(format!(" Keys: {} (any key closes) ", self.screen.title()));
        let inner = block.inner(popup);
        block.render(popup, buf);
        let [left, right] =
            inner.layout(&Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).spacing(2));
        let line = |(keys, help): (&str, &str)| {
            Line::from(vec![Span::styled(text::pad(keys, 12), t.key), Span::raw(help.to_owned())])
        };
        let info = self.key_info();
        let mut mine: Vec<Line> = vec![Line::styled("This screen", t.title)];
        mine.extend(info.help.into_iter().map(line));
        if let Some(hint) = info.field_hint {
            mine.push(Line::raw(""));
            mine.push(Line::styled("The field under the cursor", t.title));
            mine.push(Line::raw(hint));
            mine.push(Line::raw("Backspace/Delete clears a choice; Ctrl-U clears text."));
        }
        Paragraph::new(mine).wrap(Wrap { trim: false }).render(left, buf);
        let mut everywhere: Vec<Line> = vec![Line::styled("Everywhere, when not typing", t.title)];
        everywhere.extend(help_lines(app::GLOBAL_KEYS).map(line));
        everywhere.push(Line::raw(""));
        everywhere.push(Line::styled("Even while typing", t.title));
        everywhere.extend(app::ALWAYS_KEYS.iter().flat_map(|t| help_lines(t)).map(line));
        Paragraph::new(everywhere).wrap(Wrap { trim: false }).render(right, buf);
    }
}

fn confirm(question: &str, t: &theme::Theme, area: Rect, buf: &mut Buffer) {
    let question = text::shown(question);
    let width = (text::cols(&question).saturating_add(4)).clamp(30, area.width.saturating_sub(4));
    let popup = area.centered(Constraint::Length(width), Constraint::Length(5));
    Clear.render(popup, buf);
    let block = Block::bordered().title(" Please confirm ").border_style(t.error);
    let inner = block.inner(popup);
    block.render(popup, buf);
    Paragraph::new(vec![Line::raw(question), Line::raw(""), Line::styled("y yes   n no", t.key)])
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// Said instead of a squeezed layout; short enough to fit small terminals, clipped below that.
fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "Terminal too small: {}×{}. cramp needs at least {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge the window, or press q to quit.",
        area.width, area.height
    );
    Paragraph::new(text).wrap(Wrap { trim: true }).render(area, buf);
}
