//! The installation's administration: region tree, federations, organizer invitations, the
//! audit log. Admins only.

use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

pub use domain::account::OrganizerEntry;
pub use domain::audit::AuditEntry;
pub use domain::region::RegionRow;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Invitation {
    pub code: String,
    pub expires_at: i64,
}

#[cfg(feature = "ssr")]
async fn admin() -> Result<backend::identity::SessionUser, AppError> {
    let user = crate::ssr::require_user().await?;
    backend::policy::require_admin(&user)?;
    Ok(user)
}

#[server(endpoint = "admin/regions", prefix = "/api", input = GetUrl)]
pub async fn regions() -> Result<Vec<RegionRow>, AppError> {
    crate::ssr::respond(
        async {
            admin().await?;
            backend::services::regions::region_tree(&crate::ssr::db()?).await
        }
        .await,
    )
}

/// The newest text messages in the outbox (numbers masked, never a text), optionally only
/// those in one `state` (`pending`, `sending`, `sent`, `failed`, `skipped`).
#[server(endpoint = "admin/outbox", prefix = "/api", input = GetUrl)]
pub async fn outbox(
    #[server(default)] state: Option<String>,
) -> Result<Vec<domain::sms::OutboxEntry>, AppError> {
    crate::ssr::respond(
        async {
            let user = admin().await?;
            let state = match state.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(s) => Some(s.parse().map_err(|_| AppError::bad_request())?),
            };
            backend::services::outbox::list(&crate::ssr::db()?, &user, state, 200).await
        }
        .await,
    )
}

/// Every organizer with her federation.
#[server(endpoint = "admin/organizers", prefix = "/api", input = GetUrl)]
pub async fn organizers() -> Result<Vec<OrganizerEntry>, AppError> {
    crate::ssr::respond(
        async {
            let user = admin().await?;
            backend::services::organizers::organizers(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// Removes an organizer from her federation (she becomes a member again).
#[server(endpoint = "admin/remove_organizer", prefix = "/api")]
pub async fn remove_organizer(user_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = admin().await?;
        backend::services::organizers::remove_organizer(&crate::ssr::db()?, &user, user_id).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/admin?done=organizer_removed"), &[])
}

#[server(endpoint = "admin/add_region", prefix = "/api")]
pub async fn add_region(
    #[server(default)] parent_id: Option<String>,
    name: String,
) -> Result<i64, AppError> {
    let result = async {
        admin().await?;
        let parent = domain::form::optional_number(
            parent_id.as_deref(),
            "parent_id",
            domain::ErrorKey::RegionInvalid,
        )?;
        backend::services::regions::add_region(&crate::ssr::db()?, parent, &name).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/admin?done=saved"), &[("name", &name)])
}

#[server(endpoint = "admin/add_federation", prefix = "/api")]
pub async fn add_federation(region_id: i64, name: String) -> Result<i64, AppError> {
    let result = async {
        admin().await?;
        backend::services::regions::add_federation(&crate::ssr::db()?, region_id, &name).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/admin?done=saved"), &[])
}

/// A single-use code that makes whoever redeems it an organizer of the federation. Shown once.
#[server(endpoint = "admin/invite_organizer", prefix = "/api")]
pub async fn invite_organizer(federation_id: i64) -> Result<Invitation, AppError> {
    let result = async {
        let user = admin().await?;
        let (code, expires_at) = backend::services::organizers::invite_organizer(
            &crate::ssr::db()?,
            &user,
            federation_id,
        )
        .await?;
        Ok(Invitation { code, expires_at })
    }
    .await;
    let success = result.as_ref().ok().map(|i| {
        // Shown once on the admin page, from the flash: never in the address.
        crate::ssr::flash("invitation", &i.code);
        "/admin".to_owned()
    });
    crate::ssr::finish_form(result, success.as_deref(), &[])
}

/// Entries per page of the audit log.
pub const AUDIT_PAGE: i64 = 100;

/// The audit log, newest first, 100 to a page: `before` (an entry id) pages back, `action`
/// (an `AuditAction`'s word) filters.
#[server(endpoint = "admin/audit_log", prefix = "/api", input = GetUrl)]
pub async fn audit_log(
    #[server(default)] before: Option<i64>,
    #[server(default)] action: Option<String>,
) -> Result<Vec<AuditEntry>, AppError> {
    crate::ssr::respond(
        async {
            admin().await?;
            let action = action
                .filter(|a| !a.is_empty())
                .map(|a| a.parse::<domain::audit::AuditAction>())
                .transpose()
                .map_err(|_| AppError::field(domain::ErrorKey::Invalid, "action"))?;
            backend::services::audit::list(&crate::ssr::db()?, before, action, AUDIT_PAGE).await
        }
        .await,
    )
}

/// The word lists: `[(word, action)]`, action `block` or `hold`.
#[server(endpoint = "admin/word_rules", prefix = "/api", input = GetUrl)]
pub async fn word_rules() -> Result<Vec<(String, String)>, AppError> {
    crate::ssr::respond(
        async {
            let user = admin().await?;
            backend::services::word_rules::list(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// Adds a word to a list (`action` is `block` or `hold`), or moves it to the other list.
#[server(endpoint = "admin/set_word_rule", prefix = "/api")]
pub async fn set_word_rule(word: String, action: String) -> Result<(), AppError> {
    let result = async {
        let user = admin().await?;
        backend::services::word_rules::set(&crate::ssr::db()?, &user, &word, &action).await
    }
    .await;
    crate::ssr::finish_form(
        result,
        Some("/admin?done=saved#words-heading"),
        &[("word", &word)],
    )
}

/// Takes a word off the lists.
#[server(endpoint = "admin/remove_word_rule", prefix = "/api")]
pub async fn remove_word_rule(word: String) -> Result<(), AppError> {
    let result = async {
        let user = admin().await?;
        backend::services::word_rules::remove(&crate::ssr::db()?, &user, &word).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/admin?done=saved#words-heading"), &[])
}
