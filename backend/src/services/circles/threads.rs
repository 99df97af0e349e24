//! Reading a circle's threads and a thread's posts, as the viewer may see them: held and
//! hidden posts only for their author and moderators, deleted posts as "deleted" without
//! their text, a thread whose opening post is not visible only for that post's author and
//! moderators, an anonymous author only as her number.

use domain::circle::{
    Author, CirclePage, CircleSummary, PostStatus, PostView, ThreadPage, ThreadSummary,
};
use domain::sql::Flag;
use domain::AppResult;

use super::{muted_until, thread_access, OPENING_POST};
use crate::db::Db;
use crate::identity::SessionUser;
use crate::policy;

pub const THREADS_PER_PAGE: i64 = 20;
pub const POSTS_PER_PAGE: i64 = 50;

/// Who wrote a post, as the columns `display_name`, `deleted_at`, `anonymous` and
/// `anon_number` tell it.
#[derive(sqlx::FromRow)]
struct AuthorColumns {
    display_name: Option<String>,
    deleted_at: Option<i64>,
    anonymous: Flag,
    anon_number: Option<i64>,
}

impl AuthorColumns {
    fn author(self) -> Author {
        if self.anonymous.0 {
            Author::Anonymous(self.anon_number.unwrap_or(1))
        } else if self.deleted_at.is_some() {
            Author::Deleted
        } else {
            Author::Named(self.display_name.unwrap_or_default())
        }
    }
}

#[derive(sqlx::FromRow)]
struct CircleHead {
    #[sqlx(flatten)]
    circle: CircleSummary,
    slow_mode_secs: i64,
}

#[derive(sqlx::FromRow)]
struct ThreadRow {
    id: i64,
    title: String,
    last_activity_at: i64,
    pinned: Flag,
    locked: Flag,
    #[sqlx(flatten)]
    author: AuthorColumns,
    replies: i64,
}

/// The first `per_page` of `rows` and, when there were more, the cursor of the last one kept.
fn page<T, C>(mut rows: Vec<T>, per_page: i64, cursor: impl Fn(&T) -> C) -> (Vec<T>, Option<C>) {
    if rows.len() as i64 > per_page {
        rows.truncate(per_page as usize);
        let next = rows.last().map(cursor);
        (rows, next)
    } else {
        (rows, None)
    }
}

/// A circle's threads: pinned guides first (on the first page), then newest activity first.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, circle))]
pub async fn circle_page(
    db: &Db,
    user: &SessionUser,
    circle: i64,
    after: Option<(i64, i64)>,
) -> AppResult<CirclePage> {
    let access = policy::circles::access(db, user, circle).await?;
    let head: CircleHead = sqlx::query_as(&format!(
        "SELECT id, name, description, slow_mode_secs,
                (SELECT COUNT(*) FROM threads t {OPENING_POST}
                 WHERE t.circle_id = c.id AND o.status = 'visible') AS threads
         FROM circles c WHERE id = $1",
    ))
    .bind(circle)
    .fetch_one(db.reader())
    .await?;
    // The opening post says who started the thread (or that she is anonymous); a thread whose
    // opening post is not visible is listed only for its author and the moderators.
    let rows: Vec<ThreadRow> = sqlx::query_as(&format!(
        "SELECT t.id, t.title, t.last_activity_at, t.pinned, t.locked,
                u.display_name, u.deleted_at, p.anonymous, p.anon_number,
                (SELECT COUNT(*) FROM posts r WHERE r.thread_id = t.id AND r.status = 'visible') - 1 AS replies
         FROM threads t
         JOIN posts p ON p.id = (SELECT MIN(id) FROM posts f WHERE f.thread_id = t.id)
         JOIN users u ON u.id = p.author_id
         WHERE t.circle_id = $1
           AND (p.status = 'visible' OR $2 = 1 OR p.author_id = $3)
           AND ($4 IS NULL OR t.last_activity_at < $4 OR (t.last_activity_at = $4 AND t.id < $5))
         ORDER BY {order} t.last_activity_at DESC, t.id DESC
         LIMIT $6",
        // Keyset pages beyond the first hold no pinned guides (they all come first).
        order = if after.is_none() { "t.pinned DESC," } else { "" },
    ))
    .bind(circle)
    .bind(i64::from(access.moderator))
    .bind(user.user_id)
    .bind(after.map(|a| a.0))
    .bind(after.map(|a| a.1).unwrap_or(0))
    .bind(THREADS_PER_PAGE + 1)
    .fetch_all(db.reader())
    .await?;
    let threads = rows
        .into_iter()
        .map(|r| ThreadSummary {
            id: r.id,
            title: r.title,
            author: r.author.author(),
            replies: r.replies.max(0),
            last_activity_at: r.last_activity_at,
            pinned: r.pinned.into(),
            locked: r.locked.into(),
        })
        .collect();
    let (threads, next) = page(threads, THREADS_PER_PAGE, |t: &ThreadSummary| {
        format!("{}.{}", t.last_activity_at, t.id)
    });
    Ok(CirclePage {
        circle: head.circle,
        threads,
        next,
        is_moderator: access.moderator,
        muted_until: muted_until(db.reader(), circle, user.user_id, crate::now()).await?,
        slow_mode_secs: head.slow_mode_secs,
    })
}

#[derive(sqlx::FromRow)]
struct ThreadHead {
    id: i64,
    circle_id: i64,
    circle_name: String,
    title: String,
    pinned: Flag,
    locked: Flag,
}

#[derive(sqlx::FromRow)]
struct PostRow {
    id: i64,
    author_id: i64,
    #[sqlx(flatten)]
    author: AuthorColumns,
    body: String,
    created_at: i64,
    helpful: i64,
    status: PostStatus,
    marked: Flag,
    reported: Flag,
}

/// A thread with its posts, oldest first, 50 to a page.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, thread))]
pub async fn thread_page(
    db: &Db,
    user: &SessionUser,
    thread: i64,
    after: Option<i64>,
) -> AppResult<ThreadPage> {
    let place = thread_access(db, user, thread).await?;
    let (circle, access) = (place.circle, place.access);
    let head: ThreadHead = sqlx::query_as(
        "SELECT t.id, t.circle_id, c.name AS circle_name, t.title, t.pinned, t.locked
         FROM threads t JOIN circles c ON c.id = t.circle_id WHERE t.id = $1",
    )
    .bind(thread)
    .fetch_one(db.reader())
    .await?;
    let rows: Vec<PostRow> = sqlx::query_as(
        "SELECT p.id, p.author_id, u.display_name, u.deleted_at, p.anonymous, p.anon_number, p.body,
                p.created_at, p.helpful, p.status,
                EXISTS (SELECT 1 FROM helpful_marks h WHERE h.post_id = p.id AND h.user_id = $2) AS marked,
                EXISTS (SELECT 1 FROM reports r WHERE r.post_id = p.id AND r.reporter_id = $2) AS reported
         FROM posts p JOIN users u ON u.id = p.author_id
         WHERE p.thread_id = $1
           AND (p.status IN ('visible', 'deleted')
                OR (p.status IN ('held', 'hidden') AND (p.author_id = $2 OR $3 = 1)))
           AND p.id > $4
         ORDER BY p.id
         LIMIT $5",
    )
    .bind(thread)
    .bind(user.user_id)
    .bind(i64::from(access.moderator))
    .bind(after.unwrap_or(0))
    .bind(POSTS_PER_PAGE + 1)
    .fetch_all(db.reader())
    .await?;
    let posts = rows
        .into_iter()
        .map(|r| PostView {
            id: r.id,
            author: r.author.author(),
            mine: r.author_id == user.user_id,
            // A deleted post keeps its place in the thread, never its text.
            body: if r.status == PostStatus::Deleted {
                String::new()
            } else {
                r.body
            },
            created_at: r.created_at,
            helpful: r.helpful,
            status: r.status,
            marked_helpful: r.marked.into(),
            reported_by_me: r.reported.into(),
        })
        .collect();
    let (posts, next) = page(posts, POSTS_PER_PAGE, |p: &PostView| p.id);
    Ok(ThreadPage {
        id: head.id,
        circle_id: head.circle_id,
        circle_name: head.circle_name,
        title: head.title,
        pinned: head.pinned.into(),
        locked: head.locked.into(),
        posts,
        next,
        open: place.open,
        is_moderator: access.moderator,
        muted_until: muted_until(db.reader(), circle, user.user_id, crate::now()).await?,
    })
}
