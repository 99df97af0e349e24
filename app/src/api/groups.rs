//! Mutual-aid group server functions.

use domain::form::Checkbox;
use domain::group::{GroupPage, GroupSummary, MembershipStatus};
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The groups near her; none when logged out.
#[server(endpoint = "groups/list", prefix = "/api", input = GetUrl)]
pub async fn list_groups() -> Result<Vec<GroupSummary>, AppError> {
    crate::ssr::respond(
        async {
            match crate::ssr::current_user().await? {
                None => Ok(Vec::new()),
                Some(user) => backend::services::groups::list(&crate::ssr::db()?, &user).await,
            }
        }
        .await,
    )
}

/// A group; its board and members only for its members and those who manage it.
#[server(endpoint = "groups/get", prefix = "/api", input = GetUrl)]
pub async fn get_group(id: i64) -> Result<GroupPage, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::groups::get(&crate::ssr::db()?, &user, id).await
        }
        .await,
    )
}

/// An organizer starts a group: `need` is `childcare`, `elderly_care`, `farming`,
/// `training` or `other`; `open` set: join at once, else on approval.
#[server(endpoint = "groups/create", prefix = "/api")]
pub async fn create_group(
    name: String,
    need: String,
    #[server(default)] purpose: Option<String>,
    #[server(default)] region_id: Option<String>,
    #[server(default)] open: Checkbox,
    #[server(default)] member_limit: Option<String>,
) -> Result<i64, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let region = crate::api::form_number(
            region_id.as_deref(),
            "region_id",
            domain::ErrorKey::RegionInvalid,
        )?;
        let limit = crate::api::form_number(
            member_limit.as_deref(),
            "member_limit",
            domain::ErrorKey::CapacityInvalid,
        )?
        .unwrap_or(30);
        let need: domain::group::GroupNeed = need
            .parse()
            .map_err(|_| AppError::field(domain::ErrorKey::Invalid, "need"))?;
        backend::services::groups::create(
            &crate::ssr::db()?,
            &user,
            backend::services::groups::NewGroup {
                name: &name,
                purpose: purpose.as_deref().unwrap_or_default(),
                need,
                region,
                open: open.is_ticked(),
                member_limit: limit,
            },
        )
        .await
    }
    .await;
    let success = result.as_ref().ok().map(|id| format!("/groups/{id}"));
    crate::ssr::finish_form(result, success.as_deref(), &[("name", &name)])
}

/// Joins (open group) or asks to join; answers `member` or `pending`.
#[server(endpoint = "groups/join", prefix = "/api")]
pub async fn join_group(group_id: i64) -> Result<MembershipStatus, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::groups::join(&crate::ssr::db()?, &user, group_id).await
    }
    .await;
    // A pending request is said by the page itself.
    let done = match &result {
        Ok(MembershipStatus::Member) => "?done=joined",
        _ => "",
    };
    crate::ssr::finish_form(result, Some(&format!("/groups/{group_id}{done}")), &[])
}

/// Leaves the group or withdraws her request (the page asks first: `/groups/{id}/leave`).
#[server(endpoint = "groups/leave", prefix = "/api")]
pub async fn leave_group(group_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::groups::leave(&crate::ssr::db()?, &user, group_id).await
    }
    .await;
    crate::ssr::finish_form(result, Some(&format!("/groups/{group_id}?done=left")), &[])
}

/// Accepts a request to join.
#[server(endpoint = "groups/approve", prefix = "/api")]
pub async fn approve_member(group_id: i64, user_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::groups::approve(&crate::ssr::db()?, &user, group_id, user_id).await
    }
    .await;
    crate::ssr::finish_form(result, Some(&format!("/groups/{group_id}")), &[])
}

/// Writes on the group's board (members only).
#[server(endpoint = "groups/post", prefix = "/api")]
pub async fn post_in_group(group_id: i64, body: String) -> Result<i64, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::groups::post(&crate::ssr::db()?, &user, group_id, &body).await
    }
    .await;
    crate::ssr::finish_form(
        result,
        Some(&format!("/groups/{group_id}")),
        &[("body", &body)],
    )
}

/// Deletes a board post: her own, or any in a group she manages.
#[server(endpoint = "groups/delete_post", prefix = "/api")]
pub async fn delete_group_post(post_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::groups::delete_post(&crate::ssr::db()?, &user, post_id).await
    }
    .await;
    let success = result.as_ref().ok().map(|g| format!("/groups/{g}"));
    crate::ssr::finish_form(result.map(|_| ()), success.as_deref(), &[])
}

/// Whether she may start groups (an organizer, or a volunteer her organizer allowed).
#[server(endpoint = "groups/can_create", prefix = "/api", input = GetUrl)]
pub async fn can_create_groups() -> Result<bool, AppError> {
    crate::ssr::respond(
        async {
            match crate::ssr::current_user().await? {
                None => Ok(false),
                Some(user) => Ok(
                    backend::policy::groups::creator_area(&crate::ssr::db()?, &user)
                        .await
                        .is_ok(),
                ),
            }
        }
        .await,
    )
}

/// An organizer lets a volunteer of her area start mutual-aid groups.
#[server(endpoint = "organizer/allow_group_creator", prefix = "/api")]
pub async fn allow_group_creator(user_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::groups::allow_creator(&crate::ssr::db()?, &user, user_id).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/organizer?done=assigned"), &[])
}

/// An organizer takes back a volunteer's right to start mutual-aid groups.
#[server(endpoint = "organizer/revoke_group_creator", prefix = "/api")]
pub async fn revoke_group_creator(user_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::groups::revoke_creator(&crate::ssr::db()?, &user, user_id).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/organizer?done=unassigned"), &[])
}
