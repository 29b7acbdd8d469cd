//! The only place with SQL: opening (and refusing) journal files, migrations, backups, and every
//! query. One user action is one transaction.

mod backup;
mod import;
mod meds;
mod migrate;
mod nights;
mod profile;
mod suspects;

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

pub use backup::BACKUPS_KEPT;
pub use import::{ImportBatch, ImportCounts};
pub use meds::{MedEdit, NewSchedule};
pub use migrate::{MIGRATIONS, Migration, SCHEMA_VERSION};
pub use nights::EpisodeId;

/// Identifies a cramp journal among SQLite files (`PRAGMA application_id`): "CRMP".
pub const APPLICATION_ID: i32 = 0x4352_4D50;

/// How long a writer waits for another `cramp` process to finish before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Everything that can go wrong with the journal file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} is not an SQLite database, so cramp left it untouched; pass --db with a journal file or a new path"
    )]
    NotSqlite { path: PathBuf },
    #[error("{path} is an SQLite database but not a cramp journal, so cramp left it untouched")]
    NotCramp { path: PathBuf },
    #[error(
        "{path} was written by a newer cramp (schema version {found}; this one knows up to {known}), so it was left untouched; update cramp to open it"
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("{path} is a folder, not a journal file")]
    IsFolder { path: PathBuf },
    #[error("cannot create {path}: {source}")]
    Create { path: PathBuf, source: io::Error },
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path} is read-only, so nothing was changed")]
    ReadOnly { path: PathBuf },
    #[error(
        "the folder {folder} is read-only, and cramp must write beside the journal there (its -wal and -shm files), so nothing was changed"
    )]
    FolderReadOnly { folder: PathBuf },
    #[error("the disk holding {path} is full, so nothing was changed")]
    DiskFull { path: PathBuf },
    /// The operating system refused a read or write: a full disk that reports itself oddly, a
    /// file-size limit, or failing hardware.
    #[error(
        "{path} could not be read or written ({detail}): the disk may be full or failing, so nothing was changed"
    )]
    Io { path: PathBuf, detail: String },
    #[error("{path} is damaged ({detail}); restore a copy from the backups folder beside it")]
    Corrupt { path: PathBuf, detail: String },
    #[error("backup to {path} failed: {detail}")]
    Backup { path: PathBuf, detail: String },
    #[error("{path}: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    /// A request that conflicts with what the journal holds (an unknown medicine, say): the
    /// person's input was wrong, not the file.
    #[error("{0}")]
    Rejected(String),
}

/// A bare SQLite error, before the store names the file it concerns.
impl From<rusqlite::Error> for StoreError {
    fn from(source: rusqlite::Error) -> Self {
        Self::Sqlite { path: PathBuf::new(), source }
    }
}

impl StoreError {
    /// A stored value the model refuses: only possible if the file was edited around its CHECK
    /// constraints. The path is filled in by the store.
    pub(crate) fn bad_data(detail: String) -> Self {
        Self::Corrupt { path: PathBuf::new(), detail }
    }

    /// Whether the person asked for something the journal cannot do, as opposed to a file fault.
    #[must_use]
    pub fn is_rejection(&self) -> bool {
        matches!(self, Self::Rejected(_))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open journal.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Set by the caller that knows the date; enables the first-write-of-the-day backup.
    today: Option<NaiveDate>,
    /// Problems that did not stop the action (a failed automatic backup), for the caller to show.
    warnings: Vec<String>,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens the journal at `path`, creating it (mode 0600, new folders 0700) when missing and
    /// migrating it when older. Files that are not cramp journals are refused without a write.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, MIGRATIONS)
    }

    /// [`Store::open`] against a given migration list, so tests can exercise upgrades.
    pub fn open_with(path: &Path, migrations: &[Migration]) -> Result<Self> {
        let fresh = prepare_file(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        let mut store = Self { conn, path: path.to_owned(), today: None, warnings: Vec::new() };
        store.configure().map_err(|e| classify(path, e))?;
        let version = store.check_identity(fresh, migrations)?;
        if version < migrations.len() as i64 {
            if version > 0 {
                store.backup_before_migration(version)?;
            }
            store.set_wal()?;
            migrate::apply(&mut store.conn, migrations).map_err(|e| store.err(e))?;
        }
        Ok(store)
    }

    /// Turns on the first-write-of-the-day backup, dated by the caller's clock.
    #[must_use]
    pub fn with_daily_backups(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Problems that did not stop an action, oldest first; clears them.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// Connection settings that live outside the file and must be set on every open.
    fn configure(&self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        // In WAL mode FULL makes each commit durable on its own, not only once checkpointed.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(())
    }

    /// Refuses files that are not cramp journals or come from a newer cramp; returns the schema
    /// version. Reads only.
    fn check_identity(&self, fresh: bool, migrations: &[Migration]) -> Result<i64> {
        let read = |pragma: &str| -> Result<i64> {
            self.conn
                .pragma_query_value(None, pragma, |r| r.get::<_, i64>(0))
                .map_err(|e| classify(&self.path, e))
        };
        let app_id = read("application_id")?;
        let version = read("user_version")?;
        let objects: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| classify(&self.path, e))?;
        let blank = app_id == 0 && version == 0 && objects == 0;
        if !blank && app_id != i64::from(APPLICATION_ID) {
            return Err(StoreError::NotCramp { path: self.path.clone() });
        }
        if version > migrations.len() as i64 {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known: migrations.len() as i64,
            });
        }
        debug_assert!(!fresh || blank);
        Ok(version)
    }

    /// WAL lets readers and one writer work at once; it is stored in the file, so set once.
    fn set_wal(&mut self) -> Result<()> {
        let mode: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            // Some file systems (network shares) cannot hold WAL; the journal still works.
            self.warnings.push(format!(
                "{} stays in {mode} journal mode: WAL is not available there",
                self.path.display()
            ));
        }
        Ok(())
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }

    /// Runs one user action as one immediate transaction: it lands whole or not at all. The
    /// immediate lock means a second `cramp` waits its turn instead of failing on upgrade.
    pub(crate) fn write<T>(&mut self, action: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.daily_backup();
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        let value = action(&tx).map_err(|e| locate(&path, e))?;
        tx.commit().map_err(|e| classify(&path, e))?;
        Ok(value)
    }

    /// Runs reads in one transaction so they see one consistent state.
    pub(crate) fn read<T>(&self, query: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let value = query(&tx).map_err(|e| locate(&self.path, e))?;
        tx.finish().map_err(|e| self.err(e))?;
        Ok(value)
    }

    /// Runs `PRAGMA integrity_check`; `Ok` when the file is sound.
    pub fn check_integrity(&self) -> Result<()> {
        backup::integrity(&self.conn)
            .map_err(|detail| StoreError::Corrupt { path: self.path.clone(), detail })
    }
}

/// Makes sure `path` can be opened: creates it (0600, new folders 0700) when missing; refuses a
/// folder or a file that is not SQLite. Returns whether the file was created just now.
fn prepare_file(path: &Path) -> Result<bool> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(StoreError::IsFolder { path: path.to_owned() }),
        Ok(meta) if meta.len() == 0 => Ok(true),
        Ok(meta) => {
            let mut header = [0u8; HEADER_LEN];
            let mut file =
                fs::File::open(path).map_err(|source| StoreError::Read { path: path.to_owned(), source })?;
            let read = read_up_to(&mut file, &mut header)
                .map_err(|source| StoreError::Read { path: path.to_owned(), source })?;
            if read < SQLITE_MAGIC.len() || &header[..SQLITE_MAGIC.len()] != SQLITE_MAGIC {
                return Err(StoreError::NotSqlite { path: path.to_owned() });
            }
            // With a write-ahead log beside it, SQLite rebuilds the file from the log first.
            if !has_wal(path) {
                check_whole(path, &header[..read], meta.len())?;
            }
            Ok(false)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            create_private_file(path)?;
            Ok(true)
        }
        Err(source) => Err(StoreError::Read { path: path.to_owned(), source }),
    }
}

/// Whether a write-ahead log with something in it lies beside the journal.
fn has_wal(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

/// The fixed part of an SQLite file's first page.
const HEADER_LEN: usize = 100;

/// Reads until `buf` is full or the file ends; returns how much was read.
fn read_up_to(file: &mut fs::File, buf: &mut [u8]) -> io::Result<usize> {
    let mut read = 0;
    while read < buf.len() {
        match file.read(&mut buf[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(read)
}

/// Refuses an SQLite file that was cut short: SQLite writes whole pages, so a sound file is a
/// whole number of them. SQLite notices a file missing whole pages, but not one missing part of
/// its last page: it reads the gap as zeros and would write on a damaged journal.
fn check_whole(path: &Path, header: &[u8], len: u64) -> Result<()> {
    let damaged = |detail: String| StoreError::Corrupt { path: path.to_owned(), detail };
    if header.len() < HEADER_LEN {
        return Err(damaged(format!("it ends after {len} bytes, inside its {HEADER_LEN}-byte header")));
    }
    // Bytes 16–17: the page size, big-endian; 1 stands for 65536.
    let page = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    if !page.is_power_of_two() || !(512..=65_536).contains(&page) {
        return Err(damaged(format!("its header gives an impossible page size, {page}")));
    }
    if !len.is_multiple_of(page) {
        return Err(damaged(format!(
            "it is {len} bytes long, not a whole number of {page}-byte pages, so it was cut short"
        )));
    }
    Ok(())
}

/// Creates an empty file readable only by its owner, and any missing folders above it readable
/// only by their owner. Health data should not be world-readable by accident.
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    let create_err = |source| StoreError::Create { path: path.to_owned(), source };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        private_dir_builder().create(parent).map_err(create_err)?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        // Another process created it between our look and now: that is fine, it is theirs too.
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(create_err(e)),
    }
}

pub fn private_dir_builder() -> fs::DirBuilder {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
}

/// Names the file on errors raised where only the connection was at hand.
fn locate(path: &Path, e: StoreError) -> StoreError {
    match e {
        StoreError::Sqlite { path: p, source } if p.as_os_str().is_empty() => classify(path, source),
        StoreError::Corrupt { path: p, detail } if p.as_os_str().is_empty() => {
            StoreError::Corrupt { path: path.to_owned(), detail }
        }
        other => other,
    }
}

/// Turns SQLite's codes into messages about the file.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_owned();
    let extended = match &e {
        rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
        _ => 0,
    };
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotSqlite { path },
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            if fs::metadata(&path).is_ok_and(|m| m.permissions().readonly()) {
                StoreError::ReadOnly { path }
            } else if extended == rusqlite::ffi::SQLITE_READONLY_DIRECTORY
                || fs::metadata(folder).is_ok_and(|m| m.permissions().readonly())
            {
                StoreError::FolderReadOnly { folder: folder.to_owned() }
            } else {
                StoreError::Sqlite { path, source: e }
            }
        }
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
        Some(ErrorCode::SystemIoFailure) => StoreError::Io { path, detail: e.to_string() },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt { path, detail: e.to_string() },
        _ => StoreError::Sqlite { path, source: e },
    }
}
