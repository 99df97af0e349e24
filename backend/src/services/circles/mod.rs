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
use domain::circle::{parse_title, CircleSummary, PostStatus};
use domain::notification::NotificationKind;
use domain::{AppError, AppResult, ErrorKey};

/// The circles she can see, with their thread counts.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn list(db: &Db, user: &SessionUser) -> AppResult<Vec<CircleSummary>> {
    let regions = policy::circles::seen_regions(db, user).await?;
    Ok(sqlx::query_as::<_, CircleSummary>(&format!(
        "SELECT c.id, c.name, c.description,
                (SELECT COUNT(*) FROM threads t {OPENING_POST}
                 WHERE t.circle_id = c.id AND o.status = 'visible') AS threads
         FROM circles c JOIN federations f ON f.id = c.federation_id
         WHERE f.region_id IN ({})
         ORDER BY c.id
         LIMIT 500",
        policy::id_list(&regions),
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
    notify_thread_with(conn, user, kind, thread, None, now).await
}

/// Like [`notify_thread`], with what the notice says beyond its kind (a mute's reason).
pub(crate) async fn notify_thread_with(
    conn: &mut AnyConnection,
    user: i64,
    kind: NotificationKind,
    thread: i64,
    detail: Option<&str>,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, thread_id, detail, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user)
    .bind(kind)
    .bind(thread)
    .bind(detail)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The SQL join that finds a thread's opening post (its first post) as `o`, for the thread `t`.
pub(crate) const OPENING_POST: &str =
    "JOIN posts o ON o.id = (SELECT MIN(f.id) FROM posts f WHERE f.thread_id = t.id)";

/// Whether she may see a thread whose opening post is in `status` and was written by
/// `author`: a held, hidden or deleted opening post hides its thread (title and replies) from
/// everyone but its author and the circle's moderators.
pub(crate) fn sees_thread(
    user: &SessionUser,
    access: policy::circles::Access,
    status: PostStatus,
    author: i64,
) -> bool {
    status == PostStatus::Visible || author == user.user_id || access.moderator
}

#[derive(sqlx::FromRow)]
struct ThreadPlace {
    circle_id: i64,
    opening_status: PostStatus,
    opening_author: i64,
}

/// A thread she may read: its circle, what she may do there, and whether its opening post is
/// visible. NotFound for no such thread, or one hidden by its opening post (see
/// [`sees_thread`]); Forbidden when she may not read its circle.
pub(crate) struct ThreadAccess {
    pub circle: i64,
    pub access: policy::circles::Access,
    pub open: bool,
}

pub(crate) async fn thread_access(
    db: &Db,
    user: &SessionUser,
    thread: i64,
) -> AppResult<ThreadAccess> {
    let place: ThreadPlace = sqlx::query_as(&format!(
        "SELECT t.circle_id, o.status AS opening_status, o.author_id AS opening_author
         FROM threads t {OPENING_POST} WHERE t.id = $1"
    ))
    .bind(thread)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    let access = policy::circles::access(db, user, place.circle_id).await?;
    if !sees_thread(user, access, place.opening_status, place.opening_author) {
        return Err(AppError::not_found());
    }
    Ok(ThreadAccess {
        circle: place.circle_id,
        access,
        open: place.opening_status == PostStatus::Visible,
    })
}

/// A post she may act on (mark helpful, report): its thread, circle and author.
struct PostPlace {
    thread: i64,
    circle: i64,
    author: i64,
}

#[derive(sqlx::FromRow)]
struct PostPlaceRow {
    thread_id: i64,
    circle_id: i64,
    author_id: i64,
    status: PostStatus,
    opening_status: PostStatus,
}

/// A visible post in a visible thread of a circle she reads. A held, hidden or deleted post,
/// or one in a thread hidden by its opening post, answers NotFound like an unknown post;
/// a post in a circle she may not read answers Forbidden, as the circle and its threads do.
async fn post_place(db: &Db, user: &SessionUser, post: i64) -> AppResult<PostPlace> {
    let row: PostPlaceRow = sqlx::query_as(&format!(
        "SELECT p.thread_id, t.circle_id, p.author_id, p.status, o.status AS opening_status
         FROM posts p JOIN threads t ON t.id = p.thread_id {OPENING_POST}
         WHERE p.id = $1"
    ))
    .bind(post)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    policy::circles::access(db, user, row.circle_id).await?;
    if row.status != PostStatus::Visible || row.opening_status != PostStatus::Visible {
        return Err(AppError::not_found());
    }
    Ok(PostPlace {
        thread: row.thread_id,
        circle: row.circle_id,
        author: row.author_id,
    })
}
