//! Turning journal data into files and streams: each format is a pure function from data to a
//! writer.

pub mod json;
