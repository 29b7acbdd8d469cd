//! The app in a real pseudo-terminal (tmux, on a private socket): logging a night by
//! keystrokes, and the terminal left in its normal mode after quitting and after SIGTERM.
//! These tests wait for the screen to show things (polling with a deadline), never for time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use cramp_journal::store::Store;

/// A tmux server of our own running one script in an 80×24 window.
struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    fn start(name: &str, app_env: &str) -> Self {
        assert!(
            Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success()),
            "these tests need tmux (apt-get install tmux); .ci/run installs it"
        );
        let dir = tempfile::tempdir().unwrap();
        let socket = format!("cramp-test-{name}-{}", std::process::id());
        let bin = assert_cmd::cargo::cargo_bin("cramp");
        let d = dir.path().display();
        // The app runs in a child shell whose pid is the app's (exec); afterwards the outer
        // shell records the exit status and the terminal's mode, then stays so the pane can be read.
        let script = format!(
            "#!/bin/sh\n\
             sh -c 'echo $$ > \"{d}/pid\"; {app_env} exec \"{bin}\"'\n\
             echo \"EXIT:$?\"\n\
             stty -a > \"{d}/stty.tmp\" && mv \"{d}/stty.tmp\" \"{d}/stty\"\n\
             exec sleep 60\n",
            bin = bin.display()
        );
        let path = dir.path().join("run.sh");
        std::fs::write(&path, script).unwrap();
        let t = Self { socket, dir };
        t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "80",
            "-y",
            "24",
            "sh",
            path.to_str().unwrap(),
        ]);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Waits until the screen shows `text`, or fails with what it shows instead.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {text:?}; the screen shows:\n{screen}");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the screen no longer shows `text`.
    fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.screen().contains(text) {
            assert!(Instant::now() < deadline, "timed out waiting for {text:?} to go:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn wait_for_file(&self, name: &str) -> String {
        let path = self.dir.path().join(name);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !path.exists() {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {name}; the screen shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
        std::fs::read_to_string(path).unwrap()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
    }
}

fn env_for(db: &Path) -> String {
    format!(
        "CRAMP_DB=\"{}\" CRAMP_NOW=2026-11-28T09:00:00+01:00 TZ=CET-1CEST,M3.5.0,M10.5.0/3 NO_COLOR=1",
        db.display()
    )
}

/// Canonical mode and echo are on again: the shell can be typed into.
fn assert_cooked(stty: &str) {
    let words: Vec<&str> = stty.split_whitespace().collect();
    for flag in ["icanon", "echo", "isig"] {
        assert!(words.contains(&flag), "terminal left without {flag}:\n{stty}");
    }
}

#[test]
fn log_a_night_by_keystrokes_then_quit_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let t = Tmux::start("log", &env_for(&db));
    t.wait_for("Welcome to cramp");
    t.send(&["l"]);
    t.wait_for("Last night, Fri 27 Nov 2026");
    t.send(&["1.5l", "Tab", "h", "C-s"]);
    t.wait_for("Saved the night of Fri 27 Nov: cramp-free.");
    t.send(&["q"]);
    let stty = t.wait_for_file("stty");
    assert_cooked(&stty);
    t.wait_for("EXIT:0");
    assert!(!t.screen().contains("1 Week"), "the app's screen was left behind:\n{}", t.screen());
    let store = Store::open(&db).unwrap();
    let night = store.night("2026-11-27".parse().unwrap()).unwrap().expect("the night was saved");
    assert_eq!(night.fluid.unwrap().get(), 1500);
    assert_eq!(night.activity.unwrap().as_str(), "hard");
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let t = Tmux::start("term", &env_for(&db));
    t.wait_for("Welcome to cramp");
    t.send(&["l"]);
    t.wait_for("Last night, Fri 27 Nov 2026");
    let pid = t.wait_for_file("pid");
    let status = Command::new("kill").args(["-TERM", pid.trim()]).status().unwrap();
    assert!(status.success());
    let stty = t.wait_for_file("stty");
    assert_cooked(&stty);
    t.wait_for("EXIT:143");
}

#[test]
fn a_panic_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let t = Tmux::start("panic", &format!("CRAMP_TEST_PANIC_KEY=1 {}", env_for(&db)));
    t.wait_for("Welcome to cramp");
    t.send(&["F12"]);
    let stty = t.wait_for_file("stty");
    assert_cooked(&stty);
    // Rust's exit status for a panic: not success, and the shell prompt is usable again.
    t.wait_for("EXIT:101");
}

fn kill(sig: &str, pid: &str) {
    assert!(Command::new("kill").args([sig, pid.trim()]).status().unwrap().success(), "kill {sig} {pid}");
}

/// Waits until the process has really stopped. The app gives the terminal back first and then
/// stops itself, so a continue sent as soon as the screen clears can arrive before the stop
/// and be lost; under load that window is wide enough to hit.
fn wait_stopped(pid: &str) {
    let stat = format!("/proc/{}/stat", pid.trim());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        // The state is the field after the parenthesised command name.
        let text = std::fs::read_to_string(&stat).unwrap_or_default();
        let state = text.rsplit(')').next().and_then(|rest| rest.split_whitespace().next());
        if state == Some("T") {
            return;
        }
        assert!(Instant::now() < deadline, "the app did not stop: {text}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Issue 10 finding 19: after a stop and a continue the app did not redraw and keys were
/// echoed; now a stop gives the terminal back and a continue takes it again, redrawn.
#[test]
fn a_stop_gives_the_terminal_back_and_a_continue_redraws() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let t = Tmux::start("stop", &env_for(&db));
    t.wait_for("Welcome to cramp");
    t.send(&["l"]);
    t.wait_for("Last night, Fri 27 Nov 2026");
    let pid = t.wait_for_file("pid");
    kill("-TSTP", &pid);
    t.wait_gone("Last night, Fri 27 Nov 2026");
    wait_stopped(&pid);
    kill("-CONT", &pid);
    t.wait_for("Last night, Fri 27 Nov 2026");
    t.send(&["1.5l", "C-s"]);
    t.wait_for("Saved the night of Fri 27 Nov");
    // Ctrl-Z inside the app is the same stop.
    t.send(&["C-z"]);
    t.wait_gone("Saved the night of Fri 27 Nov");
    wait_stopped(&pid);
    kill("-CONT", &pid);
    t.wait_for("Saved the night of Fri 27 Nov");
    t.send(&["q"]);
    assert_cooked(&t.wait_for_file("stty"));
    t.wait_for("EXIT:0");
    assert!(!t.screen().contains("1.5l"), "keys were echoed onto the shell:\n{}", t.screen());
    let night = Store::open(&db).unwrap().night("2026-11-27".parse().unwrap()).unwrap().unwrap();
    assert_eq!(night.fluid.unwrap().get(), 1500);
}

/// Issue 10 finding 19: SIGUSR1 or SIGALRM ended the app with the alternate screen still on.
#[test]
fn other_terminating_signals_restore_the_terminal() {
    for (sig, code) in [("-USR1", "EXIT:138"), ("-ALRM", "EXIT:142")] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("journal.db");
        let t = Tmux::start(&format!("sig{}", &sig[1..]), &env_for(&db));
        t.wait_for("Welcome to cramp");
        kill(sig, &t.wait_for_file("pid"));
        assert_cooked(&t.wait_for_file("stty"));
        t.wait_for(code);
        assert!(!t.screen().contains("1 Week"), "{sig}: the app's screen was left behind:\n{}", t.screen());
    }
}

/// Issue 11: strength 10 is reachable in the capture, typed as 1 then 0, and a wrong digit is
/// taken back with Backspace before Enter saves it.
#[test]
fn the_capture_takes_a_strength_of_ten() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let env = env_for(&db).replace("2026-11-28T09:00:00+01:00", "2026-11-28T03:10:00+01:00");
    let t = Tmux::start("ten", &env);
    t.wait_for("Welcome to cramp");
    t.send(&["c"]);
    t.wait_for("Cramp saved at 03:10");
    t.send(&["Enter"]);
    t.wait_for("How strong, 0–10? [_]");
    t.send(&["7"]);
    t.wait_for("How strong, 0–10? [7]");
    t.send(&["BSpace", "1", "0"]);
    t.wait_for("How strong, 0–10? [10]");
    t.send(&["Enter"]);
    t.wait_for("strength 10/10");
    t.send(&["q"]);
    t.wait_for("EXIT:0");
    let night = Store::open(&db).unwrap().night("2026-11-27".parse().unwrap()).unwrap().unwrap();
    assert_eq!(night.episodes.len(), 1);
    assert_eq!(night.episodes[0].intensity.unwrap().get(), 10);
}
