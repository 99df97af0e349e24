//! Plain routes: what is not a page or a server function.

pub mod calendar;
pub mod health;
pub mod preferences;
pub mod roster_csv;
pub mod sms_replies;

use axum::routing::MethodRouter;
use axum::Router;

use crate::state::AppState;

/// Every plain route with its handler. The router is built from this table, so the
/// authorization-matrix test, which reads it, sees every route there is.
pub fn table() -> Vec<(&'static str, MethodRouter<AppState>)> {
    [
        health::routes(),
        preferences::routes(),
        calendar::routes(),
        roster_csv::routes(),
        sms_replies::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The plain routes as a router.
pub fn router() -> Router<AppState> {
    table()
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| {
            router.route(path, handler)
        })
}
