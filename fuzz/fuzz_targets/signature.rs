//! SIGNATURE files and the peer tools' signature files (CMS, OpenPGP, cosign, sigstore bundle).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    alga::signing::fuzz_signature(data);
});
