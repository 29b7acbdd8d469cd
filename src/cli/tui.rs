//! Starting the full-screen app from the command line.

use std::io::{self, IsTerminal};

use super::{CliResult, Context, usage};
use crate::app::run::{Clock, launch};
use crate::app::{App, Msg};
use crate::model::Zone;
use crate::ui::theme::Theme;

/// Opens the app; with `capture`, straight into the night-capture timer, leaving when it ends.
pub fn run(ctx: &Context, capture: bool) -> CliResult {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(usage(
            "the full-screen app needs a terminal; for scripts use the commands in cramp --help",
        ));
    }
    let store = ctx.open()?;
    // A frozen CRAMP_NOW keeps scripted sessions repeatable; otherwise the real clock runs.
    let clock = if std::env::var_os("CRAMP_NOW").is_some() {
        Clock::Fixed(ctx.now.fixed_offset())
    } else {
        Clock::System
    };
    let mut app = App::new(store, Zone::Local, clock.now(), Theme::from_env())?;
    app.options.panic_key = std::env::var_os("CRAMP_TEST_PANIC_KEY").is_some();
    if capture {
        app.options.quit_after_capture = true;
        app.update(Msg::StartCapture);
    }
    launch(&mut app, clock)?;
    if capture || app.status.error {
        println!("{}", app.status.text);
    }
    Ok(())
}
