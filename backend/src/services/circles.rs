//! Family-education circles: threads and replies (also anonymous), "helpful" marks and
//! reports. What a member may write passes, in order: the mute, the rate limits, the circle's
//! slow mode and the word list; some posts wait for a moderator (word list "hold", a new
//! member's first posts in circles that ask for it). A post reported by enough different
//! members is hidden until a moderator looks at it (see `moderation`).

use sqlx::{AnyConnection, Row};

use crate::db::{Backend, Db};
use crate::identity::Role;
use crate::identity::SessionUser;
use crate::policy;
use crate::services::notifications::NotificationKind;
use crate::services::signups::read_bool;
use domain::circle::{
    parse_body, parse_reason, parse_title, Author, CirclePage, CircleSummary, PostView, ThreadPage,
    ThreadSummary,
};
use domain::{AppError, AppResult, ErrorKey};

/// Posts a member may write per minute and per day, across all circles.
pub const POSTS_PER_MINUTE: i64 = 5;
pub const POSTS_PER_DAY: i64 = 50;
/// Posts of a new member held for review in circles with `hold_first_posts`.
pub const FIRST_POSTS_HELD: i64 = 2;
pub const THREADS_PER_PAGE: i64 = 20;
pub const POSTS_PER_PAGE: i64 = 50;

/// What the viewer may do in a circle.
#[derive(Clone, Copy, Debug)]
pub struct Access {
    pub moderator: bool,
}

/// The regions whose federations' circles `user` sees: her village and the regions above it;
/// for an organizer, her area, the regions above it and everything below it.
async fn sees_region(db: &Db, user: &SessionUser, region: i64) -> AppResult<bool> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            Ok(policy::region_within(db, region, area).await?
                || policy::region_within(db, area, region).await?)
        }
        Role::Admin => Ok(false),
        Role::Member | Role::Volunteer => match user.village_id {
            Some(village) => policy::region_within(db, village, region).await,
            None => Ok(false),
        },
    }
}

/// Whether `user` moderates `circle`: an organizer of its area, or a volunteer assigned to it.
pub async fn moderates(db: &Db, user: &SessionUser, circle: i64) -> AppResult<bool> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            let region = circle_region(db, circle).await?;
            policy::region_within(db, region, area).await
        }
        Role::Volunteer => {
            policy::is_assigned_moderator(db, user.user_id, "circle_id", circle).await
        }
        _ => Ok(false),
    }
}

async fn circle_region(db: &Db, circle: i64) -> AppResult<i64> {
    sqlx::query_scalar(
        "SELECT f.region_id FROM circles c JOIN federations f ON f.id = c.federation_id WHERE c.id = $1",
    )
    .bind(circle)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)
}

/// Forbidden unless `user` may read the circle (NotFound when there is none).
pub async fn access(db: &Db, user: &SessionUser, circle: i64) -> AppResult<Access> {
    let region = circle_region(db, circle).await?;
    if !sees_region(db, user, region).await? {
        return Err(AppError::forbidden());
    }
    Ok(Access {
        moderator: moderates(db, user, circle).await?,
    })
}

/// The regions whose federations' circles `user` sees (see [`sees_region`]), in a few
/// queries whatever the number of circles.
async fn seen_regions(db: &Db, user: &SessionUser) -> AppResult<Vec<i64>> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            let mut regions = policy::ancestors(db, area).await?;
            regions.extend(policy::within(db, area).await?);
            Ok(regions)
        }
        Role::Admin => Ok(Vec::new()),
        Role::Member | Role::Volunteer => match user.village_id {
            Some(village) => policy::ancestors(db, village).await,
            None => Ok(Vec::new()),
        },
    }
}

/// The circles she can see, with their thread counts.
pub async fn list(db: &Db, user: &SessionUser) -> AppResult<Vec<CircleSummary>> {
    let regions = seen_regions(db, user).await?;
    let rows = sqlx::query(&format!(
        "SELECT c.id, c.name, c.description,
                (SELECT COUNT(*) FROM threads t WHERE t.circle_id = c.id) AS threads
         FROM circles c JOIN federations f ON f.id = c.federation_id
         WHERE f.region_id IN ({})
         ORDER BY c.id
         LIMIT 500",
        policy::id_list(&regions)
    ))
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .iter()
        .map(|r| CircleSummary {
            id: r.get("id"),
            name: r.get("name"),
            description: r.get("description"),
            threads: r.get("threads"),
        })
        .collect())
}

fn author(
    display_name: Option<String>,
    deleted: bool,
    anonymous: bool,
    number: Option<i64>,
) -> Author {
    if anonymous {
        Author::Anonymous(number.unwrap_or(1))
    } else if deleted {
        Author::Deleted
    } else {
        Author::Named(display_name.unwrap_or_default())
    }
}

async fn muted_until(db: &Db, circle: i64, user: i64, now: i64) -> AppResult<Option<i64>> {
    sqlx::query_scalar(
        "SELECT muted_until FROM circle_mutes WHERE circle_id = $1 AND user_id = $2 AND muted_until > $3",
    )
    .bind(circle)
    .bind(user)
    .bind(now)
    .fetch_optional(db.reader())
    .await
    .map_err(AppError::from)
}

/// A circle's threads: pinned guides first (on the first page), then newest activity first.
pub async fn circle_page(
    db: &Db,
    user: &SessionUser,
    circle: i64,
    after: Option<(i64, i64)>,
) -> AppResult<CirclePage> {
    let access = access(db, user, circle).await?;
    let head = sqlx::query(
        "SELECT id, name, description, slow_mode_secs,
                (SELECT COUNT(*) FROM threads t WHERE t.circle_id = c.id) AS threads
         FROM circles c WHERE id = $1",
    )
    .bind(circle)
    .fetch_one(db.reader())
    .await?;
    let pinned_sql = match db.backend() {
        Backend::Postgres => "t.pinned, t.locked",
        Backend::Sqlite => {
            "CAST(t.pinned AS INTEGER) AS pinned, CAST(t.locked AS INTEGER) AS locked"
        }
    };
    // The opening post says who started the thread (or that she is anonymous).
    let rows = sqlx::query(&format!(
        "SELECT t.id, t.title, t.last_activity_at, {pinned_sql},
                u.display_name, u.deleted_at, {anon}, p.anon_number,
                (SELECT COUNT(*) FROM posts r WHERE r.thread_id = t.id AND r.status = 'visible') - 1 AS replies
         FROM threads t
         JOIN posts p ON p.id = (SELECT MIN(id) FROM posts f WHERE f.thread_id = t.id)
         JOIN users u ON u.id = p.author_id
         WHERE t.circle_id = $1
           AND (p.status = 'visible' OR ($2 = 1 AND p.status = 'held') OR p.author_id = $3)
           AND ($4 IS NULL OR t.last_activity_at < $4 OR (t.last_activity_at = $4 AND t.id < $5))
         ORDER BY {order} t.last_activity_at DESC, t.id DESC
         LIMIT $6",
        anon = match db.backend() {
            Backend::Postgres => "p.anonymous",
            Backend::Sqlite => "CAST(p.anonymous AS INTEGER) AS anonymous",
        },
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
    let backend = db.backend();
    let mut threads = rows
        .iter()
        .map(|r| {
            Ok(ThreadSummary {
                id: r.get("id"),
                title: r.get("title"),
                author: author(
                    r.get("display_name"),
                    r.get::<Option<i64>, _>("deleted_at").is_some(),
                    read_bool(r, 7, backend)?,
                    r.get("anon_number"),
                ),
                replies: r.get::<i64, _>("replies").max(0),
                last_activity_at: r.get("last_activity_at"),
                pinned: read_bool(r, 3, backend)?,
                locked: read_bool(r, 4, backend)?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let next = if threads.len() as i64 > THREADS_PER_PAGE {
        threads.truncate(THREADS_PER_PAGE as usize);
        threads
            .last()
            .map(|t| format!("{}.{}", t.last_activity_at, t.id))
    } else {
        None
    };
    Ok(CirclePage {
        circle: CircleSummary {
            id: head.get("id"),
            name: head.get("name"),
            description: head.get("description"),
            threads: head.get("threads"),
        },
        threads,
        next,
        is_moderator: access.moderator,
        muted_until: muted_until(db, circle, user.user_id, crate::now()).await?,
        slow_mode_secs: head.get("slow_mode_secs"),
    })
}

/// The circle a thread belongs to.
pub async fn circle_of_thread(db: &Db, thread: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT circle_id FROM threads WHERE id = $1")
        .bind(thread)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(AppError::not_found)
}

/// A thread with its posts, oldest first, 50 to a page.
pub async fn thread_page(
    db: &Db,
    user: &SessionUser,
    thread: i64,
    after: Option<i64>,
) -> AppResult<ThreadPage> {
    let circle = circle_of_thread(db, thread).await?;
    let access = access(db, user, circle).await?;
    let flags = match db.backend() {
        Backend::Postgres => "t.pinned, t.locked",
        Backend::Sqlite => "CAST(t.pinned AS INTEGER), CAST(t.locked AS INTEGER)",
    };
    let head = sqlx::query(&format!(
        "SELECT t.id, t.circle_id, c.name, t.title, {flags}
         FROM threads t JOIN circles c ON c.id = t.circle_id WHERE t.id = $1"
    ))
    .bind(thread)
    .fetch_one(db.reader())
    .await?;
    let anon = match db.backend() {
        Backend::Postgres => "p.anonymous",
        Backend::Sqlite => "CAST(p.anonymous AS INTEGER)",
    };
    let rows = sqlx::query(&format!(
        "SELECT p.id, p.author_id, u.display_name, u.deleted_at, {anon}, p.anon_number, p.body,
                p.created_at, p.helpful, p.status,
                EXISTS (SELECT 1 FROM helpful_marks h WHERE h.post_id = p.id AND h.user_id = $2) AS marked
         FROM posts p JOIN users u ON u.id = p.author_id
         WHERE p.thread_id = $1
           AND (p.status = 'visible' OR (p.status = 'held' AND (p.author_id = $2 OR $3 = 1)))
           AND p.id > $4
         ORDER BY p.id
         LIMIT $5"
    ))
    .bind(thread)
    .bind(user.user_id)
    .bind(i64::from(access.moderator))
    .bind(after.unwrap_or(0))
    .bind(POSTS_PER_PAGE + 1)
    .fetch_all(db.reader())
    .await?;
    let backend = db.backend();
    let mut posts = rows
        .iter()
        .map(|r| {
            let author_id: i64 = r.get(1);
            Ok(PostView {
                id: r.get(0),
                author: author(
                    r.get(2),
                    r.get::<Option<i64>, _>(3).is_some(),
                    read_bool(r, 4, backend)?,
                    r.get(5),
                ),
                mine: author_id == user.user_id,
                body: r.get(6),
                created_at: r.get(7),
                helpful: r.get(8),
                status: r.get(9),
                marked_helpful: read_bool(r, 10, backend)?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let next = if posts.len() as i64 > POSTS_PER_PAGE {
        posts.truncate(POSTS_PER_PAGE as usize);
        posts.last().map(|p| p.id)
    } else {
        None
    };
    Ok(ThreadPage {
        id: head.get(0),
        circle_id: head.get(1),
        circle_name: head.get(2),
        title: head.get(3),
        pinned: read_bool(&head, 4, backend)?,
        locked: read_bool(&head, 5, backend)?,
        posts,
        next,
        is_moderator: access.moderator,
        muted_until: muted_until(db, circle, user.user_id, crate::now()).await?,
    })
}

/// What a new post turned out to be.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Posted {
    pub thread_id: i64,
    pub post_id: i64,
    /// `visible`, or `held` until a moderator has looked at it.
    pub status: String,
}

/// Checks the mute, rate limits and slow mode (the last two only with `limits`, which
/// `TONGXIN_RATE_LIMITS=off` turns off for load tests), and decides with the word list and the
/// new-member rule whether the text goes up at once or waits. `texts` are the title and body.
async fn admit(
    conn: &mut AnyConnection,
    backend: Backend,
    user: &SessionUser,
    circle: i64,
    texts: &[&str],
    limits: bool,
    now: i64,
) -> AppResult<Option<&'static str>> {
    let muted: Option<i64> = sqlx::query_scalar(
        "SELECT muted_until FROM circle_mutes WHERE circle_id = $1 AND user_id = $2 AND muted_until > $3",
    )
    .bind(circle)
    .bind(user.user_id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(until) = muted {
        let mut e = AppError::new(ErrorKey::Muted);
        e.retry_after_secs = Some((until - now).max(1) as u64);
        return Err(e);
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
        let mut e = AppError::new(ErrorKey::RateLimited);
        e.retry_after_secs = Some(if last_day >= POSTS_PER_DAY { 3600 } else { 60 });
        return Err(e);
    }
    let hold_sql = match backend {
        Backend::Postgres => "SELECT slow_mode_secs, hold_first_posts FROM circles WHERE id = $1",
        Backend::Sqlite => {
            "SELECT slow_mode_secs, CAST(hold_first_posts AS INTEGER) FROM circles WHERE id = $1"
        }
    };
    let row = sqlx::query(hold_sql)
        .bind(circle)
        .fetch_one(&mut *conn)
        .await?;
    let slow: i64 = row.get(0);
    let hold_first = read_bool(&row, 1, backend)?;
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
            let mut e = AppError::new(ErrorKey::SlowMode);
            e.retry_after_secs = Some((slow - (now - last)).max(1) as u64);
            return Err(e);
        }
    }
    let mut held = word_check(&mut *conn, texts).await?;
    if held.is_none() && hold_first && user.role == Role::Member {
        let shown: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM posts WHERE author_id = $1 AND status = 'visible'",
        )
        .bind(user.user_id)
        .fetch_one(&mut *conn)
        .await?;
        if shown < FIRST_POSTS_HELD {
            held = Some("new_member");
        }
    }
    Ok(held)
}

/// The word lists: Err(`post_blocked`) for a `block` word, `Some("word_list")` when a `hold`
/// word means a moderator should look first.
pub async fn word_check(
    conn: &mut AnyConnection,
    texts: &[&str],
) -> AppResult<Option<&'static str>> {
    let rules: Vec<(String, String)> = sqlx::query_as("SELECT word, action FROM word_rules")
        .fetch_all(&mut *conn)
        .await?;
    let text = texts.join("\n").to_lowercase();
    let mut held = None;
    for (word, action) in rules {
        if !word.is_empty() && text.contains(&word.to_lowercase()) {
            if action == "block" {
                return Err(AppError::field(ErrorKey::PostBlocked, "body"));
            }
            held = Some("word_list");
        }
    }
    Ok(held)
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
    sqlx::query_scalar("SELECT COALESCE(MAX(anon_number), 0) + 1 FROM posts WHERE thread_id = $1")
        .bind(thread)
        .fetch_one(&mut *conn)
        .await
        .map_err(AppError::from)
}

async fn insert_post(
    conn: &mut AnyConnection,
    thread: i64,
    user: i64,
    anonymous: bool,
    body: &str,
    held: Option<&'static str>,
    now: i64,
) -> AppResult<i64> {
    let number = if anonymous {
        Some(anon_number(conn, thread, user).await?)
    } else {
        None
    };
    sqlx::query_scalar(
        "INSERT INTO posts (thread_id, author_id, anonymous, anon_number, body, status, status_reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(thread)
    .bind(user)
    .bind(anonymous)
    .bind(number)
    .bind(body)
    .bind(if held.is_some() { "held" } else { "visible" })
    .bind(held)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(AppError::from)
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
    let access = access(db, user, circle).await?;
    let title = parse_title(title)?;
    let body = parse_body(body)?;
    if pinned && !(access.moderator && user.role == Role::Organizer) {
        return Err(AppError::forbidden());
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let held = admit(
        &mut tx,
        db.backend(),
        user,
        circle,
        &[&title, &body],
        limits,
        now,
    )
    .await?;
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
    let post = insert_post(&mut tx, thread, user.user_id, anonymous, &body, held, now).await?;
    tx.commit().await?;
    Ok(Posted {
        thread_id: thread,
        post_id: post,
        status: if held.is_some() { "held" } else { "visible" }.to_owned(),
    })
}

/// Replies in a thread; the thread's author is told (unless she replied herself).
pub async fn reply(
    db: &Db,
    user: &SessionUser,
    thread: i64,
    body: &str,
    anonymous: bool,
    limits: bool,
) -> AppResult<Posted> {
    let circle = circle_of_thread(db, thread).await?;
    let access = access(db, user, circle).await?;
    let body = parse_body(body)?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let (locked, starter): (bool, i64) = {
        let sql = match db.backend() {
            Backend::Postgres => "SELECT locked, author_id FROM threads WHERE id = $1 FOR UPDATE",
            Backend::Sqlite => {
                "SELECT CAST(locked AS INTEGER), author_id FROM threads WHERE id = $1"
            }
        };
        let row = sqlx::query(sql).bind(thread).fetch_one(&mut *tx).await?;
        (read_bool(&row, 0, db.backend())?, row.get(1))
    };
    if locked && !access.moderator {
        return Err(AppError::new(ErrorKey::ThreadLocked));
    }
    let held = admit(&mut tx, db.backend(), user, circle, &[&body], limits, now).await?;
    let post = insert_post(&mut tx, thread, user.user_id, anonymous, &body, held, now).await?;
    if held.is_none() {
        sqlx::query("UPDATE threads SET last_activity_at = $1 WHERE id = $2")
            .bind(now)
            .bind(thread)
            .execute(&mut *tx)
            .await?;
        if starter != user.user_id {
            notify_thread(&mut tx, starter, NotificationKind::ThreadReply, thread, now).await?;
        }
    }
    tx.commit().await?;
    Ok(Posted {
        thread_id: thread,
        post_id: post,
        status: if held.is_some() { "held" } else { "visible" }.to_owned(),
    })
}

/// A notification about a thread (a reply, a moderation outcome).
pub async fn notify_thread(
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

/// The thread and circle of a post she may see.
async fn post_place(db: &Db, user: &SessionUser, post: i64) -> AppResult<(i64, i64, i64)> {
    let (thread, author): (i64, i64) = sqlx::query_as(
        "SELECT thread_id, author_id FROM posts WHERE id = $1 AND status <> 'deleted'",
    )
    .bind(post)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    let circle = circle_of_thread(db, thread).await?;
    access(db, user, circle).await?;
    Ok((thread, circle, author))
}

/// Marks a post helpful (again: unmarks it). Answers the new count.
pub async fn toggle_helpful(db: &Db, user: &SessionUser, post: i64) -> AppResult<i64> {
    post_place(db, user, post).await?;
    let mut tx = db.writer().begin().await?;
    let removed = sqlx::query("DELETE FROM helpful_marks WHERE post_id = $1 AND user_id = $2")
        .bind(post)
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() == 0 {
        sqlx::query("INSERT INTO helpful_marks (post_id, user_id) VALUES ($1, $2)")
            .bind(post)
            .bind(user.user_id)
            .execute(&mut *tx)
            .await?;
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM helpful_marks WHERE post_id = $1")
        .bind(post)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("UPDATE posts SET helpful = $1 WHERE id = $2")
        .bind(count)
        .bind(post)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(count)
}

/// Reports a post. Once `threshold` different members have reported it (and no moderator
/// has dealt with those reports), it is hidden until reviewed. Reporting twice counts once.
/// Answers the thread, for going back to it.
pub async fn report(
    db: &Db,
    user: &SessionUser,
    post: i64,
    reason: &str,
    threshold: i64,
) -> AppResult<i64> {
    let (thread, circle, author) = post_place(db, user, post).await?;
    let reason = parse_reason(reason)?;
    if author == user.user_id {
        return Err(AppError::field(ErrorKey::Invalid, "post_id"));
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO reports (post_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(post)
    .bind(user.user_id)
    .bind(&reason)
    .bind(now)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(thread),
        Err(e) => return Err(AppError::from(e)),
    }
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT reporter_id) FROM reports WHERE post_id = $1 AND resolved_at IS NULL",
    )
    .bind(post)
    .fetch_one(&mut *tx)
    .await?;
    if open >= threshold.max(1) {
        let hidden = sqlx::query(
            "UPDATE posts SET status = 'hidden', status_reason = 'reports' WHERE id = $1 AND status = 'visible'",
        )
        .bind(post)
        .execute(&mut *tx)
        .await?;
        if hidden.rows_affected() == 1 {
            crate::services::moderation::log(
                &mut tx,
                circle,
                Some(thread),
                Some(post),
                None,
                "auto_hidden",
                &format!("{open} reports"),
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(thread)
}

/// The circle's federation region and the organizer's permission to create circles there.
pub async fn create_circle(
    db: &Db,
    user: &SessionUser,
    name: &str,
    description: &str,
    slow_mode_secs: i64,
    hold_first_posts: bool,
) -> AppResult<i64> {
    policy::organizer_region(db, user).await?;
    let federation = user.federation_id.ok_or_else(AppError::forbidden)?;
    let name = parse_title(name).map_err(|_| AppError::field(ErrorKey::TitleInvalid, "name"))?;
    let description = domain::circle::clean_text(description);
    if description.chars().count() > 500 {
        return Err(AppError::field(ErrorKey::Invalid, "description"));
    }
    if !(0..=86_400).contains(&slow_mode_secs) {
        return Err(AppError::field(ErrorKey::Invalid, "slow_mode_secs"));
    }
    sqlx::query_scalar(
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
    .await
    .map_err(AppError::from)
}
