//! The day-before reminder. Every app node runs [`send_due`] now and then; the conditional
//! `UPDATE … WHERE reminder_sent_at IS NULL` lets exactly one of them claim each activity, in
//! the same transaction that writes the notifications and the text messages, so each woman is
//! reminded once.

use crate::db::Db;
use crate::services::notifications::NotificationKind;
use crate::services::outbox::{self, Recipients};
use domain::sms::SmsTemplate;
use domain::AppResult;

/// How long before the start the reminder goes out.
pub const AHEAD_SECS: i64 = 24 * 3600;
/// How often each node looks for due reminders.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Sends the reminders that are due; answers how many notifications this call wrote.
#[tracing::instrument(skip_all)]
pub async fn send_due(db: &Db, now: i64) -> AppResult<u64> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM activities
         WHERE status = 'published' AND reminder_sent_at IS NULL
           AND starts_at > $1 AND starts_at <= $2
         ORDER BY starts_at",
    )
    .bind(now)
    .bind(now + AHEAD_SECS)
    .fetch_all(db.reader())
    .await?;
    let mut sent = 0;
    for id in due {
        let mut tx = db.writer().begin().await?;
        let claimed = sqlx::query(
            "UPDATE activities SET reminder_sent_at = $1
             WHERE id = $2 AND reminder_sent_at IS NULL AND status = 'published'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            // Another node got there first.
            continue;
        }
        let written = sqlx::query(
            "INSERT INTO notifications (user_id, kind, activity_id, created_at)
             SELECT user_id, $1, activity_id, $2 FROM signups
             WHERE activity_id = $3 AND status = 'confirmed'",
        )
        .bind(NotificationKind::Reminder)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        outbox::text_about_activity(
            &mut tx,
            id,
            SmsTemplate::Reminder,
            Recipients::Confirmed,
            now,
        )
        .await?;
        tx.commit().await?;
        sent += written.rows_affected();
    }
    Ok(sent)
}

/// Runs [`send_due`] every `every` until the task is dropped; errors are logged, not fatal.
pub async fn run(db: Db, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match send_due(&db, crate::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reminders = n, "sent day-before reminders"),
            Err(e) => tracing::warn!(error = %e, "reminder job failed; will retry"),
        }
    }
}
