//! Shared helpers for the CLI tests: a journal in a temporary folder, a fixed clock and zone.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsStr;
use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

/// Central European time with its real daylight-saving rules, as a POSIX TZ string so the tests
/// need no time-zone database.
pub const TZ_CET: &str = "CET-1CEST,M3.5.0,M10.5.0/3";
/// Saturday morning: the night that has just ended is Friday 2026-11-27.
pub const MORNING: &str = "2026-11-28T09:00:00+01:00";

/// Whether the tests run in CI (`CI` set to anything but empty, `0` or `false`, as CI services
/// set it): there a test that cannot do what it checks fails instead of skipping, so a missing
/// tool or privilege cannot turn a check green unnoticed.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// The `cramp` binary under test.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("cramp")
}

pub struct Journal {
    pub dir: TempDir,
    pub db: PathBuf,
    pub now: String,
}

impl Journal {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("journal.db");
        Self { dir, db, now: MORNING.to_owned() }
    }

    pub fn at(mut self, now: &str) -> Self {
        now.clone_into(&mut self.now);
        self
    }

    /// `cramp` on this journal at this journal's "now".
    pub fn cmd(&self, args: &[&str]) -> Command {
        Command::from_std(self.std_cmd(args))
    }

    /// The same command as [`Journal::cmd`], as a plain `std` command: for tests that spawn,
    /// time and kill the process themselves.
    pub fn std_cmd<S: AsRef<OsStr>>(&self, args: &[S]) -> std::process::Command {
        let mut cmd = std::process::Command::new(bin());
        cmd.env_clear()
            .env("CRAMP_DB", &self.db)
            .env("CRAMP_NOW", &self.now)
            .env("TZ", TZ_CET)
            .env("HOME", self.dir.path())
            .args(args);
        cmd
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "cramp {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects exit status 2 with one line on stderr; returns that line.
    pub fn usage_error(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "cramp {args:?} should exit 2; stderr: {stderr}");
        assert!(out.stdout.is_empty(), "cramp {args:?} printed to stdout on error");
        assert_eq!(stderr.trim_end().lines().count(), 1, "cramp {args:?} should print one line:\n{stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        stderr.trim_end().to_owned()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Every byte of the journal's files, to prove a command changed nothing.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort();
        files
    }
}
