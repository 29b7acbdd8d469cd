//! The one effect outside the journal: writing an export file where the Export screen says,
//! asking before replacing a file.

use super::{App, Effect, Popup};
use crate::export::ExportOptions;

impl App {
    pub(super) fn export(&mut self, options: ExportOptions, file: &str, replace: bool) {
        let path = std::path::PathBuf::from(file);
        if path.exists() && !path.is_file() {
            // A folder, a pipe or a device: replacing it is never what the person meant.
            self.complain(format!("Not exported: {file} is not a regular file; give a file name"));
            return;
        }
        if path.exists() && !replace {
            let question = format!("{file} exists. Replace it? (y/n)");
            let yes = Effect::Export { options, file: file.to_owned(), replace: true };
            self.popup = Some(Popup::Confirm { question, yes: Box::new(yes) });
            return;
        }
        match crate::export::export_to_file(&self.store, &options, self.now, None, &path, replace) {
            Ok(written) => {
                let shown = std::path::absolute(&written).unwrap_or(written).display().to_string();
                self.say(format!("Exported {} to {shown}.", options.format));
                self.export.written = Some(shown);
            }
            Err(e) => {
                self.export.error = Some(e.to_string());
                self.complain(format!("Not exported: {e}"));
            }
        }
    }
}
