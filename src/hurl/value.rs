//! The values queries, filters and predicates work on, shown as Hurl shows them
//! (`integer <2>`, `string <ok>`).

use std::fmt;

/// A value taken from a response, a variable or a predicate.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
    Bytes(Vec<u8>),
}

impl Value {
    /// A JSON value; integers beyond `i64` become floats.
    pub fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Integer(i) => (*i).into(),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::String(s) => s.clone().into(),
            Value::List(items) => items.iter().map(Value::to_json).collect(),
            Value::Object(fields) => fields
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect::<serde_json::Map<_, _>>()
                .into(),
            Value::Bytes(b) => hex::encode(b).into(),
        }
    }

    /// The text a template puts in place of this value.
    pub fn render(&self) -> String {
        match self {
            Value::String(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".into(),
            Value::Bytes(b) => hex::encode(b),
            Value::List(_) | Value::Object(_) => self.to_json().to_string(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Integer(_) => "integer",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) => "object",
            Value::Bytes(_) => "bytes",
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// Equality as Hurl asserts it: an integer equals the float of the same value.
    pub fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Integer(a), Value::Float(b)) | (Value::Float(b), Value::Integer(a)) => {
                *a as f64 == *b
            }
            (Value::List(a), Value::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, v)| {
                        b.iter()
                            .find(|(k2, _)| k2 == k)
                            .is_some_and(|(_, v2)| v.same(v2))
                    })
            }
            _ => self == other,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => write!(f, "null"),
            Value::Bytes(b) if b.len() > 32 => {
                write!(f, "bytes <{}…> ({} bytes)", hex::encode(&b[..32]), b.len())
            }
            Value::Bytes(b) => write!(f, "bytes <{}>", hex::encode(b)),
            other => {
                let text = other.render();
                let text = crate::output::escape_controls(&text);
                let text: String = if text.chars().count() > 200 {
                    text.chars().take(200).chain(['…']).collect()
                } else {
                    text.into_owned()
                };
                write!(f, "{} <{text}>", other.kind())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_and_their_display() {
        let v = Value::from_json(&serde_json::json!({"a": [1, 2.5, "x", null, true]}));
        assert_eq!(v.render(), r#"{"a":[1,2.5,"x",null,true]}"#);
        assert_eq!(Value::Integer(2).to_string(), "integer <2>");
        assert_eq!(Value::String("ok".into()).to_string(), "string <ok>");
        assert!(Value::Integer(2).same(&Value::Float(2.0)));
        assert!(!Value::Integer(2).same(&Value::String("2".into())));
        let a = Value::from_json(&serde_json::json!({"x": 1, "y": 2}));
        let b = Value::from_json(&serde_json::json!({"y": 2, "x": 1.0}));
        assert!(a.same(&b), "objects compare by key, not order");
    }
}
