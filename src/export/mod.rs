//! Turning journal data into files and streams: each format is a pure function from data to a
//! writer (`csv`, `json`, `markdown`, `pdf`, with `summary` computing the numbers the reports
//! share). This module picks the format and writes files safely: to a temporary name first, then
//! renamed into place, never over an existing file unless asked.

pub mod csv;
pub mod experiment;
pub mod json;
pub mod markdown;
pub mod measured;
pub mod pdf;
pub mod standout;
pub mod summary;

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::model::{Medication, Night, Profile, Settings};
use crate::store::{Store, StoreError};
pub use summary::LogMode;
use summary::{ClinicalNotes, SummaryInput};

/// Nights in the default range: the last 12 weeks.
pub const DEFAULT_NIGHTS: u64 = 84;

/// What an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// The summary for a clinician, with the full log; needs a file.
    Pdf,
    /// One row per cramp (and per cramp-free night), for spreadsheets.
    Csv,
    /// Everything, losslessly, for import or other programs.
    Json,
    /// The clinician's summary as Markdown tables.
    Markdown,
}

impl Format {
    pub const WORDS: &'static str = "pdf, csv, json or md";

    /// The usual file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Markdown => "md",
        }
    }

    /// The format a file name suggests, from its extension.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Self> {
        path.extension()?.to_str()?.parse().ok()
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf" => Ok(Self::Pdf),
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            "md" | "markdown" => Ok(Self::Markdown),
            _ => Err(format!("'{s}' is not an export format; use {}", Self::WORDS)),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pdf => "PDF",
            Self::Csv => "CSV",
            Self::Json => "JSON",
            Self::Markdown => "Markdown",
        })
    }
}

/// The PDF's page size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl FromStr for Paper {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Ok(Self::A4),
            "letter" => Ok(Self::Letter),
            _ => Err(format!("'{s}' is not a paper size; use a4 or letter")),
        }
    }
}

/// What to export and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: Format,
    /// First night, included.
    pub from: NaiveDate,
    /// Last night, included.
    pub to: NaiveDate,
    /// Leave out every free-text note.
    pub redact_notes: bool,
    pub paper: Paper,
}

/// Everything that can stop an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{} already exists; add --force to replace it", path.display())]
    Exists { path: PathBuf },
    #[error("{} is a folder; name a file to write", path.display())]
    IsFolder { path: PathBuf },
    #[error(
        "{} is {kind}, not a file; add --force to write into it (or -o - for the screen or a pipe)",
        path.display()
    )]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Font(#[from] pdf::FontError),
}

impl From<pdf::PdfError> for ExportError {
    fn from(e: pdf::PdfError) -> Self {
        match e {
            pdf::PdfError::Font(f) => Self::Font(f),
            pdf::PdfError::Io(io) => Self::Io(io),
        }
    }
}

impl ExportError {
    /// Whether the person asked for something that cannot be done (as opposed to a failure).
    #[must_use]
    pub fn is_refusal(&self) -> bool {
        match self {
            Self::Exists { .. } | Self::IsFolder { .. } | Self::NotAFile { .. } => true,
            Self::Store(e) => e.is_rejection(),
            _ => false,
        }
    }
}

/// The journal data an export is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportData {
    /// The logged nights in the range, oldest first.
    pub nights: Vec<Night>,
    /// Every medicine, not only those taken in the range.
    pub medications: Vec<Medication>,
    pub profile: Profile,
    pub settings: Settings,
    /// The experiment section of the PDF and Markdown reports (empty without one).
    pub experiment: Vec<crate::experiment::wording::Piece>,
    /// Values measured by trackers for the nights in the range, by night then kind.
    pub measured: Vec<crate::store::StoredMeasured>,
}

impl ExportData {
    /// Reads what an export of `from..=to` needs, in one consistent read per table.
    pub fn load(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Self, StoreError> {
        Ok(Self {
            nights: store.nights(Some(from), Some(to))?,
            medications: store.medications()?,
            profile: store.profile()?,
            settings: store.settings()?,
            experiment: experiment::load(store, from, to)?,
            measured: store.measured_for(from, to)?,
        })
    }

    /// The analysis of the same range, as the reports print it. Reads the night before the range
    /// too, since the first night's "day before" factors need it.
    pub fn clinical_notes(
        &self,
        store: &Store,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<ClinicalNotes, StoreError> {
        let nights = store.nights(from.pred_opt(), Some(to))?;
        let suspected = store.suspected_factors()?;
        let measured = store.measured_values(from.pred_opt(), Some(to))?;
        let report = crate::analysis::analyze(&crate::analysis::Input {
            nights: &nights,
            medications: &self.medications,
            profile: &self.profile,
            suspected: &suspected,
            units: self.settings.units,
            from: Some(from),
            to: Some(to),
            today,
            measured: &measured,
        });
        Ok(ClinicalNotes::from_report(&report))
    }

    /// Drops every free-text note, from nights and from cramps.
    pub fn redact_notes(&mut self) {
        for n in &mut self.nights {
            n.note = None;
            for e in &mut n.episodes {
                e.note = None;
            }
        }
    }
}

/// Writes `data` in the chosen format. `made_at` is stamped on the reports and the JSON
/// document; `clinical` fills the PDF's and Markdown's red flags and findings. The reports'
/// nightly log is the default for the range ([`LogMode::default_for`]).
pub fn render(
    data: &ExportData,
    options: &ExportOptions,
    made_at: DateTime<FixedOffset>,
    clinical: &ClinicalNotes,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    render_with_log(data, options, None, made_at, clinical, out)
}

/// [`render`], with the reports' nightly log as `log` asks (`None`: the default for the range).
pub fn render_with_log(
    data: &ExportData,
    options: &ExportOptions,
    log: Option<LogMode>,
    made_at: DateTime<FixedOffset>,
    clinical: &ClinicalNotes,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let log_mode = log.unwrap_or_else(|| LogMode::default_for(options.from, options.to));
    let redacted;
    let data = if options.redact_notes {
        let mut copy = data.clone();
        copy.redact_notes();
        redacted = copy;
        &redacted
    } else {
        data
    };
    let log_of =
        || summary::log(&data.nights, &data.medications, data.settings, options.from, options.to, log_mode);
    let summary_of = || {
        let input = SummaryInput {
            nights: &data.nights,
            medications: &data.medications,
            profile: &data.profile,
            settings: data.settings,
            from: options.from,
            to: options.to,
            made_at,
        };
        let mut s = summary::summarise(&input, clinical.clone());
        let measured: Vec<crate::health::Measured> = data.measured.iter().map(|m| m.value.clone()).collect();
        s.measured = crate::health::report_line(&measured, options.from, options.to, data.settings.units);
        s
    };
    match options.format {
        Format::Json => json::write(
            &json::DocumentInput {
                nights: &data.nights,
                medications: &data.medications,
                profile: &data.profile,
                settings: data.settings,
                from: options.from,
                to: options.to,
                generated_at: made_at,
                notes_redacted: options.redact_notes,
                measured: &data.measured,
            },
            out,
        )?,
        Format::Csv => csv::write(&data.nights, &data.medications, out)?,
        Format::Markdown => {
            markdown::write(&summary_of(), &log_of(), options.redact_notes, out)?;
            experiment::markdown(&data.experiment, out)?;
        }
        Format::Pdf => {
            let (log, paper) = (log_of(), options.paper);
            pdf::write(&summary_of(), &log, paper, options.redact_notes, &data.experiment, out)?;
        }
    }
    Ok(())
}

/// What `path` is when it is neither a file nor a folder (following links): a named pipe, a
/// socket or a device. There is no file to replace, so it is written straight into, never
/// renamed over; and only with `--force`, since writing there may block on a pipe nobody reads,
/// or land on a disk or terminal rather than in a file.
fn special_kind(path: &Path) -> Option<&'static str> {
    let meta = fs::metadata(path).ok()?;
    if meta.is_file() || meta.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
    }
    Some("not a regular file")
}

/// Refuses a folder, and a pipe, socket, device or existing file unless `overwrite`.
pub fn check_target(path: &Path, overwrite: bool) -> Result<(), ExportError> {
    if path.is_dir() {
        return Err(ExportError::IsFolder { path: path.to_owned() });
    }
    if overwrite {
        return Ok(());
    }
    if let Some(kind) = special_kind(path) {
        return Err(ExportError::NotAFile { path: path.to_owned(), kind });
    }
    if path.symlink_metadata().is_ok() {
        return Err(ExportError::Exists { path: path.to_owned() });
    }
    Ok(())
}

/// Writes a file safely: `write` fills a new private (0600) file under a temporary name beside
/// `path`, which is synced and then renamed to `path`. An existing `path` is only replaced with
/// `overwrite`; on any failure the temporary file is removed and `path` is left as it was. A
/// pipe, socket or device is only written into with `overwrite`.
pub fn write_file(
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<(), ExportError>,
) -> Result<PathBuf, ExportError> {
    let fail = |source| ExportError::Write { path: path.to_owned(), source };
    // A full disk shows up inside the renderer's writes: say which file it was.
    let named = |e: ExportError| match e {
        ExportError::Io(source) => fail(source),
        other => other,
    };
    check_target(path, overwrite)?;
    if special_kind(path).is_some() {
        let mut out = io::BufWriter::new(fs::OpenOptions::new().write(true).open(path).map_err(fail)?);
        write(&mut out).map_err(named)?;
        out.flush().map_err(fail)?;
        return Ok(path.to_owned());
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::store::private_dir_builder().create(parent).map_err(fail)?;
    let (temp, file) = crate::tempfile_safe::create_file_beside(path).map_err(fail)?;
    let result = (|| {
        let mut out = io::BufWriter::new(file);
        write(&mut out).map_err(named)?;
        let file = out.into_inner().map_err(|e| fail(e.into_error()))?;
        file.sync_all().map_err(fail)?;
        drop(file);
        if overwrite {
            fs::rename(&temp, path).map_err(fail)
        } else {
            // A hard link fails if the name was taken meanwhile, where a rename would replace it.
            match fs::hard_link(&temp, path) {
                Ok(()) => fs::remove_file(&temp).map_err(fail),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    Err(ExportError::Exists { path: path.to_owned() })
                }
                // File systems without hard links: check once more, then rename.
                Err(_) if path.symlink_metadata().is_err() => fs::rename(&temp, path).map_err(fail),
                Err(_) => Err(ExportError::Exists { path: path.to_owned() }),
            }
        }
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map(|()| path.to_owned())
}

/// The whole export in one call, for the terminal app's Export screen: reads the range from
/// `store`, analyses it (unless `clinical` is given), renders it and writes it to `path` safely
/// (see [`write_file`]). Returns the path written.
pub fn export_to_file(
    store: &Store,
    options: &ExportOptions,
    made_at: DateTime<FixedOffset>,
    clinical: Option<&ClinicalNotes>,
    path: &Path,
    overwrite: bool,
) -> Result<PathBuf, ExportError> {
    check_target(path, overwrite)?;
    let data = ExportData::load(store, options.from, options.to)?;
    let clinical = match clinical {
        Some(c) => c.clone(),
        None => data.clinical_notes(store, options.from, options.to, made_at.date_naive())?,
    };
    write_file(path, overwrite, |out| render(&data, options, made_at, &clinical, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_papers_parse_from_their_words() {
        assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
        assert_eq!("PDF".parse::<Format>(), Ok(Format::Pdf));
        assert!("docx".parse::<Format>().unwrap_err().contains("pdf, csv, json or md"));
        assert_eq!(Format::from_path(Path::new("out/summary.pdf")), Some(Format::Pdf));
        assert_eq!(Format::from_path(Path::new("notes")), None);
        assert_eq!("Letter".parse::<Paper>(), Ok(Paper::Letter));
    }

    #[test]
    fn an_existing_file_survives_a_refused_or_failed_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        fs::write(&path, "precious").unwrap();
        let e = write_file(&path, false, |out| Ok(out.write_all(b"new")?)).unwrap_err();
        assert!(matches!(e, ExportError::Exists { .. }) && e.is_refusal());
        let e = write_file(&path, true, |out| {
            out.write_all(b"half a fi")?;
            Err(io::Error::other("disk on fire").into())
        })
        .unwrap_err();
        assert!(e.to_string().contains("disk on fire"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "precious");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind: {names:?}");
        write_file(&path, true, |out| Ok(out.write_all(b"new")?)).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }

    /// A named pipe in a fresh folder, made with the system's `mkfifo` (no FFI crate needed).
    fn fifo(dir: &Path) -> PathBuf {
        let path = dir.join("pipe");
        let status = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(status.success(), "mkfifo failed");
        path
    }

    #[test]
    fn pipes_are_refused_without_force_and_written_into_with_it() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let pipe = fifo(dir.path());
        let e = write_file(&pipe, false, |out| Ok(out.write_all(b"gone")?)).unwrap_err();
        assert!(e.is_refusal(), "{e:?}");
        assert_eq!(
            e.to_string(),
            format!(
                "{} is a named pipe (FIFO), not a file; add --force to write into it (or -o - for the \
                 screen or a pipe)",
                pipe.display()
            )
        );
        assert!(check_target(&pipe, false).is_err());

        // With the override the bytes go into the pipe, which is neither replaced nor renamed.
        let reader = {
            let pipe = pipe.clone();
            std::thread::spawn(move || fs::read(pipe).unwrap())
        };
        write_file(&pipe, true, |out| Ok(out.write_all(b"into the pipe")?)).unwrap();
        assert_eq!(reader.join().unwrap(), b"into the pipe");
        assert!(fs::metadata(&pipe).unwrap().file_type().is_fifo());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["pipe"], "no temporary file beside the pipe");
    }

    #[test]
    fn devices_are_named_for_what_they_are() {
        // Only looked at, never written: the refusal comes before anything is opened.
        let e = check_target(Path::new("/dev/null"), false).unwrap_err();
        assert!(matches!(e, ExportError::NotAFile { kind: "a character device", .. }), "{e:?}");
        assert!(check_target(Path::new("/dev/null"), true).is_ok());
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let e = check_target(&socket, false).unwrap_err();
        assert!(e.to_string().contains("socket is a socket, not a file; add --force"), "{e}");
    }

    #[test]
    fn new_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/out.json");
        write_file(&path, false, |out| Ok(out.write_all(b"{}")?)).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
    }
}
