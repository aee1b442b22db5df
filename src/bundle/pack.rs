//! Collecting a project's files and writing the canonical `bundle.tar.zst`.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::error::PackError;
use super::hashing::HashWriter;
use super::{UI_SERVED_EXTENSIONS, sha256_label, tarfmt};
use crate::api::MAX_BUNDLE_BYTES;
use crate::manifest::{self, Manifest, WASM_ENTRY};

/// zstd window of release levels (log2 bytes).
const RELEASE_WINDOW_LOG: u32 = 24;

/// One file to put in the bundle.
#[derive(Debug, Clone)]
pub struct BundleSource {
    /// Path inside the bundle (`ui/index.html`).
    pub path: String,
    /// Where the bytes come from.
    pub source: PathBuf,
    pub size: u64,
    pub executable: bool,
}

/// What to pack and where.
#[derive(Debug, Clone)]
pub struct PackOptions {
    pub project: PathBuf,
    pub out: PathBuf,
    pub level: i32,
    pub overwrite: bool,
}

/// A file as recorded in the report.
#[derive(Debug, Clone, Serialize)]
pub struct PackedFile {
    pub path: String,
    pub size: u64,
}

/// What `pack` produced.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackReport {
    pub bundle: PathBuf,
    pub sidecar: PathBuf,
    pub content_hash: String,
    pub tar_digest: String,
    pub size: u64,
    pub tar_size: u64,
    pub level: i32,
    pub files: Vec<PackedFile>,
    pub warnings: Vec<String>,
}

/// Digests of a written bundle.
#[derive(Debug, Clone)]
pub struct Written {
    pub content_hash: String,
    pub tar_digest: String,
    pub size: u64,
    pub tar_size: u64,
}

/// Validates the project's manifest, collects its files and writes the bundle and sidecar.
pub fn pack(opts: &PackOptions) -> Result<PackReport, PackError> {
    let loaded = manifest::load(&opts.project.join("manifest.json"))?;
    let mut warnings: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| {
            let mut t = format!("manifest.json: {}: {}", display_path(&w.path), w.message);
            if let Some(h) = &w.hint {
                t.push_str(&format!(" ({h})"));
            }
            t
        })
        .collect();
    let (sources, more) = collect_sources(&opts.project, &loaded.manifest)?;
    warnings.extend(more);
    if !opts.overwrite && opts.out.exists() {
        return Err(PackError::OutputExists {
            path: opts.out.clone(),
        });
    }
    let written = write_bundle(&sources, &opts.out, opts.level, opts.overwrite, workers())?;
    let sidecar = sidecar_path(&opts.out);
    let hex = written.content_hash.trim_start_matches("sha256:");
    crate::fsutil::write_atomic(&sidecar, format!("{hex}\n").as_bytes()).map_err(PackError::io(
        format!("cannot write `{}`", sidecar.display()),
    ))?;
    Ok(PackReport {
        bundle: opts.out.clone(),
        sidecar,
        content_hash: written.content_hash,
        tar_digest: written.tar_digest,
        size: written.size,
        tar_size: written.tar_size,
        level: opts.level,
        files: sources
            .iter()
            .map(|s| PackedFile {
                path: s.path.clone(),
                size: s.size,
            })
            .collect(),
        warnings,
    })
}

fn display_path(p: &str) -> &str {
    if p.is_empty() { "(root)" } else { p }
}

/// `bundle.sha256` beside `bundle.tar.zst`, else `<name>.sha256`.
pub fn sidecar_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let side = match name.as_str() {
        "bundle.tar.zst" => "bundle.sha256".to_string(),
        other => format!("{other}.sha256"),
    };
    out.with_file_name(side)
}

/// Threads for zstd; output is identical for every count of one or more.
fn workers() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
}

/// The files of a project in bundle order, and warnings about files left out.
pub fn collect_sources(
    project: &Path,
    manifest: &Manifest,
) -> Result<(Vec<BundleSource>, Vec<String>), PackError> {
    let mut out = Vec::new();
    let mut warnings = Vec::new();

    out.push(regular_file(
        &project.join("manifest.json"),
        "manifest.json",
    )?);

    let wasm = [WASM_ENTRY, "dist/component.wasm"]
        .iter()
        .map(|p| project.join(p))
        .find(|p| p.exists());
    match wasm {
        Some(path) => {
            if !manifest.needs_wasm() {
                warnings.push(format!(
                    "`{}` is packed, but the manifest declares no `api.endpoints`, so no request can reach it",
                    rel(project, &path)
                ));
            }
            out.push(regular_file(&path, WASM_ENTRY)?);
        }
        None if manifest.needs_wasm() => {
            return Err(PackError::MissingWasm {
                project: project.to_path_buf(),
            });
        }
        None => {}
    }

    let ui_dir = [project.join("dist/ui"), project.join("ui")]
        .into_iter()
        .find(|d| d.is_dir());
    match (&ui_dir, &manifest.ui) {
        (Some(dir), _) => {
            let before = out.len();
            walk(dir, "ui", &mut out, &mut warnings)?;
            // The page `ui.entry` names must be there (as the official CLI, which does not ask
            // for `index.html`); the manifest's check already warns when it is another page.
            if let Some(ui) = &manifest.ui {
                let entry = ui.entry_path();
                let packed = |p: &str| out[before..].iter().any(|s| s.path == p);
                if !packed(&entry) {
                    return Err(PackError::MissingUiEntry {
                        dir: dir.clone(),
                        entry,
                    });
                }
                if !packed("ui/index.html") {
                    warnings.push(format!(
                        "the bundle has no `ui/index.html`: the Runner serves only that page, so the iframe stays blank in production until `{entry}` is also `ui/index.html`"
                    ));
                }
            }
            for s in &out[before..] {
                let ext = s.path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
                let served = ext
                    .as_deref()
                    .is_some_and(|e| UI_SERVED_EXTENSIONS.contains(&e));
                if !served && s.path.rsplit('/').next().is_some_and(|n| n.contains('.')) {
                    warnings.push(format!(
                        "`{}` will not be served: the Runner serves only .{} files",
                        s.path,
                        UI_SERVED_EXTENSIONS.join(", .")
                    ));
                }
            }
        }
        (None, Some(_)) => return Err(PackError::MissingUi),
        (None, None) => {}
    }

    let precompiled = project.join("precompiled");
    if precompiled.is_dir() {
        walk(&precompiled, "precompiled", &mut out, &mut warnings)?;
    }
    let sbom = project.join("sbom.spdx.json");
    if sbom.exists() {
        out.push(regular_file(&sbom, "sbom.spdx.json")?);
    }

    check_assets(manifest, &out)?;
    out.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    check_case(&out)?;
    Ok((out, warnings))
}

fn rel(project: &Path, path: &Path) -> String {
    path.strip_prefix(project)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Files matched by `assets` globs: `ui/**` and `precompiled/**` (when `assets` is given).
fn check_assets(manifest: &Manifest, files: &[BundleSource]) -> Result<(), PackError> {
    if manifest.assets.is_empty() {
        return Ok(());
    }
    let mut builder = globset::GlobSetBuilder::new();
    for g in &manifest.assets {
        let glob = globset::GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .expect("assets globs were validated with the manifest");
        builder.add(glob);
    }
    let set = builder.build().expect("valid globs build a set");
    for f in files {
        let is_asset = f.path.starts_with("ui/") || f.path.starts_with("precompiled/");
        if is_asset && !set.is_match(&f.path) {
            return Err(PackError::NotInAssets {
                path: f.path.clone(),
                globs: manifest.assets.clone(),
            });
        }
    }
    Ok(())
}

fn check_case(files: &[BundleSource]) -> Result<(), PackError> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for f in files {
        if let Some(first) = seen.insert(f.path.to_lowercase(), &f.path) {
            return Err(PackError::CaseCollision {
                first: first.to_string(),
                second: f.path.clone(),
            });
        }
    }
    Ok(())
}

/// A regular file (links and special files refused) as a bundle source.
fn regular_file(path: &Path, bundle_path: &str) -> Result<BundleSource, PackError> {
    let meta = fs::symlink_metadata(path)
        .map_err(PackError::io(format!("cannot read `{}`", path.display())))?;
    check_type(path, &meta)?;
    Ok(BundleSource {
        path: bundle_path.to_string(),
        source: path.to_path_buf(),
        size: meta.len(),
        executable: is_executable(&meta),
    })
}

fn check_type(path: &Path, meta: &fs::Metadata) -> Result<(), PackError> {
    let ft = meta.file_type();
    if ft.is_symlink() {
        return Err(PackError::Symlink {
            path: path.to_path_buf(),
        });
    }
    if ft.is_file() || ft.is_dir() {
        return Ok(());
    }
    #[cfg(unix)]
    let kind = {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            "a named pipe"
        } else if ft.is_socket() {
            "a socket"
        } else if ft.is_block_device() || ft.is_char_device() {
            "a device"
        } else {
            "a special file"
        }
    };
    #[cfg(not(unix))]
    let kind = "a special file";
    Err(PackError::SpecialFile {
        path: path.to_path_buf(),
        kind,
    })
}

#[cfg(unix)]
fn is_executable(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_: &fs::Metadata) -> bool {
    false
}

/// Adds every regular file under `dir` as `prefix/...`; hidden entries are skipped with a
/// warning because the Runner drops them when it unpacks.
fn walk(
    dir: &Path,
    prefix: &str,
    out: &mut Vec<BundleSource>,
    warnings: &mut Vec<String>,
) -> Result<(), PackError> {
    let meta = fs::symlink_metadata(dir)
        .map_err(PackError::io(format!("cannot read `{}`", dir.display())))?;
    check_type(dir, &meta)?;
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)
        .map_err(PackError::io(format!("cannot list `{}`", dir.display())))?
        .collect::<Result<_, _>>()
        .map_err(PackError::io(format!("cannot list `{}`", dir.display())))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            return Err(PackError::NonUtf8Path { path });
        };
        let bundle_path = format!("{prefix}/{name}");
        if name.starts_with('.') {
            warnings.push(format!(
                "skipped hidden `{bundle_path}` (the Runner drops hidden paths)"
            ));
            continue;
        }
        if let Some(why) = super::windows_special(&name) {
            return Err(PackError::WindowsName {
                path: bundle_path.clone(),
                why,
            });
        }
        let meta = fs::symlink_metadata(&path)
            .map_err(PackError::io(format!("cannot read `{}`", path.display())))?;
        check_type(&path, &meta)?;
        if meta.is_dir() {
            walk(&path, &bundle_path, out, warnings)?;
        } else {
            out.push(BundleSource {
                path: bundle_path,
                source: path,
                size: meta.len(),
                executable: is_executable(&meta),
            });
        }
    }
    Ok(())
}

/// Writes `sources` (already in bundle order) as a canonical bundle to `out`, atomically.
pub fn write_bundle(
    sources: &[BundleSource],
    out: &Path,
    level: i32,
    overwrite: bool,
    workers: u32,
) -> Result<Written, PackError> {
    let tar_size: u64 = sources
        .iter()
        .map(|s| tarfmt::entry_len(&s.path, s.size))
        .sum::<u64>()
        + tarfmt::TRAILER_LEN;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)
        .map_err(PackError::io(format!("cannot create `{}`", dir.display())))?;
    let out_err = || PackError::io(format!("cannot write `{}`", out.display()));
    let temp = tempfile::Builder::new()
        .prefix(".bundle-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(out_err())?;

    let file_sink = HashWriter::new(BufWriter::with_capacity(1 << 20, temp.as_file()));
    let mut enc = zstd::stream::write::Encoder::new(file_sink, level).map_err(out_err())?;
    let set = |r: io::Result<()>| r.map_err(out_err());
    set(enc.include_checksum(true))?;
    set(enc.include_contentsize(true))?;
    set(enc.set_pledged_src_size(Some(tar_size)))?;
    set(enc.multithread(workers.max(1)))?;
    if (17..=19).contains(&level) {
        // A 16 MiB window (level 19 uses 8 MiB) catches the repeats across a large handler
        // and its UI; it keeps release bundles no larger than `zstd -19` and decoding cheap.
        set(enc.window_log(RELEASE_WINDOW_LOG))?;
    }
    let mut tar = HashWriter::new(enc);

    let mut buf = vec![0u8; 1 << 20];
    for s in sources {
        let mode = if s.executable { 0o755 } else { 0o644 };
        tarfmt::write_file_header(&mut tar, &s.path, s.size, mode).map_err(out_err())?;
        let mut file = File::open(&s.source).map_err(PackError::io(format!(
            "cannot read `{}`",
            s.source.display()
        )))?;
        let mut copied = 0u64;
        loop {
            let n = file.read(&mut buf).map_err(PackError::io(format!(
                "cannot read `{}`",
                s.source.display()
            )))?;
            if n == 0 {
                break;
            }
            copied += n as u64;
            if copied > s.size {
                return Err(PackError::Changed {
                    path: s.source.clone(),
                });
            }
            tar.write_all(&buf[..n]).map_err(out_err())?;
        }
        if copied != s.size {
            return Err(PackError::Changed {
                path: s.source.clone(),
            });
        }
        tarfmt::write_padding(&mut tar, s.size).map_err(out_err())?;
    }
    tarfmt::write_trailer(&mut tar).map_err(out_err())?;

    let (enc, tar_digest, tar_written) = tar.finish();
    debug_assert_eq!(tar_written, tar_size);
    let file_sink = enc.finish().map_err(out_err())?;
    let (mut bufw, content_digest, size) = file_sink.finish();
    bufw.flush().map_err(out_err())?;
    drop(bufw);
    if size > MAX_BUNDLE_BYTES {
        return Err(PackError::TooLarge {
            size,
            limit: MAX_BUNDLE_BYTES,
        });
    }
    temp.as_file().sync_all().map_err(out_err())?;
    crate::fsutil::set_mode_0644(temp.path()).map_err(out_err())?;
    if overwrite {
        temp.persist(out).map_err(|e| out_err()(e.error))?;
    } else {
        temp.persist_noclobber(out).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                PackError::OutputExists {
                    path: out.to_path_buf(),
                }
            } else {
                out_err()(e.error)
            }
        })?;
    }
    Ok(Written {
        content_hash: sha256_label(&content_digest),
        tar_digest: sha256_label(&tar_digest),
        size,
        tar_size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(dir: &Path, path: &str, data: &[u8]) -> BundleSource {
        let p = dir.join(path.replace('/', "_"));
        fs::write(&p, data).unwrap();
        BundleSource {
            path: path.into(),
            source: p,
            size: data.len() as u64,
            executable: false,
        }
    }

    #[test]
    fn worker_count_does_not_change_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let data: Vec<u8> = (0..1_500_000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let sources = vec![
            source(dir.path(), "dist/main.wasm", &data),
            source(dir.path(), "manifest.json", b"{}"),
        ];
        let a = dir.path().join("a.tar.zst");
        let b = dir.path().join("b.tar.zst");
        for level in [3, 19] {
            let wa = write_bundle(&sources, &a, level, true, 1).unwrap();
            let wb = write_bundle(&sources, &b, level, true, 3).unwrap();
            assert_eq!(wa.content_hash, wb.content_hash, "level {level}");
            assert_eq!(
                fs::read(&a).unwrap(),
                fs::read(&b).unwrap(),
                "level {level}"
            );
        }
    }

    #[test]
    fn noclobber_keeps_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let sources = vec![source(dir.path(), "manifest.json", b"{}")];
        let out = dir.path().join("bundle.tar.zst");
        fs::write(&out, b"old").unwrap();
        let err = write_bundle(&sources, &out, 1, false, 1).unwrap_err();
        assert!(matches!(err, PackError::OutputExists { .. }));
        assert_eq!(fs::read(&out).unwrap(), b"old");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn sidecar_names() {
        assert_eq!(
            sidecar_path(Path::new("d/bundle.tar.zst")),
            PathBuf::from("d/bundle.sha256")
        );
        assert_eq!(
            sidecar_path(Path::new("d/x.tar.zst")),
            PathBuf::from("d/x.tar.zst.sha256")
        );
    }
}
