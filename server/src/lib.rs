//! The server: axum wiring around the Leptos app, the command line, and plain routes that are
//! not pages (health checks, language switch).
//!
//! A request flows: axum → middleware (request id, trace, timeout, body limit, compression,
//! security headers, cross-site refusal) → either a plain route in [`routes`], a server
//! function (`/api/…`, in `app::api`), a static file from the site folder, or a page rendered
//! by Leptos (`app::routes`).

pub mod cli;
pub mod middleware;
pub mod routes;
pub mod startup;
pub mod state;
pub mod telemetry;
