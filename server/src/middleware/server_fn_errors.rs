//! The one way a server function's failure leaves the server.
//!
//! server_fn answers every failure `500` with the error's JSON, and a plain HTML form a
//! redirect with its own encoding of the error. A server function that ran fixes that itself
//! (`app::ssr::respond`, `app::ssr::finish_form`), but one whose arguments could not be read
//! never runs. So here, after every `/api` call: a failure gets its key's status
//! (`bad_request` is 400), and a plain form the function did not answer itself goes back to
//! the page it came from with `?error=key`, like any other form error.

use app::ssr::forms::{accepts_html, back_with_error, FormAnswered};
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::AppError;
use http::header::{self, HeaderValue};
use http::StatusCode;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

/// An error answer is the JSON of an `AppError`, a few dozen bytes.
const MAX_ERROR_BYTES: usize = 64 * 1024;

pub async fn answer_server_fn_errors(mut req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let headers = req.headers().clone();
    let answered = FormAnswered::default();
    req.extensions_mut().insert(answered.clone());
    let res = next.run(req).await;
    if !res.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BYTES).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(%err, "a server function's error could not be read");
            return AppError::internal().into_response();
        }
    };
    let Ok(err) = serde_json::from_slice::<AppError>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if !accepts_html(&headers) {
        parts.status = StatusCode::from_u16(err.status()).unwrap_or(parts.status);
    } else if !answered.is_set() {
        // What the function set on its way (a cookie, say) still goes out.
        if let Ok(back) = HeaderValue::from_str(&back_with_error(&headers, &err)) {
            parts.status = StatusCode::FOUND;
            parts.headers.insert(header::LOCATION, back);
            parts.headers.remove(header::CONTENT_TYPE);
            parts.headers.remove(header::CONTENT_LENGTH);
            return Response::from_parts(parts, Body::empty());
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
