//! The GraphiQL page at `/` and its assets, all served from the binary:
//! GraphiQL and React are embedded at build time (server/build), so the page
//! works on a network without internet access.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/graphiql_assets.rs"));
}

static PAGE: LazyLock<String> = LazyLock::new(|| {
    include_str!("graphiql.html").replace("{version}", embedded::GRAPHIQL_VERSION)
});

/// Everything the page loads comes from this origin; GraphiQL sets inline
/// styles and its stylesheet embeds fonts and icons as data URLs.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'none'";

pub async fn page() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        ],
        PAGE.as_str(),
    )
}

/// Our own script and stylesheet: they change with the server, so they are
/// revalidated.
pub async fn own_asset(Path(name): Path<String>) -> Response {
    match name.as_str() {
        "orkesta-graphiql.js" => asset(include_bytes!("graphiql.js"), &name, "no-cache"),
        "orkesta-graphiql.css" => asset(include_bytes!("graphiql.css"), &name, "no-cache"),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// GraphiQL and React under a versioned path: cached for good.
pub async fn vendor_asset(Path((bundle, name)): Path<(String, String)>) -> Response {
    if bundle != format!("graphiql-{}", embedded::GRAPHIQL_VERSION) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match embedded::ASSETS.iter().find(|(file, _)| *file == name) {
        Some((file, bytes)) => asset(bytes, file, "public, max-age=31536000, immutable"),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn asset(bytes: &'static [u8], name: &str, cache: &'static str) -> Response {
    let content_type = if name.ends_with(".css") {
        "text/css; charset=utf-8"
    } else {
        "text/javascript; charset=utf-8"
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response()
}
