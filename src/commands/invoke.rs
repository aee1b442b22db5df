//! `alga invoke [METHOD] PATH`: one request through the embedded runner.

use std::collections::BTreeMap;
use std::io::Read;

use crate::cli::InvokeArgs;
use crate::dev::env::{DevEnv, DevSettings};
use crate::error::UserError;
use crate::output::Printer;

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

pub fn run(args: InvokeArgs, printer: &Printer) -> anyhow::Result<()> {
    let (method, path) = match args.target.as_slice() {
        [path] => ("GET".to_string(), path.clone()),
        [method, path] => (method.to_ascii_uppercase(), path.clone()),
        _ => unreachable!("clap takes one or two values"),
    };
    if !METHODS.contains(&method.as_str()) {
        return Err(UserError::with_hint(
            format!("`{method}` is not an HTTP method"),
            "use `alga invoke [GET|POST|PUT|PATCH|DELETE] /path`",
        )
        .into());
    }
    if !path.starts_with('/') {
        return Err(UserError::with_hint(
            format!("path `{path}` must start with `/`"),
            format!("write `/{path}`"),
        )
        .into());
    }
    let mut headers = BTreeMap::new();
    for h in &args.headers {
        let Some((k, v)) = h.split_once(':') else {
            return Err(UserError::with_hint(
                format!("header `{h}` has no `:`"),
                "write `--header name:value`",
            )
            .into());
        };
        headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
    }
    let body = match args.data.as_deref() {
        None => None,
        Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf)?;
            Some(buf)
        }
        Some(d) if d.starts_with('@') => Some(std::fs::read(&d[1..]).map_err(|e| {
            UserError::with_hint(
                format!("cannot read `{}`: {e}", &d[1..]),
                "`--data @FILE` names a file to send",
            )
        })?),
        Some(d) => Some(d.as_bytes().to_vec()),
    };
    let settings = DevSettings::new(args.project.project.clone(), &args.host, printer)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let response = rt.block_on(async {
        let env = DevEnv::open(&settings)?;
        let (loaded, info) = env.load_project(&settings.project)?;
        printer.detail(&format!("loaded {} {}", loaded.hash, info.describe()));
        let mut logs = env.runtime.services.logs.subscribe();
        let req = env.request(&loaded, &method, &path, headers, body);
        let resp = env.call(loaded, req).await;
        while let Ok(event) = logs.try_recv() {
            if !printer.json {
                printer.log(&event);
            }
        }
        anyhow::Ok(resp)
    })?;
    let body = response.body();
    if printer.json {
        printer.result(&response, String::new);
    } else {
        printer.status(&response.status.to_string(), &format!("{method} {path}"));
        if let Some(err) = &response.error {
            printer.warn(err);
        }
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(&body)?;
        if !body.is_empty() && !body.ends_with(b"\n") {
            writeln!(out)?;
        }
    }
    if response.status >= 500 && printer.json {
        return Err(
            crate::error::AlreadyReported(format!("handler answered {}", response.status)).into(),
        );
    }
    if response.status >= 500 {
        return Err(UserError::new(format!(
            "the handler answered {}{}",
            response.status,
            response
                .error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        ))
        .into());
    }
    Ok(())
}
