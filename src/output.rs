//! The one place that prints: human text on stderr/stdout, or JSON on stdout with `--json`.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::cli::{ColorChoice, GlobalArgs};

/// How much to say and in which form.
#[derive(Debug, Clone)]
pub struct Printer {
    pub quiet: bool,
    pub verbose: u8,
    pub json: bool,
    pub color: bool,
}

/// A style for a piece of text; rendered as ANSI only when colors are on.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    Error,
    Warning,
    Hint,
    Success,
    Dim,
    Bold,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Error => "1;31",
            Style::Warning => "1;33",
            Style::Hint => "1;36",
            Style::Success => "1;32",
            Style::Dim => "2",
            Style::Bold => "1",
        }
    }
}

impl Printer {
    pub fn from_args(args: &GlobalArgs) -> Self {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color_env && std::io::stderr().is_terminal(),
        };
        Printer {
            quiet: args.quiet,
            verbose: args.verbose,
            json: args.json,
            color,
        }
    }

    /// Wraps `text` in the style's colors when colors are on.
    pub fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("\x1b[{}m{text}\x1b[0m", style.code())
        } else {
            text.to_string()
        }
    }

    /// A progress or status line on stderr (hidden with `-q` and `--json`).
    pub fn status(&self, verb: &str, text: &str) {
        if self.quiet || self.json {
            return;
        }
        let verb = self.paint(Style::Success, &format!("{verb:>10}"));
        eprintln!("{verb} {text}");
    }

    /// Detail shown only with `-v`.
    pub fn detail(&self, text: &str) {
        if self.verbose > 0 && !self.json {
            eprintln!("{}", self.paint(Style::Dim, text));
        }
    }

    /// A warning on stderr (hidden with `-q`; in JSON mode warnings go into the result instead).
    pub fn warn(&self, text: &str) {
        if self.quiet || self.json {
            return;
        }
        eprintln!("{} {text}", self.paint(Style::Warning, "warning:"));
    }

    /// A handler log line on stderr, prefixed with the extension and request id.
    pub fn log(&self, event: &crate::runner::LogEvent) {
        if self.quiet {
            return;
        }
        let style = match event.level {
            "error" => Style::Error,
            "warn" => Style::Warning,
            _ => Style::Dim,
        };
        let rid = event.request_id.as_deref().unwrap_or("-");
        let short: String = rid.chars().take(8).collect();
        let tag = format!("[{} {short}]", event.extension_id);
        eprintln!(
            "{} {} {}",
            self.paint(Style::Hint, &escape_controls(&tag)),
            self.paint(style, &format!("{:<5}", event.level)),
            escape_controls(&event.message)
        );
    }

    /// A line that must be seen even with `-q` (a generated key the user needs), on stderr; in
    /// JSON mode it belongs in the result instead.
    pub fn notice(&self, verb: &str, text: &str) {
        if self.json {
            return;
        }
        let verb = self.paint(Style::Success, &format!("{verb:>10}"));
        eprintln!("{verb} {text}");
    }

    /// The command's result: human text on stdout, or the value as JSON with `--json`.
    pub fn result<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        let mut out = std::io::stdout().lock();
        if self.json {
            let text = serde_json::to_string_pretty(value).expect("result serializes");
            let _ = writeln!(out, "{text}");
        } else {
            let text = human();
            if !text.is_empty() {
                let _ = write!(out, "{text}");
                if !text.ends_with('\n') {
                    let _ = writeln!(out);
                }
            }
        }
    }

    /// Renders an error with its causes and hint, on stderr (or as JSON on stdout).
    pub fn error(&self, report: &crate::report::Report) {
        if self.json {
            let text = serde_json::to_string_pretty(&serde_json::json!({ "error": report }))
                .expect("error serializes");
            println!("{text}");
            return;
        }
        self.report(Style::Error, "error:", "", report);
    }

    /// A failure that alga goes on after (a build in `alga dev`), as a warning with `prefix`
    /// and what [`Printer::error`] shows of it.
    pub fn warn_error(&self, prefix: &str, error: &anyhow::Error) {
        if self.quiet || self.json {
            return;
        }
        let report = crate::report::Report::from_error(error);
        self.report(Style::Warning, "warning:", prefix, &report);
    }

    fn report(&self, style: Style, label: &str, prefix: &str, report: &crate::report::Report) {
        let mut err = std::io::stderr().lock();
        // Causes and details quote tools and files (what a handler's top-level code printed,
        // a source line): their control characters are shown, not obeyed.
        let _ = writeln!(
            err,
            "{} {prefix}{}",
            self.paint(style, label),
            escape_controls(&report.message)
        );
        for cause in &report.causes {
            let cause = escape_controls(cause);
            let _ = writeln!(err, "  {} {cause}", self.paint(Style::Dim, "caused by:"));
        }
        for detail in &report.details {
            let _ = writeln!(err, "{}", escape_controls(detail));
        }
        if let Some(hint) = &report.hint {
            let _ = writeln!(err, "{} {hint}", self.paint(Style::Hint, "hint:"));
        }
    }
}

/// RFC 3339 text of a time, in whole seconds (UTC).
pub fn rfc3339(t: std::time::SystemTime) -> String {
    let d = time::OffsetDateTime::from(t);
    d.replace_nanosecond(0)
        .unwrap_or(d)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Text from outside (a guest's log, a request header) made safe for a terminal: control
/// characters, escape sequences and bidirectional overrides are shown escaped (`\x1b`,
/// `\n`, `\u{202e}`), so they can neither move the cursor nor fake a line of their own.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Formats a byte count for people: `912 B`, `1.5 KiB`, `12.0 MiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_shows_controls_escaped() {
        assert_eq!(escape_controls("plain\ttext é"), "plain\ttext é");
        assert_eq!(
            escape_controls("\x1b[2J\x1b]0;pwned\x07line\nfake\r\u{9b}x\u{202e}y\u{7f}"),
            "\\x1b[2J\\x1b]0;pwned\\x07line\\nfake\\r\\u{9b}x\\u{202e}y\\x7f"
        );
        assert_eq!(escape_controls("a\u{2028}b"), "a\\u{2028}b");
    }

    proptest::proptest! {
        #[test]
        fn escaped_text_has_no_controls_left(text in "\\PC{0,20}[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202e}]{0,5}\\PC{0,20}") {
            let out = escape_controls(&text);
            let left = out.chars().any(|c| (c.is_control() && c != '\t') || c == '\u{202e}');
            proptest::prop_assert!(!left, "{:?}", out);
        }
    }

    #[test]
    fn bytes_read_well() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(12 << 20), "12.0 MiB");
    }
}
