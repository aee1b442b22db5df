//! manifest.json parsing and validation.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    alga::manifest::fuzz_manifest(data);
});
