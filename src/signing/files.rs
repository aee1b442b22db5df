//! The files signing writes and verifying reads besides the bundle: `SIGNATURE` and the peer
//! tools' sidecars (written together, atomically), and CRL files.

use std::path::{Path, PathBuf};

use super::keys::SigningKey;
use crate::error::UserError;

fn export_path(bundle: &Path, ext: &str) -> PathBuf {
    let name = bundle
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    bundle.with_file_name(format!("{name}.{ext}"))
}

/// Signs `bundle`, writes SIGNATURE (and the peer sidecars with `export`); returns the
/// SIGNATURE and the files written, SIGNATURE first.
pub fn sign_bundle(
    bundle: &Path,
    key: &SigningKey,
    export: bool,
    tsa: Option<&str>,
) -> anyhow::Result<(super::SignatureFile, Vec<PathBuf>)> {
    if tsa.is_some() && !matches!(key, SigningKey::X509 { .. }) {
        return Err(UserError::with_hint(
            "`--tsa` timestamps x509 signatures only",
            "sign with `--cert` (x509), or leave out `--tsa`",
        )
        .into());
    }
    use base64::Engine as _;
    let mut sidecars: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let sig = match key {
        SigningKey::Cosign(key) => {
            let (sig, der) = super::sign_cosign(bundle, key)?;
            let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
            sidecars.push((export_path(bundle, "sig"), b64.into_bytes()));
            let digest =
                hex::decode(sig.subject.digest.trim_start_matches("sha256:")).unwrap_or_default();
            let hint = sig.public_key_hint.as_deref().unwrap_or("");
            let json = super::cosign::sigstore_bundle(&digest, &der, hint);
            sidecars.push((
                export_path(bundle, "sigstore.json"),
                serde_json::to_vec_pretty(&json)?,
            ));
            sig
        }
        SigningKey::Pgp(key) => {
            let (sig, armored) = super::sign_pgp(bundle, key)?;
            sidecars.push((export_path(bundle, "asc"), armored.into_bytes()));
            sig
        }
        SigningKey::X509 { key, cert, chain } => {
            let (sig, der) = super::sign_x509(bundle, key, cert, chain.as_deref(), tsa)?;
            sidecars.push((
                export_path(bundle, "p7s"),
                super::x509::cms_pem(&der).into_bytes(),
            ));
            sig
        }
    };
    let mut files = vec![(
        super::signature_path(bundle),
        serde_json::to_vec_pretty(&sig)?,
    )];
    if export {
        files.extend(sidecars);
    }
    // SIGNATURE and the sidecars change together: all are written before any replaces its
    // old version.
    let writes: Vec<(&Path, &[u8], u32)> = files
        .iter()
        .map(|(path, bytes)| (path.as_path(), bytes.as_slice(), 0o644))
        .collect();
    crate::fsutil::write_atomic_all(&writes)?;
    Ok((sig, files.into_iter().map(|(path, _)| path).collect()))
}

/// The CRLs in a `--crl` file: PEM `X509 CRL` blocks, or one DER CRL.
pub fn read_crls(path: &Path) -> anyhow::Result<Vec<Vec<u8>>> {
    let bytes = std::fs::read(path).map_err(|e| {
        anyhow::Error::new(e).context(format!("cannot read `{}` (--crl)", path.display()))
    })?;
    let hint =
        "pass a CRL in PEM (-----BEGIN X509 CRL-----) or DER, as `openssl ca -gencrl` writes it";
    let unreadable =
        |why: String| UserError::with_hint(format!("`{}` (--crl): {why}", path.display()), hint);
    let crls = if bytes.first() == Some(&0x30) {
        super::x509::check_crl(&bytes).map_err(unreadable)?;
        vec![bytes]
    } else {
        super::x509::crls_in(&String::from_utf8_lossy(&bytes)).map_err(unreadable)?
    };
    if crls.is_empty() {
        return Err(UserError::with_hint(
            format!("`{}` (--crl) holds no CRL", path.display()),
            hint,
        )
        .into());
    }
    Ok(crls)
}
