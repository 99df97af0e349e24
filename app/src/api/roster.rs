//! The organizer's roster of an activity, check-in, and signing up a woman on her behalf.

use domain::form::Checkbox;
use domain::roster::Roster;
use domain::signup::SignupOutcome;
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Everyone signed up for an activity (organizers of its area; phone numbers masked).
#[server(endpoint = "roster/get", prefix = "/api", input = GetUrl)]
pub async fn get_roster(activity_id: i64) -> Result<Roster, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::roster::roster(&crate::ssr::db()?, &user, activity_id).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn roster_page(activity_id: i64, query: &str) -> String {
    format!("/organizer/activities/{activity_id}{query}")
}

/// Checks in the confirmed sign-up with this check-in code; answers her name.
#[server(endpoint = "roster/check_in", prefix = "/api")]
pub async fn check_in(activity_id: i64, code: String) -> Result<String, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::roster::check_in_by_code(&crate::ssr::db()?, &user, activity_id, &code)
            .await
    }
    .await;
    // Her name is shown on the roster page, from the flash: never in the address.
    let success = result.as_ref().ok().map(|name| {
        crate::ssr::flash("name", name);
        roster_page(activity_id, "?done=checked_in")
    });
    crate::ssr::finish_form(result, success.as_deref(), &[("code", &code)])
}

/// Ticks (`present` = `1`) or unticks (`0`) a confirmed sign-up on the roster.
#[server(endpoint = "roster/set_checked_in", prefix = "/api")]
pub async fn set_checked_in(signup_id: i64, present: Checkbox) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::roster::set_checked_in(
            &crate::ssr::db()?,
            &user,
            signup_id,
            present.is_ticked(),
        )
        .await
    }
    .await;
    let to = result.as_ref().ok().map(|a| roster_page(*a, ""));
    crate::ssr::finish_form(result.map(|_| ()), to.as_deref(), &[])
}

/// After the start: marks every confirmed sign-up not checked in as a no-show; answers how
/// many.
#[server(endpoint = "roster/mark_no_shows", prefix = "/api")]
pub async fn mark_no_shows(activity_id: i64) -> Result<u64, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::roster::mark_no_shows(&crate::ssr::db()?, &user, activity_id).await
    }
    .await;
    crate::ssr::finish_form(
        result,
        Some(&roster_page(activity_id, "?done=no_shows")),
        &[],
    )
}

/// Approves (`approve` = `1`) or declines (`0`) a pending sign-up.
#[server(endpoint = "roster/decide", prefix = "/api")]
pub async fn decide(signup_id: i64, approve: Checkbox) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::roster::decide(&crate::ssr::db()?, &user, signup_id, approve.is_ticked())
            .await
    }
    .await;
    let to = result.as_ref().ok().map(|a| roster_page(*a, ""));
    crate::ssr::finish_form(result.map(|_| ()), to.as_deref(), &[])
}

/// Takes a sign-up off the roster for `reason` (a `RemovalReason`: she is told why); the
/// waitlist moves up. For ten minutes `roster/undo_remove` takes it back.
#[server(endpoint = "roster/remove", prefix = "/api")]
pub async fn remove_signup(
    signup_id: i64,
    #[server(default)] reason: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::roster::remove(
            &crate::ssr::db()?,
            &user,
            signup_id,
            reason.as_deref().unwrap_or_default(),
        )
        .await
    }
    .await;
    let to = result
        .as_ref()
        .ok()
        .map(|a| roster_page(*a, "?done=removed#removed"));
    crate::ssr::finish_form(result.map(|_| ()), to.as_deref(), &[])
}

/// Takes back a removal of the last ten minutes: she has her place again and is told.
#[server(endpoint = "roster/undo_remove", prefix = "/api")]
pub async fn undo_removal(signup_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::roster::undo_removal(&crate::ssr::db()?, &user, signup_id).await
    }
    .await;
    let to = result
        .as_ref()
        .ok()
        .map(|a| roster_page(*a, "?done=removal_undone"));
    crate::ssr::finish_form(result.map(|_| ()), to.as_deref(), &[])
}

/// The members of a volunteer's or organizer's area (phone numbers masked), to pick whom
/// to sign up; `q` narrows it to a piece of a name or village, or the last digits of a number.
#[server(endpoint = "activities/helper_members", prefix = "/api", input = GetUrl)]
pub async fn helper_members(
    #[server(default)] q: Option<String>,
) -> Result<Vec<domain::account::AreaPerson>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::roster::members_in_area(&crate::ssr::db()?, &user, q.as_deref())
                .await
        }
        .await,
    )
}

/// The sign-ups she made for women, of activities not yet over ("我帮别人报的名").
#[server(endpoint = "activities/helped", prefix = "/api", input = GetUrl)]
pub async fn helped_signups() -> Result<Vec<domain::roster::HelpedSignup>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::roster::helped_signups(&crate::ssr::db()?, &user, backend::now())
                .await
        }
        .await,
    )
}

/// Takes back a sign-up she made for a woman (the woman is told; the queue moves up).
#[server(endpoint = "activities/cancel_for", prefix = "/api")]
pub async fn cancel_for(signup_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::roster::cancel_for(&crate::ssr::db()?, &user, signup_id).await
    }
    .await;
    crate::ssr::finish_form(
        result.map(|_| ()),
        Some("/me/activities?done=cancelled_for#helped"),
        &[],
    )
}

/// A volunteer or organizer signs up a member of her area who agreed (`agreed` set): by
/// `phone`, or by `member_id` from `activities/helper_members`. Answers like
/// `activities/signup`.
#[server(endpoint = "activities/signup_for", prefix = "/api")]
pub async fn signup_for(
    activity_id: i64,
    #[server(default)] phone: Option<String>,
    #[server(default)] member_id: Option<String>,
    #[server(default)] companions: Option<String>,
    #[server(default)] agreed: Checkbox,
) -> Result<SignupOutcome, AppError> {
    use backend::services::roster::Member;
    use domain::form::optional_number;
    use domain::ErrorKey;
    let phone = phone.unwrap_or_default();
    let result = async {
        let user = crate::ssr::require_user().await?;
        let member =
            match optional_number(member_id.as_deref(), "member_id", ErrorKey::MemberNotFound)? {
                Some(id) => Member::Id(id),
                None => Member::Phone(phone.clone()),
            };
        let companions =
            optional_number(companions.as_deref(), "companions", ErrorKey::Invalid)?.unwrap_or(0);
        backend::services::roster::sign_up_on_behalf(
            &crate::ssr::db()?,
            &user,
            activity_id,
            member,
            companions,
            agreed.is_ticked(),
        )
        .await
        .map(|(_, outcome)| outcome)
    }
    .await;
    crate::ssr::finish_form(
        result,
        Some(&format!("/activities/{activity_id}?done=signed_up_for")),
        &[("phone", &phone)],
    )
}
