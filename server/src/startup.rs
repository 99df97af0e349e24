//! Assembling the application (router, state, middleware) and running it until shutdown.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use app::{shell, App};
use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use backend::{Config, Db};
use http::header::{self, HeaderValue};
use http::{HeaderName, StatusCode};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::map_request_body::MapRequestBodyLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::middleware::form_flash::form_flash;
use crate::middleware::markup::repair_markup;
use crate::middleware::offline_copies::offline_copies;
use crate::middleware::page_cache::{page_cache, PageCache};
use crate::middleware::page_facts::page_facts;
use crate::middleware::server_fn_errors::answer_server_fn_errors;
use crate::middleware::stalled_pages::{stalled_pages, Patience};
use crate::middleware::{cross_site::refuse_cross_site, security_headers::security_headers};
use crate::state::AppState;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Where the site listens and where its built files (CSS, JS, wasm, public files) are.
#[derive(Clone, Debug, clap::Parser)]
#[command(next_help_heading = "Configuration (each option also reads its environment variable)")]
pub struct Site {
    /// Address to listen on (host:port).
    #[arg(
        long,
        global = true,
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000"
    )]
    pub site_addr: String,
    /// Folder with the built site, as `cargo leptos build` writes it.
    #[arg(
        long,
        global = true,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site"
    )]
    pub site_root: String,
    /// The file of asset hashes `cargo leptos build` writes next to the binary; when it is
    /// there, /pkg file names carry their hash (and are cached for a year).
    #[arg(
        long,
        global = true,
        env = "LEPTOS_HASH_FILE_NAME",
        default_value = "hash.txt"
    )]
    pub hash_file_name: String,
}

impl Site {
    /// The address to listen on.
    pub fn addr(&self) -> Result<SocketAddr, String> {
        let raw = &self.site_addr;
        raw.parse()
            .map_err(|_| format!("LEPTOS_SITE_ADDR must be host:port, got {raw:?}"))
    }

    pub fn leptos_options(&self, site_addr: SocketAddr) -> LeptosOptions {
        let hash_file = self.hash_file_name.as_str();
        let hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(hash_file)))
            .is_some_and(|p| p.exists());
        LeptosOptions::builder()
            .output_name("tongxin")
            .site_root(self.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(site_addr)
            .hash_file(Arc::<str>::from(hash_file))
            .hash_files(hash_files)
            .build()
    }
}

/// The options of a site served at `site_addr` with the rest as the environment says (tests).
pub fn leptos_options(site_addr: SocketAddr) -> LeptosOptions {
    use clap::Parser;
    Site::parse_from(["tongxin"]).leptos_options(site_addr)
}

/// Builds the whole application for a connected, migrated database.
pub fn router(config: Config, db: Db, leptos_options: LeptosOptions) -> Router {
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
        config: config.clone(),
    };
    let routes = generate_route_list(App);
    let context = {
        let (db, config) = (db.clone(), config.clone());
        move || {
            provide_context(db.clone());
            provide_context(config.clone());
        }
    };
    let pkg_dir =
        PathBuf::from(leptos_options.site_root.as_ref()).join(leptos_options.site_pkg_dir.as_ref());

    let pages = Router::new()
        .merge(crate::routes::router())
        // leptos_routes registers every server function; this answers the unknown ones.
        .route("/api/{*name}", any(leptos_axum::handle_server_fns))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        // Hashed file names change with their content, so they may be cached for a year.
        .nest_service(
            "/pkg",
            ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    // Without hashed names a file keeps its name across releases: revalidate.
                    HeaderValue::from_static(if leptos_options.hash_files {
                        "public, max-age=31536000, immutable"
                    } else {
                        "no-cache"
                    }),
                ))
                .service(
                    ServeDir::new(pkg_dir)
                        .precompressed_br()
                        .precompressed_gzip(),
                ),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .with_state(state);

    let request_timeout = config.request_timeout;
    let cache = PageCache::new(config.page_cache_ttl);
    pages.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                tracing::info_span!("request", request_id = %id, method = %req.method(), path = loggable_path(req.uri().path()))
            }))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(CatchPanicLayer::custom(panic_response))
            .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
            // The limit wraps the body; give the handlers axum's body type back.
            .layer(MapRequestBodyLayer::new(Body::new))
            .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout))
            .layer(CompressionLayer::new().br(true).gzip(true))
            .layer(axum::middleware::from_fn(security_headers))
            .layer(axum::middleware::from_fn(refuse_cross_site))
            .layer(axum::middleware::from_fn_with_state(cache, page_cache))
            .layer(axum::middleware::from_fn(answer_server_fn_errors))
            .layer(axum::middleware::from_fn_with_state(db.clone(), form_flash))
            .layer(axum::middleware::from_fn_with_state((db, config.clone()), page_facts))
            .layer(axum::middleware::from_fn(offline_copies))
            .layer(axum::middleware::from_fn(repair_markup))
            .layer(axum::middleware::from_fn_with_state(
                Patience(PAGE_PATIENCE),
                stalled_pages,
            )),
    )
}

/// How long a page may take to render before it is rendered again (`middleware::stalled_pages`):
/// pages take milliseconds; this is far beyond a slow one and far below the request timeout.
pub const PAGE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(8);

/// The path as request logs show it: a calendar feed's secret token is replaced by `{token}`
/// (whoever reads the logs must not be able to follow her calendar).
pub fn loggable_path(path: &str) -> &str {
    if path.starts_with("/calendar/") {
        "/calendar/{token}.ics"
    } else {
        path
    }
}

/// A panic in a handler: log it, answer a plain error page in both languages.
fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default();
    tracing::error!(panic = %detail, "handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        plain_error_page(),
    )
        .into_response()
}

/// A plain error page in both languages, for answers that cannot be rendered by the app.
pub fn plain_error_page() -> String {
    let zh = app::i18n::texts(domain::Lang::ZhCn);
    let en = app::i18n::texts(domain::Lang::En);
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{}</title></head><body><main><h1>{}</h1><p>{}</p>\
         <p lang=\"en\">{} — {}</p><p><a href=\"/\">{}</a></p></main></body></html>",
        zh.error_title, zh.error_title, zh.error_body, en.error_title, en.error_body, zh.back_home
    )
}

/// A running server, for `tongxin serve` and for tests.
pub struct Running {
    pub addr: SocketAddr,
    pub shutdown: Arc<tokio::sync::Notify>,
    pub handle: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Binds `addr` (port 0 picks a free port) and serves `router` until `shutdown` is notified
/// (`notify_one`, which is kept even if the server has not started waiting yet), then lets
/// requests in flight finish.
pub async fn serve(addr: SocketAddr, router: Router) -> std::io::Result<Running> {
    use axum::serve::ListenerExt;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    // Small responses should leave at once, not wait for Nagle's algorithm.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let shutdown = Arc::new(tokio::sync::Notify::new());
    let signal = {
        let shutdown = shutdown.clone();
        async move { shutdown.notified().await }
    };
    // Connection info gives the client address for abuse limits.
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let handle = tokio::spawn(async move {
        axum::serve(listener, service)
            .with_graceful_shutdown(signal)
            .await
    });
    Ok(Running {
        addr,
        shutdown,
        handle,
    })
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn termination_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_feed_tokens_stay_out_of_the_logs() {
        let token = "a".repeat(64);
        assert_eq!(
            loggable_path(&format!("/calendar/{token}.ics")),
            "/calendar/{token}.ics"
        );
        assert_eq!(loggable_path("/calendar/"), "/calendar/{token}.ics");
        assert_eq!(
            loggable_path("/activities/1/calendar.ics"),
            "/activities/1/calendar.ics"
        );
    }
}
