//! Canonical tar headers: ustar, normalised fields, PAX `path` records for long names.

use std::io::{self, Write};

const BLOCK: u64 = 512;

/// Bytes a file of `size` takes in the archive, headers and padding included.
pub fn entry_len(path: &str, size: u64) -> u64 {
    let pax = if fits_ustar(path) {
        0
    } else {
        BLOCK + padded(pax_record("path", path).len() as u64)
    };
    pax + BLOCK + padded(size)
}

/// Bytes of the end-of-archive marker (two zero blocks).
pub const TRAILER_LEN: u64 = 2 * BLOCK;

fn padded(n: u64) -> u64 {
    n.div_ceil(BLOCK) * BLOCK
}

/// Whether `path` fits the ustar name (100) or prefix (155) + name (100) fields.
fn fits_ustar(path: &str) -> bool {
    let bytes = path.as_bytes();
    if bytes.len() <= 100 {
        return true;
    }
    // Split at a `/` so that the prefix is at most 155 bytes and the rest at most 100.
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'/' && i <= 155 && bytes.len() - i - 1 <= 100 && i > 0)
}

/// One PAX record: `"<len> <key>=<value>\n"` where `<len>` counts the whole record.
fn pax_record(key: &str, value: &str) -> Vec<u8> {
    let body = format!(" {key}={value}\n");
    let mut len = body.len() + 1;
    loop {
        let candidate = format!("{len}{body}");
        if candidate.len() == len {
            return candidate.into_bytes();
        }
        len = candidate.len();
    }
}

fn base_header(size: u64, mode: u32, kind: tar::EntryType) -> io::Result<tar::Header> {
    let mut h = tar::Header::new_ustar();
    h.set_size(size);
    h.set_mode(mode);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(0);
    h.set_entry_type(kind);
    h.set_device_major(0)?;
    h.set_device_minor(0)?;
    Ok(h)
}

/// Sets the raw name field (for the placeholder name of a PAX-named entry).
fn set_raw_name(h: &mut tar::Header, name: &str) {
    let ustar = h.as_ustar_mut().expect("ustar header");
    let bytes = name.as_bytes();
    let mut cut = bytes.len().min(100);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    ustar.name = [0; 100];
    ustar.name[..cut].copy_from_slice(&bytes[..cut]);
}

/// Writes the header(s) of a regular file; the caller writes the data then [`write_padding`].
pub fn write_file_header<W: Write>(w: &mut W, path: &str, size: u64, mode: u32) -> io::Result<()> {
    let mut h = base_header(size, mode, tar::EntryType::Regular)?;
    if fits_ustar(path) {
        h.set_path(path)?;
    } else {
        let record = pax_record("path", path);
        let mut x = base_header(record.len() as u64, 0o644, tar::EntryType::XHeader)?;
        let base = path.rsplit('/').next().unwrap_or(path);
        set_raw_name(&mut x, &format!("PaxHeaders/{base}"));
        x.set_cksum();
        w.write_all(x.as_bytes())?;
        w.write_all(&record)?;
        write_padding(w, record.len() as u64)?;
        set_raw_name(&mut h, path);
    }
    h.set_cksum();
    w.write_all(h.as_bytes())
}

/// Zero bytes up to the next 512-byte boundary after `written` bytes of data.
pub fn write_padding<W: Write>(w: &mut W, written: u64) -> io::Result<()> {
    let pad = (padded(written) - written) as usize;
    w.write_all(&[0u8; 512][..pad])
}

/// Two zero blocks.
pub fn write_trailer<W: Write>(w: &mut W) -> io::Result<()> {
    w.write_all(&[0u8; TRAILER_LEN as usize])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn archive(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (path, data) in files {
            write_file_header(&mut out, path, data.len() as u64, 0o644).unwrap();
            out.extend_from_slice(data);
            write_padding(&mut out, data.len() as u64).unwrap();
        }
        write_trailer(&mut out).unwrap();
        let expected: u64 = files
            .iter()
            .map(|(p, d)| entry_len(p, d.len() as u64))
            .sum::<u64>()
            + TRAILER_LEN;
        assert_eq!(out.len() as u64, expected);
        out
    }

    #[test]
    fn pax_record_length_counts_itself() {
        let r = pax_record("path", "a");
        assert_eq!(r, b"9 path=a\n");
        let long = "x".repeat(95);
        let r = pax_record("path", &long);
        let text = String::from_utf8(r.clone()).unwrap();
        let n: usize = text.split(' ').next().unwrap().parse().unwrap();
        assert_eq!(n, r.len());
    }

    #[test]
    fn long_and_short_paths_round_trip() {
        let long = format!("ui/{}/{}.js", "d".repeat(120), "f".repeat(120));
        let mid = format!("ui/{}/{}.js", "a".repeat(140), "b".repeat(50));
        let files: Vec<(&str, &[u8])> = vec![
            ("manifest.json", b"{}"),
            (mid.as_str(), b"mid"),
            (long.as_str(), b"long contents"),
        ];
        let bytes = archive(&files);
        let mut ar = tar::Archive::new(bytes.as_slice());
        let mut seen = Vec::new();
        for e in ar.entries().unwrap() {
            let mut e = e.unwrap();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            assert_eq!(e.header().mtime().unwrap(), 0);
            assert_eq!(e.header().uid().unwrap(), 0);
            seen.push((e.path().unwrap().to_string_lossy().into_owned(), data));
        }
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[1].0, mid);
        assert_eq!(seen[2].0, long);
        assert_eq!(seen[2].1, b"long contents");
    }
}
