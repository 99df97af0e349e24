//! Women a volunteer or organizer adds in person, and codes given in person.
//!
//! A woman with no smartphone, or a girl under 14 with her guardian, is added by a helper of
//! her area with her consent (for the girl, her guardian's, PIPL art. 31) heard in person and
//! recorded. She has no password and cannot log in until she claims the account; the roster
//! tells the organizer to call her. A helper gives her a one-time code (shown once, hashed,
//! 30 minutes) with which she sets a password — the same code serves a woman of the area who
//! forgot hers. Wrong codes count as failed logins, by address and by number.

use crate::db::Db;
use crate::identity::SessionUser;
use crate::policy;
use crate::services::attempts::{self, AttemptKind};
use crate::services::audit::{self, AuditAction, AuditSubject};
use crate::services::auth::{start_over, Client, LoggedIn, NewPassword};
use crate::services::{regions, sessions, users};
use domain::account::{Role, PRIVACY_NOTICE_VERSION};
use domain::form::optional_number;
use domain::helped::{AddedWoman, Relation, ACCESS_CODE_DIGITS, ACCESS_CODE_SECS};
use domain::{AppError, AppResult, ErrorKey, Phone};

/// A girl's guardian, who consented in person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guardian {
    pub name: String,
    pub relation: Relation,
}

/// A woman to add, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewWoman {
    pub display_name: String,
    /// A basic phone or a landline, if she has one: where reminders will go.
    pub phone: Option<Phone>,
    pub village_id: i64,
    pub birth_year: Option<i64>,
    /// Set for a girl under 14.
    pub guardian: Option<Guardian>,
}

/// The add form's fields as sent.
#[derive(Clone, Debug, Default)]
pub struct NewWomanForm<'a> {
    pub display_name: &'a str,
    pub phone: Option<&'a str>,
    pub village_id: Option<&'a str>,
    pub birth_year: Option<&'a str>,
    /// She (or, under 14, her guardian) heard the privacy notice and agreed.
    pub consent: bool,
    pub guardian_name: Option<&'a str>,
    pub relation: Option<&'a str>,
}

impl NewWoman {
    /// Checks the form; the first problem found is returned, naming its field.
    pub fn parse(form: &NewWomanForm<'_>, this_year: i64) -> AppResult<NewWoman> {
        let display_name = domain::account::parse_display_name(form.display_name)?;
        let phone = match form.phone.map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(p) => Some(Phone::parse(p)?),
        };
        let village_id = optional_number(form.village_id, "village_id", ErrorKey::RegionInvalid)?
            .ok_or_else(|| AppError::field(ErrorKey::RegionInvalid, "village_id"))?;
        let birth_year = domain::account::parse_birth_year(form.birth_year, this_year)?;
        let under_14 =
            birth_year.is_some_and(|y| this_year - y < domain::account::MIN_REGISTRATION_AGE);
        let guardian = if under_14 {
            let name = domain::text::strip_invisible(form.guardian_name.unwrap_or_default())
                .trim()
                .to_owned();
            if name.is_empty() || name.chars().count() > 20 {
                return Err(AppError::field(ErrorKey::GuardianRequired, "guardian_name"));
            }
            let relation = form
                .relation
                .unwrap_or_default()
                .trim()
                .parse()
                .map_err(|_| AppError::field(ErrorKey::GuardianRequired, "relation"))?;
            Some(Guardian { name, relation })
        } else {
            None
        };
        if !form.consent {
            return Err(AppError::field(ErrorKey::ConsentRequired, "consent"));
        }
        Ok(NewWoman {
            display_name,
            phone,
            village_id,
            birth_year,
            guardian,
        })
    }
}

/// Adds her (a member of `village`, in the helper's area) with the consent heard in person;
/// her id. A number already registered gives `PhoneTaken`.
#[tracing::instrument(skip_all, fields(user_id = helper.user_id, village_id = woman.village_id))]
pub async fn add(db: &Db, helper: &SessionUser, woman: &NewWoman) -> AppResult<i64> {
    let area = policy::helper_area(db, helper).await?;
    if !regions::is_village(db.reader(), woman.village_id).await?
        || !policy::region_within(db, woman.village_id, area).await?
    {
        return Err(AppError::field(ErrorKey::RegionInvalid, "village_id"));
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (phone, display_name, role, village_id, birth_year, consent_version,
                            consented_at, added_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7)
         RETURNING id",
    )
    .bind(woman.phone.as_ref().map(Phone::as_str))
    .bind(&woman.display_name)
    .bind(Role::Member)
    .bind(woman.village_id)
    .bind(woman.birth_year)
    .bind(PRIVACY_NOTICE_VERSION)
    .bind(now)
    .bind(helper.user_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(users::phone_taken)?;
    if let Some(guardian) = &woman.guardian {
        sqlx::query(
            "INSERT INTO guardian_consents (user_id, guardian_name, relation, notice_version,
                                            given_at, recorded_by)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(&guardian.name)
        .bind(guardian.relation)
        .bind(PRIVACY_NOTICE_VERSION)
        .bind(now)
        .bind(helper.user_id)
        .execute(&mut *tx)
        .await?;
    }
    let detail = if woman.guardian.is_some() {
        "with her guardian's consent"
    } else {
        "with her consent"
    };
    audit::record(
        &mut tx,
        Some(helper.user_id),
        AuditAction::AccountAdded,
        Some((AuditSubject::User, id)),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct AddedRow {
    user_id: i64,
    display_name: String,
    village: String,
    phone: Option<String>,
    added_at: i64,
    claimed_at: Option<i64>,
    guardian: i64,
}

/// The women she added, newest first.
#[tracing::instrument(skip_all, fields(user_id = helper.user_id))]
pub async fn added_by(db: &Db, helper: &SessionUser) -> AppResult<Vec<AddedWoman>> {
    policy::helper_area(db, helper).await?;
    let rows: Vec<AddedRow> = sqlx::query_as(
        "SELECT u.id AS user_id, u.display_name, COALESCE(v.name, '') AS village, u.phone,
                u.created_at AS added_at, u.claimed_at,
                (SELECT COUNT(*) FROM guardian_consents g WHERE g.user_id = u.id) AS guardian
         FROM users u LEFT JOIN regions v ON v.id = u.village_id
         WHERE u.added_by = $1 AND u.deleted_at IS NULL
         ORDER BY u.id DESC
         LIMIT 500",
    )
    .bind(helper.user_id)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AddedWoman {
            user_id: r.user_id,
            display_name: r.display_name,
            village: r.village,
            phone_masked: r
                .phone
                .as_deref()
                .map(domain::phone::mask)
                .unwrap_or_default(),
            added_at: r.added_at,
            claimed: r.claimed_at.is_some(),
            with_guardian: r.guardian > 0,
        })
        .collect())
}

/// Whom a helper gives a code: one she added, or a woman of her area found by her number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Whom {
    Id(i64),
    Phone(String),
}

/// Gives the woman a new code (any earlier one stops working): the code and her name. Only
/// for a member or volunteer living in the helper's area; anyone else looks like nobody.
#[tracing::instrument(skip_all, fields(user_id = helper.user_id))]
pub async fn give_code(db: &Db, helper: &SessionUser, whom: Whom) -> AppResult<(String, String)> {
    let area = policy::helper_area(db, helper).await?;
    // (id, display name, village)
    type Found = Option<(i64, String, Option<i64>)>;
    let (field, found): (&str, Found) = match whom {
        Whom::Id(id) => (
            "member_id",
            sqlx::query_as(
                "SELECT id, display_name, village_id FROM users
                 WHERE id = $1 AND deleted_at IS NULL AND role IN ('member', 'volunteer')",
            )
            .bind(id)
            .fetch_optional(db.reader())
            .await?,
        ),
        Whom::Phone(p) => (
            "phone",
            sqlx::query_as(
                "SELECT id, display_name, village_id FROM users
                 WHERE phone = $1 AND deleted_at IS NULL AND role IN ('member', 'volunteer')",
            )
            .bind(Phone::parse(&p)?.as_str().to_owned())
            .fetch_optional(db.reader())
            .await?,
        ),
    };
    let Some((user_id, name, Some(village))) = found else {
        return Err(AppError::field(ErrorKey::MemberNotFound, field));
    };
    if user_id == helper.user_id || !policy::region_within(db, village, area).await? {
        return Err(AppError::field(ErrorKey::MemberNotFound, field));
    }
    let code = sessions::random_digits(ACCESS_CODE_DIGITS);
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    sqlx::query("UPDATE access_codes SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO access_codes (user_id, code_hash, given_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(sessions::hash_token(&code))
    .bind(helper.user_id)
    .bind(now)
    .bind(now + ACCESS_CODE_SECS)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(helper.user_id),
        AuditAction::AccessCodeGiven,
        Some((AuditSubject::User, user_id)),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok((code, name))
}

/// What she types to set her password with a code.
#[derive(Clone, Debug)]
pub struct Claim {
    pub phone: String,
    pub code: String,
    pub password: String,
}

#[derive(sqlx::FromRow)]
struct CodeRow {
    id: i64,
    user_id: i64,
    phone: Option<String>,
    role: Role,
}

/// Sets her password with a code given in person and logs her in; her other sessions end.
/// A wrong, used or expired code, or one for another number, answers `CodeInvalid` alike and
/// counts as a failed login. An account added without a number takes this one.
#[tracing::instrument(skip_all)]
pub async fn claim(db: &Db, claim: Claim, client: &Client) -> AppResult<LoggedIn> {
    let now = crate::now();
    let phone = Phone::parse(&claim.phone)?;
    let ip = crate::services::auth::ip_subject(client);
    let phone_subject = format!("phone:{}", phone.as_str());
    if client.rate_limits {
        attempts::check(
            db,
            &[
                attempts::LOGIN_PER_ADDRESS.on(&ip),
                attempts::LOGIN_PER_PHONE.on(&phone_subject),
            ],
            now,
        )
        .await?;
    }
    let code = claim.code.trim();
    let found: Option<CodeRow> = sqlx::query_as(
        "SELECT c.id, c.user_id, u.phone, u.role FROM access_codes c
         JOIN users u ON u.id = c.user_id
         WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2
           AND u.deleted_at IS NULL",
    )
    .bind(sessions::hash_token(code))
    .bind(now)
    .fetch_optional(db.reader())
    .await?;
    let found = found.filter(|c| c.phone.as_deref().is_none_or(|p| p == phone.as_str()));
    let Some(found) = found else {
        let mut tx = db.writer().begin().await?;
        attempts::record(
            &mut tx,
            AttemptKind::LoginFailed,
            &[&ip, &phone_subject],
            now,
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::field(ErrorKey::CodeInvalid, "code"));
    };
    crate::password::check_new(&claim.password, &phone, "password")?;
    let hash = crate::password::hash(claim.password).await?;
    let mut tx = db.writer().begin().await?;
    sqlx::query("UPDATE access_codes SET used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(found.id)
        .execute(&mut *tx)
        .await?;
    let new = NewPassword {
        user_id: found.user_id,
        role: found.role,
        phone: &phone,
        hash: &hash,
        audit: AuditAction::AccessCodeUsed,
    };
    let logged_in = start_over(&mut tx, new, client, now).await?;
    tx.commit().await?;
    Ok(logged_in)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(birth_year: &'a str) -> NewWomanForm<'a> {
        NewWomanForm {
            display_name: "小红",
            village_id: Some("7"),
            birth_year: Some(birth_year),
            consent: true,
            ..NewWomanForm::default()
        }
    }

    #[test]
    fn a_girl_under_14_needs_her_guardian_and_a_woman_her_own_consent() {
        let field = |f: &NewWomanForm<'_>| {
            let e = NewWoman::parse(f, 2026).unwrap_err();
            (e.key, e.field.unwrap_or_default())
        };
        let adult = NewWoman::parse(&form("1990"), 2026).unwrap();
        assert_eq!((adult.guardian, adult.phone), (None, None));
        assert_eq!(
            field(&form("2014")),
            (ErrorKey::GuardianRequired, "guardian_name".into())
        );
        let mut girl = NewWomanForm {
            guardian_name: Some(" 王芳 "),
            ..form("2014")
        };
        assert_eq!(
            field(&girl),
            (ErrorKey::GuardianRequired, "relation".into())
        );
        girl.relation = Some("mother");
        assert_eq!(
            NewWoman::parse(&girl, 2026).unwrap().guardian,
            Some(Guardian {
                name: "王芳".into(),
                relation: Relation::Mother
            })
        );
        girl.consent = false;
        assert_eq!(field(&girl), (ErrorKey::ConsentRequired, "consent".into()));
        // Fourteen this year is old enough.
        assert_eq!(NewWoman::parse(&form("2012"), 2026).unwrap().guardian, None);
    }

    #[test]
    fn codes_are_eight_digits() {
        let code = sessions::random_digits(ACCESS_CODE_DIGITS);
        assert_eq!(code.len(), ACCESS_CODE_DIGITS);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        assert_ne!(
            sessions::random_digits(ACCESS_CODE_DIGITS),
            code,
            "random (a clash is one in 10^8)"
        );
    }
}
