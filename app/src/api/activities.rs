//! Activity server functions.

use domain::activity::ActivityCard;
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// What the activity list page needs: the cards and how many upcoming activities each
/// category has.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ActivityList {
    pub activities: Vec<ActivityCard>,
    pub category_counts: Vec<(domain::Category, i64)>,
    /// The server's clock (UTC seconds), so dates read "明天" relative to the same now.
    pub now: i64,
}

/// Upcoming published activities, soonest first; `category` is a slug from
/// `domain::Category`, or absent for all.
#[server(endpoint = "activities/list", prefix = "/api", input = GetUrl)]
pub async fn list_activities(category: Option<String>) -> Result<ActivityList, AppError> {
    use backend::services::activities::{count_by_category, list_upcoming, ListFilter};
    crate::ssr::respond(
        async move {
            let category = match category.as_deref().filter(|c| !c.is_empty()) {
                None => None,
                Some(slug) => Some(
                    domain::Category::parse(slug)
                        .ok_or_else(|| AppError::field(domain::ErrorKey::Invalid, "category"))?,
                ),
            };
            let db = crate::ssr::db()?;
            let now = backend::now();
            let filter = ListFilter {
                category,
                limit: 50,
            };
            let activities = list_upcoming(&db, &filter, now).await?;
            let category_counts = count_by_category(&db, now).await?;
            Ok(ActivityList {
                activities,
                category_counts,
                now,
            })
        }
        .await,
    )
}

/// One activity (published or cancelled).
#[server(endpoint = "activities/get", prefix = "/api", input = GetUrl)]
pub async fn get_activity(id: i64) -> Result<domain::activity::ActivityDetail, AppError> {
    crate::ssr::respond(
        async { backend::services::activities::get(&crate::ssr::db()?, id).await }.await,
    )
}

/// Her sign-up for an activity: status, waitlist position, check-in code.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignupStatus {
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<i64>,
    pub companions: i64,
    pub checkin_code: String,
}

#[cfg(feature = "ssr")]
impl From<backend::services::signups::SignupOutcome> for SignupStatus {
    fn from(o: backend::services::signups::SignupOutcome) -> Self {
        SignupStatus {
            status: o.status,
            waitlist_position: o.waitlist_position,
            companions: o.companions,
            checkin_code: o.checkin_code,
        }
    }
}

/// Her current sign-up, or `null` (also when logged out).
#[server(endpoint = "activities/my_signup", prefix = "/api", input = GetUrl)]
pub async fn my_signup(activity_id: i64) -> Result<Option<SignupStatus>, AppError> {
    crate::ssr::respond(
        async {
            let Some(user) = crate::ssr::current_user().await? else {
                return Ok(None);
            };
            Ok(
                backend::services::signups::mine(&crate::ssr::db()?, activity_id, user.user_id)
                    .await?
                    .map(SignupStatus::from),
            )
        }
        .await,
    )
}

/// Signs her up; answers `status` (`confirmed`, `waitlisted`, `pending`) and, when
/// waitlisted, `waitlist_position`. Retrying returns the same sign-up.
#[server(endpoint = "activities/signup", prefix = "/api")]
pub async fn signup(
    activity_id: i64,
    #[server(default)] companions: Option<String>,
) -> Result<SignupStatus, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let companions = match companions
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            None => 0,
            Some(c) => c
                .parse()
                .map_err(|_| AppError::field(domain::ErrorKey::Invalid, "companions"))?,
        };
        backend::services::signups::sign_up(&crate::ssr::db()?, &user, activity_id, companions)
            .await
            .map(SignupStatus::from)
    }
    .await;
    crate::ssr::finish_form(result, Some(&format!("/activities/{activity_id}")), &[])
}

/// Cancels her sign-up; the waitlist moves up.
#[server(endpoint = "activities/cancel_signup", prefix = "/api")]
pub async fn cancel_signup(activity_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::signups::cancel(&crate::ssr::db()?, &user, activity_id).await
    }
    .await;
    crate::ssr::finish_form(result, Some(&format!("/activities/{activity_id}")), &[])
}
