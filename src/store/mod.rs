//! The only place with SQL: opening (and refusing) journal files, migrations, backups, and every
//! query. One user action is one transaction.

mod backup;
mod create;
mod doctor;
mod experiment;
mod import;
mod measured;
mod meds;
mod migrate;
mod nights;
mod profile;
mod restore;
mod suspects;

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

pub use backup::BACKUPS_KEPT;
pub use doctor::{JournalHealth, check_backup};
pub use experiment::{Amendment, StoredExperiment};
pub use import::{ImportBatch, ImportCounts};
pub use measured::{KindCounts, MeasuredCounts, StoredMeasured};
pub use meds::{MedEdit, NewSchedule};
pub use migrate::{MIGRATIONS, Migration, SCHEMA_VERSION};
pub use nights::EpisodeId;
pub use restore::{Restored, restore};

/// Identifies a cramp journal among SQLite files (`PRAGMA application_id`): "CRMP".
pub const APPLICATION_ID: i32 = 0x4352_4D50;

/// How long a writer waits for other `cramp` processes to finish before giving up. Long: an
/// import of a century holds the lock for seconds, and several may queue (issue 10 #13); a
/// person who gives up waiting can press Ctrl-C, and nothing half-done lands.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_mins(1);

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
    #[error(
        "{path} is on a read-only file system, so nothing can be changed there; reading commands (list, week, export) still work"
    )]
    ReadOnlyFs { path: PathBuf },
    #[error(
        "{path} is damaged ({detail}), so nothing was changed; run `cramp restore BACKUP` with a copy from the backups folder beside it"
    )]
    Corrupt { path: PathBuf, detail: String },
    /// The schema differs from what the migrations make: `problem` says how.
    #[error("{path} {problem}, so cramp left it untouched")]
    Foreign { path: PathBuf, problem: String },
    #[error("cannot restore from {backup}: {reason}; the journal was not changed")]
    RestoreRefused { backup: PathBuf, reason: String },
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
    /// What `PRAGMA quick_check` found at open; then the file is open read-only and every write
    /// is refused with the way out, `cramp restore`.
    damage: Option<String>,
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
        Self::open_checked(path, migrations, Pages::Check)
    }

    fn open_checked(path: &Path, migrations: &[Migration], pages: Pages) -> Result<Self> {
        prepare_file(path, migrations)?;
        // A log left beside the file (after a crash, with the app open, or beside a copied-in
        // file) is what SQLite replays onto it, and replaying a stale one damages it: only then
        // is every page read before a write. Without one, SQLite reports damage in any page a
        // command touches, and the daily backup checks the whole file once a day; reading every
        // page on each `cramp log` would make it several times slower.
        let pages = match pages {
            Pages::Check if !has_pending_log(path) => Pages::Trust,
            other => other,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        let mut store = Self::wrap(conn, path);
        store.configure().map_err(|e| classify(path, e))?;
        let (version, damage) = store.check(migrations, pages)?;
        if let Some(detail) = damage {
            // Closing the last writable connection would checkpoint a log onto the file; the
            // file stays as it was found, for `cramp restore` to save aside.
            let _ = store.conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
            drop(store);
            // Writing on a damaged file spreads the damage: open it so that SQLite cannot.
            let conn = Connection::open_with_flags(path, read_only_flags()).map_err(|e| classify(path, e))?;
            let mut store = Self::wrap(conn, path);
            store.configure().map_err(|e| classify(path, e))?;
            store.damage = Some(detail);
            return Ok(store);
        }
        if version < migrations.len() as i64 {
            if version > 0 {
                store.backup_before_migration(version)?;
            }
            store.set_wal()?;
            migrate::apply(&mut store.conn, migrations).map_err(|e| store.err(e))?;
        }
        Ok(store)
    }

    /// Opens the journal for the commands that only read (list, week, status, analyze,
    /// export) so that they work where nothing can be written: a read-only mount, a folder that
    /// cannot be written, a full disk. Where [`Store::open`] works it is used (it leaves no
    /// files behind, and upgrades an older journal); where it fails for want of writing, the
    /// journal is opened read-only.
    pub fn open_read(path: &Path) -> Result<Self> {
        let err = match Self::open_checked(path, MIGRATIONS, Pages::Trust) {
            Ok(store) => return Ok(store),
            Err(
                e @ (StoreError::ReadOnly { .. }
                | StoreError::ReadOnlyFs { .. }
                | StoreError::FolderReadOnly { .. }
                | StoreError::DiskFull { .. }
                | StoreError::Io { .. }
                | StoreError::Create { .. }
                | StoreError::Sqlite { .. }),
            ) if fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0) => e,
            Err(e) => return Err(e),
        };
        match Self::open_read_with(path, read_only_flags(), path) {
            Ok(store) => Ok(store),
            Err(e @ StoreError::Rejected(_)) => Err(e),
            // In WAL mode even a reader needs the -shm file beside the journal; where it cannot
            // be made and no log is waiting to be replayed, SQLite may read the file as it stands.
            Err(_) if !has_wal(path) => {
                let uri = immutable_uri(path);
                Self::open_read_with(Path::new(&uri), read_only_flags() | OpenFlags::SQLITE_OPEN_URI, path)
                    .map_err(|e| if matches!(e, StoreError::Rejected(_)) { e } else { err })
            }
            Err(_) => Err(err),
        }
    }

    fn open_read_with(target: &Path, flags: OpenFlags, path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(target, flags).map_err(|e| classify(path, e))?;
        let mut store = Self::wrap(conn, path);
        store.configure().map_err(|e| classify(path, e))?;
        let (version, damage) = store.check(MIGRATIONS, Pages::Trust)?;
        if version < SCHEMA_VERSION && damage.is_none() {
            // An older journal must be upgraded before this cramp can read it, and that writes.
            return Err(StoreError::Rejected(format!(
                "{} is from an older cramp and must be upgraded, which cannot be done where it is: \
                 nothing can be written there",
                path.display()
            )));
        }
        store.damage = damage;
        Ok(store)
    }

    fn wrap(conn: Connection, path: &Path) -> Self {
        Self { conn, path: path.to_owned(), today: None, warnings: Vec::new(), damage: None }
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

    /// Refuses files that are not cramp journals, come from a newer cramp, or hold objects the
    /// migrations do not make (a trigger planted in a journal someone hands over would run on
    /// every change); then runs `PRAGMA quick_check`. Returns the schema version and what the
    /// check found wrong, if anything. Reads only, in one transaction, so that a journal being
    /// created by another process is seen either blank or whole.
    fn check(&self, migrations: &[Migration], pages: Pages) -> Result<(i64, Option<String>)> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let result = self.check_in(&tx, migrations, pages);
        tx.finish().map_err(|e| self.err(e))?;
        result
    }

    fn check_in(
        &self,
        conn: &Connection,
        migrations: &[Migration],
        pages: Pages,
    ) -> Result<(i64, Option<String>)> {
        let (app_id, version, objects): (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id), \
                        (SELECT user_version FROM pragma_user_version), \
                        (SELECT count(*) FROM sqlite_schema)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|e| self.err(e))?;
        let blank = app_id == 0 && version == 0 && objects == 0;
        if blank {
            return Ok((0, None));
        }
        if app_id != i64::from(APPLICATION_ID) {
            return Err(StoreError::NotCramp { path: self.path.clone() });
        }
        if version > migrations.len() as i64 {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known: migrations.len() as i64,
            });
        }
        let expected = migrate::expected_schema(migrations, version).map_err(|e| self.err(e))?;
        let found = migrate::schema_of(conn).map_err(|e| self.err(e))?;
        if let Some(problem) = migrate::schema_difference(&found, &expected) {
            return Err(StoreError::Foreign { path: self.path.clone(), problem });
        }
        let damage = match pages {
            Pages::Check => quick_check(conn).err(),
            Pages::Trust => None,
        };
        Ok((version, damage))
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
        if let Some(detail) = &self.damage {
            return Err(StoreError::Corrupt { path: self.path.clone(), detail: detail.clone() });
        }
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

/// Whether an open runs `PRAGMA quick_check`. It reads every page: 0.1–0.2 s on a century of
/// nights, too slow for `cramp status` in a shell prompt. Opens that may write check, so that
/// nothing is written into a damaged file; reading commands trust the pages, and SQLite still
/// reports damage in any page they read.
#[derive(Debug, Clone, Copy)]
enum Pages {
    Check,
    Trust,
}

/// Whether a write-ahead log with frames in it lies beside the journal.
fn has_pending_log(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0)
}

/// Flags for a connection that can never write.
fn read_only_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// `PRAGMA quick_check`: `Ok` when it finds nothing wrong, else what it found. It checks every
/// page's structure without the cost of matching indexes to tables.
fn quick_check(conn: &Connection) -> std::result::Result<(), String> {
    pragma_check(conn, "quick_check")
}

/// Runs a checking pragma (`quick_check`, `integrity_check`; ours, never input): `Ok` when it
/// answers "ok", else every line it found, joined.
pub(super) fn pragma_check(conn: &Connection, pragma: &'static str) -> std::result::Result<(), String> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}")).map_err(|e| e.to_string())?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .map_err(|e| e.to_string())?
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    if lines == ["ok"] { Ok(()) } else { Err(lines.join("; ")) }
}

/// `file:PATH?immutable=1`: SQLite reads the file as it stands, with no -shm or locks. Only for
/// reading where nothing can write (the folder or the disk refuses it).
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(char::from(*byte));
            }
            _ => {
                let _ = write!(uri, "%{byte:02X}");
            }
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Makes sure `path` can be opened: creates a new journal there (0600, new folders 0700) when
/// missing; refuses a folder or a file that is not SQLite.
fn prepare_file(path: &Path, migrations: &[Migration]) -> Result<()> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(StoreError::IsFolder { path: path.to_owned() }),
        Ok(_) => check_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => create::journal(path, migrations),
        Err(source) => Err(StoreError::Read { path: path.to_owned(), source }),
    }
}

/// Refuses a folder, a file that is not SQLite, or one cut short; an empty file passes (it is
/// made a journal by the migrations).
fn check_file(path: &Path) -> Result<()> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(StoreError::IsFolder { path: path.to_owned() }),
        Ok(meta) if meta.len() == 0 => Ok(()),
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
            // (`PRAGMA quick_check` at open then finds what a replayed log damaged.)
            if !has_wal(path) {
                check_whole(path, &header[..read], meta.len())?;
            }
            Ok(())
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
            // Opening for appending writes nothing and says whether the mount is read-only.
            let on_read_only_fs = fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .is_err_and(|e| e.kind() == io::ErrorKind::ReadOnlyFilesystem);
            if on_read_only_fs {
                StoreError::ReadOnlyFs { path }
            } else if fs::metadata(&path).is_ok_and(|m| m.permissions().readonly()) {
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
