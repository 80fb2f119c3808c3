//! Request bodies sent with `Content-Encoding: gzip` (the store compresses its pushes:
//! sync events are repetitive JSON and shrink several times). The compressed body is read
//! under the usual body limit, and the unpacked body is held to the same limit, so a small
//! gzip bomb cannot make the hub inflate gigabytes.

use std::io::Read;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::{CONTENT_ENCODING, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use flate2::read::GzDecoder;

use super::error::ApiError;
use super::json_body::MAXIMUM_BODY_BYTES;

/// How the body of a request is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    Identity,
    Gzip,
}

/// The encoding the `Content-Encoding` header names; anything but gzip or identity is
/// refused (415) rather than parsed as if it were plain.
pub fn body_encoding(headers: &HeaderMap) -> Result<BodyEncoding, ApiError> {
    let Some(value) = headers.get(CONTENT_ENCODING) else {
        return Ok(BodyEncoding::Identity);
    };
    let encoding = value.to_str().unwrap_or("").trim().to_ascii_lowercase();
    match encoding.as_str() {
        "" | "identity" => Ok(BodyEncoding::Identity),
        "gzip" | "x-gzip" => Ok(BodyEncoding::Gzip),
        _ => Err(ApiError::UnsupportedContentEncoding {
            encoding: String::from_utf8_lossy(value.as_bytes()).into_owned(),
        }),
    }
}

/// Whether the request says its body is JSON, as axum's `Json` extractor requires.
pub fn declares_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|media_type| {
            let media_type = media_type.trim().to_ascii_lowercase();
            media_type == "application/json" || media_type.ends_with("+json")
        })
        .unwrap_or(false)
}

/// Reads a gzip body whole and answers it unpacked.
pub async fn read_gzip_body<S: Send + Sync>(
    request: Request,
    state: &S,
) -> Result<Bytes, ApiError> {
    let compressed = Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequest {
                    code: "unreadable_body",
                    message: rejection.body_text(),
                }
            }
        })?;
    gunzip_within_limit(&compressed, MAXIMUM_BODY_BYTES).map(Bytes::from)
}

/// Unpacks `compressed`, refusing output past `limit` bytes (413) and anything that is
/// not a whole gzip stream (400 `invalid_gzip`).
pub fn gunzip_within_limit(compressed: &[u8], limit: usize) -> Result<Vec<u8>, ApiError> {
    let mut unpacked = Vec::new();
    // One byte over the limit is enough to know the body is too large.
    let allowed = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    GzDecoder::new(compressed)
        .take(allowed)
        .read_to_end(&mut unpacked)
        .map_err(|error| ApiError::BadRequest {
            code: "invalid_gzip",
            message: format!("the body is marked gzip but does not unpack: {error}"),
        })?;
    if unpacked.len() > limit {
        return Err(ApiError::PayloadTooLarge);
    }
    Ok(unpacked)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use axum::http::HeaderValue;
    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).expect("compress");
        encoder.finish().expect("finish")
    }

    #[test]
    fn a_gzip_body_unpacks_to_what_was_packed() {
        let body = br#"{"events":[]}"#.repeat(100);
        assert_eq!(
            gunzip_within_limit(&gzip(&body), body.len()).expect("unpacks"),
            body
        );
    }

    #[test]
    fn the_limit_holds_for_the_unpacked_body_not_the_packed_one() {
        let bomb = vec![b' '; 10_000];
        let packed = gzip(&bomb);
        assert!(packed.len() < 100, "zeros pack tightly: {}", packed.len());
        assert!(matches!(
            gunzip_within_limit(&packed, 9_999),
            Err(ApiError::PayloadTooLarge)
        ));
        assert!(gunzip_within_limit(&packed, 10_000).is_ok());
    }

    #[test]
    fn bytes_that_are_not_gzip_or_cut_short_are_invalid_gzip() {
        let packed = gzip(b"{\"events\":[]}");
        for broken in [&b"{\"events\":[]}"[..], &packed[..packed.len() - 4]] {
            let error = gunzip_within_limit(broken, 1_000).expect_err("refused");
            assert_eq!(error.code(), "invalid_gzip", "{error:?}");
        }
    }

    #[test]
    fn only_gzip_and_identity_encodings_are_read() {
        let encoding_of = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                CONTENT_ENCODING,
                HeaderValue::from_str(value).expect("value"),
            );
            body_encoding(&headers).map_err(|error| error.code())
        };
        assert_eq!(
            body_encoding(&HeaderMap::new()).map_err(|error| error.code()),
            Ok(BodyEncoding::Identity)
        );
        assert_eq!(encoding_of("identity"), Ok(BodyEncoding::Identity));
        assert_eq!(encoding_of("GZIP"), Ok(BodyEncoding::Gzip));
        assert_eq!(encoding_of("br"), Err("unsupported_content_encoding"));
        assert_eq!(encoding_of("deflate"), Err("unsupported_content_encoding"));
    }
}
