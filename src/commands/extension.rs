//! `alga extension publish|install|uninstall`.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use crate::cli::{InstallArgs, PublishArgs, UninstallArgs};
use crate::error::UserError;
use crate::output::Printer;
use crate::publish::{self, client::Client};

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

type Retries = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// A client that reports each retry on the terminal and keeps it for `--json`.
fn client(
    conn: publish::client::Connection,
    printer: &Printer,
) -> anyhow::Result<(Client, Retries)> {
    let mut client = Client::new(conn)?;
    let p = printer.clone();
    let retries: Retries = Default::default();
    let r2 = retries.clone();
    client.on_retry = Box::new(move |step, n, why| {
        let line = format!("{} attempt {n} failed ({why}); retrying", step.name());
        p.warn(&line);
        r2.lock().unwrap_or_else(|e| e.into_inner()).push(line);
    });
    Ok((client, retries))
}

/// The bundle to publish: the file given, or the project packed (release level).
fn bundle_for(path: &Path, printer: &Printer) -> anyhow::Result<PathBuf> {
    let name = path.to_string_lossy();
    if name.ends_with(".tar.zst") || name.ends_with(".zst") {
        if !path.is_file() {
            return Err(UserError::with_hint(
                format!("bundle `{}` does not exist", path.display()),
                "pack it first with `alga pack`, or pass the project folder",
            )
            .into());
        }
        return Ok(path.to_path_buf());
    }
    if !path.join("manifest.json").is_file() {
        return Err(UserError::with_hint(
            format!(
                "`{}` is neither a bundle.tar.zst nor a project folder with manifest.json",
                path.display()
            ),
            "pass the project folder or its dist/bundle.tar.zst",
        )
        .into());
    }
    let opts = crate::bundle::PackOptions {
        project: path.to_path_buf(),
        out: path.join("dist").join("bundle.tar.zst"),
        level: crate::bundle::DEFAULT_LEVEL,
        // The project's own build output: packing is deterministic, so replacing it is safe.
        overwrite: true,
    };
    printer.status("Packing", &path.display().to_string());
    let report = crate::bundle::pack(&opts)?;
    for w in &report.warnings {
        printer.warn(w);
    }
    Ok(report.bundle)
}

/// An upload progress bar on a terminal; nothing in CI (`-q`, `--json` or no TTY).
fn progress(printer: &Printer, total: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if printer.quiet || printer.json || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "   Uploading [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    Some(bar)
}

pub fn publish(args: PublishArgs, printer: &Printer) -> anyhow::Result<()> {
    let conn = publish::connection(&args.server)?;
    // The key is read and checked before packing or sending anything.
    let key = args.signing.load_key()?;
    let bundle = bundle_for(&args.path, printer)?;
    if let Some(key) = &key {
        let (_, written) = crate::signing::files::sign_bundle(&bundle, key, false, None)?;
        printer.status("Signed", &written[0].display().to_string());
    }
    let warn = |w: &str| printer.warn(w);
    let prepared = publish::prepare(&bundle, &warn)?;
    let (client, retries) = client(conn, printer)?;
    printer.detail(&format!(
        "POST {}/api/ext-bundles/upload-proxy (x-api-key: <redacted>, {} bytes)",
        client.conn.base,
        prepared.bytes.len()
    ));
    let upload = publish::upload_of(&prepared);
    let bar = progress(printer, prepared.bytes.len() as u64);
    let rt = runtime()?;
    let result = rt.block_on(async {
        let ticker = bar.clone().map(|bar| {
            let sent = upload.sent.clone();
            tokio::spawn(async move {
                let total = bar.length().unwrap_or(0);
                let bytes_style = bar.style();
                let mut finalizing = false;
                loop {
                    let pos = sent.load(Ordering::Relaxed);
                    bar.set_position(pos);
                    // All bytes handed over: the server hashes and registers now. A retried
                    // upload starts from 0 again and gets the byte counter back.
                    if (pos >= total) != finalizing {
                        finalizing = pos >= total;
                        bar.set_style(if finalizing {
                            indicatif::ProgressStyle::with_template(
                                "  Finalizing {spinner} {elapsed}",
                            )
                            .expect("valid template")
                        } else {
                            bytes_style.clone()
                        });
                    }
                    bar.tick();
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            })
        });
        let r = publish::publish(&client, &prepared, &upload, !args.no_install).await;
        if let Some(t) = ticker {
            t.abort();
        }
        r
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut published = result?;
    published.retries = retries.lock().unwrap_or_else(|e| e.into_inner()).clone();
    printer.status(
        "Published",
        &format!(
            "{} {} ({}){}",
            published.name,
            published.version,
            published.content_hash,
            if published.signed { ", signed" } else { "" }
        ),
    );
    if published.installed {
        printer.status(
            "Installed",
            &format!(
                "install id {}",
                published.install_id.as_deref().unwrap_or("(none)")
            ),
        );
    }
    printer.result(&published, || {
        format!(
            "registryId: {}\nversion: {}\ncontentHash: {}{}",
            published.registry_id,
            published.version,
            published.content_hash,
            published
                .install_id
                .as_deref()
                .map(|i| format!("\ninstallId: {i}"))
                .unwrap_or_default()
        )
    });
    Ok(())
}

pub fn install(args: InstallArgs, printer: &Printer) -> anyhow::Result<()> {
    let version = args.version.filter(|v| !v.trim().is_empty()).ok_or_else(|| {
        UserError::with_hint(
            "`--version` is required",
            "pass the version to install: `alga extension install ID --version 1.2.3` (or ALGA_EXTENSION_VERSION)",
        )
    })?;
    let conn = publish::connection(&args.server)?;
    let (client, _) = client(conn, printer)?;
    let install_id = runtime()?.block_on(publish::install_version(
        &client,
        &args.registry_id,
        &version,
    ))?;
    printer.status("Installed", &format!("{} {version}", args.registry_id));
    printer.result(
        &serde_json::json!({
            "registryId": args.registry_id, "version": version, "installId": install_id,
        }),
        || format!("installId: {}", install_id.as_deref().unwrap_or("(none)")),
    );
    Ok(())
}

pub fn uninstall(args: UninstallArgs, printer: &Printer) -> anyhow::Result<()> {
    let conn = publish::connection(&args.server)?;
    let (client, _) = client(conn, printer)?;
    let message = runtime()?.block_on(publish::uninstall(&client, &args.registry_id))?;
    printer.status("Uninstalled", &args.registry_id);
    printer.result(
        &serde_json::json!({ "registryId": args.registry_id, "message": message }),
        || message.clone(),
    );
    Ok(())
}
