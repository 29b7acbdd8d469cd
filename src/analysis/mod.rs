//! Pure statistics over nights: the weekly review and (in later modules) the trigger analysis.
//! No SQL, no terminal, no clock: dates come in as parameters.

pub mod week;
