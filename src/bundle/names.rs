//! File names Windows gives a meaning of their own: drives and streams (`C:x`), devices (`CON`,
//! `nul.txt`), reserved characters and trailing dots or spaces. A bundle path is joined onto a
//! folder on whatever machine unpacks or serves it, so such names are refused on every platform.

/// Why `segment` (one path component) cannot be an ordinary file name on Windows, if it cannot.
pub fn windows_special(segment: &str) -> Option<&'static str> {
    if segment.contains(':') {
        return Some("a drive or stream name (`:`)");
    }
    if segment
        .chars()
        .any(|c| matches!(c, '<' | '>' | '"' | '|' | '?' | '*') || c.is_control())
    {
        return Some("a character Windows does not allow in file names");
    }
    if segment.ends_with('.') || segment.ends_with(' ') {
        return Some("a trailing dot or space, which Windows drops");
    }
    let stem = segment
        .split('.')
        .next()
        .unwrap_or(segment)
        .trim_end()
        .to_ascii_uppercase();
    let device = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.ends_with(|c: char| c.is_ascii_digit() && c != '0'));
    device.then_some("a Windows device name")
}

#[cfg(test)]
mod tests {
    use super::windows_special;

    #[test]
    fn windows_names() {
        for bad in [
            "C:",
            "C:x",
            "c:",
            "a:b",
            "CON",
            "con.txt",
            "Nul",
            "aux.tar.gz",
            "COM1",
            "lpt9.js",
            "a<b",
            "a|b",
            "a?",
            "a*",
            "a\"b",
            "x.",
            "x ",
            "tab\t",
        ] {
            assert!(windows_special(bad).is_some(), "{bad}");
        }
        for ok in [
            "index.html",
            "console.js",
            "com10",
            "COM0",
            "lpt",
            "nul-thing.js",
            "a b.js",
            "é.png",
        ] {
            assert!(windows_special(ok).is_none(), "{ok}");
        }
    }
}
