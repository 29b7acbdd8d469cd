//! The files cramp makes beside the journal and beside its outputs: daily backups pruned by their
//! real dates, temporary files nobody else can plant, leftovers of a killed run swept, and long
//! file names that still work (issue 10, findings 3, 6, 16 and 17).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{Days, NaiveDate};
use common::Journal;
use cramp_journal::store::Store;

/// The names in `dir`, sorted.
fn names(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn succeeded(out: &Output, what: &str) {
    assert!(out.status.success(), "{what} failed: {}{}", String::from_utf8_lossy(&out.stdout), stderr(out));
}

/// A file is an SQLite database that holds `nights` nights of a cramp journal.
fn is_backup_with(path: &Path, nights: usize) {
    let bytes = fs::read(path).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"), "{} is not an SQLite file", path.display());
    let copy = Store::open(path).unwrap();
    copy.check_integrity().unwrap();
    assert_eq!(copy.nights(None, None).unwrap().len(), nights, "{}", path.display());
}

fn is_root() -> bool {
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Sets a file's modification time to `ago` before now, through `touch`, as a killed run's
/// leftover would have.
fn age(path: &Path, ago: &str) {
    let status = Command::new("touch").arg("-h").arg("-d").arg(ago).arg(path).status().unwrap();
    assert!(status.success(), "touch -d {ago} {}", path.display());
}

/// Finding 3: a wrong clock's backups, or files planted in `backups/`, used to win the "newest
/// seven" by name and take every real daily backup with them.
#[test]
fn daily_backups_are_pruned_by_their_real_dates_and_planted_files_are_left_alone() {
    for wrong_clock in [true, false] {
        let mut j = Journal::new();
        j.ok(&["log", "--date", "2026-11-01", "--fluid", "1l"]);
        let backups = j.dir.path().join("backups");
        fs::create_dir_all(&backups).unwrap();
        let mut planted = Vec::new();
        for k in 1..=7 {
            let path = if wrong_clock {
                // Real cramp backups, made while the clock said 2036.
                let path = backups.join(format!("journal-auto-2036-01-0{k}.db"));
                j.ok(&["backup", "-o", path.to_str().unwrap()]);
                path
            } else {
                let path = backups.join(format!("journal-auto-9999-12-2{k}.db"));
                fs::write(&path, "planted").unwrap();
                path
            };
            planted.push((path.clone(), fs::read(&path).unwrap()));
        }
        // Not a backup at all, and older than any real one: not cramp's to delete either.
        let old = backups.join("journal-auto-2001-01-01.db");
        fs::write(&old, "someone else's").unwrap();
        planted.push((old, b"someone else's".to_vec()));

        let start = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let days = 9;
        let mut warned = 0;
        for day in 1..=days {
            let today = start + Days::new(day);
            j.now = format!("{today}T09:00:00+01:00");
            let out = j
                .cmd(&["log", "--date", &(today - Days::new(1)).to_string(), "--fluid", "1l"])
                .output()
                .unwrap();
            succeeded(&out, "log");
            let said = stderr(&out);
            if said.contains("dated after today") {
                warned += 1;
                assert!(
                    said.contains(&backups.display().to_string()),
                    "the warning names the folder: {said}"
                );
            }
        }

        // The newest seven real ones, by an independent count of the days logged.
        let expected: BTreeSet<String> =
            (days - 6..=days).map(|d| format!("journal-auto-{}.db", start + Days::new(d))).collect();
        let real: BTreeSet<String> =
            names(&backups).into_iter().filter(|n| n.starts_with("journal-auto-2026-")).collect();
        assert_eq!(real, expected, "wrong clock: {wrong_clock}");
        // The backup made on day k holds the night logged first and the k - 1 logged since.
        let newest = backups.join(format!("journal-auto-{}.db", start + Days::new(days)));
        is_backup_with(&newest, days as usize);
        for (path, bytes) in &planted {
            assert_eq!(&fs::read(path).unwrap(), bytes, "{} was changed or removed", path.display());
        }
        assert_eq!(
            warned, days,
            "every daily backup warns about the future-dated files (wrong clock: {wrong_clock})"
        );
        let store = Store::open(&j.db).unwrap();
        assert_eq!(store.daily_backups().len(), 7 + if wrong_clock { 7 } else { 0 });
    }
}

/// The `cramp` binary in a folder `nobody` can reach, for running it as an ordinary user.
fn reachable_bin() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new().prefix("cramp-bin-").tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let bin = dir.path().join("cramp");
    if fs::hard_link(common::bin(), &bin).is_err() {
        fs::copy(common::bin(), &bin).unwrap();
    }
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    (dir, bin)
}

fn chown_all(path: &Path, uid: u32) {
    std::os::unix::fs::lchown(path, Some(uid), Some(uid)).unwrap();
    if path.is_dir() && !path.is_symlink() {
        for entry in fs::read_dir(path).unwrap() {
            chown_all(&entry.unwrap().path(), uid);
        }
    }
}

const NOBODY: u32 = 65534;
/// The other user, who plants files in the shared folder.
const MALLORY: u32 = 1;

/// Runs `cramp args` as nobody after Mallory has planted `what` (`file`: an empty file anyone may
/// write; else a symlink to that path) at `prefix` + the PID `cramp`
/// will have: the shell plants it at its own PID and then becomes `cramp` (exec keeps the PID),
/// which is what a watcher of the process table can do too.
fn run_with_planted(j: &Journal, bin: &Path, prefix: &Path, what: &str, args: &[&str]) -> Output {
    let script = r#"p="$0$$"
case "$1" in
  file) : > "$p"; chmod 666 "$p" ;;
  *) ln -s "$1" "$p" ;;
esac
chown -h 1:1 "$p"
shift
exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@""#;
    let plain = j.std_cmd::<&str>(&[]);
    let mut cmd = Command::new("sh");
    cmd.env_clear()
        .envs(plain.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .arg("-c")
        .arg(script)
        .arg(prefix)
        .arg(what)
        .arg(bin)
        .args(args);
    cmd.output().unwrap()
}

/// Finding 6: in a shared sticky folder, another user could plant the temporary file (its name
/// was the destination plus the PID) and `cramp backup -o` wrote the journal into it, or through
/// a planted symlink into a file of the person's own.
#[test]
fn temporary_files_cannot_be_planted_in_a_shared_folder() {
    if !is_root() {
        assert!(
            !common::in_ci(),
            "CI is set but the tests do not run as root: the planting test would prove nothing"
        );
        eprintln!("skipped: needs root to act as two users");
        return;
    }
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "1l", "--note", "private"]);
    let precious = j.dir.path().join("precious.txt");
    fs::write(&precious, "precious").unwrap();
    chown_all(j.dir.path(), NOBODY);
    let (_bin_dir, bin) = reachable_bin();
    let shared = tempfile::tempdir().unwrap();
    fs::set_permissions(shared.path(), fs::Permissions::from_mode(0o1777)).unwrap();

    // A planted file at the backup's old temporary name.
    let dest = shared.path().join("x.db");
    let prefix = shared.path().join("x.db.partial-");
    let out = run_with_planted(&j, &bin, &prefix, "file", &["backup", "-o", dest.to_str().unwrap()]);
    succeeded(&out, "backup -o beside a planted file");
    is_backup_with(&dest, 1);
    assert_eq!(fs::metadata(&dest).unwrap().uid(), NOBODY);
    assert_eq!(fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o600);
    let left: Vec<String> = names(shared.path()).into_iter().filter(|n| n != "x.db").collect();
    assert_eq!(left.len(), 1, "{left:?}");
    let planted = shared.path().join(&left[0]);
    assert_eq!(fs::read(&planted).unwrap(), b"", "the planted file was written into");
    assert_eq!(fs::metadata(&planted).unwrap().uid(), MALLORY);

    // A planted symlink to a file of the person's own.
    let dest = shared.path().join("y.db");
    let prefix = shared.path().join("y.db.partial-");
    let out = run_with_planted(
        &j,
        &bin,
        &prefix,
        precious.to_str().unwrap(),
        &["backup", "-o", dest.to_str().unwrap()],
    );
    succeeded(&out, "backup -o beside a planted symlink");
    is_backup_with(&dest, 1);
    assert_eq!(fs::read(&precious).unwrap(), b"precious", "the backup was written through the symlink");
    let links: Vec<PathBuf> =
        fs::read_dir(shared.path()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_symlink()).collect();
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(fs::read_link(&links[0]).unwrap(), precious);

    // An export beside a planted file at its old temporary name.
    let dest = shared.path().join("z.csv");
    let prefix = shared.path().join(".z.csv.partial-");
    let out = run_with_planted(
        &j,
        &bin,
        &prefix,
        "file",
        &["export", "--format", "csv", "-o", dest.to_str().unwrap()],
    );
    succeeded(&out, "export beside a planted file");
    assert!(fs::read_to_string(&dest).unwrap().contains("2026-11-27"));
    for name in names(shared.path()).into_iter().filter(|n| n.starts_with(".z.csv")) {
        assert_eq!(fs::read(shared.path().join(&name)).unwrap(), b"", "{name}");
    }
}

/// Finding 16: what a killed backup or export leaves is swept by the next one into the same
/// folder; a live writer's temporary file, and files cramp did not make, are kept.
#[test]
fn leftovers_of_killed_runs_are_swept_but_live_ones_are_kept() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "1l"]);
    let backups = j.dir.path().join("backups");
    let out = j.dir.path().join("out");
    fs::create_dir_all(&backups).unwrap();
    fs::create_dir_all(&out).unwrap();
    // A PID above the system's maximum was never a process; `sleep` is a live one.
    let pid_max: u64 = fs::read_to_string("/proc/sys/kernel/pid_max").unwrap().trim().parse().unwrap();
    let dead = pid_max + 1;
    let mut sleeper = Command::new("sleep").arg("120").spawn().unwrap();
    let live = sleeper.id();

    let file = |dir: &Path, name: String, ago: Option<&str>| {
        let path = dir.join(name);
        fs::write(&path, vec![7u8; 4096]).unwrap();
        if let Some(ago) = ago {
            age(&path, ago);
        }
        path
    };
    let folder = |dir: &Path, name: String, ago: Option<&str>| {
        let path = dir.join(name);
        fs::create_dir(&path).unwrap();
        fs::write(path.join("copy.db"), vec![7u8; 4096]).unwrap();
        fs::write(path.join("copy.db-journal"), vec![7u8; 512]).unwrap();
        if let Some(ago) = ago {
            age(&path.join("copy.db"), ago);
            age(&path, ago);
        }
        path
    };
    let old = Some("3 hours ago");
    let stale = [
        // An older cramp's manual backup in the backups folder, and SQLite's journal beside it.
        file(&backups, format!("journal-2026-11-20T090000.db.partial-{dead}"), old),
        file(&backups, format!("journal-2026-11-20T090000.db.partial-{dead}-journal"), old),
        // A killed manual backup, and a killed backup -o and export --force, old style.
        folder(&backups, format!(".journal-2026-11-21T090000.db.cramp.partial-{dead}-abcdefgh"), None),
        file(&out, format!("x.db.partial-{dead}"), old),
        file(&out, format!(".report.csv.partial-{dead}"), old),
        // New style: a dead writer's, however fresh, and a live PID's that is hours old (reused).
        file(&out, format!(".report.csv.cramp.partial-{dead}-abcdefgh"), None),
        file(&out, format!(".other.pdf.cramp.partial-{live}-bcdefghi"), old),
    ];
    let kept = [
        // Being written right now by a live process.
        file(&out, format!(".report.csv.cramp.partial-{live}-zyxwvuts"), None),
        folder(&backups, format!(".journal-2026-11-22T090000.db.cramp.partial-{live}-qwertyui"), None),
        // Not cramp's.
        file(&out, format!("notes.txt.partial-{dead}"), old),
        file(&out, format!(".notes.txt.partial-{dead}"), old),
        file(&backups, "journal-auto-2026-11-01.db.bak".to_owned(), old),
    ];

    let backup_o = out.join("x.db");
    let report = out.join("report.csv");
    j.ok(&["backup"]);
    j.ok(&["backup", "-o", backup_o.to_str().unwrap()]);
    j.ok(&["export", "--format", "csv", "--force", "-o", report.to_str().unwrap()]);
    sleeper.kill().unwrap();
    sleeper.wait().unwrap();

    let left_over: Vec<&PathBuf> = stale.iter().filter(|p| p.symlink_metadata().is_ok()).collect();
    assert!(left_over.is_empty(), "leftovers were not swept: {left_over:?}");
    for path in &kept {
        assert!(path.symlink_metadata().is_ok(), "{} was swept", path.display());
    }
    for dir in kept.iter().filter(|p| p.is_dir()) {
        assert_eq!(names(dir), BTreeSet::from(["copy.db".to_owned(), "copy.db-journal".to_owned()]));
    }
    // And what was asked for is there, with nothing else of cramp's left behind.
    is_backup_with(&backup_o, 1);
    assert!(fs::read_to_string(&report).unwrap().contains("2026-11-27"));
    let expected_out: BTreeSet<String> = ["x.db", "report.csv"]
        .into_iter()
        .map(str::to_owned)
        .chain(
            kept.iter()
                .filter(|p| p.starts_with(&out))
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned()),
        )
        .collect();
    assert_eq!(names(&out), expected_out);
}

/// Finding 16, as root: a stale file in cramp's pattern that belongs to someone else is theirs.
#[test]
fn leftovers_of_another_user_are_not_swept() {
    if !is_root() {
        assert!(!common::in_ci(), "CI is set but the tests do not run as root");
        eprintln!("skipped: needs root to own files as another user");
        return;
    }
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "1l"]);
    let out = j.dir.path().join("out");
    fs::create_dir_all(&out).unwrap();
    let theirs = out.join(".report.csv.cramp.partial-1-abcdefgh");
    fs::write(&theirs, "theirs").unwrap();
    std::os::unix::fs::lchown(&theirs, Some(MALLORY), Some(MALLORY)).unwrap();
    age(&theirs, "3 hours ago");
    let report = out.join("report.csv");
    j.ok(&["export", "--format", "csv", "-o", report.to_str().unwrap()]);
    assert_eq!(fs::read(&theirs).unwrap(), b"theirs");
}

/// Finding 17: a file name the system allows must work; the temporary name beside it used to be
/// longer than 255 bytes.
#[test]
fn long_file_names_work_for_export_and_backup() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "1l"]);
    let out = j.dir.path().join("out");
    fs::create_dir_all(&out).unwrap();
    let csv_249 = format!("{}.csv", "e".repeat(245));
    let csv_255 = format!("{}.csv", "f".repeat(251));
    // 254 bytes of two-byte letters: a cut name must still be whole letters.
    let csv_wide = format!("{}.csv", "é".repeat(125));
    let db_249 = format!("{}.db", "b".repeat(246));
    let db_255 = format!("{}.db", "c".repeat(252));
    for name in [&csv_249, &csv_255, &csv_wide, &db_249, &db_255] {
        assert!(name.len() >= 249 && name.len() <= 255, "{name}");
    }
    assert_eq!(csv_249.len(), 249);
    assert_eq!(db_249.len(), 249);
    for name in [&csv_249, &csv_255, &csv_wide] {
        let path = out.join(name);
        let out = j.cmd(&["export", "--format", "csv", "-o", path.to_str().unwrap()]).output().unwrap();
        succeeded(&out, &format!("export to a {}-byte name", name.len()));
        assert!(fs::read_to_string(&path).unwrap().contains("2026-11-27"));
        // Replacing it goes through a temporary name too.
        let out =
            j.cmd(&["export", "--format", "csv", "--force", "-o", path.to_str().unwrap()]).output().unwrap();
        succeeded(&out, &format!("export --force to a {}-byte name", name.len()));
    }
    for name in [&db_249, &db_255] {
        let path = out.join(name);
        let out = j.cmd(&["backup", "-o", path.to_str().unwrap()]).output().unwrap();
        succeeded(&out, &format!("backup to a {}-byte name", name.len()));
        is_backup_with(&path, 1);
    }
    let expected: BTreeSet<String> =
        [&csv_249, &csv_255, &csv_wide, &db_249, &db_255].into_iter().cloned().collect();
    assert_eq!(names(&out), expected, "nothing else is left in the folder");
}
