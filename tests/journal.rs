//! The journal file as something handed around: restored from a backup (never by copying over a
//! live journal and its write-ahead log), opened from someone else with planted triggers,
//! created by many processes at once, read on a read-only mount or a full disk, and written to
//! while long imports queue for the lock (issue 10).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::Journal;

/// Every night's row, every episode and tag, as text, in a fixed order: two journals with the
/// same print hold the same records. Also proves the file is sound.
fn print(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok", "integrity_check of {}", db.display());
    let mut rows = Vec::new();
    for sql in [
        "SELECT date || '|' || coalesce(fluid_ml, '-') || '|' || coalesce(note, '-') FROM nights ORDER BY date",
        "SELECT night_date || '|' || start || '|' || coalesce(duration_s, '-') || '|' || coalesce(intensity, '-') \
         FROM episodes ORDER BY night_date, start, id",
        "SELECT date || '|' || tag FROM night_tags ORDER BY date, tag",
        "SELECT name || '|' || class FROM medications ORDER BY name",
    ] {
        let mut stmt = c.prepare(sql).unwrap();
        let found: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
        rows.extend(found);
    }
    rows
}

fn nights_in(db: &Path) -> i64 {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    c.query_row("SELECT count(*) FROM nights", [], |r| r.get(0)).unwrap()
}

/// Expects failure with exit 1 and one `error:` line, nothing on stdout; returns the line.
fn failure(out: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{what} should fail with exit 1; stderr: {stderr}");
    assert!(out.stdout.is_empty(), "{what} printed: {}", String::from_utf8_lossy(&out.stdout));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{what} should say one thing:\n{stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    lines[0].to_owned()
}

fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A journal of 60 made-up nights.
fn filled() -> Journal {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "60", "--end", "2026-11-20"]);
    j
}

/// What people used to do, as the README told them: copy a backup over the journal while a
/// `journal.db-wal` from a `cramp` that was killed (or is still open) lies beside it. SQLite
/// then replays that log, written for the other file, onto the copy.
fn copy_backup_over_a_live_log(j: &Journal, backup: &Path) {
    let wal = sidecar(&j.db, "-wal");
    let kept = {
        let c = rusqlite::Connection::open(&j.db).unwrap();
        // The journal grows well past the backup: a table takes pages the backup does not have.
        // (One that `cramp log` does not read, so the damage waits there unseen.)
        c.execute_batch(
            "INSERT INTO suspected_factors (factor)
                 WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 3000)
                 SELECT printf('tag:t%05d', n) FROM k;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .unwrap();
        // No checkpoint: the next change stays in the log, as when a process dies before closing.
        c.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        c.execute_batch("DELETE FROM suspected_factors WHERE factor BETWEEN 'tag:t01000' AND 'tag:t01999';")
            .unwrap();
        fs::read(&wal).unwrap()
    };
    assert!(kept.len() > 4096, "the log holds nothing");
    fs::copy(backup, &j.db).unwrap();
    fs::write(&wal, kept).unwrap();
    let _ = fs::remove_file(sidecar(&j.db, "-shm"));
    // The scenario is the damaging one: SQLite itself finds the result malformed.
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("j.db");
    fs::copy(&j.db, &copy).unwrap();
    fs::copy(&wal, sidecar(&copy, "-wal")).unwrap();
    let c = rusqlite::Connection::open(&copy).unwrap();
    let check: Result<String, _> = c.query_row("PRAGMA quick_check", [], |r| r.get(0));
    assert!(check.as_deref() != Ok("ok"), "the stale log did no damage: {check:?}");
}

/// Issue 10 #1: after the copy, `cramp log` used to exit 0 writing into a malformed file. Now
/// the damage is found at open, every write is refused with the way out, and `cramp restore`
/// puts the backup back through SQLite, so the stale log can never be replayed onto it.
#[test]
fn a_backup_copied_over_a_live_log_is_caught_and_restore_mends_it() {
    let j = filled();
    let backup = j.dir.path().join("kept.db");
    j.ok(&["backup", "-o", backup.to_str().unwrap()]);
    let expected = print(&backup);
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2l", "--cramp", "03:10,4m,7,calf,left"]);
    copy_backup_over_a_live_log(&j, &backup);

    for args in [
        &["log", "--date", "2026-11-26", "--fluid", "1l"][..],
        &["settings", "units", "imperial"],
        &["med", "add", "X", "--class", "other", "--as-needed"],
    ] {
        let out = j.cmd(args).output().unwrap();
        let line = failure(&out, &format!("cramp {args:?} on a damaged journal"));
        assert!(line.contains("is damaged") && line.contains("cramp restore BACKUP"), "{line}");
    }

    let out = j.ok(&["restore", backup.to_str().unwrap()]);
    assert!(out.contains("Restored"), "{out}");
    assert_eq!(print(&j.db), expected);
    // And it is a working journal again.
    j.ok(&["log", "--date", "2026-11-26", "--fluid", "1l"]);
    assert_eq!(nights_in(&j.db), expected.iter().filter(|r| r.split('|').count() == 3).count() as i64 + 1);
}

/// The journal that is replaced is saved first, through SQLite, into the backups folder; a
/// backup that is not a sound cramp journal is refused and the journal is left as it was.
#[test]
fn restore_saves_the_journal_first_and_refuses_a_bad_backup() {
    let j = filled();
    let backup = j.dir.path().join("kept.db");
    j.ok(&["backup", "-o", backup.to_str().unwrap()]);
    let old = print(&backup);
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2l", "--cramp", "03:10,4m,7,calf,left"]);
    let current = print(&j.db);
    assert_ne!(old, current);

    // Not journals: refused before anything is touched.
    let notes = j.dir.path().join("notes.db");
    fs::write(&notes, "not a database at all\n".repeat(300)).unwrap();
    let recipes = j.dir.path().join("recipes.db");
    rusqlite::Connection::open(&recipes)
        .unwrap()
        .execute_batch("CREATE TABLE r (x); INSERT INTO r VALUES (1);")
        .unwrap();
    let planted = j.dir.path().join("planted.db");
    fs::copy(&backup, &planted).unwrap();
    rusqlite::Connection::open(&planted)
        .unwrap()
        .execute_batch("CREATE TRIGGER wipe AFTER INSERT ON nights BEGIN DELETE FROM nights; END;")
        .unwrap();
    let cut = j.dir.path().join("cut.db");
    let bytes = fs::read(&backup).unwrap();
    fs::write(&cut, &bytes[..bytes.len() - 4096]).unwrap();
    let missing = j.dir.path().join("missing.db");
    let before = fs::read(&j.db).unwrap();
    for (bad, said) in [
        (&notes, "is not an SQLite database"),
        (&recipes, "not a cramp journal"),
        (&planted, "trigger wipe"),
        (&cut, "damaged"),
        (&missing, "missing.db"),
    ] {
        let out = j.cmd(&["restore", bad.to_str().unwrap()]).output().unwrap();
        let line = failure(&out, &format!("restore from {}", bad.display()));
        assert!(line.contains(said), "{line}");
        assert!(line.contains("journal was not changed") || line.contains("left untouched"), "{line}");
        assert_eq!(fs::read(&j.db).unwrap(), before, "restore from {} changed the journal", bad.display());
    }
    assert!(
        !fs::read_dir(j.dir.path().join("backups")).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("before-restore")),
        "a refused restore saved the journal aside"
    );

    // Nor is another program's database, named as the journal by mistake, overwritten.
    let recipes_bytes = fs::read(&recipes).unwrap();
    let out =
        j.cmd(&["--db", recipes.to_str().unwrap(), "restore", backup.to_str().unwrap()]).output().unwrap();
    let line = failure(&out, "restore over another program's database");
    assert!(line.contains("not a cramp journal"), "{line}");
    assert_eq!(fs::read(&recipes).unwrap(), recipes_bytes);

    let out = j.ok(&["restore", backup.to_str().unwrap()]);
    assert_eq!(print(&j.db), old);
    let aside: Vec<PathBuf> = fs::read_dir(j.dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("journal-before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(aside[0].extension().is_some_and(|e| e == "db"));
    assert!(
        out.contains(&aside[0].display().to_string()),
        "the output does not name the saved journal: {out}"
    );
    assert_eq!(print(&aside[0]), current, "the saved journal is not the one that was replaced");
    assert_eq!(fs::metadata(&aside[0]).unwrap().mode() & 0o077, 0, "the saved journal is readable by others");
}

#[test]
fn restore_help_says_what_it_does() {
    let j = Journal::new();
    let help = j.ok(&["restore", "--help"]);
    for words in ["BACKUP", "checked", "saved", "backups", "-wal"] {
        assert!(help.contains(words), "restore --help does not mention {words}:\n{help}");
    }
    assert!(!j.db.exists(), "--help created a journal");
}

/// Runs `cramp` with a deadline: a hang is a failure, not a stuck test run.
fn run_within(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("cramp {:?} still ran after {limit:?}", cmd.get_args().collect::<Vec<_>>());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Issue 10 #10: a journal someone hands over was trusted by its `application_id` alone. Each
/// planted object is refused, named, before any command runs, and no record changes.
#[test]
fn planted_triggers_views_tables_and_indexes_are_refused_by_name() {
    let hang = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    let cases = [
        ("trigger wipe", "CREATE TRIGGER wipe AFTER INSERT ON nights BEGIN DELETE FROM nights WHERE date <> NEW.date; END;".to_owned()),
        ("trigger spin", format!("CREATE TRIGGER spin BEFORE INSERT ON nights BEGIN SELECT ({hang}); END;")),
        ("view peek", "CREATE VIEW peek AS SELECT * FROM nights;".to_owned()),
        ("table extra", "CREATE TABLE extra (x);".to_owned()),
        ("index nights_by_note", "CREATE INDEX nights_by_note ON nights (note);".to_owned()),
    ];
    for (named, sql) in cases {
        let j = Journal::new();
        j.ok(&["demo", "--nights", "55", "--end", "2026-11-20"]);
        let nights = nights_in(&j.db);
        assert!(nights > 40, "{nights}");
        rusqlite::Connection::open(&j.db).unwrap().execute_batch(&sql).unwrap();
        let before = print(&j.db);
        for args in [
            &["log", "--date", "2026-11-27", "--fluid", "2l"][..],
            &["list"],
            &["backup"],
            &["export", "--format", "csv", "--all"],
        ] {
            let out = run_within(j.std_cmd(args), Duration::from_secs(20));
            let line = failure(&out, &format!("cramp {args:?} with {named}"));
            assert!(line.contains(named) && line.contains("not made by cramp"), "{named}: {line}");
        }
        assert_eq!(print(&j.db), before, "{named}: the records changed");
        assert_eq!(nights_in(&j.db), nights, "{named}");
    }
}

/// The journal's own triggers and indexes (and SQLite's statistics) are not mistaken for
/// planted ones, in a journal migrated from the first schema too.
#[test]
fn the_journals_own_objects_pass() {
    let j = filled();
    rusqlite::Connection::open(&j.db).unwrap().execute_batch("ANALYZE;").unwrap();
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2l"]);
    let old = Journal::new();
    cramp_journal::store::Store::open_with(&old.db, &cramp_journal::store::MIGRATIONS[..1]).unwrap();
    old.ok(&["log", "--date", "2026-11-27", "--fluid", "2l"]);
    old.ok(&["list"]);
}

/// Issue 10 #11: eight processes creating one new journal at once used to fail now and then
/// ("not a cramp journal", "database is locked"). Every one of them must land.
#[test]
fn eight_processes_create_one_new_journal_at_once() {
    const ROUNDS: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    for round in 0..ROUNDS {
        let j = Journal { db: dir.path().join(format!("new-{round}.db")), ..Journal::new() };
        let children: Vec<_> = (0..8)
            .map(|k| {
                let date = format!("2026-11-{:02}", 10 + k);
                j.std_cmd(&["log", "--date", &date, "--fluid", "1l"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        }
        assert_eq!(nights_in(&j.db), 8, "round {round}");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".creating"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

fn is_root() -> bool {
    let probe = tempfile::tempdir().unwrap();
    fs::metadata(probe.path()).unwrap().uid() == 0
}

/// A read-only bind mount of `dir` at a new folder, unmounted on drop; `None` when this
/// process may not mount.
struct ReadOnlyMount {
    at: tempfile::TempDir,
}

impl ReadOnlyMount {
    fn new(dir: &Path) -> Option<Self> {
        let at = tempfile::tempdir().unwrap();
        let ok =
            |args: &[&OsStr]| Command::new("mount").args(args).output().is_ok_and(|o| o.status.success());
        if !ok(&[OsStr::new("--bind"), dir.as_os_str(), at.path().as_os_str()]) {
            return None;
        }
        let this = Self { at };
        ok(&[OsStr::new("-o"), OsStr::new("remount,bind,ro"), this.at.path().as_os_str()]).then_some(this)
    }
}

impl Drop for ReadOnlyMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.at.path()).status();
    }
}

/// Issue 10 #12: on a read-only mount every command failed, reading ones included. Reading
/// commands now open the journal read-only and give the same answers; writing ones say why they
/// cannot, naming the place.
#[test]
fn reading_commands_work_on_a_read_only_mount() {
    let j = filled();
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2l", "--cramp", "03:10,4m,7,calf,left"]);
    let reads: &[&[&str]] = &[
        &["list"],
        &["list", "--json"],
        &["week"],
        &["status"],
        &["analyze"],
        &["export", "--format", "csv", "--all"],
        &["show", "2026-11-27"],
    ];
    let expected: Vec<String> = reads.iter().map(|args| j.ok(args)).collect();
    let before = print(&j.db);

    let (ro, how) = if let Some(mount) = ReadOnlyMount::new(j.dir.path()) {
        (mount, "a read-only bind mount")
    } else {
        assert!(!common::in_ci() || !is_root(), "CI runs as root but `mount -o bind,ro` does not work here");
        eprintln!("skipped: `mount -o bind,ro` does not work here");
        return;
    };
    eprintln!("testing on {how}");
    let on_ro = Journal {
        db: ro.at.path().join("journal.db"),
        dir: tempfile::tempdir().unwrap(),
        now: j.now.clone(),
    };
    for (args, expected) in reads.iter().zip(&expected) {
        assert_eq!(&on_ro.ok(args), expected, "cramp {args:?} on {how}");
    }
    for args in [&["log", "--date", "2026-11-26", "--fluid", "1l"][..], &["settings", "units", "imperial"]] {
        let out = on_ro.cmd(args).output().unwrap();
        let line = failure(&out, &format!("cramp {args:?} on {how}"));
        assert!(line.contains("read-only") && line.contains(&ro.at.path().display().to_string()), "{line}");
    }
    drop(ro);
    assert_eq!(print(&j.db), before);
}

/// `cramp` as an ordinary user: whoever runs the tests, or `nobody` (through `setpriv`, on a
/// copy of the binary in a folder `nobody` may enter) when that is root. `None` when root
/// cannot become `nobody` here.
fn as_ordinary_user(j: &Journal, args: &[&str], bin_dir: &Path) -> Option<Output> {
    if !is_root() {
        return Some(j.std_cmd(args).output().unwrap());
    }
    let bin = bin_dir.join("cramp");
    if !bin.exists() {
        fs::copy(common::bin(), &bin).unwrap();
    }
    let plain = j.std_cmd(args);
    let mut cmd = Command::new("setpriv");
    cmd.env_clear().envs(plain.get_envs().filter_map(|(k, v)| Some((k, v?))));
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin).args(args);
    let out = cmd.output().ok()?;
    // setpriv itself failing (not there, not permitted) prints its own name.
    (!String::from_utf8_lossy(&out.stderr).starts_with("setpriv:")).then_some(out)
}

/// A folder the user may read but not write (mode 0555): the -shm file cannot be made beside
/// the journal, yet reading commands read; writing ones name the folder.
#[test]
fn reading_commands_work_in_a_folder_that_cannot_be_written() {
    let j = filled();
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2l", "--cramp", "03:10,4m,7,calf,left"]);
    let reads: &[&[&str]] =
        &[&["list", "--json"], &["week"], &["status"], &["export", "--format", "csv", "--all"]];
    let expected: Vec<String> = reads.iter().map(|args| j.ok(args)).collect();
    let before = print(&j.db);
    let bin_dir = tempfile::tempdir().unwrap();
    fs::set_permissions(bin_dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    if is_root() {
        for path in [j.dir.path(), j.db.as_path()] {
            std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
        }
    }
    fs::set_permissions(j.dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let restore_mode = || fs::set_permissions(j.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let Some(probe) = as_ordinary_user(&j, &["--version"], bin_dir.path()) else {
        restore_mode();
        assert!(!common::in_ci(), "CI runs as root but setpriv cannot run cramp as nobody");
        eprintln!("skipped: setpriv cannot run cramp as nobody here");
        return;
    };
    assert!(probe.status.success(), "{}", String::from_utf8_lossy(&probe.stderr));
    for (args, expected) in reads.iter().zip(&expected) {
        let out = as_ordinary_user(&j, args, bin_dir.path()).unwrap();
        assert!(out.status.success(), "cramp {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(&String::from_utf8(out.stdout).unwrap(), expected, "cramp {args:?}");
    }
    let out =
        as_ordinary_user(&j, &["log", "--date", "2026-11-26", "--fluid", "1l"], bin_dir.path()).unwrap();
    let line = failure(&out, "log in a folder that cannot be written");
    assert!(line.contains(&format!("the folder {} is read-only", j.dir.path().display())), "{line}");
    restore_mode();
    assert_eq!(print(&j.db), before);
}

/// A full disk: reading commands still read.
#[test]
fn reading_commands_work_on_a_full_disk() {
    let j = filled();
    let listed = j.ok(&["list", "--json"]);
    let week = j.ok(&["week"]);
    let run = |args: &[&str]| {
        let plain = j.std_cmd(args);
        let mut cmd = Command::new("sh");
        cmd.env_clear().envs(plain.get_envs().filter_map(|(k, v)| Some((k, v?))));
        cmd.args(["-c", "trap '' XFSZ; ulimit -f 0 && exec \"$0\" \"$@\""]).arg(common::bin()).args(args);
        cmd.output().unwrap()
    };
    let out = run(&["list", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), listed);
    let out = run(&["week"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), week);
}

/// Made-up nights ending at `end`, exported as JSON to `path`.
fn export_of(nights: usize, path: &Path) {
    let source = Journal::new();
    source.ok(&["demo", "--nights", &nights.to_string(), "--seed", "5", "--end", "2026-11-20"]);
    source.ok(&["export", "--format", "json", "--all", "-o", path.to_str().unwrap()]);
}

/// Issue 10 #13: six parallel `import --replace` of many nights hold the write lock one after
/// another for longer than a writer used to wait (10 s); a `cramp log` queued behind them must
/// wait its turn, not fail with "database is locked".
#[test]
fn a_writer_waits_behind_six_long_imports() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2l"]);
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("nights.json");
    export_of(NIGHTS_PER_IMPORT, &file);
    let start = Instant::now();
    let imports: Vec<_> = (0..6)
        .map(|_| {
            j.std_cmd(&[OsStr::new("import"), OsStr::new("--replace"), file.as_os_str()])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // The log starts once an import is writing, so it queues behind the lock.
    let wal = sidecar(&j.db, "-wal");
    while fs::metadata(&wal).map_or(0, |m| m.len()) < 1 << 20 {
        assert!(start.elapsed() < Duration::from_secs(20), "no import started writing");
        std::thread::sleep(Duration::from_millis(5));
    }
    let log = j.std_cmd(&["log", "--date", "2026-11-28", "--fluid", "1l"]).output().unwrap();
    let log_done = start.elapsed();
    for child in imports {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "an import failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    eprintln!("log done after {log_done:?}, imports after {:?}", start.elapsed());
    assert!(
        log.status.success(),
        "log behind the imports failed after {log_done:?}: {}",
        String::from_utf8_lossy(&log.stderr)
    );
    let c = rusqlite::Connection::open(&j.db).unwrap();
    let fluid: i64 =
        c.query_row("SELECT fluid_ml FROM nights WHERE date = '2026-11-28'", [], |r| r.get(0)).unwrap();
    assert_eq!(fluid, 1000);
}

/// Sized so six imports hold the lock for well over 10 s together on two busy cores.
const NIGHTS_PER_IMPORT: usize = 36_500;

/// Through a symbolic link: the journal it points to is restored, and saved beside itself.
#[test]
fn restore_through_a_symbolic_link_saves_beside_the_file() {
    let j = filled();
    let backup = j.dir.path().join("kept.db");
    j.ok(&["backup", "-o", backup.to_str().unwrap()]);
    let old = print(&backup);
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2l"]);
    let links = tempfile::tempdir().unwrap();
    let link = links.path().join("journal.db");
    std::os::unix::fs::symlink(&j.db, &link).unwrap();
    let via = Journal { db: link.clone(), dir: tempfile::tempdir().unwrap(), now: j.now.clone() };
    via.ok(&["restore", backup.to_str().unwrap()]);
    assert!(link.is_symlink(), "the link was replaced");
    assert_eq!(print(&j.db), old);
    assert!(!links.path().join("backups").exists(), "the journal was saved beside the link");
    let saved = fs::read_dir(j.dir.path().join("backups"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("journal-before-restore-"))
        .count();
    assert_eq!(saved, 1);
}
