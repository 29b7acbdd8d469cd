//! The journal's domain: nights, episodes, medicines, factors, the profile and settings. Pure
//! data with checked constructors; no SQL, no terminal, no clock.

mod factor;
mod medication;
mod night;
mod profile;
mod values;
mod words;

pub use factor::{Factor, UnknownFactor};
pub use medication::{
    BackwardsPeriod, BadDose, BadMedName, Dose, MedName, Medication, Period, Schedule, medication_names_on,
    medications_on,
};
pub use night::{
    DayBoundary, Episode, Evening, FILL_IN_WITHIN, Night, NightProblem, OutsideYears, PostureConflict,
    Postures, SAME_CRAMP_WITHIN, SkippedTime, Which, Zone, default_night, exact_clock_time, open_cramp_near,
    storable_date, storable_time, which_night,
};
pub use profile::{BadPersonName, PersonName, Profile, SettingError, Settings};
pub use values::{
    BadTag, DurationS, FluidMl, ML_PER_US_FL_OZ, Note, NoteTooLong, OutOfRange, Quarters, Score, Servings,
    Tag,
};
pub use words::{
    Activity, Condition, Footwear, Location, MedClass, Posture, Relief, Side, Units, UnknownWord, WeekStart,
};
