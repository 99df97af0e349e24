//! Family-education circles: reading them ([`threads`]), what a member may write and whether
//! it waits ([`posting`]), reports that hide a post ([`reports`]) and "helpful" marks
//! ([`reactions`]). Who may see and post in a circle is decided in `policy::circles`; what
//! moderators do about posts is in `moderation`.

pub mod posting;
pub mod reactions;
pub mod reports;
pub mod threads;

use sqlx::{Any, AnyConnection, Executor};

use crate::db::Db;
use crate::identity::SessionUser;
use crate::policy;
use domain::circle::{parse_title, CircleSummary};
use domain::notification::NotificationKind;
use domain::{AppError, AppResult, ErrorKey};

/// The circles she can see, with their thread counts.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn list(db: &Db, user: &SessionUser) -> AppResult<Vec<CircleSummary>> {
    let regions = policy::circles::seen_regions(db, user).await?;
    Ok(sqlx::query_as::<_, CircleSummary>(&format!(
        "SELECT c.id, c.name, c.description,
                (SELECT COUNT(*) FROM threads t WHERE t.circle_id = c.id) AS threads
         FROM circles c JOIN federations f ON f.id = c.federation_id
         WHERE f.region_id IN ({})
         ORDER BY c.id
         LIMIT 500",
        policy::id_list(&regions)
    ))
    .fetch_all(db.reader())
    .await?)
}

/// An organizer opens a circle for her federation.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn create_circle(
    db: &Db,
    user: &SessionUser,
    name: &str,
    description: &str,
    slow_mode_secs: i64,
    hold_first_posts: bool,
) -> AppResult<i64> {
    let federation = policy::circles::circle_federation(db, user).await?;
    let name = parse_title(name).map_err(|_| AppError::field(ErrorKey::TitleInvalid, "name"))?;
    let description = domain::circle::clean_text(description);
    if description.chars().count() > 500 {
        return Err(AppError::field(ErrorKey::Invalid, "description"));
    }
    if !(0..=86_400).contains(&slow_mode_secs) {
        return Err(AppError::field(ErrorKey::Invalid, "slow_mode_secs"));
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO circles (federation_id, name, description, slow_mode_secs, hold_first_posts, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(federation)
    .bind(name)
    .bind(description)
    .bind(slow_mode_secs)
    .bind(hold_first_posts)
    .bind(crate::now())
    .fetch_one(db.writer())
    .await?)
}

/// The circle a thread belongs to.
async fn circle_of_thread(db: &Db, thread: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT circle_id FROM threads WHERE id = $1")
        .bind(thread)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(AppError::not_found)
}

/// Until when she is muted in the circle (UTC seconds), if she is at `now`. Reads through the
/// pool or inside the caller's transaction.
async fn muted_until<'c, E>(conn: E, circle: i64, user: i64, now: i64) -> AppResult<Option<i64>>
where
    E: Executor<'c, Database = Any>,
{
    Ok(sqlx::query_scalar(
        "SELECT muted_until FROM circle_mutes WHERE circle_id = $1 AND user_id = $2 AND muted_until > $3",
    )
    .bind(circle)
    .bind(user)
    .bind(now)
    .fetch_optional(conn)
    .await?)
}

/// A notification about a thread (a reply, a moderation outcome).
pub(crate) async fn notify_thread(
    conn: &mut AnyConnection,
    user: i64,
    kind: NotificationKind,
    thread: i64,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, thread_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user)
    .bind(kind)
    .bind(thread)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A post she may see: its thread, circle and author. NotFound for a deleted post,
/// Forbidden when she may not read its circle.
struct PostPlace {
    thread: i64,
    circle: i64,
    author: i64,
}

async fn post_place(db: &Db, user: &SessionUser, post: i64) -> AppResult<PostPlace> {
    let (thread, author): (i64, i64) = sqlx::query_as(
        "SELECT thread_id, author_id FROM posts WHERE id = $1 AND status <> 'deleted'",
    )
    .bind(post)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    let circle = circle_of_thread(db, thread).await?;
    policy::circles::access(db, user, circle).await?;
    Ok(PostPlace {
        thread,
        circle,
        author,
    })
}
