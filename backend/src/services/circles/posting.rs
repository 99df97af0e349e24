//! Writing in a circle: a new thread or a reply. What a member writes passes, in order: the
//! mute, the rate limits, the circle's slow mode and the word list; some posts wait for a
//! moderator (a word list `hold`, a new member's first posts in circles that ask for it).

use sqlx::AnyConnection;

use super::{circle_of_thread, muted_until, notify_thread};
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
) -> AppResult<Option<StatusReason>> {
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
    if word_rules::screen(&mut *conn, texts).await? == Screened::Held {
        return Ok(Some(StatusReason::WordList));
    }
    if rules.hold_first_posts.0 && policy::circles::first_posts_held(user) {
        let shown: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE author_id = $1 AND status = $2")
                .bind(user.user_id)
                .bind(PostStatus::Visible)
                .fetch_one(&mut *conn)
                .await?;
        if shown < FIRST_POSTS_HELD {
            return Ok(Some(StatusReason::NewMember));
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
    held: Option<StatusReason>,
    now: i64,
) -> AppResult<Posted> {
    let number = if anonymous {
        Some(anon_number(conn, thread, user).await?)
    } else {
        None
    };
    let status = if held.is_some() {
        PostStatus::Held
    } else {
        PostStatus::Visible
    };
    let post_id = sqlx::query_scalar(
        "INSERT INTO posts (thread_id, author_id, anonymous, anon_number, body, status, status_reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(thread)
    .bind(user)
    .bind(anonymous)
    .bind(number)
    .bind(body)
    .bind(status)
    .bind(held)
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
}

/// Replies in a thread; the thread's author is told (unless she replied herself).
#[tracing::instrument(skip_all, fields(user_id = user.user_id, thread))]
pub async fn reply(
    db: &Db,
    user: &SessionUser,
    thread: i64,
    body: &str,
    anonymous: bool,
    limits: bool,
) -> AppResult<Posted> {
    let circle = circle_of_thread(db, thread).await?;
    let access = policy::circles::access(db, user, circle).await?;
    let body = parse_body(body)?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    // PostgreSQL locks the thread's row until the reply is in; SQLite's one writer does that.
    let sql = match db.backend() {
        Backend::Postgres => "SELECT locked, author_id FROM threads WHERE id = $1 FOR UPDATE",
        Backend::Sqlite => "SELECT locked, author_id FROM threads WHERE id = $1",
    };
    let head: ThreadLock = sqlx::query_as(sql).bind(thread).fetch_one(&mut *tx).await?;
    if !access.may_reply(head.locked.0) {
        return Err(AppError::new(ErrorKey::ThreadLocked));
    }
    let held = admit(&mut tx, user, circle, &[&body], limits, now).await?;
    let posted = insert_post(&mut tx, thread, user.user_id, anonymous, &body, held, now).await?;
    if held.is_none() {
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
