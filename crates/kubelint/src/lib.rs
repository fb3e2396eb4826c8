//! kubelint core
#![forbid(unsafe_code)]

pub mod source;
pub mod yaml;
