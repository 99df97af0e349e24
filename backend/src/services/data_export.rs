//! Her data export: everything Tongxin keeps about her, as JSON, one section per kind of
//! record. [`SECTIONS`] is the list; [`COVERED`] names, for every column of the schema that
//! points at an account, the section that exports it. A test reads the live schema and fails
//! when a table refers to accounts without a section here, so a new table cannot be
//! forgotten.
//!
//! What is left out, on purpose: secrets (password and token hashes), and who revealed an
//! anonymous post's author (she is told that it happened, when and why, not by whom).

use serde_json::{json, Map, Value};
use sqlx::any::AnyRow;
use sqlx::{Column, Row};

use crate::db::Db;
use crate::services::account;
use crate::services::audit::{self, AuditAction};
use domain::my_data::{DataSection, MyData};
use domain::{AppError, AppResult};

/// (section, query). Each query takes her id as `$1` and selects readable columns: names of
/// circles, activities and groups rather than bare ids, never another woman's phone number.
pub const SECTIONS: &[(DataSection, &str)] = &[
    (
        DataSection::Account,
        "SELECT u.created_at, u.role, u.birth_year, u.lang,
                u.consent_version AS privacy_notice_version, u.consented_at,
                h.display_name AS added_by, u.claimed_at, u.texts_off
         FROM users u LEFT JOIN users h ON h.id = u.added_by WHERE u.id = $1",
    ),
    (
        DataSection::Sessions,
        "SELECT created_at, last_seen_at, expires_at, user_agent FROM sessions
         WHERE user_id = $1 ORDER BY id",
    ),
    (
        DataSection::Devices,
        "SELECT first_seen_at FROM user_devices WHERE user_id = $1 ORDER BY first_seen_at",
    ),
    (
        DataSection::Signups,
        "SELECT s.activity_id, a.title AS activity, s.status, s.companions, s.checked_in_at,
                s.no_show_at, s.created_at, h.display_name AS signed_up_by, s.agreed_at,
                s.removed_at, s.removal_reason
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         LEFT JOIN users h ON h.id = s.signed_up_by
         WHERE s.user_id = $1 ORDER BY s.id",
    ),
    (
        DataSection::SignupsMadeForOthers,
        "SELECT s.activity_id, a.title AS activity, w.display_name AS for_whom, s.status,
                s.created_at
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         JOIN users w ON w.id = s.user_id
         WHERE s.signed_up_by = $1 AND s.user_id <> $1 ORDER BY s.id",
    ),
    (
        DataSection::GuardianConsent,
        "SELECT g.guardian_name, g.relation, g.notice_version, g.given_at,
                h.display_name AS recorded_by
         FROM guardian_consents g JOIN users h ON h.id = g.recorded_by
         WHERE g.user_id = $1",
    ),
    (
        DataSection::AccessCodes,
        "SELECT c.created_at, c.expires_at, c.used_at, h.display_name AS given_by
         FROM access_codes c JOIN users h ON h.id = c.given_by
         WHERE c.user_id = $1 ORDER BY c.id",
    ),
    (
        DataSection::WomenAdded,
        "SELECT u.display_name, v.name AS village, u.created_at AS added_at, u.claimed_at
         FROM users u LEFT JOIN regions v ON v.id = u.village_id
         WHERE u.added_by = $1 ORDER BY u.id",
    ),
    (
        DataSection::GuardianConsentsRecorded,
        "SELECT u.display_name AS for_whom, g.guardian_name, g.relation, g.given_at
         FROM guardian_consents g JOIN users u ON u.id = g.user_id
         WHERE g.recorded_by = $1 ORDER BY g.id",
    ),
    (
        DataSection::AccessCodesGiven,
        "SELECT u.display_name AS for_whom, c.created_at, c.used_at
         FROM access_codes c JOIN users u ON u.id = c.user_id
         WHERE c.given_by = $1 ORDER BY c.id",
    ),
    (
        DataSection::RemovalsMade,
        "SELECT s.activity_id, a.title AS activity, w.display_name AS whom, s.removal_reason,
                s.removed_at
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         JOIN users w ON w.id = s.user_id
         WHERE s.removed_by = $1 ORDER BY s.id",
    ),
    (
        DataSection::Consents,
        "SELECT c.purpose, c.notice_version, c.given_at, h.display_name AS told_to
         FROM purpose_consents c LEFT JOIN users h ON h.id = c.recorded_by
         WHERE c.user_id = $1 ORDER BY c.id",
    ),
    (
        DataSection::ConsentsRecordedForOthers,
        "SELECT c.purpose, w.display_name AS for_whom, c.given_at FROM purpose_consents c
         JOIN users w ON w.id = c.user_id
         WHERE c.recorded_by = $1 AND c.user_id <> $1 ORDER BY c.id",
    ),
    // Her help requests, what she may see of their events (an internal change of state
    // without its note; internal notes not at all) and their referrals.
    (
        DataSection::HelpRequests,
        "SELECT r.id, r.kind, r.description, r.contact, r.urgency, r.state, v.name AS village,
                CASE WHEN r.filed_by = r.user_id THEN NULL ELSE f.display_name END AS filed_by,
                r.agreed_at, r.created_at, r.acknowledged_at, r.resolved_at, r.updated_at
         FROM help_requests r
         LEFT JOIN regions v ON v.id = r.village_id
         LEFT JOIN users f ON f.id = r.filed_by
         WHERE r.user_id = $1 ORDER BY r.id",
    ),
    (
        DataSection::HelpUpdates,
        "SELECT e.request_id, e.state, CASE WHEN e.internal THEN '' ELSE e.note END AS note,
                CASE WHEN e.actor_id = r.user_id THEN 'her' ELSE e.actor_role END AS by_role,
                e.at
         FROM help_events e JOIN help_requests r ON r.id = e.request_id
         WHERE r.user_id = $1 AND (e.changed OR NOT e.internal) ORDER BY e.id",
    ),
    (
        DataSection::HelpReferrals,
        "SELECT x.request_id, x.department, x.referred_on, x.outcome, x.outcome_at
         FROM help_referrals x JOIN help_requests r ON r.id = x.request_id
         WHERE r.user_id = $1 ORDER BY x.id",
    ),
    // What she did for other women's requests: never what they asked or what she wrote
    // about them, which belongs to their records.
    (
        DataSection::HelpRequestedForOthers,
        "SELECT r.id AS request_id, w.display_name AS for_whom, r.kind, r.agreed_at,
                r.created_at
         FROM help_requests r JOIN users w ON w.id = r.user_id
         WHERE r.filed_by = $1 AND r.user_id <> $1 ORDER BY r.id",
    ),
    (
        DataSection::HelpRequestsAssigned,
        "SELECT id AS request_id, kind, state, created_at FROM help_requests
         WHERE assignee_id = $1 ORDER BY id",
    ),
    (
        DataSection::HelpUpdatesWritten,
        "SELECT e.request_id, e.state, e.changed, e.internal, e.at
         FROM help_events e JOIN help_requests r ON r.id = e.request_id
         WHERE e.actor_id = $1 AND r.user_id <> $1 ORDER BY e.id",
    ),
    (
        DataSection::HelpReferralsRecorded,
        "SELECT request_id, department, referred_on, created_at, outcome_at FROM help_referrals
         WHERE recorded_by = $1 OR outcome_by = $1 ORDER BY id",
    ),
    (
        DataSection::Notifications,
        "SELECT kind, activity_id, thread_id, group_id, help_request_id, detail, created_at, read_at FROM notifications
         WHERE user_id = $1 ORDER BY id",
    ),
    (
        DataSection::TextMessages,
        "SELECT template, state, created_at, sent_at, last_error FROM outbox
         WHERE user_id = $1 ORDER BY id",
    ),
    (
        DataSection::CalendarFeed,
        "SELECT created_at FROM calendar_feeds WHERE user_id = $1",
    ),
    // Her record in the care ledger, everything in it and about it; who looked is told by
    // role, never by name.
    (
        DataSection::LedgerRecord,
        "SELECT r.id, v.name AS village, r.name, r.phone, r.birth_year, r.left_behind_since,
                r.husband_works, r.children_under_16, r.elderly_dependants, r.disability_grade,
                r.skills, r.work_wanted, r.notes, r.next_visit_due, r.closed_at,
                r.closed_reason, r.erased_at, c.display_name AS recorded_by, r.created_at
         FROM ledger_records r
         JOIN regions v ON v.id = r.village_id
         LEFT JOIN users c ON c.id = r.created_by
         WHERE r.member_id = $1 ORDER BY r.id",
    ),
    (
        DataSection::LedgerRecordMarks,
        "SELECT d.record_id, 'difficulty' AS kind, d.difficulty AS value
         FROM ledger_difficulties d JOIN ledger_records r ON r.id = d.record_id
         WHERE r.member_id = $1
         UNION ALL
         SELECT a.record_id, 'assistance', a.kind
         FROM ledger_assistance a JOIN ledger_records r ON r.id = a.record_id
         WHERE r.member_id = $1
         ORDER BY 1, 2, 3",
    ),
    (
        DataSection::LedgerVisits,
        "SELECT lv.record_id, lv.visited_on, u.display_name AS visitor, lv.found, lv.agreed,
                lv.next_due
         FROM ledger_visits lv
         JOIN ledger_records r ON r.id = lv.record_id
         LEFT JOIN users u ON u.id = lv.visitor_id
         WHERE r.member_id = $1 ORDER BY lv.id",
    ),
    (
        DataSection::LedgerAccessLog,
        "SELECT a.record_id, a.at, a.viewer_role, a.fields_opened
         FROM ledger_access a JOIN ledger_records r ON r.id = a.record_id
         WHERE r.member_id = $1 ORDER BY a.id",
    ),
    (
        DataSection::LedgerConsents,
        "SELECT c.record_id, c.event, c.method, c.witness, c.notice_version,
                u.display_name AS recorded_by, c.recorded_at
         FROM ledger_consents c
         JOIN ledger_records r ON r.id = c.record_id
         LEFT JOIN users u ON u.id = c.recorded_by
         WHERE r.member_id = $1 ORDER BY c.id",
    ),
    (
        DataSection::LedgerRequests,
        "SELECT q.record_id, q.kind, q.body, q.created_at, q.outcome, q.answer, q.answered_at
         FROM ledger_requests q JOIN ledger_records r ON r.id = q.record_id
         WHERE r.member_id = $1 ORDER BY q.id",
    ),
    (
        DataSection::Threads,
        "SELECT t.id, c.name AS circle, t.title, t.created_at FROM threads t
         JOIN circles c ON c.id = t.circle_id
         WHERE t.author_id = $1 ORDER BY t.id",
    ),
    (
        DataSection::Posts,
        "SELECT p.id, t.title AS thread,
                CASE WHEN p.anonymous THEN 'anonymous' ELSE 'named' END AS shown_as,
                p.body, p.status, p.created_at
         FROM posts p JOIN threads t ON t.id = p.thread_id
         WHERE p.author_id = $1 ORDER BY p.id",
    ),
    // When and why the author of one of her anonymous posts was revealed; never by whom.
    (
        DataSection::AuthorReveals,
        "SELECT r.post_id, t.title AS thread, r.reason, r.revealed_at FROM author_reveals r
         JOIN posts p ON p.id = r.post_id JOIN threads t ON t.id = p.thread_id
         WHERE r.author_id = $1 ORDER BY r.id",
    ),
    (
        DataSection::RevealsMade,
        "SELECT post_id, reason, revealed_at FROM author_reveals
         WHERE revealed_by = $1 ORDER BY id",
    ),
    (
        DataSection::HelpfulMarks,
        "SELECT h.post_id, t.title AS thread FROM helpful_marks h
         JOIN posts p ON p.id = h.post_id JOIN threads t ON t.id = p.thread_id
         WHERE h.user_id = $1 ORDER BY h.post_id",
    ),
    (
        DataSection::Reports,
        "SELECT r.post_id, t.title AS thread, r.reason, r.created_at, r.resolved_at
         FROM reports r JOIN posts p ON p.id = r.post_id JOIN threads t ON t.id = p.thread_id
         WHERE r.reporter_id = $1 ORDER BY r.id",
    ),
    (
        DataSection::CircleMutes,
        "SELECT c.name AS circle, m.reason, m.muted_at, m.muted_until FROM circle_mutes m
         JOIN circles c ON c.id = m.circle_id
         WHERE m.user_id = $1 ORDER BY m.circle_id",
    ),
    (
        DataSection::GroupMemberships,
        "SELECT g.name AS group_name, m.status, m.joined_at FROM group_members m
         JOIN aid_groups g ON g.id = m.group_id
         WHERE m.user_id = $1 ORDER BY m.joined_at",
    ),
    (
        DataSection::GroupPosts,
        "SELECT g.name AS group_name, p.body, p.created_at, p.deleted_at FROM group_posts p
         JOIN aid_groups g ON g.id = p.group_id
         WHERE p.author_id = $1 ORDER BY p.id",
    ),
    (
        DataSection::GroupsStarted,
        "SELECT name, purpose, need, created_at FROM aid_groups
         WHERE created_by = $1 ORDER BY id",
    ),
    (
        DataSection::VolunteerAppointment,
        "SELECT r.name AS reach, v.appointed_at FROM volunteers v
         JOIN regions r ON r.id = v.region_id
         WHERE v.user_id = $1",
    ),
    (
        DataSection::Moderating,
        "SELECT c.name AS circle, g.name AS group_name, m.assigned_at FROM moderators m
         LEFT JOIN circles c ON c.id = m.circle_id
         LEFT JOIN aid_groups g ON g.id = m.group_id
         WHERE m.user_id = $1 ORDER BY m.id",
    ),
    (
        DataSection::GroupStarting,
        "SELECT f.name AS federation, g.allowed_at FROM group_creators g
         JOIN federations f ON f.id = g.federation_id
         WHERE g.user_id = $1",
    ),
    (
        DataSection::InvitationsRedeemed,
        "SELECT f.name AS federation, i.used_at FROM invitations i
         JOIN federations f ON f.id = i.federation_id
         WHERE i.used_by = $1",
    ),
    (
        DataSection::InvitationsCreated,
        "SELECT f.name AS federation, i.created_at, i.expires_at, i.used_at FROM invitations i
         JOIN federations f ON f.id = i.federation_id
         WHERE i.created_by = $1 ORDER BY i.id",
    ),
    (
        DataSection::ActivitiesCreated,
        "SELECT id, title, status, starts_at, created_at FROM activities
         WHERE created_by = $1 ORDER BY id",
    ),
    (
        DataSection::SeriesCreated,
        "SELECT id, frequency, occurrences, created_at FROM activity_series
         WHERE created_by = $1 ORDER BY id",
    ),
    (
        DataSection::VolunteersAppointed,
        "SELECT u.display_name AS volunteer, v.appointed_at FROM volunteers v
         JOIN users u ON u.id = v.user_id
         WHERE v.appointed_by = $1 ORDER BY v.appointed_at",
    ),
    (
        DataSection::ModeratorsAssigned,
        "SELECT u.display_name AS volunteer, c.name AS circle, g.name AS group_name,
                m.assigned_at
         FROM moderators m JOIN users u ON u.id = m.user_id
         LEFT JOIN circles c ON c.id = m.circle_id
         LEFT JOIN aid_groups g ON g.id = m.group_id
         WHERE m.assigned_by = $1 ORDER BY m.id",
    ),
    (
        DataSection::GroupStartersAllowed,
        "SELECT u.display_name AS volunteer, g.allowed_at FROM group_creators g
         JOIN users u ON u.id = g.user_id
         WHERE g.allowed_by = $1 ORDER BY g.allowed_at",
    ),
    (
        DataSection::ModerationActions,
        "SELECT action, reason, post_id, thread_id, at FROM moderation_log
         WHERE actor_id = $1 ORDER BY id",
    ),
    (
        DataSection::LedgerKeeper,
        "SELECT v.name AS village, k.appointed_at FROM ledger_keepers k
         JOIN regions v ON v.id = k.village_id
         WHERE k.user_id = $1",
    ),
    // What she did in the ledger as a keeper or organizer: which record, what, when; never
    // what the records say about other women.
    (
        DataSection::LedgerWork,
        "SELECT 'record_created' AS what, id AS about, created_at AS at FROM ledger_records
         WHERE created_by = $1
         UNION ALL SELECT 'visit', record_id, created_at FROM ledger_visits WHERE visitor_id = $1
         UNION ALL SELECT 'read', record_id, at FROM ledger_access WHERE viewer_id = $1
         UNION ALL SELECT 'consent_recorded', record_id, recorded_at FROM ledger_consents
                   WHERE recorded_by = $1
         UNION ALL SELECT 'request_answered', record_id, answered_at FROM ledger_requests
                   WHERE answered_by = $1
         UNION ALL SELECT 'keeper_appointed', user_id, appointed_at FROM ledger_keepers
                   WHERE appointed_by = $1
         ORDER BY 3, 1",
    ),
    // Entries about her account, and those she caused; never who acted on her.
    (
        DataSection::AuditLog,
        "SELECT action, detail, at FROM audit_log
         WHERE actor_id = $1 OR (subject_type = 'user' AND subject_id = $1) ORDER BY id",
    ),
];

/// Every column that points at an account, `(table, column)`, with the section that exports
/// the rows it marks as hers. Compared with the live schema by the tests.
pub const COVERED: &[(&str, &str, DataSection)] = &[
    ("sessions", "user_id", DataSection::Sessions),
    ("user_devices", "user_id", DataSection::Devices),
    ("signups", "user_id", DataSection::Signups),
    ("signups", "signed_up_by", DataSection::SignupsMadeForOthers),
    ("signups", "removed_by", DataSection::RemovalsMade),
    ("users", "added_by", DataSection::WomenAdded),
    ("guardian_consents", "user_id", DataSection::GuardianConsent),
    (
        "guardian_consents",
        "recorded_by",
        DataSection::GuardianConsentsRecorded,
    ),
    ("access_codes", "user_id", DataSection::AccessCodes),
    ("access_codes", "given_by", DataSection::AccessCodesGiven),
    ("purpose_consents", "user_id", DataSection::Consents),
    (
        "purpose_consents",
        "recorded_by",
        DataSection::ConsentsRecordedForOthers,
    ),
    ("help_requests", "user_id", DataSection::HelpRequests),
    (
        "help_requests",
        "filed_by",
        DataSection::HelpRequestedForOthers,
    ),
    (
        "help_requests",
        "assignee_id",
        DataSection::HelpRequestsAssigned,
    ),
    // Her own events are lines of her requests' updates; the others' are what she wrote.
    ("help_events", "actor_id", DataSection::HelpUpdatesWritten),
    (
        "help_referrals",
        "recorded_by",
        DataSection::HelpReferralsRecorded,
    ),
    (
        "help_referrals",
        "outcome_by",
        DataSection::HelpReferralsRecorded,
    ),
    ("notifications", "user_id", DataSection::Notifications),
    ("outbox", "user_id", DataSection::TextMessages),
    ("calendar_feeds", "user_id", DataSection::CalendarFeed),
    ("threads", "author_id", DataSection::Threads),
    ("posts", "author_id", DataSection::Posts),
    ("author_reveals", "author_id", DataSection::AuthorReveals),
    ("author_reveals", "revealed_by", DataSection::RevealsMade),
    ("helpful_marks", "user_id", DataSection::HelpfulMarks),
    ("reports", "reporter_id", DataSection::Reports),
    ("circle_mutes", "user_id", DataSection::CircleMutes),
    // The mutes she gave are lines of her moderation actions.
    ("circle_mutes", "muted_by", DataSection::ModerationActions),
    ("group_members", "user_id", DataSection::GroupMemberships),
    ("group_posts", "author_id", DataSection::GroupPosts),
    ("aid_groups", "created_by", DataSection::GroupsStarted),
    ("volunteers", "user_id", DataSection::VolunteerAppointment),
    (
        "volunteers",
        "appointed_by",
        DataSection::VolunteersAppointed,
    ),
    ("moderators", "user_id", DataSection::Moderating),
    ("moderators", "assigned_by", DataSection::ModeratorsAssigned),
    ("group_creators", "user_id", DataSection::GroupStarting),
    (
        "group_creators",
        "allowed_by",
        DataSection::GroupStartersAllowed,
    ),
    ("invitations", "used_by", DataSection::InvitationsRedeemed),
    ("invitations", "created_by", DataSection::InvitationsCreated),
    ("activities", "created_by", DataSection::ActivitiesCreated),
    ("activity_series", "created_by", DataSection::SeriesCreated),
    ("moderation_log", "actor_id", DataSection::ModerationActions),
    ("audit_log", "actor_id", DataSection::AuditLog),
    ("ledger_records", "member_id", DataSection::LedgerRecord),
    ("ledger_records", "created_by", DataSection::LedgerWork),
    ("ledger_keepers", "user_id", DataSection::LedgerKeeper),
    ("ledger_keepers", "appointed_by", DataSection::LedgerWork),
    ("ledger_consents", "recorded_by", DataSection::LedgerWork),
    ("ledger_visits", "visitor_id", DataSection::LedgerWork),
    ("ledger_access", "viewer_id", DataSection::LedgerWork),
    ("ledger_requests", "answered_by", DataSection::LedgerWork),
];

/// Everything Tongxin holds about her, as JSON: her profile and one array per section. The
/// export itself is audited.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn export(db: &Db, user_id: i64) -> AppResult<Value> {
    let mut out = gather(db, user_id).await?;
    out.insert("exported_at".into(), json!(crate::now()));
    let mut tx = db.writer().begin().await?;
    audit::record_own(&mut tx, user_id, AuditAction::DataExported).await?;
    tx.commit().await?;
    Ok(Value::Object(out))
}

/// The same records, for the page that shows them in plain words: the sections she most
/// needs to read record by record, and how many records every other section holds. Not
/// audited: nothing leaves her own screen.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn summary(db: &Db, user_id: i64) -> AppResult<MyData> {
    let data = gather(db, user_id).await?;
    let rows = |section: DataSection| {
        data.get(section.as_str())
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    fn read<T: serde::de::DeserializeOwned>(rows: Vec<Value>) -> AppResult<Vec<T>> {
        serde_json::from_value(Value::Array(rows)).map_err(|e| crate::failed("reading her data", e))
    }
    let account = read(rows(DataSection::Account))?
        .into_iter()
        .next()
        .ok_or_else(AppError::unauthenticated)?;
    let profile = data.get("profile").cloned().unwrap_or_default();
    Ok(MyData {
        profile: serde_json::from_value(profile)
            .map_err(|e| crate::failed("reading her profile", e))?,
        account,
        sessions: read(rows(DataSection::Sessions))?,
        signups: read(rows(DataSection::Signups))?,
        consents: read(rows(DataSection::Consents))?,
        counts: SECTIONS
            .iter()
            .filter(|(section, _)| !section.shown_in_full())
            .map(|(section, _)| (*section, rows(*section).len()))
            .filter(|(_, n)| *n > 0)
            .collect(),
    })
}

/// Her profile and every section, by name.
async fn gather(db: &Db, user_id: i64) -> AppResult<Map<String, Value>> {
    let mut out = Map::new();
    out.insert(
        "profile".into(),
        serde_json::to_value(account::profile(db, user_id).await?)
            .map_err(|e| crate::failed("exporting a profile", e))?,
    );
    for (section, sql) in SECTIONS {
        let rows: Vec<AnyRow> = sqlx::query(sql)
            .bind(user_id)
            .fetch_all(db.reader())
            .await?;
        out.insert(
            section.as_str().to_owned(),
            Value::Array(rows.iter().map(row_to_json).collect()),
        );
    }
    Ok(out)
}

/// A row as a JSON object by column name. The `Any` driver knows each value's kind; numbers,
/// text and yes/no come out as themselves, NULL as null.
fn row_to_json(row: &AnyRow) -> Value {
    let mut object = Map::new();
    for column in row.columns() {
        let i = column.ordinal();
        let value = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            json!(v)
        } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            json!(v)
        } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
            json!(v)
        } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
            json!(v)
        } else {
            Value::Null
        };
        object.insert(column.name().to_owned(), value);
    }
    Value::Object(object)
}
