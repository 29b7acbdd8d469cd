//! Creating a new journal so that no process ever sees it half-made: it is built and migrated
//! under a name of its own beside the journal, then linked into place in one step.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::Connection;

use super::{Migration, Result, StoreError, create_private_file, migrate, private_dir_builder};

/// A half-made journal older than this was left by a `cramp` that was killed while creating
/// one; no creation takes this long.
const STALE_AFTER: Duration = Duration::from_mins(10);

/// Creates the journal at `path` (0600, new folders 0700), migrated to the latest schema. Many
/// processes may do this at once (issue 10 #11: eight at once sometimes saw a journal that was
/// still being made, "not a cramp journal" or "database is locked"): each builds its own copy,
/// the first link wins, and the others open the winner's.
pub(super) fn journal(path: &Path, migrations: &[Migration]) -> Result<()> {
    let create_err = |source| StoreError::Create { path: path.to_owned(), source };
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    private_dir_builder().create(folder).map_err(create_err)?;
    remove_stale(path);
    let temp = temp_name(path);
    create_private_file(&temp).map_err(|e| match e {
        StoreError::Create { source, .. } => create_err(source),
        other => other,
    })?;
    let built = build(&temp, path, migrations);
    let linked = built.and_then(|()| match fs::hard_link(&temp, path) {
        // Another process linked its journal first: that one is used.
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        // A file system without hard links: an empty file, which the migrations then fill
        // under SQLite's write lock.
        Err(_) => create_private_file(path),
    });
    remove_with_sidecars(&temp);
    linked
}

/// Migrates a new, empty file and switches it to WAL (kept in the file's header). Errors name
/// the journal being made, `path`.
fn build(temp: &Path, path: &Path, migrations: &[Migration]) -> Result<()> {
    let fail = |e: rusqlite::Error| super::classify(path, e);
    let mut conn = Connection::open(temp).map_err(fail)?;
    migrate::apply(&mut conn, migrations).map_err(fail)?;
    // Not every file system can hold WAL; the open that follows warns then.
    let _: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)).map_err(fail)?;
    conn.close().map_err(|(_, e)| fail(e))
}

/// `.journal.db.creating-PID-NANOS` beside the journal: hidden, and unique to this attempt.
fn temp_name(path: &Path) -> PathBuf {
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let name = path.file_name().map_or_else(|| "journal".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.creating-{}-{nanos}", std::process::id()))
}

fn remove_with_sidecars(file: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        let _ = fs::remove_file(name);
    }
}

/// Removes half-made journals (and their sidecars) left by a `cramp` killed while creating one.
fn remove_stale(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else { return };
    let prefix = format!(".{name}.creating-");
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    for entry in fs::read_dir(folder).into_iter().flatten().flatten() {
        let stale = entry.file_name().to_str().is_some_and(|n| n.starts_with(&prefix))
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_AFTER));
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}
