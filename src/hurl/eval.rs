//! Templates, queries, filters and predicates of a Hurl file, evaluated against one response.

use std::collections::BTreeMap;

use base64::Engine as _;
use hurl_core::ast::{
    Expr, ExprKind, Filter, FilterValue, Function, IntegerValue, JsonValue, Number, Placeholder,
    Predicate, PredicateFuncValue, PredicateValue, Query, QueryValue, RegexValue, SourceInfo,
    Template, TemplateElement,
};
use sha2::{Digest, Sha256};

use super::value::Value;
use super::{Failure, Files, Response};

/// The variables of a file run: predefined, from `--variable`, options and captures.
pub type Variables = BTreeMap<String, Value>;

pub(super) fn undefined(name: &str, at: SourceInfo) -> Failure {
    Failure::new(
        at,
        "Undefined variable",
        format!(
            "you must set the variable `{name}` (capture it, set it with `variable: {name}=…` in \
             [Options], or give `alga test --variable {name}=…`)"
        ),
    )
}

pub fn expr(e: &Expr, vars: &Variables) -> Result<Value, Failure> {
    match &e.kind {
        ExprKind::Variable(v) => vars
            .get(&v.name)
            .cloned()
            .ok_or_else(|| undefined(&v.name, e.source_info)),
        ExprKind::Function(Function::NewUuid) => {
            Ok(Value::String(uuid::Uuid::new_v4().to_string()))
        }
        ExprKind::Function(Function::NewDate) => Ok(Value::String(crate::output::rfc3339(
            std::time::SystemTime::now(),
        ))),
    }
}

pub fn placeholder(p: &Placeholder, vars: &Variables) -> Result<Value, Failure> {
    expr(&p.expr, vars)
}

pub fn template(t: &Template, vars: &Variables) -> Result<String, Failure> {
    let mut out = String::new();
    for element in &t.elements {
        match element {
            TemplateElement::String { value, .. } => out.push_str(value),
            TemplateElement::Placeholder(p) => out.push_str(&placeholder(p, vars)?.render()),
        }
    }
    Ok(out)
}

/// A JSON body with its placeholders filled in.
pub fn json(v: &JsonValue, vars: &Variables) -> Result<String, Failure> {
    Ok(match v {
        JsonValue::Placeholder(p) => placeholder(p, vars)?.to_json().to_string(),
        JsonValue::Number(n) => n.clone(),
        JsonValue::String(t) => serde_json::Value::String(template(t, vars)?).to_string(),
        JsonValue::Boolean(b) => b.to_string(),
        JsonValue::Null => "null".into(),
        JsonValue::List { elements, .. } => {
            let items: Result<Vec<_>, _> = elements.iter().map(|e| json(&e.value, vars)).collect();
            format!("[{}]", items?.join(","))
        }
        JsonValue::Object { elements, .. } => {
            let mut fields = Vec::new();
            for e in elements {
                let name = serde_json::Value::String(template(&e.name, vars)?).to_string();
                fields.push(format!("{name}:{}", json(&e.value, vars)?));
            }
            format!("{{{}}}", fields.join(","))
        }
    })
}

fn number(n: &Number) -> Value {
    match n {
        Number::Integer(i) => Value::Integer(i.as_i64()),
        Number::Float(f) => Value::Float(f.as_f64()),
        Number::BigInteger(s) => Value::Float(s.parse().unwrap_or(f64::NAN)),
    }
}

/// The value a predicate compares with.
fn predicate_value(
    v: &PredicateValue,
    vars: &Variables,
    files: &Files,
    at: SourceInfo,
) -> Result<Value, Failure> {
    Ok(match v {
        PredicateValue::String(t) => Value::String(template(t, vars)?),
        PredicateValue::MultilineString(m) => Value::String(template(&m.value(), vars)?),
        PredicateValue::Bool(b) => Value::Bool(*b),
        PredicateValue::Null => Value::Null,
        PredicateValue::Number(n) => number(n),
        PredicateValue::Placeholder(p) => placeholder(p, vars)?,
        PredicateValue::Base64(b) => Value::Bytes(b.value.clone()),
        PredicateValue::Hex(h) => Value::Bytes(h.value.clone()),
        PredicateValue::File(f) => {
            let name = template(&f.filename, vars)?;
            Value::Bytes(files.read(&name, at)?)
        }
        PredicateValue::Regex(r) => Value::String(r.inner.as_str().to_string()),
    })
}

/// A regex written as text (a template, a string predicate value).
fn compile_regex(text: &str, at: SourceInfo) -> Result<regex::Regex, Failure> {
    regex::Regex::new(text).map_err(|e| Failure::new(at, "Invalid regex", format!("`{text}`: {e}")))
}

fn regex_of(r: &RegexValue, vars: &Variables, at: SourceInfo) -> Result<regex::Regex, Failure> {
    match r {
        RegexValue::Regex(r) => Ok(r.inner.clone()),
        RegexValue::Template(t) => compile_regex(&template(t, vars)?, at),
    }
}

/// Whether a JSONPath names one value (`$.a[0].b`) rather than a collection (`$..b`, `$.a[*]`,
/// a filter, a slice or a union); quoted names (`$['a:b']`) do not count.
fn definite(path: &str) -> bool {
    let mut outside = String::new();
    let mut quote = None;
    let mut escaped = false;
    for c in path.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            None => outside.push(c),
        }
    }
    !(outside.contains('*')
        || outside.contains("..")
        || outside.contains("[?")
        || outside.contains(':')
        || outside.contains(','))
}

fn jsonpath(
    path: &str,
    input: &serde_json::Value,
    at: SourceInfo,
) -> Result<Option<Value>, Failure> {
    let compiled = serde_json_path::JsonPath::parse(path)
        .map_err(|e| Failure::new(at, "Invalid JSONPath", format!("`{path}`: {e}")))?;
    let nodes = compiled.query(input).all();
    if definite(path) {
        return Ok(nodes.first().map(|v| Value::from_json(v)));
    }
    Ok(Some(Value::List(
        nodes.into_iter().map(Value::from_json).collect(),
    )))
}

fn body_json(r: &Response, at: SourceInfo) -> Result<serde_json::Value, Failure> {
    serde_json::from_slice(&r.body).map_err(|e| {
        Failure::new(
            at,
            "Invalid JSON",
            format!(
                "the response body is not JSON ({e}); it starts {}",
                preview(&r.body)
            ),
        )
    })
}

pub(super) fn preview(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(120)]).into_owned();
    format!("`{}`", crate::output::escape_controls(&text))
}

fn body_text(r: &Response, at: SourceInfo) -> Result<String, Failure> {
    String::from_utf8(r.body.clone()).map_err(|_| {
        Failure::new(
            at,
            "Invalid decoding",
            "the response body is not UTF-8 text; query it with `bytes`".to_string(),
        )
    })
}

/// Runs a query; `None` when it finds nothing (a missing header, a definite JSONPath that
/// matches nothing).
pub fn query(q: &Query, r: &Response, vars: &Variables) -> Result<Option<Value>, Failure> {
    let at = q.source_info;
    Ok(match &q.value {
        QueryValue::Status => Some(Value::Integer(r.status as i64)),
        QueryValue::Version => Some(Value::String("1.1".into())),
        QueryValue::Url => Some(Value::String(r.url.clone())),
        QueryValue::Header { name, .. } => {
            let name = template(name, vars)?;
            let values: Vec<Value> = r
                .headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(&name))
                .map(|(_, v)| Value::String(v.clone()))
                .collect();
            match values.len() {
                0 => None,
                1 => values.into_iter().next(),
                _ => Some(Value::List(values)),
            }
        }
        QueryValue::Body => Some(Value::String(body_text(r, at)?)),
        QueryValue::Jsonpath { expr, .. } => {
            let path = template(expr, vars)?;
            jsonpath(&path, &body_json(r, at)?, at)?
        }
        QueryValue::Regex { value, .. } => {
            let re = regex_of(value, vars, at)?;
            let text = body_text(r, at)?;
            re.captures(&text)
                .and_then(|c| c.get(1).or_else(|| c.get(0)))
                .map(|m| Value::String(m.as_str().to_string()))
        }
        QueryValue::Variable { name, .. } => vars.get(&template(name, vars)?).cloned(),
        QueryValue::Duration => Some(Value::Integer(r.duration.as_millis() as i64)),
        QueryValue::Bytes | QueryValue::RawBytes => Some(Value::Bytes(r.body.clone())),
        QueryValue::Sha256 => Some(Value::Bytes(Sha256::digest(&r.body).to_vec())),
        other => {
            return Err(unsupported(
                at,
                &format!("the `{}` query", other.identifier()),
            ));
        }
    })
}

pub(super) fn unsupported(at: SourceInfo, what: &str) -> Failure {
    Failure::new(
        at,
        "Not supported",
        format!("{what} is not supported by `alga test` (see `alga test --help` for what is)"),
    )
}

fn integer(v: &IntegerValue, vars: &Variables, at: SourceInfo) -> Result<i64, Failure> {
    match v {
        IntegerValue::Literal(i) => Ok(i.as_i64()),
        IntegerValue::Placeholder(p) => match placeholder(p, vars)? {
            Value::Integer(i) => Ok(i),
            other => Err(Failure::new(
                at,
                "Filter",
                format!("expected an integer, the variable holds {other}"),
            )),
        },
    }
}

/// Applies one filter; `None` in, or a filter that finds nothing, gives `None`.
pub fn filter(f: &Filter, v: Option<Value>, vars: &Variables) -> Result<Option<Value>, Failure> {
    let at = f.source_info;
    let Some(v) = v else { return Ok(None) };
    let mismatch = |v: &Value| {
        Failure::new(
            at,
            "Filter error",
            format!("`{}` cannot be applied to {v}", f.value.identifier()),
        )
    };
    let text = |v: &Value| match v {
        Value::String(s) => Ok(s.clone()),
        other => Err(mismatch(other)),
    };
    let b64 = base64::engine::general_purpose::STANDARD;
    let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    Ok(match &f.value {
        FilterValue::Count => match &v {
            Value::List(items) => Some(Value::Integer(items.len() as i64)),
            Value::Object(items) => Some(Value::Integer(items.len() as i64)),
            Value::Bytes(b) => Some(Value::Integer(b.len() as i64)),
            Value::String(s) => Some(Value::Integer(s.chars().count() as i64)),
            other => return Err(mismatch(other)),
        },
        FilterValue::Nth { n, .. } => {
            let n = integer(n, vars, at)?;
            let Value::List(items) = &v else {
                return Err(mismatch(&v));
            };
            let i = if n < 0 { items.len() as i64 + n } else { n };
            usize::try_from(i).ok().and_then(|i| items.get(i)).cloned()
        }
        FilterValue::First => match &v {
            Value::List(items) => items.first().cloned(),
            other => return Err(mismatch(other)),
        },
        FilterValue::Last => match &v {
            Value::List(items) => items.last().cloned(),
            other => return Err(mismatch(other)),
        },
        FilterValue::JsonPath { expr, .. } => {
            let path = template(expr, vars)?;
            let input = match &v {
                Value::String(s) => serde_json::from_str(s).map_err(|e| {
                    Failure::new(at, "Filter error", format!("the value is not JSON: {e}"))
                })?,
                other => other.to_json(),
            };
            jsonpath(&path, &input, at)?
        }
        FilterValue::Regex { value, .. } => {
            let re = regex_of(value, vars, at)?;
            let s = text(&v)?;
            re.captures(&s)
                .and_then(|c| c.get(1).or_else(|| c.get(0)))
                .map(|m| Value::String(m.as_str().to_string()))
        }
        FilterValue::Replace {
            old_value,
            new_value,
            ..
        } => Some(Value::String(text(&v)?.replace(
            &template(old_value, vars)?,
            &template(new_value, vars)?,
        ))),
        FilterValue::ReplaceRegex {
            pattern, new_value, ..
        } => {
            let re = regex_of(pattern, vars, at)?;
            let with = template(new_value, vars)?;
            Some(Value::String(
                re.replace_all(&text(&v)?, with.as_str()).into_owned(),
            ))
        }
        FilterValue::Split { sep, .. } => {
            let sep = template(sep, vars)?;
            Some(Value::List(
                text(&v)?
                    .split(sep.as_str())
                    .map(|s| Value::String(s.to_string()))
                    .collect(),
            ))
        }
        FilterValue::ToInt => match &v {
            Value::Integer(_) => Some(v),
            Value::Float(f) => Some(Value::Integer(f.trunc() as i64)),
            Value::String(s) => Some(Value::Integer(s.trim().parse().map_err(|_| mismatch(&v))?)),
            other => return Err(mismatch(other)),
        },
        FilterValue::ToFloat => match &v {
            Value::Float(_) => Some(v),
            Value::Integer(i) => Some(Value::Float(*i as f64)),
            Value::String(s) => Some(Value::Float(s.trim().parse().map_err(|_| mismatch(&v))?)),
            other => return Err(mismatch(other)),
        },
        FilterValue::ToString => Some(Value::String(v.render())),
        FilterValue::ToHex => match &v {
            Value::Bytes(b) => Some(Value::String(hex::encode(b))),
            other => return Err(mismatch(other)),
        },
        FilterValue::Base64Decode => Some(Value::Bytes(
            b64.decode(text(&v)?.trim()).map_err(|_| mismatch(&v))?,
        )),
        FilterValue::Base64UrlSafeDecode => Some(Value::Bytes(
            b64url
                .decode(text(&v)?.trim().trim_end_matches('='))
                .map_err(|_| mismatch(&v))?,
        )),
        FilterValue::Base64Encode | FilterValue::Base64UrlSafeEncode => {
            let bytes = match &v {
                Value::Bytes(b) => b.clone(),
                Value::String(s) => s.clone().into_bytes(),
                other => return Err(mismatch(other)),
            };
            Some(Value::String(
                if matches!(f.value, FilterValue::Base64Encode) {
                    b64.encode(bytes)
                } else {
                    b64url.encode(bytes)
                },
            ))
        }
        FilterValue::Utf8Decode => match &v {
            Value::Bytes(b) => Some(Value::String(
                String::from_utf8(b.clone()).map_err(|_| mismatch(&v))?,
            )),
            other => return Err(mismatch(other)),
        },
        FilterValue::Utf8Encode => Some(Value::Bytes(text(&v)?.into_bytes())),
        FilterValue::UrlEncode => Some(Value::String(
            form_urlencoded::byte_serialize(text(&v)?.as_bytes()).collect(),
        )),
        FilterValue::UrlDecode => Some(Value::String(
            form_urlencoded::parse(format!("x={}", text(&v)?.replace('+', "%2B")).as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default(),
        )),
        FilterValue::UrlQueryParam { param, .. } => {
            let name = template(param, vars)?;
            let url = text(&v)?;
            let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
            form_urlencoded::parse(query.as_bytes())
                .find(|(k, _)| *k == name)
                .map(|(_, v)| Value::String(v.into_owned()))
        }
        FilterValue::HtmlEscape => Some(Value::String(
            text(&v)?
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#x27;"),
        )),
        other => {
            return Err(unsupported(
                at,
                &format!("the `{}` filter", other.identifier()),
            ));
        }
    })
}

/// Checks a predicate; the failure says what was found and what was expected. A value of a
/// type the predicate does not apply to (or no value, but for `exists`) fails with or without
/// `not`, as in Hurl.
pub fn predicate(
    p: &Predicate,
    actual: Option<&Value>,
    vars: &Variables,
    files: &Files,
) -> Result<(), Failure> {
    let at = p.predicate_func.source_info;
    use PredicateFuncValue as F;
    // (holds, applies to this value, what was expected)
    let (ok, applies, expected): (bool, bool, String) = match &p.predicate_func.value {
        F::Equal { value, .. } | F::NotEqual { value, .. } => {
            let e = predicate_value(value, vars, files, at)?;
            let equal = actual.is_some_and(|a| a.same(&e));
            let ne = matches!(p.predicate_func.value, F::NotEqual { .. });
            (
                equal != ne,
                actual.is_some(),
                format!("{}{e}", if ne { "not " } else { "" }),
            )
        }
        F::GreaterThan { value, .. }
        | F::GreaterThanOrEqual { value, .. }
        | F::LessThan { value, .. }
        | F::LessThanOrEqual { value, .. } => {
            let e = predicate_value(value, vars, files, at)?;
            let order = actual.and_then(|a| compare(a, &e));
            let ok = match &p.predicate_func.value {
                F::GreaterThan { .. } => order.is_some_and(|o| o.is_gt()),
                F::GreaterThanOrEqual { .. } => order.is_some_and(|o| o.is_ge()),
                F::LessThan { .. } => order.is_some_and(|o| o.is_lt()),
                _ => order.is_some_and(|o| o.is_le()),
            };
            let word = match &p.predicate_func.value {
                F::GreaterThan { .. } => "greater than",
                F::GreaterThanOrEqual { .. } => "greater than or equal to",
                F::LessThan { .. } => "less than",
                _ => "less than or equal to",
            };
            (ok, order.is_some(), format!("{word} {e}"))
        }
        F::StartWith { value, .. } | F::EndWith { value, .. } => {
            let e = predicate_value(value, vars, files, at)?;
            let start = matches!(p.predicate_func.value, F::StartWith { .. });
            let (ok, applies) = match (actual, &e) {
                (Some(Value::String(a)), Value::String(b)) => (
                    if start {
                        a.starts_with(b.as_str())
                    } else {
                        a.ends_with(b.as_str())
                    },
                    true,
                ),
                (Some(Value::Bytes(a)), Value::Bytes(b)) => (
                    if start {
                        a.starts_with(b)
                    } else {
                        a.ends_with(b)
                    },
                    true,
                ),
                _ => (false, false),
            };
            let word = if start { "starts with" } else { "ends with" };
            (ok, applies, format!("{word} {e}"))
        }
        F::Contain { value, .. } | F::Include { value, .. } => {
            let e = predicate_value(value, vars, files, at)?;
            let (ok, applies) = match (actual, &e) {
                (Some(Value::String(a)), Value::String(b)) => (a.contains(b.as_str()), true),
                (Some(Value::Bytes(a)), Value::Bytes(b)) => (
                    b.is_empty() || a.windows(b.len()).any(|w| w == b.as_slice()),
                    true,
                ),
                (Some(Value::List(items)), e) => (items.iter().any(|i| i.same(e)), true),
                _ => (false, false),
            };
            (ok, applies, format!("contains {e}"))
        }
        F::Match { value, .. } => {
            let re = match value {
                PredicateValue::Regex(r) => r.inner.clone(),
                other => compile_regex(&predicate_value(other, vars, files, at)?.render(), at)?,
            };
            let (ok, applies) = match actual {
                Some(Value::String(s)) => (re.is_match(s), true),
                _ => (false, false),
            };
            (ok, applies, format!("matches regex <{}>", re.as_str()))
        }
        F::Exist => (actual.is_some(), true, "something".to_string()),
        F::IsEmpty => {
            let len = match actual {
                Some(Value::List(v)) => Some(v.len()),
                Some(Value::Object(v)) => Some(v.len()),
                Some(Value::String(s)) => Some(s.len()),
                Some(Value::Bytes(b)) => Some(b.len()),
                _ => None,
            };
            (len == Some(0), len.is_some(), "empty".into())
        }
        other => {
            let Some(a) = actual else {
                return Err(assert_failure(p, None, other.identifier().to_string()));
            };
            let (ok, what) = match other {
                F::IsBoolean => (matches!(a, Value::Bool(_)), "boolean"),
                F::IsInteger => (matches!(a, Value::Integer(_)), "integer"),
                F::IsFloat => (matches!(a, Value::Float(_)), "float"),
                F::IsNumber => (matches!(a, Value::Integer(_) | Value::Float(_)), "number"),
                F::IsString => (matches!(a, Value::String(_)), "string"),
                F::IsList => (matches!(a, Value::List(_)), "list"),
                F::IsObject => (matches!(a, Value::Object(_)), "object"),
                F::IsCollection => (
                    matches!(a, Value::List(_) | Value::Object(_) | Value::Bytes(_)),
                    "collection",
                ),
                F::IsIsoDate => (
                    matches!(a, Value::String(s) if time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()),
                    "RFC 3339 date string",
                ),
                F::IsUuid => (
                    matches!(a, Value::String(s) if s.len() == 36 && uuid::Uuid::parse_str(s).is_ok()),
                    "UUID string",
                ),
                F::IsIpv4 => (
                    matches!(a, Value::String(s) if s.parse::<std::net::Ipv4Addr>().is_ok()),
                    "IPv4 address",
                ),
                F::IsIpv6 => (
                    matches!(a, Value::String(s) if s.parse::<std::net::Ipv6Addr>().is_ok()),
                    "IPv6 address",
                ),
                unsupported_one => {
                    return Err(unsupported(
                        at,
                        &format!("the `{}` predicate", unsupported_one.identifier()),
                    ));
                }
            };
            (ok, true, what.to_string())
        }
    };
    if applies && ok != p.not {
        return Ok(());
    }
    Err(assert_failure(p, actual, expected))
}

fn assert_failure(p: &Predicate, actual: Option<&Value>, expected: String) -> Failure {
    let actual = actual.map_or("none".to_string(), |a| a.to_string());
    let expected = if p.not {
        format!("not {expected}")
    } else {
        expected
    };
    Failure::new(
        p.predicate_func.source_info,
        "Assert failure",
        format!("actual:   {actual}\nexpected: {expected}"),
    )
}

fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definite_paths_give_one_value_others_a_list() {
        let doc = serde_json::json!({"items": [{"n": 1}, {"n": 2}], "name": "x"});
        let at = SourceInfo::new(
            hurl_core::reader::Pos::new(1, 1),
            hurl_core::reader::Pos::new(1, 1),
        );
        assert_eq!(
            jsonpath("$.name", &doc, at).unwrap(),
            Some(Value::String("x".into()))
        );
        assert_eq!(jsonpath("$.missing", &doc, at).unwrap(), None);
        assert_eq!(
            jsonpath("$.items[*].n", &doc, at).unwrap(),
            Some(Value::List(vec![Value::Integer(1), Value::Integer(2)]))
        );
        assert_eq!(
            jsonpath("$.items[1].n", &doc, at).unwrap(),
            Some(Value::Integer(2))
        );
        assert!(jsonpath("$.items[", &doc, at).is_err());
        assert!(definite("$['a:b'][0]"), "a quoted name is one name");
        assert!(!definite("$['a'][*]"));
        assert!(!definite("$.a[0:2]"));
    }
}
