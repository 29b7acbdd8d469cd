//! Every style in one place. Colours are the terminal's own sixteen, so they follow its light or
//! dark palette; meaning is always carried by text or symbols too, never by colour alone; and
//! `NO_COLOR` turns colour off while keeping bold, dim and reverse.

use ratatui::style::{Color, Modifier, Style};

/// The app's styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub key: Style,
    pub label: Style,
    pub focus: Style,
    pub selected: Style,
    pub error: Style,
    pub good: Style,
    pub bad: Style,
    pub cramp: Style,
    pub free: Style,
    pub capture: Style,
    pub capture_big: Style,
}

impl Theme {
    /// With colour, or (for `NO_COLOR`) with modifiers only.
    #[must_use]
    pub fn new(colour: bool) -> Self {
        let c = |color: Color| if colour { Style::new().fg(color) } else { Style::new() };
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Self {
            text: Style::new(),
            dim: Style::new().add_modifier(Modifier::DIM),
            title: bold,
            tab: Style::new(),
            tab_active: bold.add_modifier(Modifier::REVERSED),
            key: c(Color::Cyan).add_modifier(Modifier::BOLD),
            label: Style::new(),
            focus: Style::new().add_modifier(Modifier::REVERSED),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            // Blue and yellow (orange on many palettes) stay apart for red-green colour blindness.
            error: c(Color::Yellow).add_modifier(Modifier::BOLD),
            good: c(Color::Blue),
            bad: c(Color::Yellow),
            cramp: c(Color::Magenta).add_modifier(Modifier::BOLD),
            free: c(Color::Blue),
            capture: Style::new().add_modifier(Modifier::DIM),
            capture_big: c(Color::DarkGray),
        }
    }

    /// Colour unless the `NO_COLOR` convention asks otherwise (see no-color.org).
    #[must_use]
    pub fn from_env() -> Self {
        Self::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    }
}
