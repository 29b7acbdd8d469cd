//! cramp: a terminal journal for nocturnal foot and leg cramps.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod demo;
pub mod experiment;
pub mod export;
pub mod health;
pub mod import;
pub mod model;
pub mod parse;
pub mod printable;
pub mod store;
pub mod tempfile_safe;
pub mod ui;
pub mod wording;
