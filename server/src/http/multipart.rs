//! GraphQL multipart requests (the graphql-multipart-request-spec), read by
//! our own extractor: async-graphql-axum's has no size or count limits.
//!
//! Only requests carrying a non-empty `x-orkesta-preflight` (or
//! `apollo-require-preflight`) header are accepted: a browser cannot send
//! such a header cross-site without a CORS preflight, which keeps
//! `multipart/form-data` from being a CSRF vector. The whole body is
//! limited (413 above), and so is the number of files.

use async_graphql::UploadValue;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use serde_json::Value;

/// At most this many files in one request.
pub const MAX_FILES: usize = 4;

/// A multipart GraphQL request: the `operations` JSON and its files, each
/// with the variable path it fills (`variables.input.csv`).
pub struct MultipartRequest {
    pub operations: Value,
    pub files: Vec<(String, UploadValue)>,
}

impl std::fmt::Debug for MultipartRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files: Vec<(&str, &str, usize)> = self
            .files
            .iter()
            .map(|(path, u)| (path.as_str(), u.filename.as_str(), u.content.len()))
            .collect();
        f.debug_struct("MultipartRequest")
            .field("files", &files)
            .finish_non_exhaustive()
    }
}

pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("multipart/form-data"))
        })
}

pub fn has_preflight_header(headers: &HeaderMap) -> bool {
    ["x-orkesta-preflight", "apollo-require-preflight"]
        .iter()
        .any(|name| headers.get(*name).is_some_and(|v| !v.is_empty()))
}

/// Why a multipart request was refused, as an HTTP status and a message.
#[derive(Debug)]
pub struct Refused {
    pub status: StatusCode,
    pub reason: &'static str,
    pub message: String,
}

fn bad(reason: &'static str, message: impl Into<String>) -> Refused {
    Refused {
        status: StatusCode::BAD_REQUEST,
        reason,
        message: message.into(),
    }
}

/// Reads `operations`, `map` and the files from an already size-limited body.
pub async fn read(headers: &HeaderMap, body: Bytes) -> Result<MultipartRequest, Refused> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = multer::parse_boundary(content_type)
        .map_err(|_| bad("INVALID_MULTIPART", "the multipart boundary is missing"))?;
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);

    let mut operations: Option<Value> = None;
    let mut map: Option<serde_json::Map<String, Value>> = None;
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        bad(
            "INVALID_MULTIPART",
            format!("the multipart body is malformed: {e}"),
        )
    })? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "operations" => {
                let text = field
                    .bytes()
                    .await
                    .map_err(|e| bad("INVALID_MULTIPART", e.to_string()))?;
                operations = Some(
                    serde_json::from_slice(&text)
                        .map_err(|_| bad("INVALID_JSON", "`operations` is not valid JSON"))?,
                );
            }
            "map" => {
                let text = field
                    .bytes()
                    .await
                    .map_err(|e| bad("INVALID_MULTIPART", e.to_string()))?;
                map = Some(serde_json::from_slice(&text).map_err(|_| {
                    bad(
                        "INVALID_JSON",
                        "`map` must be a JSON object of file keys to variable paths",
                    )
                })?);
            }
            key => {
                let Some(paths) = map
                    .as_ref()
                    .and_then(|m| m.get(key))
                    .and_then(Value::as_array)
                    .cloned()
                else {
                    return Err(bad(
                        "INVALID_MULTIPART",
                        format!("file `{key}` is not in `map` (send `operations` and `map` first)"),
                    ));
                };
                if files.len() + paths.len() > MAX_FILES {
                    return Err(Refused {
                        status: StatusCode::PAYLOAD_TOO_LARGE,
                        reason: "TOO_MANY_FILES",
                        message: format!("at most {MAX_FILES} files per request"),
                    });
                }
                let filename = field.file_name().unwrap_or("upload").to_owned();
                let content_type = field.content_type().map(ToString::to_string);
                let content = field
                    .bytes()
                    .await
                    .map_err(|e| bad("INVALID_MULTIPART", e.to_string()))?;
                for path in paths {
                    let path = path
                        .as_str()
                        .ok_or_else(|| {
                            bad(
                                "INVALID_MULTIPART",
                                "`map` values are lists of variable paths",
                            )
                        })?
                        .to_owned();
                    files.push((
                        path,
                        UploadValue {
                            filename: filename.clone(),
                            content_type: content_type.clone(),
                            content: content.clone(),
                        },
                    ));
                }
            }
        }
    }
    let operations =
        operations.ok_or_else(|| bad("INVALID_MULTIPART", "the `operations` part is missing"))?;
    Ok(MultipartRequest { operations, files })
}
