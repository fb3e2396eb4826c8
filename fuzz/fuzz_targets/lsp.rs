//! The language server over an in-process pipe: a script of messages —
//! lifecycle, document sync with fuzzed texts, versions and ranges,
//! requests at fuzzed positions, unknown methods, garbage bodies and broken
//! framing — with the invariants in `kubelint_fuzz::lsp` (no panic, no hang,
//! every request answered, `shutdown` answered, every position sent valid
//! for its text).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kubelint_fuzz::lsp::check(data);
});
