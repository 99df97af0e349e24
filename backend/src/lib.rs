//! Everything the server needs that the browser must never see: configuration, the database on
//! SQLite and PostgreSQL, password hashing, the services that hold the rules, and demo data.
//!
//! Services take a [`Db`] (or a connection inside a transaction) and return
//! [`domain::AppResult`]; the `app` crate's server functions and the `server` crate's plain
//! routes are thin wrappers over them.

pub mod backup;
pub mod config;
pub mod db;
pub mod ics;
pub mod identity;
pub mod password;
pub mod policy;
pub mod qr;
pub mod seed;
pub mod seed_scale;
pub mod services;
pub mod sms;
#[cfg(feature = "testing")]
pub mod testing;

pub use config::Config;
pub use db::{Backend, Db};

/// A failure of a library other than the database (password hashing, a blocking task):
/// logged here with what was being done, answered with the generic internal error. Database
/// errors need nothing: `?` turns them into `AppError` (and logs them) by itself.
pub fn failed(doing: &str, err: impl std::fmt::Display) -> domain::AppError {
    tracing::error!(error = %err, "{doing} failed");
    domain::AppError::internal()
}

/// Seconds since the epoch, UTC: how Tongxin stores every time.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
