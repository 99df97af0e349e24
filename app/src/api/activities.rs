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
