//! End-to-end tests of the `kubelint` binary: real processes, real files,
//! asserting exit codes, rule ids, positions and messages.

mod aliases;
mod check;
mod fidelity;
mod fix;
mod formats;
mod metadata;
mod profiles;
mod reports;
mod rules;
mod skipped;
mod support;
