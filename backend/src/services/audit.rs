//! The audit log: who did what to whom, and when. Written inside the transaction of the
//! change it records, so a change is never without its entry.

use sqlx::{AnyConnection, Row};

use crate::db::{internal, Db};
use domain::AppResult;

/// What happened, as stored in `audit_log.action`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Registered,
    LoginNewDevice,
    PasswordChanged,
    LoggedOutEverywhere,
    RoleChanged,
    InvitationCreated,
    InvitationRedeemed,
    DataExported,
    AccountDeleted,
    AdminCreated,
    /// A roster exported with full phone numbers.
    RosterExported,
    CalendarFeedCreated,
    /// A moderator saw who wrote an anonymous post.
    AnonymousAuthorSeen,
    ModeratorAssigned,
    WordListChanged,
}

impl Action {
    pub const ALL: [Action; 15] = [
        Action::Registered,
        Action::LoginNewDevice,
        Action::PasswordChanged,
        Action::LoggedOutEverywhere,
        Action::RoleChanged,
        Action::InvitationCreated,
        Action::InvitationRedeemed,
        Action::DataExported,
        Action::AccountDeleted,
        Action::AdminCreated,
        Action::RosterExported,
        Action::CalendarFeedCreated,
        Action::AnonymousAuthorSeen,
        Action::ModeratorAssigned,
        Action::WordListChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Registered => "registered",
            Action::LoginNewDevice => "login_new_device",
            Action::PasswordChanged => "password_changed",
            Action::LoggedOutEverywhere => "logged_out_everywhere",
            Action::RoleChanged => "role_changed",
            Action::InvitationCreated => "invitation_created",
            Action::InvitationRedeemed => "invitation_redeemed",
            Action::DataExported => "data_exported",
            Action::AccountDeleted => "account_deleted",
            Action::AdminCreated => "admin_created",
            Action::RosterExported => "roster_exported",
            Action::CalendarFeedCreated => "calendar_feed_created",
            Action::AnonymousAuthorSeen => "anonymous_author_seen",
            Action::ModeratorAssigned => "moderator_assigned",
            Action::WordListChanged => "word_list_changed",
        }
    }
}

pub async fn record(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    action: Action,
    subject: Option<(&str, i64)>,
    detail: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, subject_type, subject_id, detail, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor_id)
    .bind(action.as_str())
    .bind(subject.map(|s| s.0))
    .bind(subject.map(|s| s.1))
    .bind(detail)
    .bind(crate::now())
    .execute(conn)
    .await
    .map_err(internal)?;
    Ok(())
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub subject_type: Option<String>,
    pub subject_id: Option<i64>,
    pub detail: String,
    pub at: i64,
}

/// The newest entries first, before `before_id` when paging.
pub async fn list(
    db: &Db,
    before_id: Option<i64>,
    action: Option<&str>,
    limit: i64,
) -> AppResult<Vec<Entry>> {
    let rows = sqlx::query(
        "SELECT l.id, l.actor_id, u.display_name, l.action, l.subject_type, l.subject_id, l.detail, l.at
         FROM audit_log l
         LEFT JOIN users u ON u.id = l.actor_id
         WHERE ($1 IS NULL OR l.id < $1)
           AND ($3 IS NULL OR l.action = $3)
         ORDER BY l.id DESC
         LIMIT $2",
    )
    .bind(before_id)
    .bind(limit.clamp(1, 200))
    .bind(action)
    .fetch_all(db.reader())
    .await
    .map_err(internal)?;
    Ok(rows
        .iter()
        .map(|r| Entry {
            id: r.get(0),
            actor_id: r.get(1),
            actor_name: r.get(2),
            action: r.get(3),
            subject_type: r.get(4),
            subject_id: r.get(5),
            detail: r.get(6),
            at: r.get(7),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_admin_filter_knows_every_action() {
        let names: Vec<&str> = super::Action::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names, domain::audit::ACTIONS);
    }
}
