//! The outbox: every text message Tongxin sends is first a row here, written in the
//! transaction of the change it tells about, so a crash neither loses nor invents one.
//!
//! `tongxin serve` runs [`run`] on every node. A worker claims due rows in one statement
//! (PostgreSQL skips rows another node holds, `FOR UPDATE SKIP LOCKED`; SQLite has one writer),
//! marks them `sending` for a lease, hands each to the provider and records the outcome. A node
//! that dies mid-send leaves its rows to be claimed again when the lease ends. The rules are
//! kept at sending time: quiet hours (21:00–08:00 China time, codes excepted), her choice to
//! receive no texts (codes excepted), a daily limit per number, and a message that comes too
//! late (after the activity began, a code after it expired) is skipped.

use std::sync::Arc;

use sqlx::AnyConnection;

use crate::db::{Backend, Db};
use crate::identity::SessionUser;
use crate::sms::{Outgoing, SendError, SmsProvider};
use domain::sms::{self as rules, OutboxEntry, OutboxState, SmsTemplate};
use domain::AppResult;

/// How long a claimed row is a worker's before another may take it over.
const LEASE_SECS: i64 = 120;
/// Rows claimed at once.
const BATCH: i64 = 50;
/// Sent, failed and skipped messages are erased (with the number) after this long.
pub const KEEP_SECS: i64 = 30 * 86_400;
/// How often each node looks for due messages.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// A message to put in the outbox.
#[derive(Clone, Debug)]
pub struct Message<'a> {
    pub to: &'a str,
    pub user_id: Option<i64>,
    pub template: SmsTemplate,
    pub params: Vec<(String, String)>,
    /// After this it is not worth sending (the activity began, the code expired).
    pub expires_at: Option<i64>,
}

/// When a message put in at `now` may first go out.
fn first_try(template: SmsTemplate, now: i64) -> i64 {
    if template.is_code() {
        now
    } else {
        rules::next_sending_time(now)
    }
}

fn params_json(params: &[(String, String)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = params
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

fn params_from_json(json: &str) -> Vec<(String, String)> {
    match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json) {
        Ok(map) => map
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_owned()))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Puts one message in the outbox, inside the caller's transaction; its id.
#[tracing::instrument(skip_all, fields(template = message.template.as_str()))]
pub async fn enqueue(conn: &mut AnyConnection, message: &Message<'_>, now: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO outbox (to_phone, user_id, template, params, next_attempt_at, expires_at,
                             created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id",
    )
    .bind(message.to)
    .bind(message.user_id)
    .bind(message.template)
    .bind(params_json(&message.params))
    .bind(first_try(message.template, now))
    .bind(message.expires_at)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

/// Who is told about an activity by text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipients {
    /// One woman.
    One(i64),
    /// Everyone holding a place.
    Confirmed,
    /// Everyone holding or waiting for a place.
    SignedUp,
}

#[derive(sqlx::FromRow)]
struct AboutActivity {
    title: String,
    venue: String,
    starts_at: i64,
}

/// Texts `recipients` about an activity (those with a number), inside the caller's
/// transaction; how many messages were put in the outbox.
#[tracing::instrument(skip_all, fields(activity_id, template = template.as_str()))]
pub async fn text_about_activity(
    conn: &mut AnyConnection,
    activity_id: i64,
    template: SmsTemplate,
    recipients: Recipients,
    now: i64,
) -> AppResult<u64> {
    let Some(a): Option<AboutActivity> =
        sqlx::query_as("SELECT title, venue, starts_at FROM activities WHERE id = $1")
            .bind(activity_id)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(0);
    };
    let params: Vec<(String, String)> = template
        .params()
        .iter()
        .map(|&name| {
            let value = match name {
                "title" => rules::shorten(&a.title, rules::TITLE_CHARS),
                "place" => rules::shorten(&a.venue, rules::PLACE_CHARS),
                "time" => rules::time_in_words(a.starts_at),
                _ => String::new(),
            };
            (name.to_owned(), value)
        })
        .collect();
    let who = match recipients {
        Recipients::One(_) => "s.user_id = $7",
        Recipients::Confirmed => "s.status = 'confirmed'",
        Recipients::SignedUp => "s.status IN ('confirmed', 'waitlisted', 'pending')",
    };
    // Only her number matters here; whether she wants texts is asked when it is sent.
    let sql = format!(
        "INSERT INTO outbox (to_phone, user_id, template, params, next_attempt_at, expires_at,
                             created_at)
         SELECT u.phone, u.id, $1, $2, $3, $4, $5
         FROM signups s JOIN users u ON u.id = s.user_id
         WHERE s.activity_id = $6 AND {who}
           AND u.phone IS NOT NULL AND u.deleted_at IS NULL"
    );
    let mut insert = sqlx::query(&sql)
        .bind(template)
        .bind(params_json(&params))
        .bind(first_try(template, now))
        .bind(a.starts_at)
        .bind(now)
        .bind(activity_id);
    if let Recipients::One(user_id) = recipients {
        insert = insert.bind(user_id);
    }
    let done = insert.execute(conn).await?;
    Ok(done.rows_affected())
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    to_phone: String,
    user_id: Option<i64>,
    template: SmsTemplate,
    params: String,
    attempts: i64,
    expires_at: Option<i64>,
}

/// What one round of [`deliver_due`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: u64,
    /// Will be tried again.
    pub retrying: u64,
    pub failed: u64,
    pub skipped: u64,
    /// Claimed in the quiet hours and put back until the morning.
    pub held: u64,
}

impl Round {
    pub fn is_empty(&self) -> bool {
        *self == Round::default()
    }
}

/// The rules the worker keeps.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// At most this many messages to one number per China day.
    pub daily_cap: i64,
}

/// Claims the due messages (or those whose worker vanished) and sends them.
#[tracing::instrument(skip_all)]
pub async fn deliver_due(
    db: &Db,
    provider: &dyn SmsProvider,
    rules: Rules,
    now: i64,
) -> AppResult<Round> {
    let lock = match db.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let claim = format!(
        "UPDATE outbox SET state = 'sending', claimed_until = $1, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox
                      WHERE (state = 'pending' AND next_attempt_at <= $2)
                         OR (state = 'sending' AND (claimed_until IS NULL OR claimed_until < $2))
                      ORDER BY next_attempt_at, id
                      LIMIT $3 {lock})
         RETURNING id, to_phone, user_id, template, params, attempts, expires_at"
    );
    let claimed: Vec<Claimed> = sqlx::query_as(&claim)
        .bind(now + LEASE_SECS)
        .bind(now)
        .bind(BATCH)
        .fetch_all(db.writer())
        .await?;
    let mut round = Round::default();
    for row in claimed {
        deliver_one(db, provider, rules, row, now, &mut round).await?;
    }
    Ok(round)
}

async fn deliver_one(
    db: &Db,
    provider: &dyn SmsProvider,
    rules: Rules,
    row: Claimed,
    now: i64,
    round: &mut Round,
) -> AppResult<()> {
    if row.expires_at.is_some_and(|t| t <= now) {
        round.skipped += 1;
        return finish(db, row.id, OutboxState::Skipped, Some("expired"), None, now).await;
    }
    if !row.template.is_code() {
        let allowed = rules::next_sending_time(now);
        if allowed > now {
            round.held += 1;
            return hold(db, row.id, allowed).await;
        }
        if let Some(user_id) = row.user_id {
            let off: Option<domain::sql::Flag> =
                sqlx::query_scalar("SELECT texts_off FROM users WHERE id = $1")
                    .bind(user_id)
                    .fetch_optional(db.reader())
                    .await?;
            if off.is_some_and(|f| f.0) {
                round.skipped += 1;
                return finish(
                    db,
                    row.id,
                    OutboxState::Skipped,
                    Some("texts_off"),
                    None,
                    now,
                )
                .await;
            }
        }
    }
    let sent_today: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE to_phone = $1 AND state = 'sent' AND sent_at >= $2",
    )
    .bind(&row.to_phone)
    .bind(domain::time::start_of_day(now))
    .fetch_one(db.reader())
    .await?;
    if sent_today >= rules.daily_cap {
        round.skipped += 1;
        return finish(
            db,
            row.id,
            OutboxState::Skipped,
            Some("daily_cap"),
            None,
            now,
        )
        .await;
    }
    let params = params_from_json(&row.params);
    let outgoing = Outgoing {
        outbox_id: row.id,
        to: &row.to_phone,
        template: row.template,
        params: &params,
    };
    match provider.send(&outgoing).await {
        Ok(accepted) => {
            round.sent += 1;
            finish(
                db,
                row.id,
                OutboxState::Sent,
                None,
                accepted.provider_id.as_deref(),
                now,
            )
            .await
        }
        Err(SendError::Rejected(reason)) => {
            round.failed += 1;
            finish(db, row.id, OutboxState::Failed, Some(&reason), None, now).await
        }
        Err(e) if row.attempts >= rules::MAX_ATTEMPTS => {
            round.failed += 1;
            finish(db, row.id, OutboxState::Failed, Some(e.reason()), None, now).await
        }
        Err(e) => {
            round.retrying += 1;
            let mut delay = rules::retry_delay(row.attempts);
            if matches!(e, SendError::Throttled(_)) {
                // The provider asked for patience: give it at least five minutes.
                delay = delay.max(300);
            }
            tracing::warn!(
                outbox_id = row.id,
                attempts = row.attempts,
                reason = e.reason(),
                "text message not sent; will retry"
            );
            retry(db, row.id, e.reason(), now + delay).await
        }
    }
}

/// Records a final outcome. A code's parameters (the code itself) are not kept once it has
/// gone or will not go.
async fn finish(
    db: &Db,
    id: i64,
    state: OutboxState,
    reason: Option<&str>,
    provider_id: Option<&str>,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE outbox SET state = $1, last_error = $2, provider_id = $3, claimed_until = NULL,
                sent_at = CASE WHEN $1 = 'sent' THEN $4 ELSE sent_at END,
                params = CASE WHEN template = 'verification_code' THEN '{}' ELSE params END
         WHERE id = $5 AND state = 'sending'",
    )
    .bind(state)
    .bind(reason)
    .bind(provider_id)
    .bind(now)
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Puts a message back to be tried again at `at`, keeping why it failed.
async fn retry(db: &Db, id: i64, reason: &str, at: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE outbox SET state = 'pending', last_error = $1, next_attempt_at = $2,
                claimed_until = NULL
         WHERE id = $3 AND state = 'sending'",
    )
    .bind(reason)
    .bind(at)
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Puts a message claimed in the quiet hours back until `at`, without counting a try.
async fn hold(db: &Db, id: i64, at: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE outbox SET state = 'pending', next_attempt_at = $1, claimed_until = NULL,
                attempts = attempts - 1
         WHERE id = $2 AND state = 'sending'",
    )
    .bind(at)
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Erases messages that ended more than [`KEEP_SECS`] ago; how many.
#[tracing::instrument(skip_all)]
pub async fn purge(db: &Db, now: i64) -> AppResult<u64> {
    let done = sqlx::query(
        "DELETE FROM outbox WHERE state IN ('sent', 'failed', 'skipped') AND created_at < $1",
    )
    .bind(now - KEEP_SECS)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected())
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    to_phone: String,
    template: SmsTemplate,
    state: OutboxState,
    attempts: i64,
    last_error: Option<String>,
    created_at: i64,
    next_attempt_at: i64,
    sent_at: Option<i64>,
}

/// The newest messages, for admins: numbers masked, never the text (it may hold a code).
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn list(
    db: &Db,
    user: &SessionUser,
    state: Option<OutboxState>,
    limit: i64,
) -> AppResult<Vec<OutboxEntry>> {
    crate::policy::require_admin(user)?;
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT id, to_phone, template, state, attempts, last_error, created_at,
                next_attempt_at, sent_at
         FROM outbox
         WHERE ($1 IS NULL OR state = $1)
         ORDER BY id DESC
         LIMIT $2",
    )
    .bind(state)
    .bind(limit.clamp(1, 500))
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OutboxEntry {
            id: r.id,
            to_masked: domain::phone::mask(&r.to_phone),
            template: r.template,
            state: r.state,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: r.created_at,
            next_attempt_at: r.next_attempt_at,
            sent_at: r.sent_at,
        })
        .collect())
}

/// Sends due messages every `every` until the task is dropped, and erases old ones once an
/// hour; errors are logged, not fatal.
pub async fn run(db: Db, provider: Arc<dyn SmsProvider>, rules: Rules, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_purge = 0;
    loop {
        tick.tick().await;
        let now = crate::now();
        match deliver_due(&db, provider.as_ref(), rules, now).await {
            Ok(round) if round.is_empty() => {}
            Ok(round) => tracing::info!(?round, provider = provider.name(), "outbox round"),
            Err(e) => tracing::warn!(error = %e, "outbox round failed; will retry"),
        }
        if now - last_purge >= 3600 {
            last_purge = now;
            if let Err(e) = purge(&db, now).await {
                tracing::warn!(error = %e, "outbox purge failed; will retry");
            }
        }
    }
}
