//! Export and import as a person uses them: round trips that give the same bytes, a PDF that
//! real PDF tools accept and read, formula-safe CSV, files never overwritten by accident, and
//! imports that write everything or nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Journal;

const UNICODE_NOTE: &str = "Müller — café ½ L, Ωμέγα, Привет";
const FORMULA_NOTE: &str = "=HYPERLINK(\"x\")";

/// A journal of demo nights plus a hand-made night with a Unicode note, a formula-like note,
/// a stopped daily medicine, a profile and a changed setting.
fn filled() -> Journal {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "120", "--seed", "4", "--end", "2026-11-27"]);
    j.ok(&[
        "med",
        "add",
        "Furosemide",
        "--class",
        "diuretic",
        "--since",
        "2026-09-01",
        "--until",
        "2026-10-15",
        "--dose",
        "40 mg; mornings",
    ]);
    j.ok(&["profile", "--name", "Ann Müller", "--add", "diabetes"]);
    j.ok(&["settings", "week-start", "sunday"]);
    j.ok(&[
        "log",
        "--date",
        "2026-11-26",
        "--note",
        UNICODE_NOTE,
        "--cramp",
        "03:10,4m,7,calf,left,stretch+walk",
    ]);
    j.ok(&["log", "--date", "2026-11-20", "--note", FORMULA_NOTE]);
    j
}

/// Writes `content` to a file in a folder of its own (so journal snapshots do not see it).
fn file_with(dir: &tempfile::TempDir, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn json_round_trip_gives_the_same_bytes() {
    let a = filled();
    let exported = a.ok(&["export", "--format", "json", "--all"]);
    assert!(exported.contains(UNICODE_NOTE) && exported.contains("\"schema_version\": 1"), "{exported}");
    let files = tempfile::tempdir().unwrap();
    let path = file_with(&files, "journal.json", &exported);

    let b = Journal::new();
    let out = b.ok(&["import", s(&path)]);
    let nights = a.json(&["list", "--json"]).as_array().unwrap().len();
    assert!(
        out.starts_with(&format!("Imported {nights} nights: {nights} added, 0 skipped, 0 replaced.\n")),
        "{out}"
    );
    assert!(out.contains("Took the profile and settings from the file."), "{out}");
    assert_eq!(b.ok(&["export", "--format", "json", "--all"]), exported);
    // The default range (the last 12 weeks) round-trips too.
    assert_eq!(b.ok(&["export", "--format", "json"]), a.ok(&["export", "--format", "json"]));

    // Importing again skips every night; --replace replaces them and changes nothing.
    let again = b.ok(&["import", s(&path)]);
    assert!(
        again.starts_with(&format!("Imported {nights} nights: 0 added, {nights} skipped, 0 replaced.")),
        "{again}"
    );
    let replaced = b.ok(&["import", s(&path), "--replace"]);
    assert!(
        replaced.starts_with(&format!("Imported {nights} nights: 0 added, 0 skipped, {nights} replaced."))
    );
    assert_eq!(b.ok(&["export", "--format", "json", "--all"]), exported);
}

#[test]
fn csv_round_trip_gives_the_same_bytes() {
    let a = filled();
    let csv = a.ok(&["export", "--format", "csv", "--all"]);
    let files = tempfile::tempdir().unwrap();
    let csv_path = file_with(&files, "nights.csv", &csv);
    // CSV carries medicine names but not their classes or dates: bring the medicine list over
    // first with a JSON export of a range that has no nights.
    let meds_only = file_with(
        &files,
        "meds.json",
        a.ok(&["export", "--format", "json", "--from", "2000-01-01", "--to", "2000-01-01"]),
    );

    let b = Journal::new();
    let err = b.usage_error(&["import", s(&csv_path)]);
    assert!(
        err.contains(", column medications: '") && err.contains("' is not on the medicine list"),
        "{err}"
    );
    assert!(!b.db.exists(), "a refused import on a new path creates no journal");
    assert!(b.ok(&["import", s(&meds_only)]).starts_with("Imported 0 nights"));
    let out = b.ok(&["import", s(&csv_path)]);
    assert!(out.contains("skipped, 0 replaced."), "{out}");
    assert_eq!(b.ok(&["export", "--format", "csv", "--all"]), csv);
    assert_eq!(b.json(&["list", "--json"]), a.json(&["list", "--json"]));
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
    let j = filled();
    j.ok(&["log", "--date", "2026-11-19", "--tag=-odd", "--note", "@SUM(A1)"]);
    let csv = j.ok(&["export", "--format", "csv", "--from", "2026-11-19", "--to", "2026-11-26"]);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(lines[0].starts_with("date,fluid_ml,activity,"), "{}", lines[0]);
    assert!(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{csv}");
    // These rows hold a `;` (two postures, two medicines), so every cell of theirs is quoted.
    assert!(csv.contains(",\"'-odd\","), "{csv}");
    assert!(csv.contains(",\"'@SUM(A1)\","), "{csv}");
    assert!(
        csv.contains(&format!(
            ",\"{UNICODE_NOTE}\",\"2026-11-27T03:10:00+01:00\",\"240\",\"7\",\"calf\",\"left\",\"stretch;walk\","
        )),
        "{csv}"
    );
    // No cell starts a formula: split naively (these rows hold no quoted commas).
    for line in &lines {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t']), "{cell} in {line}");
        }
    }
}

fn need_tool(name: &str) {
    let found =
        Command::new(name).arg("--version").output().is_ok() || Command::new(name).arg("-v").output().is_ok();
    assert!(
        found,
        "{name} is not installed; the PDF tests need qpdf and poppler-utils (pdftotext): \
         apt-get install qpdf poppler-utils (.ci/run does this)"
    );
}

fn pdftotext(pdf: &Path, raw: bool) -> String {
    need_tool("pdftotext");
    let mut cmd = Command::new("pdftotext");
    if raw {
        cmd.arg("-raw");
    }
    let out = cmd.arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn qpdf_check(pdf: &Path) {
    need_tool("qpdf");
    let out = Command::new("qpdf").arg("--check").arg(pdf).output().unwrap();
    assert!(
        out.status.success(),
        "qpdf --check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_pdf_passes_qpdf_and_its_text_holds_the_numbers_and_the_unicode_note() {
    let j = filled();
    let files = tempfile::tempdir().unwrap();
    let pdf = files.path().join("summary.pdf");
    let out = j.ok(&["export", "--format", "pdf", "-o", s(&pdf)]);
    assert_eq!(out, format!("Exported 76 nights (5 Sep 2026 – 27 Nov 2026) as PDF to {}.\n", pdf.display()));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    qpdf_check(&pdf);

    // The numbers in the summary, from the nights `list --json` shows for the same 12 weeks.
    let nights = j.json(&["list", "--json", "--from", "2026-09-05", "--to", "2026-11-27"]);
    let nights = nights.as_array().unwrap();
    let logged = nights.len();
    let cramp_nights = nights.iter().filter(|n| !n["episodes"].as_array().unwrap().is_empty()).count();
    let episodes: usize = nights.iter().map(|n| n["episodes"].as_array().unwrap().len()).sum();
    let text = collapse(&pdftotext(&pdf, false));
    for expected in [
        "Night-time leg cramps".to_owned(),
        "Ann Müller".to_owned(),
        "5 Sep 2026 – 27 Nov 2026 (84 nights)".to_owned(),
        "28 Nov 2026 09:00".to_owned(),
        "Red flags".to_owned(),
        "Analysis findings".to_owned(),
        format!("Nights logged (completeness) {logged} of 84 ("),
        format!("Nights with cramps {cramp_nights} of {logged} ("),
        format!("Cramps (episodes) {episodes}"),
        "Cramp nights per week".to_owned(),
        "Atorvastatin".to_owned(),
        "Furosemide".to_owned(),
        "daily from 1 Sep 2026 to 15 Oct 2026".to_owned(),
        "Conditions: diabetes".to_owned(),
        "Nightly log".to_owned(),
        "page 1 of".to_owned(),
    ] {
        assert!(text.contains(&expected), "the PDF text lacks {expected:?}:\n{text}");
    }
    // In content order the note's wrapped lines follow each other, so it reads as typed.
    let raw = collapse(&pdftotext(&pdf, true));
    assert!(raw.contains(UNICODE_NOTE), "the Unicode note is not in the PDF text:\n{raw}");
    assert!(raw.contains(FORMULA_NOTE), "{raw}");

    // Letter paper, and notes left out on request.
    let letter = files.path().join("letter.pdf");
    j.ok(&["export", "-o", s(&letter), "--paper", "letter", "--redact-notes"]);
    qpdf_check(&letter);
    let bytes = std::fs::read(&letter).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("/MediaBox [0 0 612 792]"));
    let raw = collapse(&pdftotext(&letter, true));
    assert!(!raw.contains("Ωμέγα") && !raw.contains("HYPERLINK"), "{raw}");
    assert!(raw.contains("Free-text notes were left out of this copy."), "{raw}");
}

#[test]
fn a_ten_year_pdf_is_well_formed_across_many_pages() {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "3650", "--end", "2026-11-27"]);
    let files = tempfile::tempdir().unwrap();
    let pdf = files.path().join("ten.pdf");
    j.ok(&["export", "--all", "-o", s(&pdf)]);
    qpdf_check(&pdf);
    let text = pdftotext(&pdf, false);
    // "page N of M" on every page, with one M.
    let totals: Vec<usize> = text
        .split("page ")
        .filter_map(|t| {
            let mut words = t.split_whitespace();
            words.next()?.parse::<usize>().ok()?;
            (words.next()? == "of").then_some(())?;
            words.next()?.parse::<usize>().ok()
        })
        .collect();
    let pages = totals[0];
    assert!(pages > 60, "{pages} pages");
    assert_eq!(totals, vec![pages; pages]);
    // Every page of the log repeats the header row (pdftotext ends each page with a form feed).
    let pages_text: Vec<&str> = text.split('\x0c').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(pages_text.len(), pages);
    let first_log = pages_text.iter().position(|p| p.contains("Nightly log")).unwrap();
    for (i, page) in pages_text.iter().enumerate().skip(first_log) {
        assert!(page.contains("Day and bedtime"), "log page {} has no header row", i + 1);
    }
}

/// A medicine's dose, as typed, reaches every export: the CSV's `medication_doses` beside the
/// same medicine in `medications`, and the medicine tables of the Markdown and the PDF.
#[test]
fn the_dose_is_in_every_export() {
    const DOSE: &str = "300 mg, evening";
    let j = Journal::new();
    j.ok(&["demo", "--nights", "30", "--seed", "4", "--end", "2026-11-27"]);
    j.ok(&["med", "add", "Magnesium citrate", "--class", "other", "--since", "2026-11-20", "--dose", DOSE]);

    // The CSV, read with the csv crate rather than cramp's reader: on each night since the 20th
    // the dose stands at the medicine's place in the list.
    let text = j.ok(&["export", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (names, doses, date) = (col("medications"), col("medication_doses"), col("date"));
    let mut with_dose = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let names: Vec<&str> = row[names].split(';').collect();
        let taken = names.iter().position(|n| *n == "Magnesium citrate");
        assert_eq!(taken.is_some(), &row[date] >= "2026-11-20", "{row:?}");
        if let Some(i) = taken {
            let doses: Vec<&str> = row[doses].split(';').collect();
            assert_eq!(doses.len(), names.len(), "{row:?}");
            assert_eq!(doses[i], DOSE, "{row:?}");
            with_dose += 1;
        }
    }
    assert!(with_dose >= 8, "{with_dose} rows carry the dose:\n{text}");

    let md = j.ok(&["export", "--format", "md"]);
    assert!(md.contains(&format!("| Magnesium citrate {DOSE} | other | daily since 20 Nov 2026 |")), "{md}");

    let files = tempfile::tempdir().unwrap();
    let pdf = files.path().join("summary.pdf");
    j.ok(&["export", "-o", s(&pdf)]);
    let raw = collapse(&pdftotext(&pdf, true));
    assert!(raw.contains(&format!("Magnesium citrate {DOSE}")), "{raw}");
}

#[test]
fn markdown_has_the_same_numbers_as_the_pdf_summary() {
    let j = filled();
    let md = j.ok(&["export", "--format", "md"]);
    assert!(md.starts_with("# Night-time leg cramps: summary for the clinician\n"), "{md}");
    assert!(md.contains("**Patient:** Ann Müller"), "{md}");
    assert!(md.contains("## Red flags"), "{md}");
    assert!(md.contains("Cramps beyond the foot and calf"), "{md}");
    // Factors without a clear difference are named in one sentence rather than a row each.
    assert!(md.contains("factors showed no clear difference: No magnesium"), "{md}");
    assert!(md.contains("| Nights logged (completeness) | 76 of 84 (90 %) |"), "{md}");
    assert!(md.contains(UNICODE_NOTE), "{md}");
    let redacted = j.ok(&["export", "--format", "md", "--redact-notes"]);
    assert!(!redacted.contains(UNICODE_NOTE) && !redacted.contains("HYPERLINK"), "{redacted}");
    let json = j.ok(&["export", "--format", "json", "--redact-notes"]);
    assert!(!json.contains("Ωμέγα") && json.contains("\"notes_redacted\": true"), "{json}");
    let csv = j.ok(&["export", "--format", "csv", "--redact-notes", "--all"]);
    assert!(!csv.contains("Ωμέγα") && !csv.contains("HYPERLINK"), "{csv}");
}

#[test]
fn existing_files_are_never_overwritten_without_force() {
    let j = filled();
    let files = tempfile::tempdir().unwrap();
    let path = file_with(&files, "summary.md", "my own notes");
    let err = j.usage_error(&["export", "--format", "md", "-o", s(&path)]);
    assert!(err.contains("already exists; add --force to replace it"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own notes");
    j.ok(&["export", "-o", s(&path), "--force"]);
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("# Night-time leg cramps"));
    let names: Vec<_> = std::fs::read_dir(files.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");

    let fresh = files.path().join("new.csv");
    j.ok(&["export", "-o", s(&fresh)]);
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&fresh).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);

    for (args, expected) in [
        (&["export", "--format", "pdf"][..], "a PDF needs a file: add -o FILE"),
        (&["export"], "--format is needed: pdf, csv, json or md"),
        (&["export", "--format", "docx"], "'docx' is not an export format"),
        (&["export", "--format", "md", "--paper", "a5"], "'a5' is not a paper size"),
        (
            &["export", "--format", "md", "--from", "2026-11-20", "--to", "2026-11-01"],
            "--from 2026-11-20 is after --to",
        ),
        (&["export", "--format", "md", "--to", "2027-01-01"], "is in the future"),
        (&["export", "--format", "md", "--all", "--from", "2026-01-01"], "cannot be used with"),
    ] {
        let line = j.usage_error(args);
        assert!(line.contains(expected), "cramp {args:?}: {line}");
    }
}

/// `-o -` is standard output: the text formats print exactly what they print without -o, no
/// file named "-" appears, and a PDF goes into a pipe but is refused on a terminal.
#[test]
fn dash_is_standard_output() {
    let j = filled();
    // Run in an empty folder, to see that no file named "-" appears there.
    let cwd = tempfile::tempdir().unwrap();
    for format in ["csv", "json", "md"] {
        let out = j.cmd(&["export", "--format", format, "-o", "-"]).current_dir(cwd.path()).output().unwrap();
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        let dashed = String::from_utf8(out.stdout).unwrap();
        assert_eq!(dashed, j.ok(&["export", "--format", format]), "{format}");
        assert!(!dashed.contains("Exported"), "{format}: the confirmation would spoil the data");
    }
    let left: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "-o - wrote files: {left:?}");

    // Into a pipe (assert_cmd's stdout is one): the PDF's bytes, as -o FILE writes them.
    let pdf = j.cmd(&["export", "--format", "pdf", "-o", "-"]).output().unwrap();
    assert!(pdf.status.success(), "{}", String::from_utf8_lossy(&pdf.stderr));
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("summary.pdf");
    j.ok(&["export", "-o", s(&path)]);
    assert!(pdf.stdout.starts_with(b"%PDF-"));
    assert_eq!(pdf.stdout, std::fs::read(&path).unwrap());

    // On a terminal: `script` runs cramp with a pseudo-terminal as its standard output.
    need_tool("script");
    let plain = j.std_cmd(&["export", "--format", "pdf", "-o", "-"]);
    let line = format!("'{}' export --format pdf -o -", common::bin().display());
    let out = Command::new("script")
        .env_clear()
        .envs(plain.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("error: a PDF is not shown on a terminal: with -o - redirect or pipe it"),
        "{shown}"
    );
    assert!(!shown.contains("%PDF"), "{shown}");
}

/// A named pipe is not a file to replace: refused without --force, written into with it.
#[test]
fn a_pipe_is_written_into_only_with_force() {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "10", "--seed", "4", "--end", "2026-11-27"]);
    let files = tempfile::tempdir().unwrap();
    let pipe = files.path().join("pipe.csv");
    assert!(Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    let err = j.usage_error(&["export", "-o", s(&pipe)]);
    assert_eq!(
        err,
        format!(
            "error: {} is a named pipe (FIFO), not a file; add --force to write into it (or -o - for the \
             screen or a pipe)",
            pipe.display()
        )
    );
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::read_to_string(pipe).unwrap())
    };
    j.ok(&["export", "-o", s(&pipe), "--force"]);
    assert_eq!(reader.join().unwrap(), j.ok(&["export", "--format", "csv"]));
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&std::fs::metadata(&pipe).unwrap().file_type()));
}

#[test]
fn a_failing_import_leaves_the_journal_unchanged() {
    let source = filled();
    let good = source.ok(&["export", "--format", "json", "--all"]);
    let good_csv = source.ok(&["export", "--format", "csv", "--all"]);
    let files = tempfile::tempdir().unwrap();

    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2l"]);
    j.ok(&["med", "add", "Atorvastatin", "--class", "statin", "--since", "2026-10-09"]);
    j.ok(&["med", "add", "Ibuprofen", "--class", "other", "--as-needed"]);
    j.ok(&[
        "med",
        "add",
        "Furosemide",
        "--class",
        "diuretic",
        "--since",
        "2026-09-01",
        "--until",
        "2026-10-15",
    ]);
    let before = j.snapshot();
    let listed = j.ok(&["list", "--json"]);

    // The last night is the bad one, so a partial write would show.
    let last_intensity = good.rfind("\"intensity\": ").unwrap();
    let out_of_range =
        format!("{}\"intensity\": 11{}", &good[..last_intensity], &good[last_intensity + 14..]);
    let mut invalid_utf8 = good.clone().into_bytes();
    invalid_utf8[good.find("Ωμέγα").unwrap()] = 0xff;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.json", good.as_bytes()[..good.len() / 2].to_vec(), "EOF while parsing"),
        (
            "types.json",
            good.replacen("\"fluid_ml\": ", "\"fluid_ml\": \"a lot\", \"x\": ", 1).into_bytes(),
            "nights[0].fluid_ml: invalid type: string \"a lot\"",
        ),
        ("range.json", out_of_range.into_bytes(), ".intensity: 11 is out of range for a 0–10 rating"),
        (
            "unknown.json",
            good.replacen("\"tags\": ", "\"mood\": 3, \"tags\": ", 1).into_bytes(),
            "nights[0].mood: unknown field `mood`",
        ),
        ("utf8.json", invalid_utf8, "is not UTF-8 text"),
        (
            "intensity.csv",
            good_csv.replacen("\"7\",\"calf\",", "\"12\",\"calf\",", 1).into_bytes(),
            ", column intensity: 12 is out of range",
        ),
        (
            "date.csv",
            good_csv.replacen("\r\n2026-", "\r\n2026-13-", 1).into_bytes(),
            "CSV line 2, column date:",
        ),
        ("empty.csv", Vec::new(), "the file is empty"),
    ];
    for (name, content, expected) in cases {
        let path = file_with(&files, name, content);
        let line = j.usage_error(&["import", s(&path)]);
        assert!(line.contains(expected), "import {name}\n  said: {line}\n  expected: {expected}");
        assert!(line.ends_with("nothing was imported"), "{line}");
        assert_eq!(j.snapshot(), before, "import {name} changed the journal");
    }
    assert_eq!(j.ok(&["list", "--json"]), listed);
    let missing = j.usage_error(&["import", "/nonexistent/file.json"]);
    assert!(missing.contains("cannot read /nonexistent/file.json"), "{missing}");

    // The good file imports around the night already there, and keeps this journal's profile.
    let path = file_with(&files, "good.json", &good);
    let out = j.ok(&["import", s(&path)]);
    assert!(out.contains(", 1 skipped, 0 replaced."), "{out}");
    assert!(out.contains("Kept this journal's profile and settings"), "{out}");
    assert_eq!(j.json(&["show", "2026-11-27", "--json"])["fluid_ml"], 2000);
}
