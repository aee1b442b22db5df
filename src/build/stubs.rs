//! componentize-js's `stubWasi` on a handler rebuilt in `alga dev`, from the last build's.
//!
//! componentize-js snapshots its JavaScript engine with the handler loaded (wizer), then
//! `stubWasi` replaces the WASI imports the handler may not use with functions that trap (or,
//! for a clock or random numbers, answer without the host). From one handler edit to the next,
//! the snapshot differs only in its data section (the engine's memory): the code, imports,
//! globals and tables are those of the same engine with the same world spliced in. `stubWasi`
//! rewrites imports, functions, code and names, and passes the data section through untouched;
//! so when two snapshots differ in their data alone, the second one stubbed is the first one
//! stubbed with the second one's data section. That takes a few milliseconds where `stubWasi`
//! takes most of a second in node.
//!
//! With the `clocks` feature off, `stubWasi` writes the time it ran into the clock stubs; a
//! reused stub keeps the time of the build it came from.

use std::ops::Range;

/// The sections of a core module (id and byte range, header included), in order; `None` if
/// `wasm` is not a well-framed core module.
fn sections(wasm: &[u8]) -> Option<Vec<(u8, Range<usize>)>> {
    if wasm.len() < 8 || wasm[..4] != *b"\0asm" || wasm[4..8] != [1, 0, 0, 0] {
        return None;
    }
    let mut out = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let id = wasm[at];
        at += 1;
        let mut size: usize = 0;
        for shift in (0..35).step_by(7) {
            let byte = *wasm.get(at)?;
            at += 1;
            size |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
            if shift == 28 {
                return None;
            }
        }
        at = at.checked_add(size).filter(|&end| end <= wasm.len())?;
        out.push((id, start..at));
    }
    Some(out)
}

const DATA: u8 = 11;

/// `next` as `stubWasi` makes it, from `prev` and what `stubWasi` made of it (`out`): `out`
/// with `next`'s data section, when `next` differs from `prev` in its data section alone and
/// `out` holds `prev`'s data section unchanged; otherwise `None` (run `stubWasi`).
pub fn reuse(prev: &[u8], out: &[u8], next: &[u8]) -> Option<Vec<u8>> {
    let (a, b, o) = (sections(prev)?, sections(next)?, sections(out)?);
    if a.len() != b.len() {
        return None;
    }
    let mut data = None;
    for ((ida, ra), (idb, rb)) in a.iter().zip(&b) {
        if ida != idb {
            return None;
        }
        if *ida == DATA {
            data = Some((ra.clone(), rb.clone()));
        } else if prev[ra.clone()] != next[rb.clone()] {
            return None;
        }
    }
    let (ra, rb) = data?;
    let mut in_out = o.iter().filter(|(id, _)| *id == DATA);
    let (Some((_, ro)), None) = (in_out.next(), in_out.next()) else {
        return None;
    };
    if out[ro.clone()] != prev[ra] {
        return None;
    }
    let mut stubbed = Vec::with_capacity(out.len() - ro.len() + rb.len());
    stubbed.extend_from_slice(&out[..ro.start]);
    stubbed.extend_from_slice(&next[rb]);
    stubbed.extend_from_slice(&out[ro.end..]);
    Some(stubbed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module like a snapshot: an import, a function calling it, a global and `data`.
    fn snapshot(body: &str, global: i32, data: &str) -> Vec<u8> {
        wat::parse_str(format!(
            r#"(module
                (import "wasi:clocks/wall-clock@0.2.10" "now" (func $now (param i32)))
                (memory 1)
                (global $g (mut i32) (i32.const {global}))
                (func (export "run") (param i32) {body})
                (data (i32.const 16) "{data}"))"#
        ))
        .unwrap()
    }

    /// The import made a function that traps, as `stubWasi` does.
    fn stubbed(body: &str, global: i32, data: &str) -> Vec<u8> {
        wat::parse_str(format!(
            r#"(module
                (func $now (param i32) unreachable)
                (memory 1)
                (global $g (mut i32) (i32.const {global}))
                (func (export "run") (param i32) {body})
                (data (i32.const 16) "{data}"))"#
        ))
        .unwrap()
    }

    const CALL: &str = "local.get 0 call $now";

    #[test]
    fn another_snapshot_of_the_same_code_takes_the_stubs_of_the_last() {
        let prev = snapshot(CALL, 7, "old heap");
        let out = stubbed(CALL, 7, "old heap");
        let next = snapshot(CALL, 7, "the new, longer heap");
        assert_eq!(
            reuse(&prev, &out, &next),
            Some(stubbed(CALL, 7, "the new, longer heap"))
        );
    }

    #[test]
    fn anything_else_changed_runs_stub_wasi() {
        let prev = snapshot(CALL, 7, "old heap");
        let out = stubbed(CALL, 7, "old heap");
        // Other code, another global's value, another import.
        for next in [
            snapshot("local.get 0 call $now local.get 0 call $now", 7, "new heap"),
            snapshot(CALL, 8, "new heap"),
            wat::parse_str(
                r#"(module (import "wasi:clocks/wall-clock@0.2.10" "resolution" (func $now (param i32)))
                (memory 1) (global $g (mut i32) (i32.const 7))
                (func (export "run") (param i32) local.get 0 call $now)
                (data (i32.const 16) "new heap"))"#,
            )
            .unwrap(),
        ] {
            assert_eq!(reuse(&prev, &out, &next), None);
        }
        // A stubbed module whose data is not the one it was made from.
        let odd = stubbed(CALL, 7, "other heap");
        assert_eq!(reuse(&prev, &odd, &snapshot(CALL, 7, "new heap")), None);
        // No data section, or not a module.
        let bare = wat::parse_str("(module (memory 1))").unwrap();
        assert_eq!(reuse(&bare, &bare, &bare), None);
        assert_eq!(reuse(b"\0asm", &out, &prev), None);
    }

    #[test]
    fn cut_or_overlong_sections_are_not_modules() {
        let module = snapshot(CALL, 7, "heap");
        let ends: Vec<usize> = sections(&module)
            .unwrap()
            .iter()
            .map(|(_, r)| r.end)
            .collect();
        for end in 0..module.len() {
            let whole = end == 8 || ends.contains(&end);
            assert_eq!(sections(&module[..end]).is_some(), whole, "cut at {end}");
        }
        // A size of six LEB bytes, and one past the end.
        for size in [&[0x80, 0x80, 0x80, 0x80, 0x80, 0x00][..], &[0x05]] {
            let mut odd = module[..8].to_vec();
            odd.push(1);
            odd.extend_from_slice(size);
            odd.extend_from_slice(&[0; 4]);
            assert_eq!(sections(&odd), None);
        }
    }

    #[test]
    fn a_stubbed_module_with_two_data_sections_is_not_reused() {
        let prev = snapshot(CALL, 7, "old heap");
        let out = stubbed(CALL, 7, "old heap");
        let data = sections(&out)
            .unwrap()
            .into_iter()
            .find(|(id, _)| *id == DATA)
            .unwrap()
            .1;
        let mut twice = out.clone();
        twice.extend_from_slice(&out[data]);
        assert_eq!(reuse(&prev, &twice, &snapshot(CALL, 7, "new heap")), None);
    }
}
