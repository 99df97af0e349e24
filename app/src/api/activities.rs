//! Activity server functions.

use domain::activity::ActivityCard;
#[cfg(feature = "ssr")]
use domain::form::optional_number;
pub use domain::signup::SignupOutcome;
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// What the activity list page needs: a page of cards, how many upcoming activities each
/// category has, and where the next page starts.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ActivityList {
    pub activities: Vec<ActivityCard>,
    pub category_counts: Vec<(domain::Category, i64)>,
    /// The `after` value for the next page, when there is one.
    pub next: Option<String>,
    /// Whether she is logged in with a village (the "my area" filters need one).
    pub has_village: bool,
    /// The server's clock (UTC seconds), so dates read "明天" relative to the same now.
    pub now: i64,
}

/// The list's filters, as they come in the query string. All optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// A slug from `domain::Category`.
    pub category: Option<String>,
    /// `week`, `month` or `day` (with `date`).
    pub when: Option<String>,
    /// `YYYY-MM-DD`, China time.
    pub date: Option<String>,
    /// `village`, `township` or `county`: around her own village.
    pub area: Option<String>,
    /// `1`: only activities with free places.
    pub free: Option<String>,
    /// Words of the title, venue or place.
    pub q: Option<String>,
    /// `starts_at.id` of the last card of the previous page.
    pub after: Option<String>,
}

/// Upcoming published activities, soonest first, filtered; 20 to a page.
#[server(endpoint = "activities/list", prefix = "/api", input = GetUrl)]
pub async fn list_activities(
    #[server(flatten)] query: ListQuery,
) -> Result<ActivityList, AppError> {
    use backend::services::activities::{count_by_category, list_upcoming, ListFilter};
    use domain::time;
    use domain::ErrorKey;
    crate::ssr::respond(
        async move {
            let given = |v: &Option<String>| {
                v.as_deref()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            };
            let category = match given(&query.category) {
                None => None,
                Some(slug) => Some(
                    domain::Category::parse(&slug)
                        .ok_or_else(|| AppError::field(ErrorKey::Invalid, "category"))?,
                ),
            };
            let db = crate::ssr::db()?;
            let now = backend::now();
            let starts_within = match given(&query.when).as_deref() {
                None => None,
                Some("week") => Some((
                    time::start_of_week(now),
                    time::start_of_week(now) + 7 * 86_400,
                )),
                Some("month") => {
                    let start = time::start_of_month(now);
                    let next = time::add_months(start, 1).unwrap_or(start + 31 * 86_400);
                    Some((start, next))
                }
                Some("day") => {
                    let day = given(&query.date)
                        .and_then(|d| time::parse_local_date(&d))
                        .ok_or_else(|| AppError::field(ErrorKey::DatesInvalid, "date"))?;
                    Some((day, day + 86_400))
                }
                Some(_) => return Err(AppError::field(ErrorKey::Invalid, "when")),
            };
            let user = crate::ssr::current_user().await?;
            let village = user.as_ref().and_then(|u| u.village_id);
            let area = match given(&query.area) {
                None => None,
                Some(level) => {
                    let Some(village) = village else {
                        return Err(AppError::field(ErrorKey::RegionInvalid, "area"));
                    };
                    let (v, township, county) = backend::services::regions::ancestry(&db, village)
                        .await?
                        .ok_or_else(|| AppError::field(ErrorKey::RegionInvalid, "area"))?;
                    Some(match level.as_str() {
                        "village" => v,
                        "township" => township.unwrap_or(v),
                        "county" => county.or(township).unwrap_or(v),
                        _ => return Err(AppError::field(ErrorKey::Invalid, "area")),
                    })
                }
            };
            let after = crate::api::cursor(given(&query.after).as_deref())?;
            let filter = ListFilter {
                category,
                starts_within,
                area,
                free_only: given(&query.free).is_some_and(|f| f != "0"),
                search: given(&query.q).map(|q| q.chars().take(50).collect()),
                after,
                limit: 20,
            };
            let page = list_upcoming(&db, &filter, now).await?;
            let category_counts = count_by_category(&db, now).await?;
            Ok(ActivityList {
                activities: page.cards,
                category_counts,
                next: page.next.map(|(s, i)| format!("{s}.{i}")),
                has_village: village.is_some(),
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

/// Her current sign-up, or `null` (also when logged out).
#[server(endpoint = "activities/my_signup", prefix = "/api", input = GetUrl)]
pub async fn my_signup(activity_id: i64) -> Result<Option<SignupOutcome>, AppError> {
    crate::ssr::respond(
        async {
            let Some(user) = crate::ssr::current_user().await? else {
                return Ok(None);
            };
            backend::services::signups::mine(&crate::ssr::db()?, activity_id, user.user_id).await
        }
        .await,
    )
}

/// Signs her up; answers `status` (`confirmed`, `waitlisted` or `pending`) and, when
/// waitlisted, `waitlist_position`. Retrying returns the same sign-up. `birth_year` fills in
/// a missing year on her profile when the activity has an age range.
#[server(endpoint = "activities/signup", prefix = "/api")]
pub async fn signup(
    activity_id: i64,
    #[server(default)] companions: Option<String>,
    #[server(default)] sensitive_consent: domain::form::Checkbox,
    #[server(default)] birth_year: Option<String>,
) -> Result<SignupOutcome, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let request = signup_request(companions.as_deref(), birth_year.as_deref())?;
        let request = backend::services::signups::SignupRequest {
            consent: sensitive_consent.is_ticked(),
            ..request
        };
        backend::services::signups::sign_up(&crate::ssr::db()?, &user, activity_id, request).await
    }
    .await;
    let keep = [
        ("companions", companions.as_deref().unwrap_or_default()),
        ("birth_year", birth_year.as_deref().unwrap_or_default()),
    ];
    crate::ssr::finish_form(
        result,
        Some(&format!("/activities/{activity_id}?done=signed_up#signup")),
        &keep,
    )
}

/// A sign-up's companions and birth year as a form sends them.
#[cfg(feature = "ssr")]
pub(crate) fn signup_request(
    companions: Option<&str>,
    birth_year: Option<&str>,
) -> Result<backend::services::signups::SignupRequest, AppError> {
    let companions =
        optional_number(companions, "companions", domain::ErrorKey::Invalid)?.unwrap_or(0);
    let this_year = domain::time::LocalDateTime::from_utc_secs(backend::now()).year as i64;
    let birth_year = domain::account::parse_birth_year(birth_year, this_year)?;
    Ok(backend::services::signups::SignupRequest {
        companions,
        consent: false,
        birth_year,
    })
}

/// An activity she asked to join before she had logged in ("登录后就能报名"): the login and
/// registration forms carry it as `join` and `companions`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JoinIntent {
    pub activity_id: i64,
    /// As she chose it, kept as typed (checked when the sign-up is made).
    pub companions: String,
}

impl JoinIntent {
    /// The intent a form sent, if it named an activity.
    pub fn from_form(join: Option<&str>, companions: Option<&str>) -> Option<Self> {
        let activity_id = join?.trim().parse().ok().filter(|id: &i64| *id > 0)?;
        Some(Self {
            activity_id,
            companions: companions.unwrap_or_default().trim().to_owned(),
        })
    }

    /// `join=…&companions=…` for the links between the login and registration pages.
    pub fn query(&self) -> String {
        let mut query = format!("join={}", self.activity_id);
        if !self.companions.is_empty() {
            query.push_str("&companions=");
            query.push_str(&crate::url::encode_query_value(&self.companions));
        }
        query
    }
}

/// Makes the sign-up she asked for before logging in, and answers where she goes: the
/// activity's page, showing what she got, or why not (her choices kept and the button ready
/// to press again, e.g. to tick a consent). `done` is the page's confirmation when it worked.
#[cfg(feature = "ssr")]
pub(crate) async fn join_after_login(
    db: &backend::Db,
    user_id: i64,
    intent: &JoinIntent,
    done: &str,
) -> String {
    let id = intent.activity_id;
    let made = async {
        let request = signup_request(Some(&intent.companions), None)?;
        backend::services::signups::sign_up_member(db, user_id, None, id, request).await
    }
    .await;
    match made {
        Ok(_) => format!("/activities/{id}?done={done}#signup"),
        Err(err) => {
            crate::ssr::flash("companions", &intent.companions);
            format!(
                "/activities/{id}?{}#signup",
                crate::ssr::forms::error_query(&err)
            )
        }
    }
}

/// Takes back her sign-up (a seat, a place in the queue, or a request awaiting the
/// federation); the queue moves up. The page asks her first (`/activities/{id}/cancel`).
#[server(endpoint = "activities/cancel_signup", prefix = "/api")]
pub async fn cancel_signup(activity_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::signups::cancel(&crate::ssr::db()?, &user, activity_id).await
    }
    .await;
    crate::ssr::finish_form(
        result,
        Some(&format!("/activities/{activity_id}?done=cancelled#signup")),
        &[],
    )
}

/// Her sign-ups for coming (and last week's) activities, with check-in codes.
#[server(endpoint = "activities/mine", prefix = "/api", input = GetUrl)]
pub async fn my_activities() -> Result<Vec<domain::activity::MySignup>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::signups::my_activities(
                &crate::ssr::db()?,
                user.user_id,
                backend::now(),
            )
            .await
        }
        .await,
    )
}

/// The new activity's id (the first of a series) and, for a series, every id.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Created {
    pub id: i64,
    pub ids: Vec<i64>,
}

/// The fields a no-JavaScript form gets back after an error, so nothing typed is lost.
#[cfg(feature = "ssr")]
fn kept(form: &domain::activity_form::ActivityForm) -> Vec<(&'static str, String)> {
    let ticked = |c: domain::form::Checkbox| if c.is_ticked() { "on" } else { "" }.to_owned();
    vec![
        ("title", form.title.clone()),
        ("category", form.category.clone()),
        ("description", form.description.clone()),
        ("venue", form.venue.clone()),
        ("region_id", form.region_id.clone()),
        ("starts_at", form.starts_at.clone()),
        ("ends_at", form.ends_at.clone()),
        ("capacity", form.capacity.clone()),
        ("companions_allowed", form.companions_allowed.clone()),
        ("signup_deadline", form.signup_deadline.clone()),
        ("cancel_cutoff", form.cancel_cutoff.clone()),
        ("requires_approval", ticked(form.requires_approval)),
        ("min_age", form.min_age.clone()),
        ("max_age", form.max_age.clone()),
        ("audience_region_id", form.audience_region_id.clone()),
        ("area_only", ticked(form.area_only)),
        ("repeat", form.repeat.clone()),
        ("occurrences", form.occurrences.clone()),
        ("draft", ticked(form.draft)),
    ]
}

#[cfg(feature = "ssr")]
fn finish_activity_form<T>(
    result: Result<T, AppError>,
    success: Option<String>,
    form: &domain::activity_form::ActivityForm,
) -> Result<T, AppError> {
    let kept = kept(form);
    let keep: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (*k, v.as_str())).collect();
    crate::ssr::finish_form(result, success.as_deref(), &keep)
}

/// Posts an activity (an organizer, for her area). Form fields as in
/// `domain::activity_form::ActivityForm`; published unless `draft` is set; with `repeat`
/// (`weekly`/`monthly`) and `occurrences`, a series of separate activities.
#[server(endpoint = "activities/create", prefix = "/api")]
pub async fn create_activity(
    #[server(flatten)] form: domain::activity_form::ActivityForm,
) -> Result<Created, AppError> {
    use domain::activity_form::ActivityDraft;
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        backend::policy::organizer_region(&db, &user).await?;
        let draft = ActivityDraft::parse(&form, Some(backend::now()))?;
        let ids = backend::services::activity_editor::create(&db, &user, &draft).await?;
        Ok(Created { id: ids[0], ids })
    }
    .await;
    let success = result
        .as_ref()
        .ok()
        .map(|c| format!("/organizer/activities/{}?done=created", c.id));
    finish_activity_form(result, success, &form)
}

/// Changes an activity (with `scope` `this_and_later` or `all_coming`, the other dates of its
/// series too); everyone signed up hears of a new time or place.
#[server(endpoint = "activities/update", prefix = "/api")]
pub async fn update_activity(
    id: i64,
    #[server(default)] scope: Option<String>,
    #[server(flatten)] form: domain::activity_form::ActivityForm,
) -> Result<(), AppError> {
    use domain::activity_form::{ActivityDraft, SeriesScope};
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        backend::policy::require_activity_organizer(&db, &user, id).await?;
        let scope = SeriesScope::from_form(scope.as_deref())?;
        let draft = ActivityDraft::parse(&form, None)?;
        backend::services::activity_editor::update(&db, &user, id, &draft, scope).await
    }
    .await;
    finish_activity_form(
        result,
        Some(format!("/organizer/activities/{id}?done=saved")),
        &form,
    )
}

/// Publishes a draft.
#[server(endpoint = "activities/publish", prefix = "/api")]
pub async fn publish_activity(id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::activity_editor::publish(&crate::ssr::db()?, &user, id).await
    }
    .await;
    crate::ssr::finish_form(
        result,
        Some(&format!("/organizer/activities/{id}?done=published")),
        &[],
    )
}

/// Cancels an activity (with `scope` `this_and_later` or `all_coming`, the other dates of its
/// series still to come too); everyone signed up is told.
#[server(endpoint = "activities/cancel", prefix = "/api")]
pub async fn cancel_activity(
    id: i64,
    #[server(default)] scope: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        backend::policy::require_activity_organizer(&db, &user, id).await?;
        let scope = domain::activity_form::SeriesScope::from_form(scope.as_deref())?;
        backend::services::activity_editor::cancel(&db, &user, id, scope).await
    }
    .await;
    crate::ssr::finish_form(
        result,
        Some(&format!("/organizer/activities/{id}?done=cancelled")),
        &[],
    )
}

/// The other dates of its series still to come (`coming`, of which `later` come after it), or
/// `null` when it is not part of a series that has any (organizers of its area).
#[server(endpoint = "activities/series_dates", prefix = "/api", input = GetUrl)]
pub async fn series_dates(id: i64) -> Result<Option<domain::activity_form::SeriesDates>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::activity_editor::series_dates(
                &crate::ssr::db()?,
                &user,
                id,
                backend::now(),
            )
            .await
        }
        .await,
    )
}

/// An activity's current values, for its edit form (organizers of its area).
#[server(endpoint = "activities/form", prefix = "/api", input = GetUrl)]
pub async fn get_activity_form(id: i64) -> Result<domain::activity_form::ActivityForm, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::activity_editor::form_of(&crate::ssr::db()?, &user, id).await
        }
        .await,
    )
}

/// What the organizer's activity form offers: the places in her area.
#[server(endpoint = "activities/places", prefix = "/api", input = GetUrl)]
pub async fn organizer_places() -> Result<Vec<domain::region::Place>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            let db = crate::ssr::db()?;
            let area = backend::policy::organizer_region(&db, &user).await?;
            backend::services::regions::in_area(&db, area).await
        }
        .await,
    )
}

/// Her federation's activities, drafts included.
#[server(endpoint = "activities/managed", prefix = "/api", input = GetUrl)]
pub async fn managed_activities() -> Result<Vec<domain::roster::ManagedActivity>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::activity_editor::managed(&crate::ssr::db()?, &user, backend::now())
                .await
        }
        .await,
    )
}
