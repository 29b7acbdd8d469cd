//! Temporary files and folders beside a destination, for writing it whole before it gets its
//! name: always newly made (never an existing file, never through a planted symlink), private,
//! with an unguessable name that fits beside any name the file system allows, and swept up
//! when a killed run left them behind.
//!
//! A temporary name is `.{name}.cramp.partial-{pid}-{tag}`: `name` is the destination's name
//! (cut to [`NAME_KEPT`] bytes), `pid` tells a sweeper whether its writer still runs, and `tag`
//! is random, so another user of a shared folder cannot plant a file at the name beforehand.

use std::collections::hash_map::RandomState;
use std::ffi::{OsStr, OsString};
use std::fs::{self, File, Metadata};
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What marks a name as one of cramp's temporary files.
const MARK: &str = ".cramp.partial-";
/// The letters of a tag: eight of them carry 40 random bits.
const TAG_LETTERS: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
const TAG_LEN: usize = 8;
/// How much of the destination's name a temporary name keeps. With the dot, the mark, a PID of
/// up to ten digits and the tag, the longest temporary name is 235 bytes: under the 255 that
/// file systems allow, with room for SQLite's `-journal` beside it.
pub const NAME_KEPT: usize = 200;
/// A temporary file or folder untouched for this long is a leftover even when a process with
/// its PID runs (PIDs are reused): cramp writes its files in seconds, and what is being written
/// has a fresh modification time.
pub const STALE_AFTER: Duration = Duration::from_hours(1);
/// Tries at a free name before giving up; with random tags a second try is already rare.
const ATTEMPTS: usize = 32;

/// Options that make a new private (0600) file and fail when anything, a symlink included,
/// already has the name.
#[must_use]
pub fn new_file_options() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // `create_new` (O_EXCL) already refuses a symlink; O_NOFOLLOW says so twice.
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options
}

/// Makes a new private temporary file beside `dest` (in the same folder, so a rename or link
/// can give it `dest`'s name), then sweeps the folder (see [`sweep`]). Returns its path and
/// the file, open for writing.
pub fn create_file_beside(dest: &Path) -> io::Result<(PathBuf, File)> {
    let (path, file) = first_free(dest, |path| new_file_options().open(path))?;
    sweep_beside(dest, &path);
    Ok((path, file))
}

/// Makes a new private (0700) temporary folder beside `dest`, then sweeps the folder (see
/// [`sweep`]). For SQLite copies: SQLite opens files beside the database (`-journal`, `-wal`)
/// by name, and inside a folder only this user can write no one can plant one.
pub fn create_dir_beside(dest: &Path) -> io::Result<PathBuf> {
    let (path, ()) = first_free(dest, |path| {
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        // One `mkdir`: it fails on any existing name, a symlink included, and never follows one.
        builder.create(path)
    })?;
    sweep_beside(dest, &path);
    Ok(path)
}

/// Gives `temp` the name `dest` only if `dest` is still free: a hard link fails when the name
/// was taken meanwhile, where a rename would silently replace it. `temp` may keep its name too:
/// the caller removes it.
pub fn link_new(temp: &Path, dest: &Path) -> io::Result<()> {
    match fs::hard_link(temp, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        // File systems without hard links: check once more, then rename.
        Err(_) if dest.symlink_metadata().is_err() => fs::rename(temp, dest),
        Err(_) => Err(io::ErrorKind::AlreadyExists.into()),
    }
}

fn first_free<T>(dest: &Path, make: impl Fn(&Path) -> io::Result<T>) -> io::Result<(PathBuf, T)> {
    let dir = folder_of(dest);
    let mut last = None;
    for _ in 0..ATTEMPTS {
        let path = dir.join(temp_name(dest));
        match make(&path) {
            Ok(thing) => return Ok((path, thing)),
            // Taken (or a symlink, which O_NOFOLLOW reports as a loop): another name.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists || is_loop(&e) => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::ErrorKind::AlreadyExists.into()))
}

#[cfg(unix)]
fn is_loop(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_loop(_: &io::Error) -> bool {
    false
}

fn folder_of(dest: &Path) -> &Path {
    dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// `.{name}.cramp.partial-{pid}-{tag}` for `dest`.
fn temp_name(dest: &Path) -> OsString {
    let name = dest.file_name().unwrap_or(OsStr::new("cramp"));
    let mut out = OsString::from(".");
    out.push(cut(name, NAME_KEPT));
    out.push(MARK);
    out.push(format!("{}-{}", std::process::id(), tag()));
    out
}

/// The first `max` bytes of `name`, cut between letters when it is text.
fn cut(name: &OsStr, max: usize) -> OsString {
    if name.len() <= max {
        return name.to_owned();
    }
    if let Some(text) = name.to_str() {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        return OsString::from(&text[..end]);
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        OsStr::from_bytes(&name.as_bytes()[..max]).to_owned()
    }
    #[cfg(not(unix))]
    {
        OsString::from(name.to_string_lossy().chars().take(max / 4).collect::<String>())
    }
}

/// Eight random letters. `RandomState` is seeded from the system's randomness once per process;
/// the counter and the clock make each call's hash differ.
fn tag() -> String {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    hasher.write_u32(std::process::id());
    let mut bits = hasher.finish();
    (0..TAG_LEN)
        .map(|_| {
            let letter = TAG_LETTERS[(bits & 31) as usize];
            bits >>= 5;
            char::from(letter)
        })
        .collect()
}

/// The PID in one of cramp's temporary names, `None` for any other name.
fn temp_pid(name: &[u8]) -> Option<u32> {
    if !name.starts_with(b".") {
        return None;
    }
    let mark = MARK.as_bytes();
    let at = name.windows(mark.len()).rposition(|w| w == mark)?;
    let rest = &name[at + MARK.len()..];
    let dash = rest.iter().position(|&b| b == b'-')?;
    let (pid, tag) = (&rest[..dash], &rest[dash + 1..]);
    (tag.len() == TAG_LEN && tag.iter().all(|b| TAG_LETTERS.contains(b))).then_some(())?;
    parse_pid(pid)
}

/// The PID in what an older cramp left beside `dest_name`: `.{name}.partial-{pid}` (exports)
/// or `{name}.partial-{pid}`, with SQLite's `-journal`, `-wal` or `-shm` (backups).
pub fn old_temp_pid(name: &[u8], dest_name: &[u8]) -> Option<u32> {
    fn after<'a>(s: &'a [u8], dest_name: &[u8]) -> Option<&'a [u8]> {
        s.strip_prefix(dest_name)?.strip_prefix(b".partial-".as_slice())
    }
    let rest = name
        .strip_prefix(b".".as_slice())
        .and_then(|s| after(s, dest_name))
        .or_else(|| after(name, dest_name))?;
    let pid = [b"-journal".as_slice(), b"-wal", b"-shm"]
        .into_iter()
        .find_map(|suffix| rest.strip_suffix(suffix))
        .unwrap_or(rest);
    parse_pid(pid)
}

fn parse_pid(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 10 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

fn sweep_beside(dest: &Path, ours: &Path) {
    let dest_name = dest.file_name().map(OsStr::as_encoded_bytes).unwrap_or_default();
    sweep(folder_of(dest), ours, |name| old_temp_pid(name, dest_name));
}

/// Removes what killed runs left in `dir`: cramp's temporary files and folders, and the names
/// `also` recognises (returning their PID), whose process is gone or that have not been touched
/// for [`STALE_AFTER`]. Only files and folders of the user who owns `ours` (the caller's own new
/// temporary file) are touched, never symlinks, never `ours`. Best effort: a leftover that
/// cannot be removed stays for the next run.
pub fn sweep(dir: &Path, ours: &Path, also: impl Fn(&[u8]) -> Option<u32>) {
    let Ok(mine) = ours.symlink_metadata() else { return };
    let now = SystemTime::now();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path == ours {
            continue;
        }
        let name = entry.file_name();
        let Some(pid) = temp_pid(name.as_encoded_bytes()).or_else(|| also(name.as_encoded_bytes())) else {
            continue;
        };
        let Ok(meta) = path.symlink_metadata() else { continue };
        if !same_owner(&meta, &mine) || !is_stale(&path, &meta, pid, now) {
            continue;
        }
        if meta.is_dir() {
            let _ = fs::remove_dir_all(&path);
        } else if meta.is_file() {
            let _ = fs::remove_file(&path);
        }
    }
}

#[cfg(unix)]
fn same_owner(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.uid() == b.uid()
}

#[cfg(not(unix))]
fn same_owner(_: &Metadata, _: &Metadata) -> bool {
    true
}

fn is_stale(path: &Path, meta: &Metadata, pid: u32, now: SystemTime) -> bool {
    if process_is_gone(pid) {
        return true;
    }
    // A folder is as fresh as the newest file in it.
    let mut touched = meta.modified().ok();
    if meta.is_dir() {
        for entry in fs::read_dir(path).into_iter().flatten().flatten() {
            let inner = entry.metadata().and_then(|m| m.modified()).ok();
            touched = touched.max(inner);
        }
    }
    touched.is_some_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE_AFTER))
}

/// Only where `/proc` lists processes can a PID be known to be gone; elsewhere age decides.
fn process_is_gone(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cramps_short_enough_and_differ() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("é".repeat(127));
        let a = temp_name(&dest);
        let b = temp_name(&dest);
        assert_ne!(a, b);
        assert!(a.len() <= 255 - "-journal".len(), "{}", a.len());
        let text = a.to_str().unwrap();
        assert!(text.starts_with(&format!(".{}", "é".repeat(NAME_KEPT / 2))), "{text}");
        assert_eq!(temp_pid(a.as_encoded_bytes()), Some(std::process::id()));
        assert_eq!(temp_pid(b".x.cramp.partial-12-abcdefgh"), Some(12));
        for other in
            ["x.cramp.partial-12-abcdefgh", ".x.cramp.partial-12-abcdefg", ".x.cramp.partial-12-ABCDEFGH"]
        {
            assert_eq!(temp_pid(other.as_bytes()), None, "{other}");
        }
        assert_eq!(old_temp_pid(b".out.csv.partial-77", b"out.csv"), Some(77));
        assert_eq!(old_temp_pid(b"x.db.partial-77-journal", b"x.db"), Some(77));
        assert_eq!(old_temp_pid(b"y.db.partial-77", b"x.db"), None);
        assert_eq!(old_temp_pid(b"x.db.partial-77x", b"x.db"), None);
    }

    #[test]
    fn a_symlink_at_the_name_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, "kept").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(new_file_options().open(&link).is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "kept");
    }
}
