//! Everything the app does beyond a screen's own state, named: screens ask for an [`Effect`] and
//! [`App::perform`] carries it out. This is the only code under `src/app` that writes to the
//! journal; after a write it reads again what changed and says what happened.

use chrono::{DateTime, FixedOffset, NaiveDate, SubsecRound};

use super::capture::{Capture, Phase};
use super::{App, Popup, Screen};
use crate::export::ExportOptions;
use crate::model::{
    Dose, DurationS, Episode, Factor, MedClass, MedName, Night, Profile, SAME_CRAMP_WITHIN, Score, Settings,
    open_cramp_near,
};
use crate::store::{EpisodeId, NewSchedule};

/// A side effect a screen asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Say something on the status line.
    Say(String),
    /// Say that something went wrong, on the status line.
    Complain(String),
    /// Ask a yes/no question; on yes, do `yes`.
    Ask {
        question: String,
        yes: Box<Effect>,
    },
    Quit,
    Goto(Screen),
    OpenLog(NaiveDate),
    /// Drop the Log form's unsaved changes, then carry on.
    Discard(Box<Effect>),
    /// Read the week on show again (it moved).
    LoadWeek,
    /// Read the calendar's year again (the cursor moved into another).
    LoadCalendar,
    /// Work out the insights again (their range changed).
    LoadInsights,
    /// Save a night from the Log form. `known` are the starts of the cramps the form opened
    /// with, `opened` the night's other fields as the form opened: what was saved meanwhile
    /// elsewhere is kept wherever the person changed nothing.
    SaveNight {
        night: Night,
        known: Vec<DateTime<FixedOffset>>,
        opened: Option<Night>,
    },
    DeleteNight(NaiveDate),
    /// Put back the night deleted last.
    RestoreNight(Night),
    AddMedicine {
        name: MedName,
        class: MedClass,
        schedule: NewSchedule,
        dose: Option<Dose>,
    },
    /// Record today as the last day of a daily medicine.
    StopMedicine(MedName),
    /// Change a medicine's name, class, dose or first day.
    EditMedicine {
        name: MedName,
        edit: crate::store::MedEdit,
    },
    /// Take a medicine off the list (the journal refuses while nights name it).
    RemoveMedicine(MedName),
    SaveSettings(Settings),
    SaveProfile(Profile),
    /// Mark a factor as suspected, or unmark it.
    ToggleSuspicion(Factor),
    /// Write an export; asks before replacing a file unless `replace`.
    Export {
        options: ExportOptions,
        file: String,
        replace: bool,
    },
    /// Save a cramp starting now and open the capture timer.
    StartCapture,
    CaptureLength {
        id: EpisodeId,
        duration: Option<DurationS>,
    },
    CaptureStrength {
        id: EpisodeId,
        score: Score,
    },
    FinishCapture,
}

impl Effect {
    /// Whether carrying it out writes to the journal.
    #[must_use]
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Self::SaveNight { .. }
                | Self::DeleteNight(_)
                | Self::RestoreNight(_)
                | Self::AddMedicine { .. }
                | Self::StopMedicine(_)
                | Self::EditMedicine { .. }
                | Self::RemoveMedicine(_)
                | Self::SaveSettings(_)
                | Self::SaveProfile(_)
                | Self::ToggleSuspicion(_)
                | Self::StartCapture
                | Self::CaptureLength { .. }
                | Self::CaptureStrength { .. }
        )
    }
}

impl App {
    /// Carries out an effect. Nothing here panics on a failed write: it is said on the status
    /// line (or in the form that asked), and what was typed is kept.
    pub fn perform(&mut self, effect: Effect) {
        // SQLite writes happily into a file whose folder was deleted: the save would vanish.
        if effect.writes() && !self.store.path().exists() {
            self.complain(format!(
                "NOT saved: the journal {} is gone (was its folder deleted or moved?). What you typed is kept; \
                 put the file back, or quit and start cramp on another journal.",
                crate::ui::text::shown(&self.store.path().display().to_string())
            ));
            return;
        }
        let writes = effect.writes();
        self.carry_out(effect);
        // What the journal noticed but did not stop for (a daily backup that failed, backups
        // dated after today) is said, not dropped.
        let warnings = if writes { self.store.take_warnings() } else { Vec::new() };
        if !warnings.is_empty() {
            let text = warnings.iter().map(|w| crate::ui::text::shown(w)).collect::<Vec<_>>().join("; ");
            self.status =
                super::Status { text: format!("{} Warning: {text}", self.status.text), error: true };
        }
    }

    fn carry_out(&mut self, effect: Effect) {
        match effect {
            Effect::Say(text) => self.say(text),
            Effect::Complain(text) => self.complain(text),
            Effect::Ask { question, yes } => self.popup = Some(Popup::Confirm { question, yes }),
            Effect::Quit => self.quit = true,
            Effect::Goto(screen) => self.goto(screen),
            Effect::OpenLog(date) => self.open_log(date),
            Effect::Discard(next) => {
                self.log = None;
                self.perform(*next);
            }
            Effect::LoadWeek => {
                if let Err(e) = self.load_week() {
                    self.complain(format!("Could not read the journal: {e}"));
                }
            }
            Effect::LoadCalendar => {
                if let Err(e) = self.load_calendar() {
                    self.complain(format!("Could not read the journal: {e}"));
                }
            }
            Effect::LoadInsights => {
                if let Err(e) = self.load_insights() {
                    self.complain(format!("Could not read the journal: {e}"));
                }
            }
            Effect::SaveNight { night, known, opened } => self.save_night(&night, &known, opened.as_ref()),
            Effect::DeleteNight(date) => self.delete_night(date),
            Effect::RestoreNight(night) => match self.store.save_night(&night) {
                Ok(()) => {
                    self.history.undo = None;
                    self.reload();
                    self.say(format!("Restored the night of {}.", night.date.format("%a %-d %b")));
                }
                Err(e) => self.complain(format!("Could not restore it: {e}")),
            },
            Effect::AddMedicine { .. }
            | Effect::StopMedicine(_)
            | Effect::EditMedicine { .. }
            | Effect::RemoveMedicine(_) => self.medicine(effect),
            Effect::SaveSettings(settings) => {
                let result = self.store.save_settings(&settings);
                if result.is_ok() {
                    self.settings = settings;
                }
                self.saved(result);
            }
            Effect::SaveProfile(profile) => {
                let result = self.store.save_profile(&profile);
                self.saved(result);
            }
            Effect::ToggleSuspicion(factor) => self.toggle_suspicion(&factor),
            Effect::Export { options, file, replace } => self.export(options, &file, replace),
            Effect::StartCapture => self.start_capture(),
            Effect::CaptureLength { id, duration } => match self.store.set_episode_duration(id, duration) {
                Ok(()) => {
                    if let Some(c) = &mut self.capture {
                        c.phase = Phase::Stopped(duration);
                    }
                }
                Err(e) => self.complain(format!("The length was not saved: {e}")),
            },
            Effect::CaptureStrength { id, score } => {
                match self.store.set_episode_intensity(id, Some(score)) {
                    Ok(()) => {
                        if let Some(c) = &mut self.capture
                            && let Phase::Stopped(d) = c.phase
                        {
                            c.phase = Phase::Rated(d, score);
                        }
                        self.finish_capture();
                    }
                    Err(e) => self.complain(format!("The strength was not saved: {e}")),
                }
            }
            Effect::FinishCapture => self.finish_capture(),
        }
    }

    /// The effects on the medicine list.
    fn medicine(&mut self, effect: Effect) {
        match effect {
            Effect::AddMedicine { name, class, schedule, dose } => {
                match self.store.add_medication(&name, class, &schedule, dose.as_ref()) {
                    Ok(()) => {
                        self.meds_view.form = None;
                        self.reload();
                        self.say(format!("Added {name} ({class})."));
                    }
                    Err(e) => {
                        if let Some(form) = &mut self.meds_view.form {
                            form.error = Some(e.to_string());
                        }
                    }
                }
            }
            Effect::StopMedicine(name) => {
                let today = self.now.date_naive();
                match self.store.stop_medication(&name, today) {
                    Ok(p) => {
                        self.reload();
                        self.say(format!("{name}: taken daily from {} to {today}.", p.since));
                    }
                    Err(e) => self.complain(format!("Not changed: {e}")),
                }
            }
            Effect::EditMedicine { name, edit } => match self.store.edit_medication(&name, &edit) {
                Ok(m) => {
                    self.meds_view.form = None;
                    self.reload();
                    let dose = m.dose.as_ref().map(|d| format!(", {d}")).unwrap_or_default();
                    self.say(format!("Changed {name}: now {} ({}{dose}).", m.name, m.class));
                }
                Err(e) => {
                    if let Some(form) = &mut self.meds_view.form {
                        form.error = Some(e.to_string());
                    }
                }
            },
            Effect::RemoveMedicine(name) => match self.store.remove_medication(&name, None) {
                Ok(_) => {
                    self.reload();
                    self.say(format!("Removed {name} from the list."));
                }
                Err(e) => self.complain(format!("Not removed: {e}")),
            },
            _ => {}
        }
    }

    fn saved(&mut self, result: Result<(), crate::store::StoreError>) {
        match result {
            Ok(()) => {
                self.reload();
                self.say("Saved.");
            }
            Err(e) => self.complain(format!("Not saved: {e}")),
        }
    }

    fn save_night(&mut self, night: &Night, known: &[DateTime<FixedOffset>], opened: Option<&Night>) {
        let mut kept = Vec::new();
        let result =
            self.store.update_night(night.date, |stored| {
                let Some(stored) = stored else { return Ok(night.clone()) };
                let mut merged = match opened {
                    Some(opened) => {
                        kept = Night::kept_from_theirs(opened, night, &stored);
                        Night::three_way(opened, night, &stored)
                    }
                    None => night.clone(),
                };
                merged.episodes.extend(stored.episodes.into_iter().filter(|e| {
                    !known.contains(&e.start) && !night.episodes.iter().any(|n| n.start == e.start)
                }));
                merged.sort_episodes();
                merged.check().map(|()| merged)
            });
        match result {
            Ok(Ok(saved)) => {
                self.log = None;
                self.goto(self.return_to);
                self.reload();
                let also = if kept.is_empty() {
                    String::new()
                } else {
                    format!(" Kept what was saved elsewhere meanwhile: {}.", kept.join(", "))
                };
                self.say(format!(
                    "Saved the night of {}: {}.{also}",
                    saved.date.format("%a %-d %b"),
                    crate::wording::cramp_summary(&saved)
                ));
            }
            Ok(Err(e)) => self.complain(format!(
                "Not saved: the night was changed elsewhere meanwhile and the two do not fit together ({e}). \
                 What you typed is kept; press Esc and open the night again to see both."
            )),
            Err(e) => self.complain(format!("Not saved (what you typed is kept): {e}")),
        }
    }

    fn delete_night(&mut self, date: NaiveDate) {
        let night = self.history.nights.iter().find(|n| n.date == date).cloned();
        match self.store.delete_night(date) {
            Ok(_) => {
                self.history.undo = night;
                self.reload();
                self.say(format!("Deleted the night of {}. Press u to undo.", date.format("%a %-d %b")));
            }
            Err(e) => self.complain(format!("Not deleted: {e}")),
        }
    }

    fn toggle_suspicion(&mut self, factor: &Factor) {
        let name = crate::analysis::catalogue::name(factor);
        let one = std::slice::from_ref(factor);
        let result = self.store.suspected_factors().and_then(|now| {
            if now.contains(factor) {
                self.store.change_suspected(&[], one).map(|()| format!("No longer suspected: {name}."))
            } else {
                self.store.change_suspected(one, &[]).map(|()| {
                    format!("Suspected: {name}. See it against your data under \"What you suspect\".")
                })
            }
        });
        match result.and_then(|text| self.load_insights().map(|()| text)) {
            Ok(text) => self.say(text),
            Err(e) => self.complain(format!("Not changed: {e}")),
        }
    }

    /// Saves a cramp starting now, unless one saved in the last few minutes still has no
    /// length: pressing `c` again then means that cramp, not a second one.
    fn start_capture(&mut self) {
        if self.capture.is_some() {
            return;
        }
        let now = self.now.trunc_subsecs(0);
        let night = self.settings.day_boundary.night_of(now.naive_local());
        let open = self.store.episodes_with_ids(night).map(|list| {
            open_cramp_near(list.iter().map(|(_, e)| e), now, SAME_CRAMP_WITHIN, chrono::TimeDelta::zero())
                .map(|i| (list[i].0, list[i].1.start))
        });
        let started = match open {
            Ok(Some((id, start))) => {
                self.say(format!("That is the cramp saved at {}: its timer goes on.", start.format("%H:%M")));
                Ok((id, start))
            }
            Ok(None) => self.store.add_episode(night, &Episode::starting(now)).map(|id| (id, now)),
            Err(e) => Err(e),
        };
        match started {
            Ok((id, start)) => {
                self.popup = None;
                self.capture = Some(Capture::new(id, night, start));
            }
            Err(e) => self.complain(format!("The cramp could NOT be saved: {e}")),
        }
    }

    fn finish_capture(&mut self) {
        let Some(c) = self.capture.take() else { return };
        let time = c.start.format("%H:%M");
        let text = match c.phase {
            Phase::Running => {
                format!("Cramp at {time} saved; its length is unknown (fill it in on the Log screen).")
            }
            Phase::Stopped(Some(d)) => format!("Cramp at {time} saved: {d}."),
            Phase::Rated(Some(d), s) => format!("Cramp at {time} saved: {d}, strength {s}/10."),
            Phase::Stopped(None) | Phase::Rated(None, _) => format!("Cramp at {time} saved."),
        };
        self.say(text);
        self.reload();
        if let Some(form) = &mut self.log
            && form.date == c.night
        {
            self.status.text.push_str(" Saving this form keeps it.");
        }
        if self.options.quit_after_capture {
            self.quit = true;
        }
    }
}
