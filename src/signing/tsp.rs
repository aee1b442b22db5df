//! RFC 3161 timestamps: the `TSTInfo` a time-stamping authority signs (the hash of what it
//! stamped, and the time). A token rides in a CMS signer's unsigned attributes; its signature and
//! the authority's certificate are checked in `x509`.

use std::time::SystemTime;

use x509_cert::der::asn1::{Any, ObjectIdentifier, OctetString};
use x509_cert::der::{Decode, Reader, SliceReader, Tag, Tagged};
use x509_cert::spki::AlgorithmIdentifierOwned;

/// `id-aa-timeStampToken`: the unsigned attribute that holds a token.
pub const ID_TIMESTAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// `id-ct-TSTInfo`: the content type of a token's SignedData.
pub const ID_CT_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// What a timestamp says.
#[derive(Debug, Clone)]
pub struct TstInfo {
    /// The hash algorithm of the imprint.
    pub imprint_alg: ObjectIdentifier,
    /// The hash of what was stamped (for a CMS signer: its signature value).
    pub imprint: Vec<u8>,
    /// When the authority stamped it.
    pub gen_time: SystemTime,
    /// The nonce of the request it answers (the INTEGER's content octets), when there was one.
    pub nonce: Option<Vec<u8>>,
}

/// Reads a DER `TSTInfo` (RFC 3161 section 2.4.2): version 1, policy, messageImprint,
/// serialNumber, genTime; the optional fields after genTime are not needed.
pub fn parse_tst_info(der: &[u8]) -> Result<TstInfo, String> {
    let mut reader = SliceReader::new(der).map_err(|e| e.to_string())?;
    let info = reader
        .sequence(|r| {
            let version: u8 = r.decode()?;
            let _policy: ObjectIdentifier = r.decode()?;
            let (imprint_alg, imprint) = r.sequence(|m| {
                let alg: AlgorithmIdentifierOwned = m.decode()?;
                let hash: OctetString = m.decode()?;
                Ok((alg.oid, hash.as_bytes().to_vec()))
            })?;
            let _serial: Any = r.decode()?;
            let gen_time: Any = r.decode()?;
            // accuracy and ordering, then the nonce; the tsa name and extensions are not needed.
            let mut nonce = None;
            for tag in [Tag::Sequence, Tag::Boolean, Tag::Integer] {
                if !r.is_finished() && r.peek_tag()? == tag {
                    let field: Any = r.decode()?;
                    if tag == Tag::Integer {
                        nonce = Some(field.value().to_vec());
                    }
                }
            }
            let rest = r.remaining_len();
            r.read_slice(rest)?;
            Ok((version, imprint_alg, imprint, gen_time, nonce))
        })
        .map_err(|e| format!("the TSTInfo is damaged ({e})"))?;
    reader
        .finish(())
        .map_err(|e| format!("the TSTInfo is damaged ({e})"))?;
    let (version, imprint_alg, imprint, gen_time, nonce) = info;
    if version != 1 {
        return Err(format!("the TSTInfo has version {version}, not 1"));
    }
    if gen_time.tag() != Tag::GeneralizedTime {
        return Err("the TSTInfo's genTime is not a GeneralizedTime".into());
    }
    let gen_time =
        generalized_time(gen_time.value()).ok_or("the TSTInfo's genTime is not a valid time")?;
    Ok(TstInfo {
        imprint_alg,
        imprint,
        gen_time,
        nonce,
    })
}

const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

/// DER of a tag, a length and a body.
fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = body.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(body);
    out
}

/// A TimeStampReq (RFC 3161 section 2.4.1) for the SHA-256 `imprint`, with `nonce` (a positive
/// INTEGER's content octets) and the authority's certificate asked for.
pub fn request(imprint: &[u8; 32], nonce: &[u8]) -> Vec<u8> {
    let mut alg = tlv(0x06, ID_SHA256.as_bytes());
    alg.extend([0x05, 0x00]);
    let mut message_imprint = tlv(0x30, &alg);
    message_imprint.extend(tlv(0x04, imprint));
    let mut body = vec![0x02, 0x01, 0x01];
    body.extend(tlv(0x30, &message_imprint));
    body.extend(tlv(0x02, nonce));
    body.extend([0x01, 0x01, 0xff]);
    tlv(0x30, &body)
}

/// The token of a TimeStampResp, or why the authority refused.
pub fn token_of_response(der: &[u8]) -> Result<Vec<u8>, String> {
    let damaged = |e: x509_cert::der::Error| format!("the reply is not a TimeStampResp ({e})");
    let mut reader = SliceReader::new(der).map_err(damaged)?;
    let (status, token) = reader
        .sequence(|r| {
            let status = r.sequence(|s| {
                let status: u8 = s.decode()?;
                let rest = s.remaining_len();
                s.read_slice(rest)?;
                Ok(status)
            })?;
            let token: Option<Any> = if r.is_finished() {
                None
            } else {
                Some(r.decode()?)
            };
            Ok((status, token))
        })
        .map_err(damaged)?;
    match (status, token) {
        (0 | 1, Some(token)) => x509_cert::der::Encode::to_der(&token)
            .map_err(|e| format!("the token is damaged ({e})")),
        (0 | 1, None) => Err("the reply grants a timestamp but holds no token".into()),
        (2, _) => Err("the authority rejected the request".into()),
        (3, _) => Err("the authority is waiting (status 3)".into()),
        (n, _) => Err(format!("the authority answered status {n}")),
    }
}

/// Asks the time-stamping authority at `url` to stamp `signature` (a CMS signer's signature
/// value); returns the token, checked to stamp this signature and to answer this request.
pub fn fetch_token(url: &str, signature: &[u8]) -> Result<Vec<u8>, String> {
    use rand_core::RngCore;
    use sha2::Digest;
    let imprint: [u8; 32] = sha2::Sha256::digest(signature).into();
    let mut nonce = [0u8; 8];
    rand_core::OsRng.fill_bytes(&mut nonce);
    // A positive INTEGER in its shortest form: no leading zero or sign bit.
    nonce[0] = (nonce[0] & 0x7f) | 0x01;
    let body = request(&imprint, &nonce);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let reply = runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(|e| e.to_string())?;
        let resp = client
            .post(url)
            .header("content-type", "application/timestamp-query")
            .body(body)
            .send()
            .await
            .map_err(|e| format!("cannot reach {url}: {e}"))?;
        let status = resp.status();
        if !status.is_success() {
            return Err(format!("{url} answered HTTP {status}"));
        }
        let mut bytes = Vec::new();
        let mut resp = resp;
        while let Some(chunk) = resp.chunk().await.map_err(|e| e.to_string())? {
            if bytes.len() + chunk.len() > 1 << 20 {
                return Err(format!("{url} answered more than 1 MiB"));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    })?;
    let token = token_of_response(&reply)?;
    // What the token says is checked by `alga verify`; here only that it answers this request.
    let sd: cms::signed_data::SignedData = cms::content_info::ContentInfo::from_der(&token)
        .map_err(|e| format!("the token is damaged ({e})"))?
        .content
        .decode_as()
        .map_err(|e| format!("the token is damaged ({e})"))?;
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .filter(|_| sd.encap_content_info.econtent_type == ID_CT_TST_INFO)
        .ok_or("the token holds no TSTInfo")?;
    let tst = parse_tst_info(&tst_info_bytes(econtent)?)?;
    if tst.imprint != imprint {
        return Err("the token stamps something else than this signature".into());
    }
    if tst.nonce.as_deref() != Some(&nonce[..]) {
        return Err("the token does not answer this request (nonce)".into());
    }
    Ok(token)
}

/// `cms` (DER ContentInfo) with `token` added to its signer's unsigned attributes.
pub fn embed(cms: &[u8], token: &[u8]) -> Result<Vec<u8>, String> {
    use x509_cert::der::Encode;
    use x509_cert::der::asn1::SetOfVec;
    let damaged = |e: x509_cert::der::Error| format!("cannot add the timestamp ({e})");
    let ci = cms::content_info::ContentInfo::from_der(cms).map_err(damaged)?;
    let mut sd: cms::signed_data::SignedData = ci.content.decode_as().map_err(damaged)?;
    let mut infos = sd.signer_infos.0.into_vec();
    let [si] = infos.as_mut_slice() else {
        return Err("the CMS has more than one signer".into());
    };
    let mut values = SetOfVec::new();
    values
        .insert(Any::from_der(token).map_err(damaged)?)
        .map_err(damaged)?;
    let mut attrs = si.unsigned_attrs.take().unwrap_or_default();
    attrs
        .insert(x509_cert::attr::Attribute {
            oid: ID_TIMESTAMP_TOKEN,
            values,
        })
        .map_err(damaged)?;
    si.unsigned_attrs = Some(attrs);
    sd.signer_infos = cms::signed_data::SignerInfos(SetOfVec::try_from(infos).map_err(damaged)?);
    cms::content_info::ContentInfo {
        content_type: ci.content_type,
        content: Any::encode_from(&sd).map_err(damaged)?,
    }
    .to_der()
    .map_err(damaged)
}

/// The signature value of the only signer of `cms`.
pub fn signature_of(cms: &[u8]) -> Result<Vec<u8>, String> {
    let damaged = |e: x509_cert::der::Error| format!("the CMS is damaged ({e})");
    let sd: cms::signed_data::SignedData = cms::content_info::ContentInfo::from_der(cms)
        .map_err(damaged)?
        .content
        .decode_as()
        .map_err(damaged)?;
    match sd.signer_infos.0.as_slice() {
        [si] => Ok(si.signature.as_bytes().to_vec()),
        _ => Err("the CMS has more than one signer".into()),
    }
}

/// `YYYYMMDDHHMMSS[.fraction]Z`, as RFC 3161 writes genTime (fractions allowed, and ignored).
fn generalized_time(value: &[u8]) -> Option<SystemTime> {
    let text = std::str::from_utf8(value).ok()?;
    let body = text.strip_suffix('Z')?;
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    if whole.len() != 14
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || (body.contains('.') && (fraction.is_empty() || fraction.ends_with('0')))
    {
        return None;
    }
    let n = |r: std::ops::Range<usize>| whole[r].parse::<u32>().ok();
    let month = time::Month::try_from(n(4..6)? as u8).ok()?;
    let date = time::Date::from_calendar_date(n(0..4)? as i32, month, n(6..8)? as u8).ok()?;
    let clock = time::Time::from_hms(n(8..10)? as u8, n(10..12)? as u8, n(12..14)? as u8).ok()?;
    let secs = time::PrimitiveDateTime::new(date, clock)
        .assume_utc()
        .unix_timestamp();
    Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(secs).ok()?))
}

/// The token (a DER ContentInfo) in a signer's unsigned attributes, when there is one.
pub fn token_of(si: &cms::signed_data::SignerInfo) -> Result<Option<Vec<u8>>, String> {
    let Some(attrs) = &si.unsigned_attrs else {
        return Ok(None);
    };
    let mut tokens = attrs.iter().filter(|a| a.oid == ID_TIMESTAMP_TOKEN);
    let Some(attr) = tokens.next() else {
        return Ok(None);
    };
    if tokens.next().is_some() || attr.values.len() > 1 {
        return Err("the signer has more than one timestamp token".into());
    }
    let value = attr
        .values
        .get(0)
        .ok_or("the timestamp attribute is empty")?;
    x509_cert::der::Encode::to_der(value)
        .map(Some)
        .map_err(|e| format!("the timestamp token is damaged ({e})"))
}

/// Reads a DER `TSTInfo` from an eContent (an OCTET STRING around it).
pub fn tst_info_bytes(econtent: &Any) -> Result<Vec<u8>, String> {
    let octets: OctetString = econtent
        .decode_as()
        .map_err(|e| format!("the timestamp token's content is damaged ({e})"))?;
    Ok(octets.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generalized_times() {
        let t = |s: &str| {
            generalized_time(s.as_bytes())
                .map(|t| t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs())
        };
        assert_eq!(t("19700101000000Z"), Some(0));
        assert_eq!(t("20260102030405Z"), Some(1_767_323_045));
        assert_eq!(t("20260102030405.123Z"), Some(1_767_323_045));
        for bad in [
            "20260102030405",
            "20261302030405Z",
            "2026010203040Z",
            "20260102030405.Z",
            "20260102030405.10Z",
            "20260102030405+0100",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }
}
