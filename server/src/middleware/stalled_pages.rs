//! A page whose rendering stalls is rendered again.
//!
//! Now and then, under load on a multi-threaded runtime, a Leptos page never finishes: one of
//! its `Suspense`s keeps waiting for a resource that has already resolved (a race in the
//! framework's server rendering: leptos-rs/leptos#4851 and #4673, narrowed but not closed by
//! #4853). The process stays healthy and the next render of the same page completes. So rather
//! than leave a woman on a half-drawn page until the request timeout, a page that has not
//! finished within its patience is rendered again (a GET changes nothing), up to
//! [`ATTEMPTS`] times in all, each stall logged; if every attempt stalls she gets 503 with
//! `Retry-After`. The page is buffered to know that it finished: pages are small, and most are
//! rendered whole before they are sent anyway (`SsrMode::Async`).

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};

use super::is_page;

/// Renders of one page request, the first included.
pub const ATTEMPTS: u32 = 3;

/// The most one page may weigh; more is not a page (and is answered 500, logged).
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// How long a page may take to render before it counts as stalled.
#[derive(Clone, Copy, Debug)]
pub struct Patience(pub Duration);

pub async fn stalled_pages(
    State(Patience(patience)): State<Patience>,
    req: Request,
    next: Next,
) -> Response {
    if !is_page(&req) {
        return next.run(req).await;
    }
    // A GET's body is empty: the head is all there is to send again.
    let (head, _) = req.into_parts();
    for attempt in 1..=ATTEMPTS {
        let req = Request::from_parts(head.clone(), Body::empty());
        let render = async {
            let (parts, body) = next.clone().run(req).await.into_parts();
            let bytes = axum::body::to_bytes(body, MAX_PAGE_BYTES).await?;
            Ok::<_, axum::Error>(Response::from_parts(parts, Body::from(bytes)))
        };
        match tokio::time::timeout(patience, render).await {
            Ok(Ok(page)) => return page,
            Ok(Err(err)) => {
                tracing::error!(error = %err, "a page could not be read whole");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            Err(_) => tracing::warn!(
                attempt,
                path = crate::startup::loggable_path(head.uri.path()),
                "a page's rendering stalled"
            ),
        }
    }
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::RETRY_AFTER, "5"),
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        ],
        crate::startup::plain_error_page(),
    )
        .into_response()
}
