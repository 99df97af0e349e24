//! Writing in a circle: a new thread or a reply. What a member writes passes, in order: the
//! mute, the rate limits, the circle's slow mode and the word list; some posts wait for a
//! moderator (a word list `hold`, a new member's first posts in circles that ask for it).

use sqlx::AnyConnection;

use super::{muted_until, notify_thread, thread_access, OPENING_POST};
use crate::db::{Backend, Db};
use crate::identity::SessionUser;
use crate::policy;
use crate::services::word_rules::{self, Screened};
use domain::circle::{parse_body, parse_title, PostStatus, Posted, StatusReason};
use domain::notification::NotificationKind;
use domain::sql::Flag;
use domain::{AppError, AppResult, ErrorKey};

/// Posts a member may write per minute and per day, across all circles.
pub const POSTS_PER_MINUTE: i64 = 5;
pub const POSTS_PER_DAY: i64 = 50;
/// Posts of a new member held for review in circles with `hold_first_posts`.
pub const FIRST_POSTS_HELD: i64 = 2;

/// An error that says when to try again.
fn retry_after(key: ErrorKey, secs: i64) -> AppError {
    let mut e = AppError::new(key);
    e.retry_after_secs = Some(secs.max(1) as u64);
    e
}

/// Why a post waits for a moderator, and for the word lists the word that held it (shown to
/// the moderators).
struct Hold {
    reason: StatusReason,
    word: Option<String>,
}

#[derive(sqlx::FromRow)]
struct CircleRules {
    slow_mode_secs: i64,
    hold_first_posts: Flag,
}

/// Checks the mute, rate limits and slow mode (the last two only with `limits`, which
/// `TONGXIN_RATE_LIMITS=off` turns off for load tests), and decides with the word list and the
/// new-member rule whether the text goes up at once or waits (and why). `texts` are the title
/// and body.
async fn admit(
    conn: &mut AnyConnection,
    user: &SessionUser,
    circle: i64,
    texts: &[&str],
    limits: bool,
    now: i64,
) -> AppResult<Option<Hold>> {
    if let Some(until) = muted_until(&mut *conn, circle, user.user_id, now).await? {
        return Err(retry_after(ErrorKey::Muted, until - now));
    }
    let (last_minute, last_day): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN created_at > $2 THEN 1 ELSE 0 END), 0),
                COUNT(*)
         FROM posts WHERE author_id = $1 AND created_at > $3",
    )
    .bind(user.user_id)
    .bind(now - 60)
    .bind(now - 86_400)
    .fetch_one(&mut *conn)
    .await?;
    if limits && (last_minute >= POSTS_PER_MINUTE || last_day >= POSTS_PER_DAY) {
        let wait = if last_day >= POSTS_PER_DAY { 3600 } else { 60 };
        return Err(retry_after(ErrorKey::RateLimited, wait));
    }
    let rules: CircleRules =
        sqlx::query_as("SELECT slow_mode_secs, hold_first_posts FROM circles WHERE id = $1")
            .bind(circle)
            .fetch_one(&mut *conn)
            .await?;
    let slow = rules.slow_mode_secs;
    if limits && slow > 0 {
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(p.created_at) FROM posts p JOIN threads t ON t.id = p.thread_id
             WHERE t.circle_id = $1 AND p.author_id = $2",
        )
        .bind(circle)
        .bind(user.user_id)
        .fetch_one(&mut *conn)
        .await?;
        if let Some(last) = last.filter(|l| now - l < slow) {
            return Err(retry_after(ErrorKey::SlowMode, slow - (now - last)));
        }
    }
    if let Screened::Held(word) = word_rules::screen(&mut *conn, texts).await? {
        return Ok(Some(Hold {
            reason: StatusReason::WordList,
            word: Some(word),
        }));
    }
    if rules.hold_first_posts.0 && policy::circles::first_posts_held(user) {
        let shown: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE author_id = $1 AND status = $2")
                .bind(user.user_id)
                .bind(PostStatus::Visible)
                .fetch_one(&mut *conn)
                .await?;
        if shown < FIRST_POSTS_HELD {
            return Ok(Some(Hold {
                reason: StatusReason::NewMember,
                word: None,
            }));
        }
    }
    Ok(None)
}

/// Her number as an anonymous author in this thread (the same for all her anonymous posts).
async fn anon_number(conn: &mut AnyConnection, thread: i64, user: i64) -> AppResult<i64> {
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT anon_number FROM posts WHERE thread_id = $1 AND author_id = $2 AND anon_number IS NOT NULL LIMIT 1",
    )
    .bind(thread)
    .bind(user)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(n) = existing {
        return Ok(n);
    }
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(MAX(anon_number), 0) + 1 FROM posts WHERE thread_id = $1",
    )
    .bind(thread)
    .fetch_one(&mut *conn)
    .await?)
}

/// Writes the post: visible, or held for the reason `admit` gave. Answers what it became.
async fn insert_post(
    conn: &mut AnyConnection,
    thread: i64,
    user: i64,
    anonymous: bool,
    body: &str,
    held: Option<Hold>,
    now: i64,
) -> AppResult<Posted> {
    let number = if anonymous {
        Some(anon_number(conn, thread, user).await?)
    } else {
        None
    };
    let (status, reason, word) = match held {
        Some(hold) => (PostStatus::Held, Some(hold.reason), hold.word),
        None => (PostStatus::Visible, None, None),
    };
    let post_id = sqlx::query_scalar(
        "INSERT INTO posts (thread_id, author_id, anonymous, anon_number, body, status, status_reason,
                            held_word, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(thread)
    .bind(user)
    .bind(anonymous)
    .bind(number)
    .bind(body)
    .bind(status)
    .bind(reason)
    .bind(word)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Posted {
        thread_id: thread,
        post_id,
        status,
    })
}

/// What she wrote to start a thread, as typed.
#[derive(Clone, Copy, Debug)]
pub struct NewThread<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub anonymous: bool,
    /// A guide pinned above the other threads (organizers only).
    pub pinned: bool,
}

/// Starts a thread. Only organizers may pin one (a guide).
#[tracing::instrument(skip_all, fields(user_id = user.user_id, circle))]
pub async fn post_thread(
    db: &Db,
    user: &SessionUser,
    circle: i64,
    new: NewThread<'_>,
    limits: bool,
) -> AppResult<Posted> {
    let NewThread {
        title,
        body,
        anonymous,
        pinned,
    } = new;
    let access = policy::circles::access(db, user, circle).await?;
    let title = parse_title(title)?;
    let body = parse_body(body)?;
    if pinned && !access.may_pin {
        return Err(AppError::forbidden());
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let held = admit(&mut tx, user, circle, &[&title, &body], limits, now).await?;
    let thread: i64 = sqlx::query_scalar(
        "INSERT INTO threads (circle_id, title, author_id, pinned, last_activity_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(circle)
    .bind(&title)
    .bind(user.user_id)
    .bind(pinned)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let posted = insert_post(&mut tx, thread, user.user_id, anonymous, &body, held, now).await?;
    tx.commit().await?;
    Ok(posted)
}

#[derive(sqlx::FromRow)]
struct ThreadLock {
    locked: Flag,
    author_id: i64,
    opening_status: PostStatus,
}

/// Replies in a thread; the thread's author is told (unless she replied herself). Nobody
/// replies in a thread whose opening post is not visible (a moderator restores it first):
/// NotFound for those who do not see the thread, ThreadLocked for its author and moderators.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, thread))]
pub async fn reply(
    db: &Db,
    user: &SessionUser,
    thread: i64,
    body: &str,
    anonymous: bool,
    limits: bool,
) -> AppResult<Posted> {
    let place = thread_access(db, user, thread).await?;
    let (circle, access) = (place.circle, place.access);
    let body = parse_body(body)?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    // PostgreSQL locks the thread's row until the reply is in; SQLite's one writer does that.
    let lock = match db.backend() {
        Backend::Postgres => "FOR UPDATE OF t",
        Backend::Sqlite => "",
    };
    let head: ThreadLock = sqlx::query_as(&format!(
        "SELECT t.locked, t.author_id, o.status AS opening_status
         FROM threads t {OPENING_POST} WHERE t.id = $1 {lock}"
    ))
    .bind(thread)
    .fetch_one(&mut *tx)
    .await?;
    if !access.may_reply(head.locked.0) || head.opening_status != PostStatus::Visible {
        return Err(AppError::new(ErrorKey::ThreadLocked));
    }
    let held = admit(&mut tx, user, circle, &[&body], limits, now).await?;
    let posted = insert_post(&mut tx, thread, user.user_id, anonymous, &body, held, now).await?;
    if posted.status == PostStatus::Visible {
        sqlx::query("UPDATE threads SET last_activity_at = $1 WHERE id = $2")
            .bind(now)
            .bind(thread)
            .execute(&mut *tx)
            .await?;
        if head.author_id != user.user_id {
            notify_thread(
                &mut tx,
                head.author_id,
                NotificationKind::ThreadReply,
                thread,
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(posted)
}

#[derive(sqlx::FromRow)]
struct OwnPost {
    thread_id: i64,
    author_id: i64,
    opening: i64,
}

/// She deletes her own post or reply, once she has ticked `confirmed`: its text is erased and
/// it shows as deleted; deleting the opening post also erases the thread's title and hides
/// the thread (see `threads`). Someone else's post answers NotFound, as an unknown one does.
/// Deleting twice is harmless. Answers the thread, for going back to it.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, post))]
pub async fn delete_own(db: &Db, user: &SessionUser, post: i64, confirmed: bool) -> AppResult<i64> {
    let own = sqlx::query_as::<_, OwnPost>(
        "SELECT p.thread_id, p.author_id,
                (SELECT MIN(f.id) FROM posts f WHERE f.thread_id = p.thread_id) AS opening
         FROM posts p WHERE p.id = $1",
    )
    .bind(post)
    .fetch_optional(db.reader())
    .await?
    .filter(|p| p.author_id == user.user_id)
    .ok_or_else(AppError::not_found)?;
    if !confirmed {
        return Err(AppError::field(ErrorKey::ConfirmRequired, "confirm"));
    }
    let mut tx = db.writer().begin().await?;
    erase_post(&mut tx, post, crate::now()).await?;
    if own.opening == post {
        sqlx::query("UPDATE threads SET title = '' WHERE id = $1")
            .bind(own.thread_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(own.thread_id)
}

/// Erases a post's text and marks it deleted by its author; its open reports are closed.
async fn erase_post(conn: &mut AnyConnection, post: i64, now: i64) -> AppResult<()> {
    sqlx::query("UPDATE posts SET body = '', status = $1, status_reason = $2 WHERE id = $3")
        .bind(PostStatus::Deleted)
        .bind(StatusReason::Author)
        .bind(post)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE reports SET resolved_at = $1 WHERE post_id = $2 AND resolved_at IS NULL")
        .bind(now)
        .bind(post)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Erases everything she wrote in the circles, for account deletion (inside its
/// transaction): the text of her posts and replies (shown as deleted) and the titles of the
/// threads she opened.
pub async fn erase_author(conn: &mut AnyConnection, user: i64, now: i64) -> AppResult<()> {
    sqlx::query("UPDATE posts SET body = '', status = $1, status_reason = $2 WHERE author_id = $3")
        .bind(PostStatus::Deleted)
        .bind(StatusReason::Author)
        .bind(user)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE reports SET resolved_at = $1
         WHERE resolved_at IS NULL AND post_id IN (SELECT id FROM posts WHERE author_id = $2)",
    )
    .bind(now)
    .bind(user)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE threads SET title = '' WHERE author_id = $1")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
