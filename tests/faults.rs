//! Faults: `cramp` killed at any moment, four writers and an open app on one journal at once, and
//! storage that will not cooperate (read-only file, unwritable or impossible folder, full disk,
//! damaged files, a newer schema). The journal stays sound, whole commands land whole, and every
//! refusal says what is wrong, exits non-zero and leaves the file as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use chrono::{Days, NaiveDate};
use common::{Journal, MORNING};
use cramp_journal::app::{App, Msg};
use cramp_journal::demo::Rng;
use cramp_journal::model::Zone;
use cramp_journal::store::Store;
use cramp_journal::ui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// What a journal holds, night by night, as a comparable line: fluid, then the episodes
/// (`duration/intensity`) and tags in a fixed order. Also proves the file is sound: integrity
/// and foreign keys are checked on every call.
fn fingerprint(db: &Path) -> BTreeMap<String, String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok", "integrity_check of {}", db.display());
    let orphans: i64 =
        c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(orphans, 0, "rows pointing at nothing in {}", db.display());
    let mut stmt = c
        .prepare(
            "SELECT n.date, coalesce(n.fluid_ml, '-') || '|' || \
             coalesce((SELECT group_concat(coalesce(e.duration_s, '?') || '/' || coalesce(e.intensity, '?'), ' ' \
                       ORDER BY e.start, e.duration_s, e.intensity) FROM episodes e WHERE e.night_date = n.date), '') \
             || '|' || coalesce((SELECT group_concat(t.tag, ' ' ORDER BY t.tag) FROM night_tags t \
                                 WHERE t.date = n.date), '') FROM nights n",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// Fails with the first difference rather than two maps of thousands of nights.
fn assert_same(found: &BTreeMap<String, String>, expected: &BTreeMap<String, String>, when: &str) {
    for (date, print) in expected {
        match found.get(date) {
            None => panic!("{when}: the night of {date} is missing"),
            Some(p) => assert_eq!(p, print, "{when}: the night of {date} differs"),
        }
    }
    if let Some(extra) = found.keys().find(|d| !expected.contains_key(*d)) {
        panic!("{when}: the night of {extra} is there but no command that landed wrote it");
    }
}

/// Every file in the backups folder, by name.
fn backup_files(j: &Journal) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(j.dir.path().join("backups"))
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The morning `days` after the usual one: each new day's first write makes a daily backup.
fn morning_after(days: u64) -> String {
    let day = d("2026-11-28") + Days::new(days);
    format!("{day}T09:00:00+01:00")
}

/// JSON exports of made-up nights, each covering its own dates, for imports to be killed in.
fn import_files(count: usize, dir: &Path) -> Vec<PathBuf> {
    let source = Journal::new();
    let per_file = 150u64;
    let end = d("2019-12-31");
    let nights = (per_file * count as u64).to_string();
    source.ok(&["demo", "--nights", &nights, "--seed", "11", "--end", &end.to_string()]);
    (0..count)
        .map(|k| {
            let to = end - Days::new(per_file * k as u64);
            let from = to - Days::new(per_file - 1);
            let path = dir.join(format!("nights-{k}.json"));
            source.ok(&[
                "export",
                "--format",
                "json",
                "--from",
                &from.to_string(),
                "--to",
                &to.to_string(),
                "-o",
                path.to_str().unwrap(),
            ]);
            path
        })
        .collect()
}

/// What each file adds, night by night: the files imported one by one, undisturbed, into a
/// journal of their own.
fn import_prints(files: &[PathBuf]) -> Vec<BTreeMap<String, String>> {
    let reference = Journal::new();
    let mut before = BTreeMap::new();
    files
        .iter()
        .map(|f| {
            reference.ok(&["import", f.to_str().unwrap()]);
            let after = fingerprint(&reference.db);
            let added: BTreeMap<String, String> = after
                .iter()
                .filter(|(d, _)| !before.contains_key(*d))
                .map(|(d, p)| (d.clone(), p.clone()))
                .collect();
            assert!(added.len() > 100, "an import file added only {} nights", added.len());
            before = after;
            added
        })
        .collect()
}

/// `cramp log` (and now and then `cramp import` of 150 nights) killed after a random delay, 200
/// times against one journal, across 20 days so that kills also land in daily backups. After
/// every kill: the file is sound, every command that finished is there exactly, an interrupted
/// one is there whole or not at all, and nothing else is there.
#[test]
fn kill_at_any_moment_loses_nothing_that_landed_and_half_of_nothing() {
    const RUNS: u64 = 200;
    let files_dir = tempfile::tempdir().unwrap();
    let files = import_files(20, files_dir.path());
    let prints = import_prints(&files);

    let mut j = Journal::new();
    j.ok(&["settings"]);
    let mut rng = Rng::new(0x00C0_FFEE);
    let mut committed: BTreeMap<String, String> = BTreeMap::new();
    let (mut finished, mut killed, mut killed_but_landed, mut partials_seen) = (0, 0, 0, 0);
    for run in 0..RUNS {
        j.now = morning_after(run / 10);
        let import = run % 10 == 5;
        let (args, new): (Vec<String>, BTreeMap<String, String>) = if import {
            let k = (run / 10) as usize;
            (vec!["import".into(), files[k].to_str().unwrap().into()], prints[k].clone())
        } else {
            let date = (d("2024-01-01") + Days::new(run)).to_string();
            let (ml, minutes, intensity, tag) = (1000 + run, 1 + run % 5, run % 11, run % 7);
            let args = vec![
                "log".into(),
                "--date".into(),
                date.clone(),
                "--fluid".into(),
                format!("{ml}ml"),
                "--tag".into(),
                format!("k{tag}"),
                "--cramp".into(),
                format!("03:10,{minutes}m,{intensity}"),
            ];
            (args, BTreeMap::from([(date, format!("{ml}|{}/{intensity}|k{tag}", minutes * 60))]))
        };
        // Imports take longer than a log, so their kills are spread over a longer time.
        let max_us = if import { 60_000 } else { 15_000 };
        let delay = Duration::from_micros(rng.between(0, max_us) as u64);

        let mut child = j.std_cmd(&args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        std::thread::sleep(delay);
        let done_before_kill = child.try_wait().unwrap().is_some();
        if !done_before_kill {
            child.kill().unwrap();
        }
        let out = child.wait_with_output().unwrap();
        let ok = out.status.success();
        if done_before_kill {
            finished += 1;
            assert!(
                ok,
                "run {run}: cramp {args:?} failed on its own: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(out.stderr.is_empty(), "run {run}: {}", String::from_utf8_lossy(&out.stderr));
        } else {
            killed += 1;
        }

        let found = fingerprint(&j.db);
        let present = new.keys().filter(|d| found.contains_key(*d)).count();
        assert!(
            present == 0 || present == new.len(),
            "run {run}: cramp {args:?} was cut off after {delay:?} and left {present} of its {} nights",
            new.len()
        );
        if ok {
            assert_eq!(present, new.len(), "run {run}: cramp {args:?} succeeded but its nights are missing");
        }
        if present > 0 {
            killed_but_landed += usize::from(!done_before_kill);
            committed.extend(new);
        }
        assert_same(&found, &committed, &format!("after run {run} (cramp {args:?}, cut at {delay:?})"));
        partials_seen += backup_files(&j).iter().filter(|n| n.contains(".partial-")).count();
    }
    eprintln!(
        "{RUNS} runs: {finished} finished, {killed} killed ({killed_but_landed} of them after their \
         commit); {partials_seen} leftover backup copies seen along the way"
    );

    // Copies cut off by a kill are cleared by the next daily backup, whatever day they were from.
    let backups = j.dir.path().join("backups");
    fs::create_dir_all(&backups).unwrap();
    for stale in
        ["journal-auto-2026-01-01.db.partial-4000000", "journal-auto-2026-01-01.db.partial-4000000-journal"]
    {
        fs::write(backups.join(stale), "cut off").unwrap();
    }
    j.now = morning_after(RUNS / 10 + 1);
    j.ok(&["log", "--date", "2026-11-01"]);
    let left: Vec<String> = backup_files(&j).into_iter().filter(|n| n.contains(".partial-")).collect();
    assert!(left.is_empty(), "leftover partial backups were not cleared: {left:?}");

    // Every daily backup is a sound journal (that run made one at least), and at most seven are kept.
    let store = Store::open(&j.db).unwrap();
    let daily = store.daily_backups();
    assert!(!daily.is_empty() && daily.len() <= 7, "{daily:?}");
    for path in &daily {
        let copy = Store::open(path).unwrap();
        copy.check_integrity().unwrap();
        copy.nights(None, None).unwrap();
    }
    drop(store);

    // And the whole journal still loads through the model, every night of it.
    let store = Store::open(&j.db).unwrap();
    store.check_integrity().unwrap();
    assert_eq!(store.nights(None, None).unwrap().len(), committed.len() + 1);
}

/// A new journal killed while it is being created and migrated is either not there, empty (and
/// then simply created by the next command), or a sound journal with the night whole or absent.
#[test]
fn kill_while_a_new_journal_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng::new(7);
    for run in 0..40 {
        let j = Journal { db: dir.path().join(format!("journal-{run}.db")), ..Journal::new() };
        let mut child = j
            .std_cmd(&["log", "--date", "2026-11-27", "--cramp", "03:10,1m,5"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.between(0, 6_000) as u64));
        let _ = child.kill();
        let landed = child.wait().unwrap().success();
        let print = if j.db.exists() && fs::metadata(&j.db).unwrap().len() > 0 {
            Store::open(&j.db).unwrap().check_integrity().unwrap();
            fingerprint(&j.db)
        } else {
            BTreeMap::new()
        };
        let whole = BTreeMap::from([("2026-11-27".to_owned(), "-|60/5|".to_owned())]);
        assert!(print.is_empty() || print == whole, "run {run}: {print:?}");
        assert!(!landed || print == whole, "run {run}: the log succeeded but {print:?}");
        // Whatever was left, the next command just works.
        j.ok(&["log", "--date", "2026-11-27", "--cramp", "03:10,1m,5"]);
        assert_eq!(fingerprint(&j.db), whole, "run {run}");
    }
}

/// Presses Ctrl-S: saves the Log form.
fn save(app: &mut App) {
    app.handle_key(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

/// Four processes log 100 distinct nights each at the same time while the app is open on the same
/// file and saves nights of its own in between: all 400 (and the app's 20) land, none twice.
#[test]
fn four_writers_and_an_open_app_share_one_journal() {
    let j = Journal::new();
    j.ok(&["settings"]);
    let now = chrono::DateTime::parse_from_rfc3339(MORNING).unwrap();
    let zone = Zone::Fixed(*now.offset());
    let mut app = App::new(Store::open(&j.db).unwrap(), zone, now, Theme::new(false)).unwrap();
    let start = d("2024-01-01");
    let app_start = d("2025-06-01");
    std::thread::scope(|s| {
        for writer in 0..4u64 {
            let j = &j;
            s.spawn(move || {
                for i in 0..100u64 {
                    let date = (start + Days::new(writer * 100 + i)).to_string();
                    let intensity = (writer + i) % 11;
                    j.ok(&[
                        "log",
                        "--date",
                        &date,
                        "--fluid",
                        "1500",
                        "--cramp",
                        &format!("03:10,1m,{intensity}"),
                    ]);
                }
            });
        }
        for k in 0..20u64 {
            // Spread the app's saves over the writers' run: each waits for 20 more of theirs.
            let logged = || -> i64 {
                let c = rusqlite::Connection::open(&j.db).unwrap();
                c.query_row("SELECT count(*) FROM nights WHERE date < ?1", [app_start.to_string()], |r| {
                    r.get(0)
                })
                .unwrap()
            };
            let deadline = std::time::Instant::now() + Duration::from_mins(1);
            while logged() < 20 * k as i64 {
                assert!(std::time::Instant::now() < deadline, "the writers stopped at {} nights", logged());
                std::thread::sleep(Duration::from_millis(5));
            }
            let date = app_start + Days::new(k);
            app.update(Msg::OpenLog(date));
            save(&mut app);
            assert!(
                !app.status.error && app.status.text.starts_with("Saved the night of"),
                "the app could not save {date} among the writers: {}",
                app.status.text
            );
        }
    });
    let nights = Store::open(&j.db).unwrap().nights(None, None).unwrap();
    assert_eq!(nights.len(), 420);
    for n in &nights {
        let expected = usize::from(n.date < app_start);
        assert_eq!(n.episodes.len(), expected, "the night of {} has {} episodes", n.date, n.episodes.len());
    }
    for writer in 0..4u64 {
        for i in 0..100u64 {
            let date = start + Days::new(writer * 100 + i);
            let n = nights.iter().find(|n| n.date == date).unwrap();
            assert_eq!(u64::from(n.episodes[0].intensity.unwrap().get()), (writer + i) % 11, "{date}");
        }
    }
    // The app, still open, sees what the others wrote.
    app.update(Msg::Goto(cramp_journal::app::Screen::History));
    assert_eq!(app.history.nights.len(), 420, "{}", app.status.text);
    Store::open(&j.db).unwrap().check_integrity().unwrap();
}

// ---- Storage faults -------------------------------------------------------------------------

/// A journal with 60 made-up nights: big enough to have many pages.
fn filled() -> Journal {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "60", "--end", "2026-11-20"]);
    j
}

/// Runs `cramp` expecting failure: exit 1, one `error:` line, nothing on stdout. Returns the line.
fn failure(out: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{what} should fail with exit 1; stderr: {stderr}");
    assert!(out.stdout.is_empty(), "{what} printed: {}", String::from_utf8_lossy(&out.stdout));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{what} should say one thing:\n{stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    lines[0].to_owned()
}

fn is_root() -> bool {
    let probe = tempfile::tempdir().unwrap();
    fs::metadata(probe.path()).unwrap().uid() == 0
}

/// `program pre_args… cramp args…` with the journal's environment (and nothing else).
fn wrapped(j: &Journal, program: &str, pre_args: &[&str], args: &[&str]) -> Command {
    wrapped_bin(j, &common::bin(), program, pre_args, args)
}

/// [`wrapped`] with the `cramp` binary at `bin`.
fn wrapped_bin(j: &Journal, bin: &Path, program: &str, pre_args: &[&str], args: &[&str]) -> Command {
    let plain = j.std_cmd(args);
    let mut cmd = Command::new(program);
    cmd.env_clear().envs(plain.get_envs().filter_map(|(k, v)| Some((k, v?))));
    cmd.args(pre_args).arg(bin).args(args);
    cmd
}

/// Who runs `cramp` in the permission tests: whoever runs the tests, unless that is root (to
/// whom permissions mean nothing); then `nobody`, through `setpriv`, on a copy of the binary in
/// a folder of its own that `nobody` may enter (the build's target folder may sit under one it
/// may not).
enum User {
    Me,
    Nobody { _dir: tempfile::TempDir, bin: PathBuf },
}

const DROP_ROOT: [&str; 3] = ["--reuid=65534", "--regid=65534", "--clear-groups"];

/// An ordinary user who can run `cramp` on `j` (whose files [`give_to_user`] has handed over).
/// `None` when root cannot become one here; in CI that is a failure, not a skip.
fn ordinary_user(j: &Journal) -> Option<User> {
    if !is_root() {
        return Some(User::Me);
    }
    let dir = tempfile::Builder::new().prefix("cramp-bin-").tempdir().unwrap();
    set_mode(dir.path(), 0o755);
    let bin = dir.path().join("cramp");
    // A hard link costs nothing when the target folder shares the file system; else a copy.
    if fs::hard_link(common::bin(), &bin).is_err() {
        fs::copy(common::bin(), &bin).unwrap();
    }
    set_mode(&bin, 0o755);
    // What went wrong, when something did: setpriv missing, or the command failing as nobody.
    let works = |args: &[&OsStr]| {
        let shown = args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ");
        match Command::new("setpriv").args(DROP_ROOT).args(args).output() {
            Err(e) => Err(format!("setpriv: {e}")),
            Ok(o) if o.status.success() => Ok(()),
            Ok(o) => Err(format!(
                "`{shown}` as nobody: {} {}",
                o.status,
                String::from_utf8_lossy(&o.stderr).trim()
            )),
        }
    };
    let reachable = works(&[bin.as_os_str(), OsStr::new("--version")])
        .and_then(|()| works(&[OsStr::new("test"), OsStr::new("-x"), j.dir.path().as_os_str()]));
    match reachable {
        Ok(()) => {
            eprintln!("running cramp as nobody (uid 65534) through setpriv: {}", bin.display());
            Some(User::Nobody { _dir: dir, bin })
        }
        Err(why) => {
            assert!(
                !common::in_ci(),
                "CI is set and the tests run as root, but `setpriv {}` cannot run {} as nobody on {}: {why}; \
                 the permission tests would prove nothing",
                DROP_ROOT.join(" "),
                bin.display(),
                j.dir.path().display()
            );
            None
        }
    }
}

impl User {
    fn run(&self, j: &Journal, args: &[&str]) -> Output {
        match self {
            Self::Me => j.std_cmd(args).output().unwrap(),
            Self::Nobody { bin, .. } => wrapped_bin(j, bin, "setpriv", &DROP_ROOT, args).output().unwrap(),
        }
    }
}

/// Hands every file under `dir` (and `dir`) to `nobody`, when root, so [`ordinary_user`] can reach them.
fn give_to_user(dir: &Path) {
    if !is_root() {
        return;
    }
    std::os::unix::fs::chown(dir, Some(65534), Some(65534)).unwrap();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            give_to_user(&path);
        } else {
            std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
        }
    }
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// The journal's own file, byte for byte.
fn journal_bytes(j: &Journal) -> Vec<u8> {
    fs::read(&j.db).unwrap()
}

#[test]
fn a_read_only_journal_is_refused_and_left_untouched() {
    let j = filled();
    let listed = j.ok(&["list", "--json"]);
    give_to_user(j.dir.path());
    set_mode(&j.db, 0o400);
    let before = journal_bytes(&j);
    let Some(user) = ordinary_user(&j) else {
        eprintln!("skipped: root may write a read-only file, and `setpriv` cannot run cramp as nobody here");
        return;
    };
    let out = user.run(&j, &["log", "--fluid", "2l"]);
    let line = failure(&out, "log on a read-only journal");
    assert!(line.contains("is read-only, so nothing was changed"), "{line}");
    assert_eq!(journal_bytes(&j), before);
    // Reading still works.
    let out = user.run(&j, &["list", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), listed);
    assert_eq!(journal_bytes(&j), before);
}

#[test]
fn an_unwritable_folder_is_named_and_nothing_changes() {
    let j = filled();
    give_to_user(j.dir.path());
    set_mode(j.dir.path(), 0o500);
    let before = j.snapshot();
    let Some(user) = ordinary_user(&j) else {
        eprintln!(
            "skipped: root may write in a read-only folder, and `setpriv` cannot run cramp as nobody here"
        );
        set_mode(j.dir.path(), 0o700);
        return;
    };
    let out = user.run(&j, &["log", "--fluid", "2l"]);
    let line = failure(&out, "log in a read-only folder");
    let folder = j.dir.path().display().to_string();
    assert!(line.contains(&format!("the folder {folder} is read-only")), "{line}");
    assert_eq!(j.snapshot(), before);
    // A new journal in a folder that cannot be written.
    let new = Journal { db: j.dir.path().join("sub/new.db"), dir: j.dir, now: j.now };
    let out = user.run(&new, &["log"]);
    let line = failure(&out, "a new journal in a read-only folder");
    assert!(line.contains("cannot create") && line.contains("ermission denied"), "{line}");
    assert!(!new.db.exists() && !new.db.parent().unwrap().exists());
    set_mode(new.dir.path(), 0o700);
}

#[test]
fn a_folder_that_cannot_exist_is_refused() {
    let j = Journal::new();
    let file = j.dir.path().join("a-file");
    fs::write(&file, "not a folder").unwrap();
    for db in [file.join("journal.db"), file.join("deeper/journal.db")] {
        let out = j.cmd(&["--db", db.to_str().unwrap(), "log"]).output().unwrap();
        let line = failure(&out, "a journal under a file");
        assert!(line.contains(&db.display().to_string()) && line.contains("Not a directory"), "{line}");
    }
    assert_eq!(fs::read(&file).unwrap(), b"not a folder");
}

/// `sh -c 'trap "" XFSZ; ulimit -f BLOCKS; exec cramp ...'`: every write past BLOCKS × 512
/// bytes fails with EFBIG, as on a full disk (the trap turns the signal into that error).
fn with_size_limit(j: &Journal, blocks: u32, args: &[&str]) -> Output {
    let script = format!("trap '' XFSZ; ulimit -f {blocks} && exec \"$0\" \"$@\"");
    wrapped(j, "sh", &["-c", &script], args).output().unwrap()
}

#[test]
fn a_full_disk_fails_cleanly_and_changes_nothing() {
    // Larger than the 32 KiB limit below (64 KiB where a shell counts 1024-byte blocks).
    let j = Journal::new();
    j.ok(&["demo", "--nights", "200", "--end", "2026-11-20"]);
    assert!(fs::metadata(&j.db).unwrap().len() > 64 * 1024);
    let listed = j.ok(&["list", "--json"]);
    let files = tempfile::tempdir().unwrap();
    let import = import_files(1, files.path()).remove(0);

    // No room even for SQLite's shared-memory file: refused at once.
    let before = journal_bytes(&j);
    let out = with_size_limit(&j, 1, &["log", "--date", "2026-11-27", "--fluid", "2l"]);
    let line = failure(&out, "log on a full disk");
    assert!(line.contains("the disk may be full") && line.contains("nothing was changed"), "{line}");
    assert_eq!(journal_bytes(&j), before);

    // Room to start, not to finish: 150 nights do not fit in 32 KiB of write-ahead log.
    let out = with_size_limit(&j, 64, &["import", import.to_str().unwrap()]);
    let line = failure(&out, "import on a full disk");
    assert!(line.contains("the disk may be full") && line.contains("nothing was changed"), "{line}");
    assert_eq!(journal_bytes(&j), before);
    assert_eq!(j.ok(&["list", "--json"]), listed, "the failed import left nights behind");

    // A daily backup that does not fit is only a warning: the night itself still lands.
    let j = Journal { now: "2026-11-29T09:00:00+01:00".into(), ..j };
    let out = with_size_limit(&j, 64, &["log", "--date", "2026-11-27", "--fluid", "2l"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("warning: the daily backup was not made"));
    assert_eq!(j.json(&["show", "2026-11-27", "--json"])["fluid_ml"], 2000);
    assert!(backup_files(&j).iter().all(|n| !n.contains(".partial-")), "{:?}", backup_files(&j));
    Store::open(&j.db).unwrap().check_integrity().unwrap();

    // Without the limit the same import goes through whole.
    j.ok(&["import", import.to_str().unwrap()]);
}

/// Cut short anywhere, filled with garbage, or from a newer cramp: every command refuses with a
/// message that says so, and the file keeps every byte.
#[test]
fn damaged_or_foreign_files_are_refused_untouched() {
    let j = filled();
    let good = journal_bytes(&j);
    let page = 4096;
    let mut rng = Rng::new(99);
    let mut cases: Vec<(String, Vec<u8>, &str)> = Vec::new();
    let mut cuts = vec![16, 50, 99, 100, 101, 512, 1024, page, page + 1, good.len() / 2, good.len() - page];
    cuts.extend([good.len() - 100, good.len() - 1]);
    cuts.extend((0..6).map(|_| rng.between(100, good.len() as i64 - 2) as usize));
    for cut in cuts {
        cases.push((format!("cut at byte {cut}"), good[..cut].to_vec(), "damaged|not an SQLite"));
    }
    let noise: Vec<u8> = (0..good.len()).map(|_| rng.next_u64() as u8).collect();
    cases.push(("random bytes".into(), noise.clone(), "is not an SQLite database"));
    let mut magic = noise.clone();
    magic[..16].copy_from_slice(b"SQLite format 3\0");
    cases.push(("a header and then noise".into(), magic, "damaged|not an SQLite"));
    let mut pages = good.clone();
    pages[page..].copy_from_slice(&noise[page..]);
    cases.push(("a sound first page and then noise".into(), pages, "damaged|not an SQLite"));
    let mut zeros = good.clone();
    zeros[page..].fill(0);
    cases.push(("a sound first page and then zeros".into(), zeros, "damaged|not an SQLite"));
    let newer = {
        let n = Journal::new();
        n.ok(&["log"]);
        rusqlite::Connection::open(&n.db).unwrap().pragma_update(None, "user_version", 99).unwrap();
        fs::read(&n.db).unwrap()
    };
    cases.push(("a journal from a newer cramp".into(), newer, "was written by a newer cramp"));
    let other = {
        let n = Journal::new();
        rusqlite::Connection::open(&n.db)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        fs::read(&n.db).unwrap()
    };
    cases.push(("another program's database".into(), other, "is an SQLite database but not a cramp journal"));

    let commands: &[&[&str]] = &[
        &["log", "--fluid", "2l"],
        &["settings", "units", "imperial"],
        &["list"],
        &["med", "add", "X", "--class", "other", "--as-needed"],
        &["export", "--format", "csv"],
        &["backup"],
        &["status"],
    ];
    for (what, bytes, expected) in &cases {
        let j = Journal::new();
        fs::write(&j.db, bytes).unwrap();
        let before = j.snapshot();
        for args in commands {
            let out = j.cmd(args).output().unwrap();
            let line = failure(&out, &format!("cramp {args:?} on {what}"));
            assert!(expected.split('|').any(|e| line.contains(e)), "cramp {args:?} on {what}: {line}");
            assert_eq!(j.snapshot(), before, "cramp {args:?} changed {what}");
            assert!(!j.dir.path().join("backups").exists(), "cramp {args:?} on {what} made backups");
        }
    }
}
