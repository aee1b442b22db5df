//! Where each value of a JSON document starts, so errors can name a line and column.

use std::collections::HashMap;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Positions of keys and values by JSON path (`api.endpoints[0].method`; the root is ``).
#[derive(Debug, Default)]
pub struct SpanIndex {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
}

impl SpanIndex {
    /// Indexes `text`, which must already be known to be valid JSON.
    pub fn build(text: &str) -> Self {
        let mut scanner = Scanner {
            chars: text.chars().collect(),
            i: 0,
            line: 1,
            column: 1,
            index: SpanIndex::default(),
        };
        scanner.value(String::new());
        scanner.index
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.values.get(path).copied()
    }

    /// Where the key of the member at `path` starts (falls back to its value).
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }
}

/// Appends an object key to a path, quoting keys that are not plain words.
pub fn join_key(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
    match (path.is_empty(), plain) {
        (true, true) => key.to_string(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}[{}]", serde_json::Value::String(key.into())),
    }
}

/// Appends an array index to a path.
pub fn join_index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

struct Scanner {
    chars: Vec<char>,
    i: usize,
    line: usize,
    column: usize,
    index: SpanIndex,
}

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r' | '\u{feff}')) {
            self.bump();
        }
    }

    fn value(&mut self, path: String) {
        self.skip_ws();
        self.index.values.insert(path.clone(), self.pos());
        match self.peek() {
            Some('{') => self.object(&path),
            Some('[') => self.array(&path),
            Some('"') => {
                self.string();
            }
            Some(_) => {
                while matches!(self.peek(), Some(c) if !matches!(c, ',' | '}' | ']') && !c.is_whitespace())
                {
                    self.bump();
                }
            }
            None => {}
        }
    }

    fn object(&mut self, path: &str) {
        self.bump();
        loop {
            self.skip_ws();
            match self.peek() {
                Some('}') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                }
                Some('"') => {
                    let key_pos = self.pos();
                    let key = self.string();
                    let child = join_key(path, &key);
                    self.index.keys.insert(child.clone(), key_pos);
                    self.skip_ws();
                    if self.peek() == Some(':') {
                        self.bump();
                    }
                    self.value(child);
                }
                _ => return,
            }
        }
    }

    fn array(&mut self, path: &str) {
        self.bump();
        let mut n = 0;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(']') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                }
                Some(_) => {
                    self.value(join_index(path, n));
                    n += 1;
                }
                None => return,
            }
        }
    }

    /// Reads a string literal and returns its decoded text.
    fn string(&mut self) -> String {
        let start = self.i;
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => break,
                _ => {}
            }
        }
        let literal: String = self.chars[start..self.i].iter().collect();
        serde_json::from_str(&literal).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_positions() {
        let text = "{\n  \"name\": \"x\",\n  \"api\": {\"endpoints\": [ {\"method\": \"GET\"} ]},\n  \"we.ird\": 1\n}";
        let idx = SpanIndex::build(text);
        assert_eq!(
            idx.value("name"),
            Some(Pos {
                line: 2,
                column: 11
            })
        );
        assert_eq!(idx.key("name"), Some(Pos { line: 2, column: 3 }));
        assert_eq!(
            idx.value("api.endpoints[0].method"),
            Some(Pos {
                line: 3,
                column: 37
            })
        );
        assert_eq!(idx.key("[\"we.ird\"]"), Some(Pos { line: 4, column: 3 }));
        assert_eq!(idx.value(""), Some(Pos { line: 1, column: 1 }));
    }

    #[test]
    fn escapes_do_not_confuse_it() {
        let text = r#"{"a\"b": "x\\", "c": [1, "]", 2]}"#;
        let idx = SpanIndex::build(text);
        assert_eq!(
            idx.value("c[2]"),
            Some(Pos {
                line: 1,
                column: 31
            })
        );
    }
}
