//! RFC 3161 timestamps: the `TSTInfo` a time-stamping authority signs (the hash of what it
//! stamped, and the time). A token rides in a CMS signer's unsigned attributes; its signature and
//! the authority's certificate are checked in `x509`.

use std::time::SystemTime;

use x509_cert::der::asn1::{Any, ObjectIdentifier, OctetString};
use x509_cert::der::{Reader, SliceReader, Tag, Tagged};
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
            // accuracy, ordering, nonce, tsa and extensions.
            let rest = r.remaining_len();
            r.read_slice(rest)?;
            Ok((version, imprint_alg, imprint, gen_time))
        })
        .map_err(|e| format!("the TSTInfo is damaged ({e})"))?;
    reader
        .finish(())
        .map_err(|e| format!("the TSTInfo is damaged ({e})"))?;
    let (version, imprint_alg, imprint, gen_time) = info;
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
    })
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
    if tokens.next().is_some() || attr.values.len() != 1 {
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
