//! Server functions, one module per area. Each has an explicit, stable endpoint under `/api`
//! documented in docs/API.md; bodies are thin calls into `backend::services`.

pub mod activities;
pub mod admin;
pub mod auth;
pub mod circles;
pub mod groups;
pub mod help;
pub mod helped;
pub mod ledger;
pub mod me;
pub mod moderation;
pub mod notifications;
pub mod organizer;
pub mod regions;
pub mod roster;

#[cfg(feature = "ssr")]
pub(crate) use domain::form::optional_number as form_number;

/// A keyset cursor `a.b` (two numbers, e.g. `starts_at.id`) from an `after` parameter.
#[cfg(feature = "ssr")]
pub(crate) fn cursor(value: Option<&str>) -> Result<Option<(i64, i64)>, domain::AppError> {
    match value.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .split_once('.')
            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            .map(Some)
            .ok_or_else(|| domain::AppError::field(domain::ErrorKey::Invalid, "after")),
    }
}
