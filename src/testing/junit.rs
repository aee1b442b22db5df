//! JUnit XML of a test run, in the shape GitLab, GitHub (test reporters) and Jenkins read:
//! one `<testsuite>`, one `<testcase>` per file, a `<failure>` with what Hurl would print.

use std::fmt::Write as _;

use super::FileResult;

/// The report of `files`, which took `seconds` in all.
pub fn report(files: &[FileResult], seconds: f64) -> String {
    let failures = files.iter().filter(|f| !f.passed).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"alga test\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" time=\"{seconds:.3}\">",
        files.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"alga test\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"{seconds:.3}\">",
        files.len()
    );
    for f in files {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"{:.3}\"",
            escape(&classname(&f.file)),
            escape(&f.file),
            escape(&f.file),
            f.millis as f64 / 1000.0
        );
        if f.passed {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let (message, text) = failure_text(f);
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"AssertionError\">{}</failure>",
            escape(&message),
            escape(&text)
        );
        if !f.logs.is_empty() {
            let logs: Vec<String> = f
                .logs
                .iter()
                .map(|l| format!("[{}] {}", l.level, l.message))
                .collect();
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                escape(&logs.join("\n"))
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// `tests/api/items.hurl` → `tests.api`.
fn classname(file: &str) -> String {
    match file.rsplit_once('/') {
        Some((dir, _)) => dir.replace('/', "."),
        None => "tests".into(),
    }
}

fn failure_text(f: &FileResult) -> (String, String) {
    if let Some(e) = &f.error {
        return (e.lines().next().unwrap_or("error").to_string(), e.clone());
    }
    let failures: Vec<_> = f.entries.iter().flat_map(|e| &e.failures).collect();
    let message = failures
        .first()
        .map(|x| format!("{} (line {})", x.description, x.line))
        .unwrap_or_else(|| "failed".into());
    let text = failures
        .iter()
        .map(|x| x.rendered.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    (message, text)
}

/// Text for an XML attribute or element: markup escaped, and characters XML 1.0 cannot hold
/// (most controls) shown as `\u{…}`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            escape("a<b>&\"'\u{1b}[31m"),
            "a&lt;b&gt;&amp;&quot;&apos;\\u{1b}[31m"
        );
        assert_eq!(classname("tests/api/x.hurl"), "tests.api");
    }
}
