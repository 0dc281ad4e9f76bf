//! HTTP: the router, GraphQL over HTTP at `/graphql`, GraphiQL at `/`, and
//! the operational endpoints `/healthz`, `/readyz` and `/metrics`.

mod graphiql;
mod graphql;
mod multipart;
mod ops;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

use crate::config::Limits;
use crate::db::Db;
use crate::graphql::AppSchema;
use crate::mail::Outbox;
use crate::metrics::Metrics;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub schema: AppSchema,
    pub db: Db,
    pub metrics: Metrics,
    pub limits: Arc<Limits>,
    pub outbox: Outbox,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("db", &self.db)
            .finish_non_exhaustive()
    }
}

pub fn router(state: AppState, cors_origins: &[String]) -> Router {
    Router::new()
        .route("/", get(graphiql::page))
        .route("/assets/{name}", get(graphiql::own_asset))
        .route("/assets/{bundle}/{name}", get(graphiql::vendor_asset))
        .route(
            "/graphql",
            get(graphql::get)
                .post(graphql::post)
                .fallback(graphql::method_not_allowed),
        )
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .layer(cors(cors_origins))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            count_and_harden,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Counts responses for `/metrics` and sets headers every response wants.
async fn count_and_harden(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    state.metrics.count_response(response.status().as_u16());
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Browsers on other origins may call the API only when configured; the
/// credential travels in the Authorization header, never in a cookie, so
/// `*` is safe to offer.
fn cors(origins: &[String]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-orkesta-preflight"),
            HeaderName::from_static("apollo-require-preflight"),
        ])
        .max_age(std::time::Duration::from_secs(600));
    let origins: Vec<&str> = origins
        .iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .collect();
    if origins.contains(&"*") {
        layer.allow_origin(Any)
    } else {
        let allowed: Vec<HeaderValue> = origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
            .collect();
        layer.allow_origin(AllowOrigin::list(allowed))
    }
}
