//! The request a Hurl entry describes: options, URL, headers, sections and body, templated.

use std::time::Duration;

use hurl_core::ast::{
    Body, Bytes, Entry, MultilineStringKind, OptionKind, SectionValue, SourceInfo, VariableValue,
};

use super::value::Value;
use super::{Failure, Files, Request, Variables, eval};

/// The request of an entry and its URL after templating; `None` when `skip: true`.
pub(super) fn build_request(
    entry: &Entry,
    files: &Files,
    vars: &mut Variables,
) -> Result<Option<(Request, String)>, Failure> {
    let r = &entry.request;
    let mut timeout_ms = None;
    for option in r.options() {
        let at = option.space0.source_info;
        match &option.kind {
            OptionKind::Variable(def) => {
                let v = match &def.value {
                    VariableValue::Null => Value::Null,
                    VariableValue::Bool(b) => Value::Bool(*b),
                    VariableValue::Number(n) => match n {
                        hurl_core::ast::Number::Integer(i) => Value::Integer(i.as_i64()),
                        hurl_core::ast::Number::Float(f) => Value::Float(f.as_f64()),
                        hurl_core::ast::Number::BigInteger(s) => Value::String(s.clone()),
                    },
                    VariableValue::String(t) => Value::String(eval::template(t, vars)?),
                };
                vars.insert(def.name.clone(), v);
            }
            OptionKind::Skip(b) => {
                if boolean_option(b, vars, at)? {
                    return Ok(None);
                }
            }
            OptionKind::MaxTime(d) => timeout_ms = Some(duration_option(d, vars, at)?),
            OptionKind::Delay(d) => {
                let ms = duration_option(d, vars, at)?;
                if ms > MAX_DELAY_MS {
                    return Err(Failure::new(
                        at,
                        "Option",
                        format!(
                            "a delay of {ms} ms is more than alga test waits ({MAX_DELAY_MS} ms)"
                        ),
                    ));
                }
                std::thread::sleep(Duration::from_millis(ms));
            }
            other => {
                return Err(eval::unsupported(
                    at,
                    &format!("the `{}` option", other.identifier()),
                ));
            }
        }
    }
    let text = eval::template(&r.url, vars)?;
    let mut url = match reqwest::Url::parse(&text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u,
        _ => {
            return Err(Failure::new(
                r.url.source_info,
                "Invalid URL",
                format!("`{text}` is not an http:// or https:// URL; write {{{{base}}}}/api/…"),
            ));
        }
    };
    url.set_fragment(None);
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut body = None;
    for h in &r.headers {
        headers.push((
            eval::template(&h.key, vars)?,
            eval::template(&h.value, vars)?,
        ));
    }
    for section in &r.sections {
        match &section.value {
            SectionValue::QueryParams(params, _) => {
                for p in params {
                    query.push((
                        eval::template(&p.key, vars)?,
                        eval::template(&p.value, vars)?,
                    ));
                }
            }
            SectionValue::FormParams(params, _) => {
                let mut form = form_urlencoded::Serializer::new(String::new());
                for p in params {
                    form.append_pair(
                        &eval::template(&p.key, vars)?,
                        &eval::template(&p.value, vars)?,
                    );
                }
                body = Some(form.finish().into_bytes());
                set_default(
                    &mut headers,
                    "content-type",
                    "application/x-www-form-urlencoded",
                );
            }
            SectionValue::BasicAuth(Some(kv)) => {
                use base64::Engine as _;
                let pair = format!(
                    "{}:{}",
                    eval::template(&kv.key, vars)?,
                    eval::template(&kv.value, vars)?
                );
                headers.push((
                    "authorization".into(),
                    format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(pair)
                    ),
                ));
            }
            SectionValue::BasicAuth(None) | SectionValue::Options(_) => {}
            SectionValue::Cookies(cookies) => {
                let mut pairs = Vec::new();
                for c in cookies {
                    pairs.push(format!(
                        "{}={}",
                        eval::template(&c.name, vars)?,
                        eval::template(&c.value, vars)?
                    ));
                }
                headers.push(("cookie".into(), pairs.join("; ")));
            }
            other => {
                return Err(eval::unsupported(
                    section.source_info,
                    &format!("the [{}] section in a request", section_name(other)),
                ));
            }
        }
    }
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(&query);
    }
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    if let Some(b) = &r.body {
        let (bytes, content_type) = body_bytes(b, files, vars)?;
        body = Some(bytes);
        if let Some(ct) = content_type {
            set_default(&mut headers, "content-type", ct);
        }
    }
    Ok(Some((
        Request {
            method: r.method.to_string(),
            path,
            headers,
            body,
            timeout_ms,
            variables: vars.clone(),
        },
        url.to_string(),
    )))
}

fn section_name(v: &SectionValue) -> &'static str {
    match v {
        SectionValue::MultipartFormData(..) => "Multipart",
        SectionValue::Captures(_) => "Captures",
        SectionValue::Asserts(_) => "Asserts",
        _ => "?",
    }
}

/// The longest `delay` option a file may ask for.
const MAX_DELAY_MS: u64 = 60_000;

fn boolean_option(
    b: &hurl_core::ast::BooleanOption,
    vars: &Variables,
    at: SourceInfo,
) -> Result<bool, Failure> {
    match b {
        hurl_core::ast::BooleanOption::Literal(v) => Ok(*v),
        hurl_core::ast::BooleanOption::Placeholder(p) => match eval::placeholder(p, vars)? {
            Value::Bool(v) => Ok(v),
            other => Err(Failure::new(
                at,
                "Option",
                format!("expected a boolean, the variable holds {other}"),
            )),
        },
    }
}

/// A duration option in milliseconds (a bare number is milliseconds, as in Hurl).
fn duration_option(
    d: &hurl_core::ast::DurationOption,
    vars: &Variables,
    at: SourceInfo,
) -> Result<u64, Failure> {
    match d {
        hurl_core::ast::DurationOption::Literal(d) => Ok(millis(d)),
        hurl_core::ast::DurationOption::Placeholder(p) => match eval::placeholder(p, vars)? {
            Value::Integer(n) if n >= 0 => Ok(n as u64),
            other => Err(Failure::new(
                at,
                "Option",
                format!("expected a number of milliseconds, the variable holds {other}"),
            )),
        },
    }
}

fn millis(d: &hurl_core::ast::Duration) -> u64 {
    use hurl_core::types::DurationUnit as U;
    let n = d.value.as_u64();
    match d.unit {
        None | Some(U::MilliSecond) => n,
        Some(U::Second) => n.saturating_mul(1000),
        Some(U::Minute) => n.saturating_mul(60_000),
        Some(U::Hour) => n.saturating_mul(3_600_000),
    }
}

fn set_default(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
        headers.push((name.to_string(), value.to_string()));
    }
}

/// A body's bytes and the content type Hurl gives it when the entry sets none.
pub(super) fn body_bytes(
    b: &Body,
    files: &Files,
    vars: &Variables,
) -> Result<(Vec<u8>, Option<&'static str>), Failure> {
    let at = b.space0.source_info;
    Ok(match &b.value {
        Bytes::Json(j) => (eval::json(j, vars)?.into_bytes(), Some("application/json")),
        Bytes::Xml(x) => (x.clone().into_bytes(), Some("application/xml")),
        Bytes::OnelineString(t) => (eval::template(t, vars)?.into_bytes(), None),
        Bytes::MultilineString(m) => match &m.kind {
            MultilineStringKind::GraphQl(_) => {
                return Err(eval::unsupported(at, "a GraphQL body"));
            }
            MultilineStringKind::Json(t) => (
                eval::template(t, vars)?.into_bytes(),
                Some("application/json"),
            ),
            MultilineStringKind::Xml(t) => (
                eval::template(t, vars)?.into_bytes(),
                Some("application/xml"),
            ),
            MultilineStringKind::Text(t) | MultilineStringKind::Raw(t) => {
                (eval::template(t, vars)?.into_bytes(), None)
            }
        },
        Bytes::Base64(b) => (b.value.clone(), None),
        Bytes::Hex(h) => (h.value.clone(), None),
        Bytes::File(f) => {
            let name = eval::template(&f.filename, vars)?;
            (files.read(&name, at)?, None)
        }
    })
}
