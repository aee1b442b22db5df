//! The fuzz entry points over the seed corpus and deterministic mutations of it (truncations,
//! byte flips, splices): nothing may panic. libFuzzer goes further with `fuzz/run.sh`.

use std::path::Path;

/// A small deterministic generator, so that a failure reproduces.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(out.len() >= 5, "seed corpus {} is too small", dir.display());
    out
}

fn mutate_all(target: &str, run: fn(&[u8])) {
    let seeds = seeds(target);
    let mut rng = Lcg(0x5eed);
    for (name, bytes) in &seeds {
        run(bytes);
        for cut in (0..bytes.len()).step_by((bytes.len() / 24).max(1)) {
            run(&bytes[..cut]);
        }
        for _ in 0..300 {
            let mut m = bytes.clone();
            let flips = 1 + rng.next() as usize % 4;
            for _ in 0..flips {
                if m.is_empty() {
                    break;
                }
                let i = rng.next() as usize % m.len();
                m[i] = match rng.next() % 3 {
                    0 => m[i] ^ (1 << (rng.next() % 8)),
                    1 => rng.next() as u8,
                    _ => b"{}[]\",:0-\n"[rng.next() as usize % 10],
                };
            }
            let result = std::panic::catch_unwind(|| run(&m));
            assert!(
                result.is_ok(),
                "panic on a mutation of {name}: {:?}",
                String::from_utf8_lossy(&m)
            );
        }
        // Splice with another seed.
        let (_, other) = &seeds[rng.next() as usize % seeds.len()];
        let mut spliced = bytes[..bytes.len() / 2].to_vec();
        spliced.extend_from_slice(&other[other.len() / 2..]);
        run(&spliced);
    }
}

#[test]
fn signature_parsing_survives_mutations() {
    mutate_all("signature", alga::signing::fuzz_signature);
}

#[test]
fn manifest_parsing_survives_mutations() {
    mutate_all("manifest", alga::manifest::fuzz_manifest);
}
