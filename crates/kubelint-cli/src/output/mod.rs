//! Presenting a [`kubelint::Report`]: one module per format.

pub mod concise;
pub mod escape;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;
pub mod summary;

use crate::ColorChoice;
use std::io::IsTerminal;

pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}
