//! Rules the engine itself emits: input that cannot be read or parsed,
//! YAML-level mistakes, configuration errors and suppression bookkeeping.

pub mod duplicate_key;
pub mod invalid_config;
pub mod invalid_yaml;
pub mod unreadable_file;
pub mod unused_suppression;
