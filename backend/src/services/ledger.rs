//! The care ledger: records of women in difficulty, kept with their separate consent by the
//! keepers of their village and the organizers above it (`policy::ledger`). Every read of a
//! record is written to `ledger_access`, with the sensitive fields it opened and why; a woman
//! sees her record, who looked at it and when, and asks for corrections or its deletion.
//!
//! Erasing keeps only what the law asks to keep: that a record existed, who made it and when,
//! and the consent history. A withdrawal, a granted deletion request or the deletion of her
//! account erases at once; a record closed because she no longer needs it is erased by
//! [`erase_expired`] when the retention period ends.

use sqlx::AnyConnection;

use crate::db::Db;
use crate::identity::{Role, SessionUser};
use crate::policy::ledger::{self as rule, LedgerReach};
use crate::services::audit::{self, AuditAction, AuditSubject};
use domain::ledger::{
    Assistance, ClosedReason, ConsentEvent, ConsentMethod, Difficulty, LedgerAccess, LedgerConsent,
    LedgerContents, LedgerDraft, LedgerListItem, LedgerRecord, LedgerRequest, LedgerRequestKind,
    LedgerRequestOutcome, LedgerVisit, MyLedger, MyLedgerRecord, SensitiveField,
    LEDGER_NOTICE_VERSION,
};
use domain::notification::NotificationKind;
use domain::{AppError, AppResult, ErrorKey, VariantArray};

pub const MAX_VISIT_CHARS: usize = 1_000;
pub const MAX_REQUEST_CHARS: usize = 500;
pub const MAX_REASON_CHARS: usize = 200;

/// The SQL condition "the village `v` lies within region `$n`" for a tree at most three deep.
fn within(n: u8) -> String {
    format!("(v.id = ${n} OR v.parent_id = ${n} OR t.parent_id = ${n})")
}

/// Refuses a change to a closed record.
fn open(place: &rule::RecordPlace) -> AppResult<()> {
    if place.closed {
        Err(AppError::field(ErrorKey::RecordClosed, "id"))
    } else {
        Ok(())
    }
}

/// Creates a record (with her consent) or updates one; its id. One transaction.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn save(db: &Db, user: &SessionUser, draft: &LedgerDraft) -> AppResult<i64> {
    let reach = rule::ledger_reach(db, user).await?;
    if !rule::reaches(db, reach, draft.village_id).await? {
        return Err(AppError::field(ErrorKey::RegionInvalid, "village_id"));
    }
    if let Some(id) = draft.id {
        open(&rule::record_in(db, reach, id).await?)?;
    }
    if let Some(member) = draft.member_id {
        check_member(db, reach, member).await?;
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let id = match draft.id {
        None => sqlx::query_scalar(
            "INSERT INTO ledger_records (village_id, member_id, name, phone, birth_year,
                     left_behind_since, husband_works, children_under_16, elderly_dependants,
                     disability_grade, skills, work_wanted, notes, created_by, created_at,
                     updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
                 RETURNING id",
        )
        .bind(draft.village_id)
        .bind(draft.member_id)
        .bind(&draft.name)
        .bind(draft.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(draft.birth_year)
        .bind(draft.left_behind_since.as_deref())
        .bind(draft.husband_works)
        .bind(draft.children_under_16)
        .bind(draft.elderly_dependants)
        .bind(draft.disability_grade)
        .bind(&draft.skills)
        .bind(&draft.work_wanted)
        .bind(&draft.notes)
        .bind(user.user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| taken_or(e, "member_id"))?,
        Some(id) => {
            sqlx::query(
                "UPDATE ledger_records SET village_id = $1, member_id = $2, name = $3, phone = $4,
                     birth_year = $5, left_behind_since = $6, husband_works = $7,
                     children_under_16 = $8, elderly_dependants = $9, skills = $10,
                     work_wanted = $11, updated_at = $12
                 WHERE id = $13",
            )
            .bind(draft.village_id)
            .bind(draft.member_id)
            .bind(&draft.name)
            .bind(draft.phone.as_ref().map(|p| p.as_str().to_owned()))
            .bind(draft.birth_year)
            .bind(draft.left_behind_since.as_deref())
            .bind(draft.husband_works)
            .bind(draft.children_under_16)
            .bind(draft.elderly_dependants)
            .bind(&draft.skills)
            .bind(&draft.work_wanted)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| taken_or(e, "member_id"))?;
            // What the form showed masked stays as it was.
            if draft.sensitive_shown {
                sqlx::query(
                    "UPDATE ledger_records SET disability_grade = $1, notes = $2 WHERE id = $3",
                )
                .bind(draft.disability_grade)
                .bind(&draft.notes)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            id
        }
    };
    replace_marks(&mut tx, id, draft).await?;
    if let Some((method, witness)) = &draft.consent {
        consent(
            &mut tx,
            id,
            ConsentEvent::Given,
            *method,
            witness.as_deref(),
            user.user_id,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// A unique index refused the row: she already has an open record.
fn taken_or(e: sqlx::Error, field: &str) -> AppError {
    if matches!(&e, sqlx::Error::Database(d) if d.is_unique_violation()) {
        AppError::field(ErrorKey::Conflict, field)
    } else {
        e.into()
    }
}

/// Writes the ticked difficulties and assistance; the sensitive ones only when the form
/// showed them.
async fn replace_marks(conn: &mut AnyConnection, id: i64, draft: &LedgerDraft) -> AppResult<()> {
    let shown = |field: Option<SensitiveField>| draft.sensitive_shown || field.is_none();
    let difficulties = Difficulty::VARIANTS
        .iter()
        .filter(|d| shown(d.sensitive()))
        .map(|d| (d.as_str(), draft.difficulties.contains(d)));
    replace_words(conn, id, "ledger_difficulties", "difficulty", difficulties).await?;
    let assistance = Assistance::VARIANTS
        .iter()
        .filter(|a| shown(a.sensitive()))
        .map(|a| (a.as_str(), draft.assistance.contains(a)));
    replace_words(conn, id, "ledger_assistance", "kind", assistance).await
}

/// For each `(word, ticked)`: the record's row for that word removed, and written again if
/// ticked. `table` and `column` are this module's constants, never input.
async fn replace_words(
    conn: &mut AnyConnection,
    id: i64,
    table: &'static str,
    column: &'static str,
    words: impl Iterator<Item = (&'static str, bool)>,
) -> AppResult<()> {
    for (word, ticked) in words {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE record_id = $1 AND {column} = $2"
        ))
        .bind(id)
        .bind(word)
        .execute(&mut *conn)
        .await?;
        if ticked {
            sqlx::query(&format!(
                "INSERT INTO {table} (record_id, {column}) VALUES ($1, $2)"
            ))
            .bind(id)
            .bind(word)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

async fn consent(
    conn: &mut AnyConnection,
    record: i64,
    event: ConsentEvent,
    method: ConsentMethod,
    witness: Option<&str>,
    by: i64,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO ledger_consents (record_id, event, method, witness, notice_version,
                                      recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(record)
    .bind(event)
    .bind(method)
    .bind(witness)
    .bind(LEDGER_NOTICE_VERSION)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A member or volunteer with an account, living within the reach: MemberNotFound otherwise.
async fn check_member(db: &Db, reach: LedgerReach, member: i64) -> AppResult<()> {
    let village: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT village_id FROM users
         WHERE id = $1 AND role IN ('member', 'volunteer') AND deleted_at IS NULL",
    )
    .bind(member)
    .fetch_optional(db.reader())
    .await?;
    match village.flatten() {
        Some(v) if rule::reaches(db, reach, v).await? => Ok(()),
        _ => Err(AppError::field(ErrorKey::MemberNotFound, "member_id")),
    }
}

/// The villages whose ledger she keeps, for the record form's picker.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn villages(db: &Db, user: &SessionUser) -> AppResult<Vec<domain::region::Village>> {
    let reach = rule::ledger_reach(db, user).await?;
    Ok(sqlx::query_as(&format!(
        "SELECT v.id, v.name, t.name AS township, c.name AS county
         FROM regions v
         JOIN regions t ON t.id = v.parent_id
         JOIN regions c ON c.id = t.parent_id
         WHERE v.level = 'village' AND {}
         ORDER BY t.name, v.name",
        within(1)
    ))
    .bind(reach.region())
    .fetch_all(db.reader())
    .await?)
}

#[derive(sqlx::FromRow)]
struct RegionRow {
    id: i64,
    name: String,
    level: domain::region::RegionLevel,
}

#[derive(sqlx::FromRow)]
struct CountRow {
    region_id: i64,
    women: i64,
    visited: i64,
}

#[derive(sqlx::FromRow)]
struct DifficultyRow {
    region_id: i64,
    difficulty: Difficulty,
    n: i64,
}

/// The figures of an organizer's area for the reports upward: women with an open record,
/// those visited in the last 90 days, and by difficulty; for her area and each region one
/// level below it. Counts only, never a name; under five shown as "<5" above the village
/// level. Three queries whatever the size of the area.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn figures(db: &Db, user: &SessionUser) -> AppResult<domain::ledger::LedgerFigures> {
    use domain::ledger::{Figure, LedgerFigureRow, LedgerFigures};
    use domain::region::RegionLevel;
    if user.role != Role::Organizer {
        return Err(AppError::forbidden());
    }
    let area = rule::ledger_reach(db, user).await?.region();
    let top: RegionRow = sqlx::query_as("SELECT id, name, level FROM regions WHERE id = $1")
        .bind(area)
        .fetch_one(db.reader())
        .await?;
    let mut below: Vec<RegionRow> =
        sqlx::query_as("SELECT id, name, level FROM regions WHERE parent_id = $1 ORDER BY name")
            .bind(area)
            .fetch_all(db.reader())
            .await?;
    if below.is_empty() {
        below.push(RegionRow {
            id: top.id,
            name: top.name.clone(),
            level: top.level,
        });
    }
    // Each record counts for the region one level below her area that holds its village.
    let group = "CASE WHEN v.id = $1 OR v.parent_id = $1 THEN v.id ELSE t.id END";
    let since = domain::time::start_of_day(crate::now()) - 90 * 86_400;
    let counts: Vec<CountRow> = sqlx::query_as(&format!(
        "SELECT {group} AS region_id, COUNT(*) AS women,
                SUM(CASE WHEN EXISTS (SELECT 1 FROM ledger_visits lv
                                      WHERE lv.record_id = r.id AND lv.visited_on >= $2)
                         THEN 1 ELSE 0 END) AS visited
         FROM ledger_records r
         JOIN regions v ON v.id = r.village_id
         LEFT JOIN regions t ON t.id = v.parent_id
         WHERE r.closed_at IS NULL AND {}
         GROUP BY 1",
        within(1)
    ))
    .bind(area)
    .bind(since)
    .fetch_all(db.reader())
    .await?;
    let difficulties: Vec<DifficultyRow> = sqlx::query_as(&format!(
        "SELECT {group} AS region_id, d.difficulty, COUNT(*) AS n
         FROM ledger_records r
         JOIN ledger_difficulties d ON d.record_id = r.id
         JOIN regions v ON v.id = r.village_id
         LEFT JOIN regions t ON t.id = v.parent_id
         WHERE r.closed_at IS NULL AND {}
         GROUP BY 1, 2",
        within(1)
    ))
    .bind(area)
    .fetch_all(db.reader())
    .await?;
    let row = |id: Option<i64>, name: &str, level: RegionLevel| {
        let coarse = level != RegionLevel::Village;
        let mine = |r: i64| id.is_none_or(|id| id == r);
        let (women, visited) = counts
            .iter()
            .filter(|c| mine(c.region_id))
            .fold((0, 0), |(w, v), c| (w + c.women, v + c.visited));
        LedgerFigureRow {
            region_id: id.unwrap_or(area),
            region: name.to_owned(),
            women: Figure::of(women, coarse),
            visited_90_days: Figure::of(visited, coarse),
            by_difficulty: Difficulty::VARIANTS
                .iter()
                .map(|d| {
                    let n = difficulties
                        .iter()
                        .filter(|r| r.difficulty == *d && mine(r.region_id))
                        .map(|r| r.n)
                        .sum();
                    (*d, Figure::of(n, coarse))
                })
                .collect(),
        }
    };
    Ok(LedgerFigures {
        total: row(None, &top.name, top.level),
        rows: below
            .iter()
            .map(|r| row(Some(r.id), &r.name, r.level))
            .collect(),
    })
}

/// What the list is asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// A piece of her name or her village's.
    pub search: Option<String>,
    /// Closed records instead of open ones.
    pub closed: bool,
}

/// The records of her reach: overdue visits first, then those with a request waiting, then by
/// the next visit due. Nothing of their circumstances (opening a record is what is logged).
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn list(
    db: &Db,
    user: &SessionUser,
    filter: &ListFilter,
) -> AppResult<Vec<LedgerListItem>> {
    let reach = rule::ledger_reach(db, user).await?;
    let today = domain::time::start_of_day(crate::now());
    let search = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| crate::db::like_pattern(&s.chars().take(20).collect::<String>()));
    Ok(sqlx::query_as(&format!(
        "SELECT r.id, r.name, v.name AS village, r.next_visit_due, r.closed_reason,
                (SELECT MAX(visited_on) FROM ledger_visits lv WHERE lv.record_id = r.id)
                    AS last_visit,
                (r.closed_at IS NULL AND r.next_visit_due IS NOT NULL
                 AND r.next_visit_due < $2) AS overdue,
                (SELECT COUNT(*) FROM ledger_requests q
                 WHERE q.record_id = r.id AND q.outcome IS NULL) AS open_requests
         FROM ledger_records r
         JOIN regions v ON v.id = r.village_id
         LEFT JOIN regions t ON t.id = v.parent_id
         WHERE {} AND (r.closed_at IS NULL) = $3
           AND ($4 IS NULL OR r.name LIKE $4 ESCAPE '\\' OR v.name LIKE $4 ESCAPE '\\')
         ORDER BY CASE WHEN r.closed_at IS NULL AND r.next_visit_due < $2 THEN 0 ELSE 1 END,
                  CASE WHEN EXISTS (SELECT 1 FROM ledger_requests q
                                    WHERE q.record_id = r.id AND q.outcome IS NULL)
                       THEN 0 ELSE 1 END,
                  COALESCE(r.next_visit_due, 9223372036854775807), v.name, r.name, r.id
         LIMIT 500",
        within(1)
    ))
    .bind(reach.region())
    .bind(today)
    .bind(!filter.closed)
    .bind(search)
    .fetch_all(db.reader())
    .await?)
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    village_id: i64,
    village: String,
    member_id: Option<i64>,
    member_name: Option<String>,
    name: String,
    phone: Option<String>,
    birth_year: Option<i64>,
    left_behind_since: Option<String>,
    husband_works: Option<domain::ledger::HusbandWorks>,
    children_under_16: Option<i64>,
    elderly_dependants: Option<i64>,
    disability_grade: Option<i64>,
    skills: String,
    work_wanted: String,
    notes: String,
    next_visit_due: Option<i64>,
    closed_at: Option<i64>,
    closed_reason: Option<ClosedReason>,
    erased_at: Option<i64>,
    created_by: Option<String>,
    created_at: i64,
    updated_at: i64,
}

async fn record_row(db: &Db, id: i64) -> AppResult<RecordRow> {
    sqlx::query_as(
        "SELECT r.id, r.village_id, v.name AS village, r.member_id, m.display_name AS member_name,
                r.name, r.phone, r.birth_year, r.left_behind_since, r.husband_works,
                r.children_under_16, r.elderly_dependants, r.disability_grade, r.skills,
                r.work_wanted, r.notes, r.next_visit_due, r.closed_at, r.closed_reason,
                r.erased_at, c.display_name AS created_by, r.created_at, r.updated_at
         FROM ledger_records r
         JOIN regions v ON v.id = r.village_id
         LEFT JOIN users m ON m.id = r.member_id
         LEFT JOIN users c ON c.id = r.created_by
         WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)
}

/// The contents of a record with the sensitive fields not in `open` left out.
async fn contents(db: &Db, row: &RecordRow, open: &[SensitiveField]) -> AppResult<LedgerContents> {
    let shown = |field: Option<SensitiveField>| field.is_none_or(|f| open.contains(&f));
    let difficulties: Vec<Difficulty> =
        sqlx::query_scalar("SELECT difficulty FROM ledger_difficulties WHERE record_id = $1")
            .bind(row.id)
            .fetch_all(db.reader())
            .await?;
    let assistance: Vec<Assistance> =
        sqlx::query_scalar("SELECT kind FROM ledger_assistance WHERE record_id = $1")
            .bind(row.id)
            .fetch_all(db.reader())
            .await?;
    // In the order of the vocabulary, as the form lists them.
    let difficulties = Difficulty::VARIANTS
        .iter()
        .copied()
        .filter(|d| difficulties.contains(d) && shown(d.sensitive()))
        .collect();
    let assistance = Assistance::VARIANTS
        .iter()
        .copied()
        .filter(|a| assistance.contains(a) && shown(a.sensitive()))
        .collect();
    Ok(LedgerContents {
        name: row.name.clone(),
        phone: row.phone.clone(),
        birth_year: row.birth_year,
        left_behind_since: row.left_behind_since.clone(),
        husband_works: row.husband_works,
        children_under_16: row.children_under_16,
        elderly_dependants: row.elderly_dependants,
        difficulties,
        disability_grade: row
            .disability_grade
            .filter(|_| shown(Some(SensitiveField::Disability))),
        skills: row.skills.clone(),
        work_wanted: row.work_wanted.clone(),
        assistance,
        notes: shown(Some(SensitiveField::Notes)).then(|| row.notes.clone()),
        masked: SensitiveField::VARIANTS
            .iter()
            .copied()
            .filter(|f| !open.contains(f))
            .collect(),
    })
}

#[derive(sqlx::FromRow)]
struct VisitRow {
    id: i64,
    visited_on: i64,
    visitor: Option<String>,
    found: String,
    agreed: String,
    next_due: Option<i64>,
}

async fn visits(db: &Db, record: i64) -> AppResult<Vec<LedgerVisit>> {
    let rows: Vec<VisitRow> = sqlx::query_as(
        "SELECT lv.id, lv.visited_on, u.display_name AS visitor, lv.found, lv.agreed, lv.next_due
         FROM ledger_visits lv LEFT JOIN users u ON u.id = lv.visitor_id AND u.deleted_at IS NULL
         WHERE lv.record_id = $1
         ORDER BY lv.visited_on DESC, lv.id DESC",
    )
    .bind(record)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| LedgerVisit {
            id: r.id,
            visited_on: r.visited_on,
            visitor: r.visitor,
            found: r.found,
            agreed: r.agreed,
            next_due: r.next_due,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ConsentRow {
    event: ConsentEvent,
    method: ConsentMethod,
    witness: Option<String>,
    notice_version: String,
    recorded_by: Option<String>,
    recorded_at: i64,
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    kind: LedgerRequestKind,
    body: String,
    created_at: i64,
    outcome: Option<LedgerRequestOutcome>,
    answer: Option<String>,
    answered_at: Option<i64>,
}

async fn requests(db: &Db, record: i64) -> AppResult<Vec<LedgerRequest>> {
    let rows: Vec<RequestRow> = sqlx::query_as(
        "SELECT id, kind, body, created_at, outcome, answer, answered_at
         FROM ledger_requests WHERE record_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(record)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| LedgerRequest {
            id: r.id,
            kind: r.kind,
            body: r.body,
            at: r.created_at,
            outcome: r.outcome,
            answer: r.answer,
            answered_at: r.answered_at,
        })
        .collect())
}

/// What a read of a record asks to open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opening {
    pub fields: Vec<SensitiveField>,
    /// Why: required when any field is opened.
    pub reason: Option<String>,
}

impl Opening {
    /// From the `reveal` and `reason` values of a request.
    pub fn parse(reveal: Option<&str>, reason: Option<&str>) -> AppResult<Opening> {
        let fields = SensitiveField::parse_list(reveal.unwrap_or_default())?;
        let reason = reason
            .map(|r| domain::text::strip_invisible(r.trim()))
            .filter(|r| !r.is_empty());
        if !fields.is_empty() {
            match &reason {
                Some(r) if r.chars().count() <= MAX_REASON_CHARS => {}
                _ => return Err(AppError::field(ErrorKey::ReasonRequired, "reason")),
            }
        }
        Ok(Opening { fields, reason })
    }
}

/// A record for one who keeps it, with the sensitive fields in `opening` shown; the read is
/// written to the access log first (no read goes unrecorded).
#[tracing::instrument(skip_all, fields(user_id = user.user_id, record_id = id))]
pub async fn read(
    db: &Db,
    user: &SessionUser,
    id: i64,
    opening: &Opening,
) -> AppResult<LedgerRecord> {
    let reach = rule::ledger_reach(db, user).await?;
    rule::record_in(db, reach, id).await?;
    let row = record_row(db, id).await?;
    // An erased record has nothing left to open.
    let fields = if row.erased_at.is_some() {
        Vec::new()
    } else {
        opening.fields.clone()
    };
    sqlx::query(
        "INSERT INTO ledger_access (record_id, viewer_id, viewer_role, fields_opened, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(user.user_id)
    .bind(user.role)
    .bind(SensitiveField::join(&fields))
    .bind(opening.reason.as_deref().filter(|_| !fields.is_empty()))
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    let suggested_member = match (&row.phone, row.member_id) {
        (Some(phone), None) => suggested_member(db, reach, phone).await?,
        _ => None,
    };
    let consents: Vec<ConsentRow> = sqlx::query_as(
        "SELECT c.event, c.method, c.witness, c.notice_version, u.display_name AS recorded_by,
                c.recorded_at
         FROM ledger_consents c LEFT JOIN users u ON u.id = c.recorded_by
         WHERE c.record_id = $1 ORDER BY c.recorded_at, c.id",
    )
    .bind(id)
    .fetch_all(db.reader())
    .await?;
    let today = domain::time::start_of_day(crate::now());
    Ok(LedgerRecord {
        id,
        village_id: row.village_id,
        village: row.village.clone(),
        member: row.member_id.zip(row.member_name.clone()),
        suggested_member,
        contents: contents(db, &row, &fields).await?,
        closed_reason: row.closed_reason,
        closed_at: row.closed_at,
        created_by: row.created_by.clone(),
        created_at: row.created_at,
        updated_at: row.updated_at,
        next_visit_due: row.next_visit_due,
        overdue: row.closed_at.is_none() && row.next_visit_due.is_some_and(|d| d < today),
        visits: visits(db, id).await?,
        consents: consents
            .into_iter()
            .map(|c| LedgerConsent {
                event: c.event,
                method: c.method,
                witness: c.witness,
                notice_version: c.notice_version,
                recorded_by: c.recorded_by,
                at: c.recorded_at,
            })
            .collect(),
        requests: requests(db, id).await?,
        may_answer: user.role == Role::Organizer,
    })
}

/// An account with this number within the reach, to offer linking.
async fn suggested_member(
    db: &Db,
    reach: LedgerReach,
    phone: &str,
) -> AppResult<Option<(i64, String)>> {
    let found: Option<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, display_name, village_id FROM users
         WHERE phone = $1 AND role IN ('member', 'volunteer') AND deleted_at IS NULL",
    )
    .bind(phone)
    .fetch_optional(db.reader())
    .await?;
    match found {
        Some((id, name, Some(village))) if rule::reaches(db, reach, village).await? => {
            Ok(Some((id, name)))
        }
        _ => Ok(None),
    }
}

/// Links the record to her account, as the keeper confirmed.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, record_id = id))]
pub async fn link(db: &Db, user: &SessionUser, id: i64, member: i64) -> AppResult<()> {
    let reach = rule::ledger_reach(db, user).await?;
    open(&rule::record_in(db, reach, id).await?)?;
    check_member(db, reach, member).await?;
    sqlx::query("UPDATE ledger_records SET member_id = $1, updated_at = $2 WHERE id = $3")
        .bind(member)
        .bind(crate::now())
        .bind(id)
        .execute(db.writer())
        .await
        .map_err(|e| taken_or(e, "member_id"))?;
    Ok(())
}

/// A visit as the keeper typed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisitForm {
    /// `YYYY-MM-DD`.
    pub visited_on: String,
    pub found: String,
    pub agreed: String,
    /// `YYYY-MM-DD`, optional.
    pub next_due: String,
}

/// Records a visit; the record's next visit due becomes the one agreed at the latest visit.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, record_id = id))]
pub async fn record_visit(
    db: &Db,
    user: &SessionUser,
    id: i64,
    form: &VisitForm,
) -> AppResult<i64> {
    open(&rule::require_record(db, user, id).await?)?;
    let now = crate::now();
    let date = |value: &str, field: &str| -> AppResult<Option<i64>> {
        match value.trim() {
            "" => Ok(None),
            v => domain::time::parse_local_date(v)
                .map(Some)
                .ok_or_else(|| AppError::field(ErrorKey::DatesInvalid, field)),
        }
    };
    let visited_on = date(&form.visited_on, "visited_on")?
        .ok_or_else(|| AppError::field(ErrorKey::DatesInvalid, "visited_on"))?;
    if visited_on > now {
        return Err(AppError::field(ErrorKey::DatesInvalid, "visited_on"));
    }
    let next_due = date(&form.next_due, "next_due")?;
    if next_due.is_some_and(|d| d <= visited_on) {
        return Err(AppError::field(ErrorKey::DatesInvalid, "next_due"));
    }
    let text = |value: &str, field: &str, required: bool| -> AppResult<String> {
        let value = domain::text::strip_invisible(value.trim());
        if (required && value.is_empty()) || value.chars().count() > MAX_VISIT_CHARS {
            return Err(AppError::field(ErrorKey::BodyInvalid, field));
        }
        Ok(value)
    };
    let found = text(&form.found, "found", true)?;
    let agreed = text(&form.agreed, "agreed", false)?;
    let mut tx = db.writer().begin().await?;
    let visit: i64 = sqlx::query_scalar(
        "INSERT INTO ledger_visits (record_id, visited_on, visitor_id, found, agreed, next_due,
                                    created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(id)
    .bind(visited_on)
    .bind(user.user_id)
    .bind(&found)
    .bind(&agreed)
    .bind(next_due)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE ledger_records SET updated_at = $1,
             next_visit_due = (SELECT next_due FROM ledger_visits WHERE record_id = $2
                               ORDER BY visited_on DESC, id DESC LIMIT 1)
         WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(visit)
}

/// Closes a record she no longer needs: kept, read-only, until the retention period ends.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, record_id = id))]
pub async fn close(db: &Db, user: &SessionUser, id: i64) -> AppResult<()> {
    open(&rule::require_record(db, user, id).await?)?;
    let mut tx = db.writer().begin().await?;
    close_in(&mut tx, id, ClosedReason::NoLongerNeeded, crate::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Records that she withdrew her consent (how she said so), closes the record and erases its
/// contents. One transaction.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, record_id = id))]
pub async fn withdraw_consent(
    db: &Db,
    user: &SessionUser,
    id: i64,
    method: ConsentMethod,
    witness: Option<&str>,
) -> AppResult<()> {
    open(&rule::require_record(db, user, id).await?)?;
    let witness = witness
        .map(|w| domain::text::strip_invisible(w.trim()))
        .filter(|w| !w.is_empty());
    if witness
        .as_ref()
        .is_some_and(|w| w.chars().count() > domain::ledger::MAX_NAME_CHARS)
        || (method == ConsentMethod::Oral && witness.is_none())
    {
        return Err(AppError::field(ErrorKey::ConsentRequired, "witness"));
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    consent(
        &mut tx,
        id,
        ConsentEvent::Withdrawn,
        method,
        witness.as_deref(),
        user.user_id,
        now,
    )
    .await?;
    close_in(&mut tx, id, ClosedReason::ConsentWithdrawn, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes a record inside the caller's transaction, erasing its contents at once when the
/// reason says so.
async fn close_in(
    conn: &mut AnyConnection,
    id: i64,
    reason: ClosedReason,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE ledger_records SET closed_at = $1, closed_reason = $2, next_visit_due = NULL,
                                   updated_at = $1
         WHERE id = $3 AND closed_at IS NULL",
    )
    .bind(now)
    .bind(reason)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if reason.erases() {
        erase_contents(conn, id, now).await?;
    }
    Ok(())
}

/// Erases what a record says, keeping that it existed, who made it and when, and the consent
/// history; her requests keep their answers, not their words.
async fn erase_contents(conn: &mut AnyConnection, id: i64, now: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE ledger_records SET name = '', phone = NULL, birth_year = NULL,
             left_behind_since = NULL, husband_works = NULL, children_under_16 = NULL,
             elderly_dependants = NULL, disability_grade = NULL, skills = '', work_wanted = '',
             notes = '', next_visit_due = NULL, erased_at = $1
         WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    for table in ["ledger_difficulties", "ledger_assistance", "ledger_visits"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE record_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("UPDATE ledger_requests SET body = '' WHERE record_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Her account is being deleted: her record is treated as if she withdrew her consent (the
/// privacy notice says so). Inside the deletion's transaction.
pub async fn erase_for_deleted_account(
    conn: &mut AnyConnection,
    user_id: i64,
    now: i64,
) -> AppResult<()> {
    let open: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM ledger_records WHERE member_id = $1 AND erased_at IS NULL",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    for id in open {
        sqlx::query(
            "UPDATE ledger_records SET closed_at = COALESCE(closed_at, $1),
                                       closed_reason = $2
             WHERE id = $3",
        )
        .bind(now)
        .bind(ClosedReason::ConsentWithdrawn)
        .bind(id)
        .execute(&mut *conn)
        .await?;
        erase_contents(conn, id, now).await?;
    }
    Ok(())
}

/// Makes a volunteer of her area a keeper of the ledger of the village she lives in, or takes
/// that back (`keep` false). Audited.
#[tracing::instrument(skip_all, fields(user_id = organizer.user_id, volunteer))]
pub async fn set_keeper(
    db: &Db,
    organizer: &SessionUser,
    volunteer: i64,
    keep: bool,
) -> AppResult<()> {
    if organizer.role != Role::Organizer {
        return Err(AppError::forbidden());
    }
    let village: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT village_id FROM users WHERE id = $1 AND role = 'volunteer' AND deleted_at IS NULL",
    )
    .bind(volunteer)
    .fetch_optional(db.reader())
    .await?;
    let Some(Some(village)) = village else {
        return Err(AppError::field(ErrorKey::MemberNotFound, "volunteer_id"));
    };
    rule::require_ledger_organizer_of(db, organizer, village).await?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    sqlx::query("DELETE FROM ledger_keepers WHERE user_id = $1")
        .bind(volunteer)
        .execute(&mut *tx)
        .await?;
    if keep {
        sqlx::query(
            "INSERT INTO ledger_keepers (user_id, village_id, appointed_by, appointed_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(volunteer)
        .bind(village)
        .bind(organizer.user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let action = if keep {
        AuditAction::LedgerKeeperAppointed
    } else {
        AuditAction::LedgerKeeperRemoved
    };
    audit::record(
        &mut tx,
        Some(organizer.user_id),
        action,
        Some((AuditSubject::User, volunteer)),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AccessRow {
    at: i64,
    viewer_role: Role,
    fields_opened: String,
}

/// Her record (the newest, open or closed, until it is erased for good) and who looked at it.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn mine(db: &Db, user_id: i64) -> AppResult<MyLedger> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM ledger_records WHERE member_id = $1
         ORDER BY CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC
         LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(db.reader())
    .await?;
    let Some(id) = id else {
        return Ok(MyLedger {
            record: None,
            access: Vec::new(),
        });
    };
    let row = record_row(db, id).await?;
    let access: Vec<AccessRow> = sqlx::query_as(
        "SELECT at, viewer_role, fields_opened FROM ledger_access
         WHERE record_id = $1 ORDER BY at DESC, id DESC LIMIT 200",
    )
    .bind(id)
    .fetch_all(db.reader())
    .await?;
    let contents = match row.erased_at {
        Some(_) => None,
        None => Some(contents(db, &row, SensitiveField::VARIANTS).await?),
    };
    Ok(MyLedger {
        record: Some(MyLedgerRecord {
            id,
            village: row.village.clone(),
            contents,
            closed_reason: row.closed_reason,
            created_at: row.created_at,
            visits: visits(db, id).await?,
            requests: requests(db, id).await?,
        }),
        access: access
            .into_iter()
            .map(|a| LedgerAccess {
                at: a.at,
                role: a.viewer_role,
                fields_opened: SensitiveField::split(&a.fields_opened),
            })
            .collect(),
    })
}

/// She asks for a correction (saying what is wrong) or for her record's deletion; the
/// organizers of her village's area are told. Her request's id.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn ask(db: &Db, user_id: i64, kind: LedgerRequestKind, body: &str) -> AppResult<i64> {
    let body = domain::text::strip_invisible(body.trim());
    if body.chars().count() > MAX_REQUEST_CHARS
        || (kind == LedgerRequestKind::Correction && body.is_empty())
    {
        return Err(AppError::field(ErrorKey::BodyInvalid, "body"));
    }
    let record: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, village_id FROM ledger_records
         WHERE member_id = $1 AND erased_at IS NULL
         ORDER BY CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END, created_at DESC LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(db.reader())
    .await?;
    let (record, village) = record.ok_or_else(AppError::not_found)?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO ledger_requests (record_id, kind, body, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(record)
    .bind(kind)
    .bind(&body)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    // The organizers whose federation's region is her village, its township or its county.
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, created_at)
         SELECT u.id, $1, $2 FROM users u
         JOIN federations f ON f.id = u.federation_id
         JOIN regions v ON v.id = $3
         LEFT JOIN regions t ON t.id = v.parent_id
         WHERE u.role = 'organizer' AND u.deleted_at IS NULL
           AND f.region_id IN (v.id, COALESCE(t.id, v.id), COALESCE(t.parent_id, v.id))",
    )
    .bind(NotificationKind::LedgerRequestReceived)
    .bind(now)
    .bind(village)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An organizer of the record's area answers her request. A granted deletion closes the record
/// and erases it at once; a granted correction is made by editing the record. She is told.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, request))]
pub async fn answer(
    db: &Db,
    user: &SessionUser,
    request: i64,
    outcome: LedgerRequestOutcome,
    answer: &str,
) -> AppResult<()> {
    if user.role != Role::Organizer {
        return Err(AppError::forbidden());
    }
    let found: Option<(i64, i64, LedgerRequestKind, Option<LedgerRequestOutcome>)> =
        sqlx::query_as(
            "SELECT q.record_id, r.village_id, q.kind, q.outcome
             FROM ledger_requests q JOIN ledger_records r ON r.id = q.record_id
             WHERE q.id = $1",
        )
        .bind(request)
        .fetch_optional(db.reader())
        .await?;
    let (record, village, kind, done) = found.ok_or_else(AppError::not_found)?;
    rule::require_ledger_organizer_of(db, user, village).await?;
    if done.is_some() {
        return Err(AppError::field(ErrorKey::Conflict, "request_id"));
    }
    let answer = domain::text::strip_invisible(answer.trim());
    if answer.is_empty() || answer.chars().count() > MAX_REQUEST_CHARS {
        return Err(AppError::field(ErrorKey::BodyInvalid, "answer"));
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "UPDATE ledger_requests SET outcome = $1, answer = $2, answered_by = $3, answered_at = $4
         WHERE id = $5 AND outcome IS NULL",
    )
    .bind(outcome)
    .bind(&answer)
    .bind(user.user_id)
    .bind(now)
    .bind(request)
    .execute(&mut *tx)
    .await?;
    if kind == LedgerRequestKind::Deletion && outcome == LedgerRequestOutcome::Done {
        close_in(&mut tx, record, ClosedReason::DeletedOnRequest, now).await?;
        // The answer stays for her to read; her request's words went with the record.
    }
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, created_at)
         SELECT member_id, $1, $2 FROM ledger_records WHERE id = $3 AND member_id IS NOT NULL",
    )
    .bind(NotificationKind::LedgerRequestAnswered)
    .bind(now)
    .bind(record)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Erases for good the records closed longer ago than `retention_secs`, with everything about
/// them. How many.
#[tracing::instrument(skip_all)]
pub async fn erase_expired(db: &Db, now: i64, retention_secs: i64) -> AppResult<u64> {
    let expired: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM ledger_records WHERE closed_at IS NOT NULL AND closed_at < $1",
    )
    .bind(now - retention_secs)
    .fetch_all(db.reader())
    .await?;
    for id in &expired {
        let mut tx = db.writer().begin().await?;
        for table in [
            "ledger_difficulties",
            "ledger_assistance",
            "ledger_visits",
            "ledger_consents",
            "ledger_access",
            "ledger_requests",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE record_id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM ledger_records WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(expired.len() as u64)
}

/// How often the retention job looks for records to erase.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Runs [`erase_expired`] every `every` until the task is dropped; errors are logged.
pub async fn run(db: Db, retention_secs: i64, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match erase_expired(&db, crate::now(), retention_secs).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(records = n, "erased ledger records past their retention"),
            Err(e) => tracing::warn!(error = %e, "ledger retention job failed; will retry"),
        }
    }
}
