//! Capabilities the handler's imports need, checked against the manifest before anything is
//! componentized, and added to `manifest.json` on request without touching its layout.

use std::collections::{BTreeMap, BTreeSet};

use crate::manifest::{Capability, Manifest};

use super::world::capability_of;

/// A capability the code needs and the manifest does not declare.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub capability: Capability,
    /// The interface that needs it (`alga:extension/http`, `wasi:http/outgoing-handler`).
    pub interface: String,
    /// Source files that import the interface.
    pub files: Vec<String>,
}

/// What the imports (`interface` -> files importing it) need that `manifest` does not grant,
/// one entry per capability.
pub fn missing(imports: &BTreeMap<String, BTreeSet<String>>, manifest: &Manifest) -> Vec<Missing> {
    let granted = manifest.granted_capabilities();
    let mut out: Vec<Missing> = Vec::new();
    for (interface, files) in imports {
        let Some(capability) = capability_of(interface) else {
            continue;
        };
        if granted.contains(&capability) {
            continue;
        }
        match out.iter_mut().find(|m| m.capability == capability) {
            Some(m) => m.files.extend(files.iter().cloned()),
            None => out.push(Missing {
                capability,
                interface: format!("alga:extension/{interface}"),
                files: files.iter().cloned().collect(),
            }),
        }
    }
    for m in &mut out {
        m.files.sort();
        m.files.dedup();
    }
    out.sort_by_key(|m| m.capability);
    out
}

/// The manifest's `"capabilities"` line with `missing` added: what to paste.
pub fn suggested_line(manifest: &Manifest, missing: &[Missing]) -> String {
    let mut caps: Vec<String> = manifest.capabilities.clone();
    for m in missing {
        caps.push(m.capability.as_str().to_string());
    }
    format!(
        "\"capabilities\": {}",
        serde_json::to_string(&caps).expect("strings serialize")
    )
    .replace("\",\"", "\", \"")
}

/// `text` (a manifest's JSON) with `add` appended to its top-level `capabilities` array, or a
/// new array after the root's opening brace; the rest of the text is left as it is. `None`
/// when the text is not laid out in a way this can edit safely.
pub fn add_to_manifest_text(text: &str, add: &[&str]) -> Option<String> {
    if add.is_empty() {
        return Some(text.to_string());
    }
    // Only valid JSON is edited; the scan below relies on it.
    let before: serde_json::Value = serde_json::from_str(text).ok()?;
    let quoted: Vec<String> = add
        .iter()
        .map(|c| serde_json::to_string(c).expect("strings serialize"))
        .collect();
    let edited = match top_level_array(text, "capabilities") {
        Some((open, close)) => insert_into_array(text, open, close, &quoted),
        None => insert_key(text, &quoted)?,
    };
    // The edit must give the same manifest with the capabilities added, nothing else.
    let mut expected = before.clone();
    let list = expected
        .as_object_mut()?
        .entry("capabilities")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()))
        .as_array_mut()?;
    list.extend(add.iter().map(|c| serde_json::Value::String(c.to_string())));
    let after: serde_json::Value = serde_json::from_str(&edited).ok()?;
    (after == expected).then_some(edited)
}

/// Inserts `items` before the `]` at `close` of the array opened at `open`, in the array's
/// own style: one per line with the last item's indent, or inline.
fn insert_into_array(text: &str, open: usize, close: usize, items: &[String]) -> String {
    let inside = &text[open + 1..close];
    let trimmed = inside.trim_end();
    let last_item_end = open + 1 + trimmed.len();
    let mut out = String::with_capacity(text.len() + 64);
    if trimmed.trim().is_empty() {
        out.push_str(&text[..open + 1]);
        out.push_str(&items.join(", "));
        out.push_str(&text[close..]);
        return out;
    }
    out.push_str(&text[..last_item_end]);
    // One item per line only when the last item has a line of its own.
    if trimmed.contains('\n') {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let last_line = trimmed.rsplit('\n').next().unwrap_or("");
        let indent: String = last_line
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        for item in items {
            out.push(',');
            out.push_str(newline);
            out.push_str(&indent);
            out.push_str(item);
        }
    } else {
        for item in items {
            out.push_str(", ");
            out.push_str(item);
        }
    }
    out.push_str(&text[last_item_end..]);
    out
}

/// Adds `"capabilities": [...]` as the root object's first key, indented as its first key is.
fn insert_key(text: &str, items: &[String]) -> Option<String> {
    let open = text.find('{')?;
    let rest = &text[open + 1..];
    let first_key = rest.find('"')?;
    let gap = &rest[..first_key];
    if !gap.trim().is_empty() {
        return None;
    }
    let at = open + 1 + first_key;
    Some(format!(
        "{}\"capabilities\": [{}],{}{}",
        &text[..at],
        items.join(", "),
        if gap.is_empty() { " " } else { gap },
        &text[at..]
    ))
}

/// The byte offsets of `[` and `]` of the array that is the value of `key` in the root object.
fn top_level_array(text: &str, key: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    // `key` was just read in the root object: its value comes next.
    let mut want_value = false;
    // The `[` of the value and the depth inside it.
    let mut array_open: Option<(usize, usize)> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let s = text.get(start..i)?;
                if want_value {
                    // The key's value is a string, not an array.
                    want_value = false;
                } else if depth == 1 && array_open.is_none() {
                    let after = text.get(i + 1..)?.trim_start();
                    if after.starts_with(':') && s == key {
                        want_value = true;
                    }
                }
            }
            b'[' => {
                depth += 1;
                if want_value && depth == 2 {
                    array_open = Some((i, depth));
                    want_value = false;
                }
            }
            b'{' => {
                depth += 1;
                want_value = false;
            }
            b']' => {
                if let Some((open, d)) = array_open
                    && d == depth
                {
                    return Some((open, i));
                }
                depth = depth.checked_sub(1)?;
            }
            b'}' => depth = depth.checked_sub(1)?,
            b':' | b' ' | b'\n' | b'\r' | b'\t' => {}
            _ if want_value && depth == 1 => want_value = false,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multiline_list_gets_new_lines_in_its_indent() {
        let text = "{\n  \"name\": \"x\",\n  \"capabilities\": [\n    \"cap:log.emit\"\n  ],\n  \"api\": {\"endpoints\": []}\n}\n";
        let out = add_to_manifest_text(text, &["cap:http.fetch", "cap:storage.kv"]).unwrap();
        assert_eq!(
            out,
            "{\n  \"name\": \"x\",\n  \"capabilities\": [\n    \"cap:log.emit\",\n    \"cap:http.fetch\",\n    \"cap:storage.kv\"\n  ],\n  \"api\": {\"endpoints\": []}\n}\n"
        );
    }

    #[test]
    fn an_inline_or_empty_list_stays_inline() {
        let text = "{\"name\": \"x\", \"capabilities\": [\"cap:log.emit\"]}";
        assert_eq!(
            add_to_manifest_text(text, &["cap:http.fetch"]).unwrap(),
            "{\"name\": \"x\", \"capabilities\": [\"cap:log.emit\", \"cap:http.fetch\"]}"
        );
        let text = "{\n\t\"capabilities\": [ ],\n\t\"name\": \"x\"\n}";
        assert_eq!(
            add_to_manifest_text(text, &["cap:http.fetch"]).unwrap(),
            "{\n\t\"capabilities\": [\"cap:http.fetch\"],\n\t\"name\": \"x\"\n}"
        );
    }

    #[test]
    fn a_manifest_without_the_key_gets_it_first() {
        let text = "{\n    \"name\": \"x\",\n    \"version\": \"1.0.0\"\n}\n";
        assert_eq!(
            add_to_manifest_text(text, &["cap:http.fetch"]).unwrap(),
            "{\n    \"capabilities\": [\"cap:http.fetch\"],\n    \"name\": \"x\",\n    \"version\": \"1.0.0\"\n}\n"
        );
    }

    #[test]
    fn nested_or_quoted_lookalikes_are_not_edited() {
        // `capabilities` inside another object, and in a string value, are not the key.
        let text = "{\"ui\": {\"capabilities\": [\"a\"]}, \"note\": \"capabilities: [x]\", \"capabilities\": []}";
        assert_eq!(
            add_to_manifest_text(text, &["cap:http.fetch"]).unwrap(),
            "{\"ui\": {\"capabilities\": [\"a\"]}, \"note\": \"capabilities: [x]\", \"capabilities\": [\"cap:http.fetch\"]}"
        );
        // Not an array: left for the author.
        assert_eq!(
            add_to_manifest_text("{\"capabilities\": \"x\"}", &["cap:http.fetch"]),
            None
        );
    }

    #[test]
    fn line_endings_and_odd_layouts_are_kept_or_refused_never_broken() {
        let crlf = "{\r\n  \"capabilities\": [\r\n    \"cap:log.emit\"\r\n  ]\r\n}\r\n";
        assert_eq!(
            add_to_manifest_text(crlf, &["cap:http.fetch"]).unwrap(),
            "{\r\n  \"capabilities\": [\r\n    \"cap:log.emit\",\r\n    \"cap:http.fetch\"\r\n  ]\r\n}\r\n"
        );
        // The last item on the `[` line: inline.
        let text = "{\"capabilities\": [\"cap:log.emit\"\n]}";
        assert_eq!(
            add_to_manifest_text(text, &["cap:http.fetch"]).unwrap(),
            "{\"capabilities\": [\"cap:log.emit\", \"cap:http.fetch\"\n]}"
        );
        // Escaped quotes before the key; an empty root; not JSON; a cut-off file: an answer
        // or None, never a panic.
        let escaped = "{\"a\": \"x\\\"y\", \"capabilities\": []}";
        assert!(add_to_manifest_text(escaped, &["cap:http.fetch"]).is_some());
        assert_eq!(add_to_manifest_text("{}", &["cap:http.fetch"]), None);
        for bad in ["{\"abc", "{\"capabilities\": [", "", "[]", "{\"a\":1,}"] {
            assert_eq!(
                add_to_manifest_text(bad, &["cap:http.fetch"]),
                None,
                "{bad}"
            );
        }
    }
}
