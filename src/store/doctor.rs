//! What `cramp doctor` reads from the journal and its backups: the schema version, a full
//! `PRAGMA integrity_check`, the last logged night, and whether the newest backup opens as a
//! sound cramp journal. Reads only.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, Result, SCHEMA_VERSION, Store, backup, immutable_uri};

/// The journal's own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalHealth {
    pub schema_version: i64,
    /// `Ok` when `PRAGMA integrity_check` says "ok", else what it found.
    pub integrity: std::result::Result<(), String>,
    pub nights: i64,
    pub last_logged: Option<NaiveDate>,
}

impl Store {
    /// Reads the journal's version and checks every page and index.
    pub fn health(&self) -> Result<JournalHealth> {
        self.read(|c| {
            let schema_version = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
            let (nights, last): (i64, Option<String>) =
                c.query_row("SELECT count(*), max(date) FROM nights", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let last_logged = last.map(|d| super::nights::parse_date("nights", &d)).transpose()?;
            Ok(JournalHealth { schema_version, integrity: backup::integrity(c), nights, last_logged })
        })
    }

    /// The backups in the backups folder (daily, made by `cramp backup`, saved before a
    /// restore): files named `STEM-….db` that start like a cramp journal, newest first by
    /// modification time. The copies made before a migration lie beside the journal instead.
    pub fn backups(&self) -> Vec<(PathBuf, Option<SystemTime>)> {
        let prefix = format!("{}-", self.stem());
        let mut found: Vec<(PathBuf, Option<SystemTime>)> = fs::read_dir(self.backups_dir())
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with(&prefix) && name.ends_with(".db")
            })
            .map(|e| e.path())
            .filter(|p| backup::is_cramp_file(p))
            .map(|p| {
                let modified = fs::metadata(&p).and_then(|m| m.modified()).ok();
                (p, modified)
            })
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
        found
    }
}

/// Whether `path` would restore: a cramp journal from this cramp or an older one that passes
/// `PRAGMA integrity_check`. Opened read-only as it stands, so checking writes nothing there.
pub fn check_backup(path: &Path) -> std::result::Result<(), String> {
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(immutable_uri(path), flags).map_err(|e| e.to_string())?;
    let read = |pragma: &str| -> std::result::Result<i64, String> {
        conn.pragma_query_value(None, pragma, |r| r.get(0)).map_err(|e| e.to_string())
    };
    if read("application_id")? != i64::from(APPLICATION_ID) {
        return Err("it is not a cramp journal".to_owned());
    }
    let version = read("user_version")?;
    if version > SCHEMA_VERSION {
        return Err(format!("it is from a newer cramp (schema version {version})"));
    }
    backup::integrity(&conn)
}
