//! The file exchange translator (and the console's packet decoding) under generated hostile
//! input: see core/src/fuzz.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| switchboard_core::fuzz::feed("file_exchange", data));
