//! The event loop and the terminal's lifecycle: raw mode and the alternate screen are undone on
//! quit, on error, on panic (ratatui's hook) and on SIGTERM or a closed terminal (our handler).

use std::io;

use chrono::{DateTime, FixedOffset, Local};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use super::{App, Msg};

/// Where the app's time comes from.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    /// A frozen time (`CRAMP_NOW`), so scripted sessions are repeatable.
    Fixed(DateTime<FixedOffset>),
}

impl Clock {
    #[must_use]
    pub fn now(self) -> DateTime<FixedOffset> {
        match self {
            Self::System => Local::now().fixed_offset(),
            Self::Fixed(t) => t,
        }
    }
}

/// Draws, waits for a key (or the capture timer's next second), updates, until the app quits.
/// Between events nothing runs: no busy loop.
pub fn run(terminal: &mut DefaultTerminal, app: &mut App, clock: Clock) -> io::Result<()> {
    loop {
        app.set_now(clock.now());
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        if app.quit {
            return Ok(());
        }
        let event = match app.tick_interval() {
            Some(wait) => {
                if event::poll(wait)? {
                    Some(event::read()?)
                } else {
                    None
                }
            }
            None => Some(event::read()?),
        };
        app.set_now(clock.now());
        match event {
            Some(Event::Key(k)) if k.kind == KeyEventKind::Press => app.handle_key(&k),
            None => app.update(Msg::Tick),
            // A resize (or anything else) just redraws at the top of the loop.
            Some(_) => {}
        }
    }
}

/// Restores the terminal and exits when the process is told to stop, so a `kill` or a closed
/// window never leaves the shell in raw mode. Every write is a transaction, so stopping between
/// two events loses nothing that was shown as saved.
pub fn restore_on_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _ = ratatui::try_restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// Opens the app full-screen on `app` and runs it until it quits.
pub fn launch(app: &mut App, clock: Clock) -> io::Result<()> {
    restore_on_signals()?;
    let mut terminal = ratatui::try_init()?;
    let result = run(&mut terminal, app, clock);
    ratatui::try_restore()?;
    result
}
