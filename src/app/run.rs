//! The event loop and the terminal's lifecycle: raw mode and the alternate screen are undone on
//! quit, on error, on panic (ratatui's hook) and on SIGTERM or a closed terminal (our handler).

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, FixedOffset, Local};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use super::keys::is_ctrl;
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

/// Set when the process is continued after a stop (Ctrl-Z, then `fg`): the screen the app
/// drew is gone and is drawn again whole.
static RESUMED: AtomicBool = AtomicBool::new(false);

/// Draws, waits for a key (or the capture timer's next second), updates, until the app quits.
/// Between events nothing runs: no busy loop.
pub fn run(terminal: &mut DefaultTerminal, app: &mut App, clock: Clock) -> io::Result<()> {
    loop {
        if RESUMED.swap(false, Ordering::SeqCst) {
            terminal.clear()?;
        }
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
            // Raw mode turns Ctrl-Z into a key: stop as the shell's job control expects.
            Some(Event::Key(k)) if k.kind == KeyEventKind::Press && is_ctrl(&k, 'z') => {
                let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
            }
            Some(Event::Key(k)) if k.kind == KeyEventKind::Press => app.handle_key(&k),
            None => app.update(Msg::Tick),
            // A resize (or anything else) just redraws at the top of the loop.
            Some(_) => {}
        }
    }
}

/// Puts the terminal back into the app's mode after the process was continued.
fn reenter() -> io::Result<()> {
    use ratatui::crossterm::{execute, terminal};
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), terminal::EnterAlternateScreen)
}

/// Restores the terminal and exits when the process is told to stop, so a `kill` or a closed
/// window never leaves the shell in raw mode. Every write is a transaction, so stopping between
/// two events loses nothing that was shown as saved. A stop (SIGTSTP, or background terminal
/// I/O) restores the terminal first and takes it back, redrawn, on SIGCONT.
pub fn restore_on_signals() -> io::Result<()> {
    use signal_hook::consts::{
        SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2,
        SIGWINCH,
    };
    let mut signals = signal_hook::iterator::Signals::new([
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT,
    ])?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            match sig {
                SIGTSTP | SIGTTIN | SIGTTOU => {
                    let _ = ratatui::try_restore();
                    let _ = signal_hook::low_level::emulate_default_handler(sig);
                }
                SIGCONT => {
                    let _ = reenter();
                    RESUMED.store(true, Ordering::SeqCst);
                    // Wakes the event loop (it reads a resize) so the redraw happens at once.
                    let _ = signal_hook::low_level::raise(SIGWINCH);
                }
                _ => {
                    let _ = ratatui::try_restore();
                    std::process::exit(128 + sig);
                }
            }
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
