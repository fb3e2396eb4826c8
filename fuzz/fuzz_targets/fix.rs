//! The fix loop with every rule on and unsafe fixes included: what
//! `kubelint check --fix --unsafe-fixes` does to one file. Nothing may
//! panic; every fix offered on every intermediate text applies to that text;
//! the result is text that parses no worse than the input, keeps its BOM and
//! line breaks, and is a fixpoint (see `kubelint_fuzz::fix::check`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kubelint_fuzz::fix::check(data);
});
