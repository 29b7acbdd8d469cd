//! Copies of the journal: one automatically on the first write of each day (the newest
//! [`BACKUPS_KEPT`] are kept), one before any migration, and on demand.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, BUSY_TIMEOUT, Result, Store, StoreError, private_dir_builder};
use crate::tempfile_safe;

/// How many automatic daily backups are kept.
pub const BACKUPS_KEPT: usize = 7;

/// `Ok` when `PRAGMA integrity_check` finds nothing wrong; otherwise what it found.
pub(super) fn integrity(conn: &Connection) -> std::result::Result<(), String> {
    super::pragma_check(conn, "integrity_check")
}

impl Store {
    /// The folder beside the journal where backups go.
    #[must_use]
    pub fn backups_dir(&self) -> PathBuf {
        self.real_path().parent().unwrap_or(Path::new(".")).join("backups")
    }

    /// The journal itself, when `path` is a symbolic link to it: backups go beside the file they
    /// copy, not beside a link that may be removed or point elsewhere tomorrow.
    fn real_path(&self) -> PathBuf {
        std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone())
    }

    pub(super) fn stem(&self) -> String {
        self.real_path()
            .file_stem()
            .map_or_else(|| "journal".to_owned(), |s| s.to_string_lossy().into_owned())
    }

    /// Where `cramp backup` puts a copy when no file is named; `stamp` makes it unique.
    #[must_use]
    pub fn manual_backup_path(&self, stamp: &str) -> PathBuf {
        self.backups_dir().join(format!("{}-{stamp}.db", self.stem()))
    }

    /// Writes a consistent copy of the journal to `dest` (which must not exist), checks the copy
    /// with `PRAGMA integrity_check`, and only then gives it its name. The copy is made in a new
    /// private folder beside `dest` (see [`tempfile_safe::create_dir_beside`]): SQLite opens its
    /// `-journal` and `-wal` files by name, and in a shared folder another user could plant
    /// those, or the copy itself, at a name next to the destination.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let fail = |detail: String| StoreError::Backup { path: dest.to_owned(), detail };
        let taken =
            || StoreError::Rejected(format!("{} already exists; choose another file name", dest.display()));
        if dest.symlink_metadata().is_ok() {
            return Err(taken());
        }
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            private_dir_builder()
                .create(parent)
                .map_err(|source| StoreError::Create { path: dest.to_owned(), source })?;
        }
        let work = tempfile_safe::create_dir_beside(dest).map_err(|e| fail(e.to_string()))?;
        if dest.parent() == Some(self.backups_dir().as_path()) {
            self.sweep_old_partials(&work);
        }
        let partial = work.join("copy.db");
        let result = (|| {
            tempfile_safe::new_file_options().open(&partial).map_err(|e| fail(e.to_string()))?;
            let mut copy = Connection::open(&partial).map_err(|e| fail(e.to_string()))?;
            {
                let backup = Backup::new(&self.conn, &mut copy).map_err(|e| fail(e.to_string()))?;
                // One step copies every page under one read lock: the copy is a single moment.
                loop {
                    match backup.step(-1).map_err(|e| fail(e.to_string()))? {
                        StepResult::Done => break,
                        // More, Busy or Locked: another connection holds the file for a moment.
                        _ => std::thread::sleep(std::time::Duration::from_millis(20)),
                    }
                }
            }
            integrity(&copy)
                .map_err(|found| fail(format!("the copy failed its integrity check: {found}")))?;
            // The copy is a plain rollback-journal file: one file, easy to mail or restore.
            copy.pragma_update(None, "journal_mode", "DELETE").map_err(|e| fail(e.to_string()))?;
            drop(copy);
            tempfile_safe::link_new(&partial, dest).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists { taken() } else { fail(e.to_string()) }
            })
        })();
        // With any journal SQLite left beside the copy; `dest` is a link of its own.
        let _ = fs::remove_dir_all(&work);
        result
    }

    /// Sweeps what an older cramp, killed while making a backup, left in the backups folder:
    /// `{stem}-….db.partial-{pid}` and SQLite's files beside it, when that process is gone.
    fn sweep_old_partials(&self, ours: &Path) {
        let prefix = format!("{}-", self.stem());
        tempfile_safe::sweep(&self.backups_dir(), ours, |name| {
            let rest = name.strip_prefix(prefix.as_bytes())?;
            let at = rest.windows(12).position(|w| w == b".db.partial-")?;
            // `{stem}-….db` was the backup's name; what follows it, the old temporary suffix.
            tempfile_safe::old_temp_pid(name, &name[..prefix.len() + at + 3])
        });
    }

    /// Before a migration: a copy named for the version it came from, beside the journal.
    pub(super) fn backup_before_migration(&self, version: i64) -> Result<PathBuf> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let mut n = 0;
        let dest = loop {
            let suffix = if n == 0 { String::new() } else { format!("-{n}") };
            let candidate = dir.join(format!("{}.schema-v{version}{suffix}.bak.db", self.stem()));
            if !candidate.exists() {
                break candidate;
            }
            n += 1;
        };
        self.backup_to(&dest)?;
        Ok(dest)
    }

    fn daily_backup_path(&self, day: NaiveDate) -> PathBuf {
        self.backups_dir().join(format!("{}-auto-{day}.db", self.stem()))
    }

    /// On the first write of the day, saves yesterday's state; a failure is a warning, not a
    /// reason to refuse the person's entry.
    pub(super) fn daily_backup(&mut self) {
        let Some(today) = self.today.take() else { return };
        let dest = self.daily_backup_path(today);
        if dest.exists() || !self.holds_anything() {
            return;
        }
        match self.daily_backup_locked(&dest) {
            Ok(true) => self.prune_daily_backups(today),
            // Another cramp made today's backup while this one waited for the lock.
            Ok(false) => {}
            Err(e) => self.warnings.push(format!("the daily backup was not made: {e}")),
        }
    }

    /// Makes the daily backup while holding the journal's write lock, taken on a second
    /// connection (SQLite cannot copy through a connection that is writing). Every daily backup
    /// is made under this lock, so a half-made copy found now was left by a `cramp` that was
    /// killed or crashed while making one: it is removed here, or such copies would pile up in
    /// the backups folder for ever. Returns `false` when the backup already exists.
    fn daily_backup_locked(&self, dest: &Path) -> Result<bool> {
        let fail = |detail: String| StoreError::Backup { path: dest.to_owned(), detail };
        let lock = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| fail(e.to_string()))?;
        lock.busy_timeout(BUSY_TIMEOUT).map_err(|e| fail(e.to_string()))?;
        lock.execute_batch("BEGIN IMMEDIATE").map_err(|e| fail(e.to_string()))?;
        if dest.exists() {
            return Ok(false);
        }
        private_dir_builder().create(self.backups_dir()).map_err(|e| fail(e.to_string()))?;
        self.remove_stale_daily_partials();
        self.backup_to(dest)?;
        // Dropping `lock` ends its empty transaction, which releases the lock.
        Ok(true)
    }

    /// Removes daily-backup copies (and SQLite's files beside them) that were cut off half-made:
    /// cramp's temporary folders for `{stem}-auto-DATE.db`, and an older cramp's
    /// `{stem}-auto-DATE.db.partial-PID` files. Only called under the write lock: no live `cramp`
    /// can be making one then.
    fn remove_stale_daily_partials(&self) {
        let prefix = format!("{}-auto-", self.stem());
        let dated = |rest: &str| rest.get(..10).is_some_and(|day| day.parse::<NaiveDate>().is_ok());
        for entry in fs::read_dir(self.backups_dir()).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let old = name.strip_prefix(&prefix).is_some_and(|rest| {
                dated(rest) && rest.get(10..).is_some_and(|tail| tail.starts_with(".db.partial-"))
            });
            let new = name.strip_prefix('.').and_then(|n| n.strip_prefix(&prefix)).is_some_and(|rest| {
                dated(rest) && rest.get(10..).is_some_and(|tail| tail.starts_with(".db.cramp.partial-"))
            });
            // Never through a symlink, which is no copy of ours.
            match entry.path().symlink_metadata() {
                Ok(meta) if new && meta.is_dir() => {
                    let _ = fs::remove_dir_all(entry.path());
                }
                Ok(meta) if (old || new) && meta.is_file() => {
                    let _ = fs::remove_file(entry.path());
                }
                _ => {}
            }
        }
    }

    fn holds_anything(&self) -> bool {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM nights) OR EXISTS (SELECT 1 FROM medications)",
                [],
                |r| r.get(0),
            )
            .unwrap_or(true)
    }

    /// The automatic backups, oldest first: files named `{stem}-auto-DATE.db` that are cramp
    /// journals (an SQLite header with cramp's application id), whatever their date.
    pub fn daily_backups(&self) -> Vec<PathBuf> {
        self.daily_backup_names().into_iter().filter(|(_, p)| is_cramp_file(p)).map(|(_, p)| p).collect()
    }

    /// Every file named like a daily backup, with its date, oldest first.
    fn daily_backup_names(&self) -> Vec<(NaiveDate, PathBuf)> {
        let prefix = format!("{}-auto-", self.stem());
        let mut found: Vec<(NaiveDate, PathBuf)> = fs::read_dir(self.backups_dir())
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name();
                let day = name
                    .to_str()?
                    .strip_prefix(&prefix)?
                    .strip_suffix(".db")
                    .filter(|day| day.len() == 10)?
                    .parse::<NaiveDate>()
                    .ok()?;
                Some((day, entry.path()))
            })
            .collect();
        found.sort();
        found
    }

    /// Keeps the newest [`BACKUPS_KEPT`] of the daily backups dated up to `today`. Ones dated
    /// later were made while the clock was wrong (or are not what they seem): they are neither
    /// counted nor removed, or seven of them would push out every real one; a warning says so.
    /// Files that are not cramp journals (planted, or cut off) are never touched.
    fn prune_daily_backups(&mut self, today: NaiveDate) {
        let (real, future): (Vec<_>, Vec<_>) =
            self.daily_backup_names().into_iter().partition(|(day, _)| *day <= today);
        let real: Vec<_> = real.into_iter().filter(|(_, path)| is_cramp_file(path)).collect();
        for (_, old) in real.iter().take(real.len().saturating_sub(BACKUPS_KEPT)) {
            if let Err(e) = fs::remove_file(old) {
                self.warnings.push(format!("could not remove the old backup {}: {e}", old.display()));
            }
        }
        let dir = self.backups_dir();
        let warning = match future.as_slice() {
            [] => return,
            [(day, _)] => format!(
                "{} holds an automatic backup dated after today ({today}): {day}. Was the clock \
                 wrong? It is kept and not counted among the newest {BACKUPS_KEPT}; remove it once \
                 it is not needed",
                dir.display()
            ),
            [.., (newest, _)] => format!(
                "{} holds {} automatic backups dated after today ({today}), the latest {newest}. \
                 Was the clock wrong? They are kept and not counted among the newest \
                 {BACKUPS_KEPT}; remove them once they are not needed",
                dir.display(),
                future.len()
            ),
        };
        self.warnings.push(warning);
    }
}

/// Whether `path` is a regular file (not a symlink) that starts like a cramp journal: SQLite's
/// header with cramp's application id at byte 68.
pub(super) fn is_cramp_file(path: &Path) -> bool {
    use std::io::Read;
    if !path.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut header = [0u8; 72];
    let read = fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    read.is_ok() && header.starts_with(b"SQLite format 3\0") && header[68..72] == APPLICATION_ID.to_be_bytes()
}
