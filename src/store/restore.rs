//! `cramp restore`: a backup put back in place of the journal through SQLite's online backup
//! API, never by copying files. A copy laid over a journal whose `-wal` lies beside it has that
//! log replayed onto it, which damages it (issue 10 #1); written through SQLite, the log is part
//! of what is overwritten.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{
    APPLICATION_ID, BUSY_TIMEOUT, MIGRATIONS, Result, SCHEMA_VERSION, Store, StoreError, check_file,
    create_private_file, immutable_uri, migrate, private_dir_builder, quick_check,
};

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// Where the journal as it was before is kept; `None` when there was none.
    pub saved: Option<PathBuf>,
    /// Nights in the restored journal.
    pub nights: i64,
}

/// Checks `backup` (a cramp journal, no newer than this cramp, holding only what the migrations
/// make, passing `PRAGMA quick_check`), saves the journal at `journal` into the backups folder
/// beside it as `STEM-before-restore-STAMP.db`, and writes the backup into the journal through
/// the backup API, which holds the journal's write lock while it copies. A backup from an older
/// cramp is upgraded by the open that follows, with its own backup first.
pub fn restore(journal: &Path, backup: &Path, stamp: &str) -> Result<Restored> {
    let refuse = |reason: String| StoreError::RestoreRefused { backup: backup.to_owned(), reason };
    let source = checked_copy(backup).map_err(|e| match e {
        StoreError::RestoreRefused { .. } => e,
        other => refuse(other.to_string()),
    })?;
    let nights: i64 = source
        .query_row("SELECT count(*) FROM nights", [], |r| r.get(0))
        .map_err(|e| refuse(e.to_string()))?;

    let exists = fs::metadata(journal).is_ok_and(|m| m.len() > 0);
    if fs::metadata(journal).is_ok_and(|m| m.is_dir()) {
        return Err(StoreError::IsFolder { path: journal.to_owned() });
    }
    if exists {
        refuse_foreign(journal)?;
    } else {
        create_private_file(journal)?;
    }
    let mut live = Connection::open_with_flags(
        journal,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::classify(journal, e))?;
    live.busy_timeout(BUSY_TIMEOUT).map_err(|e| super::classify(journal, e))?;
    let saved = if exists { Some(save_aside(&live, journal, stamp)?) } else { None };
    let fail = |detail: String| StoreError::Backup { path: journal.to_owned(), detail };
    copy_all(&source, &mut live)
        .map_err(|e| fail(format!("the restore did not finish ({e}); the journal is as it was")))?;
    // The copied header says rollback journal; cramp keeps its journal in WAL.
    let _ = live.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
    quick_check(&live).map_err(|found| fail(format!("the restored journal failed its check: {found}")))?;
    drop(live);
    // The ordinary open upgrades an older backup and proves the journal opens.
    drop(Store::open(journal)?);
    Ok(Restored { saved, nights })
}

/// Refuses to overwrite another program's database named as the journal by mistake: an SQLite
/// file without cramp's application id that holds anything. (A damaged journal, even one whose
/// header is gone, is restored over: it is saved aside first.)
fn refuse_foreign(journal: &Path) -> Result<()> {
    let mut header = [0u8; 72];
    let read = fs::File::open(journal)
        .and_then(|mut f| super::read_up_to(&mut f, &mut header))
        .map_err(|source| StoreError::Read { path: journal.to_owned(), source })?;
    // Bytes 68–71: the application id, big-endian.
    let app_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if read < header.len() || !header.starts_with(super::SQLITE_MAGIC) || app_id == APPLICATION_ID {
        return Ok(());
    }
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let objects = Connection::open_with_flags(immutable_uri(journal), flags)
        .and_then(|c| c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)));
    if app_id != 0 || objects.is_ok_and(|n| n > 0) {
        return Err(StoreError::NotCramp { path: journal.to_owned() });
    }
    Ok(())
}

/// The backup, read once into memory and checked there: what was checked is what is restored,
/// and the backup's own file is only read.
fn checked_copy(backup: &Path) -> Result<Connection> {
    let refuse = |reason: String| StoreError::RestoreRefused { backup: backup.to_owned(), reason };
    match fs::metadata(backup) {
        Ok(meta) if meta.is_dir() => return Err(refuse("it is a folder, not a backup file".into())),
        Ok(meta) if meta.len() == 0 => return Err(refuse("it is empty".into())),
        Ok(_) => {}
        Err(e) => return Err(refuse(e.to_string())),
    }
    check_file(backup)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    // A backup is a plain file; `immutable` keeps SQLite from making -shm files beside it.
    let file = Connection::open_with_flags(immutable_uri(backup), flags | OpenFlags::SQLITE_OPEN_URI)
        .map_err(|e| refuse(super::classify(backup, e).to_string()))?;
    let mut memory = Connection::open_in_memory().map_err(|e| refuse(e.to_string()))?;
    copy_all(&file, &mut memory).map_err(|e| refuse(super::classify(backup, e).to_string()))?;
    drop(file);
    let read = |pragma: &str| -> Result<i64> {
        memory
            .pragma_query_value(None, pragma, |r| r.get(0))
            .map_err(|e| refuse(super::classify(backup, e).to_string()))
    };
    if read("application_id")? != i64::from(APPLICATION_ID) {
        return Err(refuse("it is an SQLite database but not a cramp journal".into()));
    }
    let version = read("user_version")?;
    if version > SCHEMA_VERSION {
        return Err(refuse(format!(
            "it was written by a newer cramp (schema version {version}; this one knows up to {SCHEMA_VERSION})"
        )));
    }
    quick_check(&memory).map_err(|found| refuse(format!("it is damaged ({found})")))?;
    let expected = migrate::expected_schema(MIGRATIONS, version).map_err(|e| refuse(e.to_string()))?;
    let found = migrate::schema_of(&memory).map_err(|e| refuse(e.to_string()))?;
    if let Some(problem) = migrate::schema_difference(&found, &expected) {
        return Err(refuse(format!("it {problem}")));
    }
    Ok(memory)
}

/// Copies every page of `from` into `to` in one step: one consistent moment of `from`, and
/// `to` locked for writing throughout. Waits out other writers as a write does.
fn copy_all(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let started = Instant::now();
    let backup = Backup::new(from, to)?;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            // Busy or Locked: another connection holds a file for a moment.
            _ if started.elapsed() < BUSY_TIMEOUT => std::thread::sleep(std::time::Duration::from_millis(20)),
            _ => {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some("another cramp kept the journal busy".into()),
                ));
            }
        }
    }
}

/// Saves the journal as it is, damaged or not, through SQLite (so its -wal is part of the copy)
/// into `backups/STEM-before-restore-STAMP.db`; if SQLite cannot read it at all, its bytes.
fn save_aside(live: &Connection, journal: &Path, stamp: &str) -> Result<PathBuf> {
    // Beside the file itself when `journal` is a symbolic link, as every backup.
    let real = fs::canonicalize(journal).unwrap_or_else(|_| journal.to_owned());
    let journal = real.as_path();
    let folder =
        journal.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("backups");
    let fail = |detail: String| StoreError::Backup { path: folder.clone(), detail };
    private_dir_builder().create(&folder).map_err(|e| fail(e.to_string()))?;
    let stem = journal.file_stem().map_or_else(|| "journal".to_owned(), |s| s.to_string_lossy().into_owned());
    let dest = (0..1000)
        .map(|n| {
            let suffix = if n == 0 { String::new() } else { format!("-{n}") };
            folder.join(format!("{stem}-before-restore-{stamp}{suffix}.db"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| folder.join(format!("{stem}-before-restore.db")));
    let mut partial = dest.as_os_str().to_owned();
    partial.push(format!(".partial-{}", std::process::id()));
    let partial = PathBuf::from(partial);
    let _ = fs::remove_file(&partial);
    create_private_file(&partial)?;
    let copied = Connection::open(&partial).and_then(|mut copy| {
        copy_all(live, &mut copy)?;
        // One plain file, like every backup; a damaged copy may refuse, and stays as it is.
        let _ = copy.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0));
        Ok(())
    });
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut file = partial.as_os_str().to_owned();
        file.push(suffix);
        let _ = fs::remove_file(file);
    }
    if copied.is_err() {
        // Not readable as SQLite: keep its bytes, so nothing of it is lost.
        fs::copy(journal, &partial).map_err(|e| fail(e.to_string()))?;
    }
    fs::rename(&partial, &dest).map_err(|e| fail(e.to_string()))?;
    Ok(dest)
}
