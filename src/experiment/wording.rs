//! The experiment in the person's words: tonight's line and the report's sentences.
