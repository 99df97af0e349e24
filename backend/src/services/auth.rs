//! Registration, login and password changes.

use sqlx::AnyConnection;

use crate::db::Db;
use crate::identity::{Role, SessionUser};
use crate::services::attempts::{self, AttemptKind};
use crate::services::audit::{self, AuditAction, AuditSubject};
use crate::services::users::{self, NewUser};
use crate::services::{phone_codes, regions, sessions};
use domain::account::PRIVACY_NOTICE_VERSION;
use domain::form::optional_number;
use domain::sms::CodePurpose;
use domain::{AppError, AppResult, ErrorKey, Phone};

/// Who is asking, for abuse limits and the audit log.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub address: String,
    pub user_agent: Option<String>,
    /// Hash of the long-lived device cookie, if the browser has one.
    pub device_hash: Option<String>,
    /// Whether abuse limits apply (TONGXIN_RATE_LIMITS).
    pub rate_limits: bool,
    /// How long the session a login starts may last (TONGXIN_SESSION_*).
    pub session_lifetimes: sessions::SessionLifetimes,
    /// Registration needs a code texted to the number (TONGXIN_SMS_VERIFY_NUMBERS).
    pub verify_numbers: bool,
}

/// A registration form, already parsed into valid values.
pub struct Registration {
    pub phone: Phone,
    pub password: String,
    pub display_name: String,
    pub village_id: i64,
    pub birth_year: Option<i64>,
    pub consent: bool,
    /// The code texted to the number, where numbers are checked (set after parsing).
    pub code: Option<String>,
}

impl Registration {
    /// Parses and checks the raw form fields; the first problem found is returned.
    pub fn parse(
        phone: &str,
        password: String,
        display_name: &str,
        village_id: Option<&str>,
        birth_year: Option<&str>,
        consent: bool,
        this_year: i64,
    ) -> AppResult<Registration> {
        let phone = Phone::parse(phone)?;
        crate::password::check_new(&password, &phone, "password")?;
        let display_name = domain::account::parse_display_name(display_name)?;
        let village_id = optional_number(village_id, "village_id", ErrorKey::RegionInvalid)?
            .ok_or_else(|| AppError::field(ErrorKey::RegionInvalid, "village_id"))?;
        let birth_year = domain::account::parse_birth_year(birth_year, this_year)?;
        // PIPL art. 31: a child under 14 needs her guardian's consent, which a form cannot
        // take; the consent sentence says she is 14 or older when no year is given.
        if birth_year.is_some_and(|y| this_year - y < domain::account::MIN_REGISTRATION_AGE) {
            return Err(AppError::field(ErrorKey::TooYoung, "birth_year"));
        }
        if !consent {
            return Err(AppError::field(ErrorKey::ConsentRequired, "consent"));
        }
        Ok(Registration {
            phone,
            password,
            display_name,
            village_id,
            birth_year,
            consent,
            code: None,
        })
    }
}

pub(crate) fn ip_subject(client: &Client) -> String {
    format!("ip:{}", client.address)
}

/// Creates the account and logs her in: the user id and the session token. A number that is
/// already registered gives `None`: nothing is created, nobody is logged in, and the caller
/// answers exactly as for a new account, so registration does not tell whether a number is
/// registered (the attempt still counts towards the address's limit).
#[tracing::instrument(skip_all, fields(village_id = form.village_id))]
pub async fn register(
    db: &Db,
    form: Registration,
    client: &Client,
) -> AppResult<Option<(i64, String)>> {
    let now = crate::now();
    let ip = ip_subject(client);
    if client.rate_limits {
        attempts::check(db, &[attempts::REGISTER_PER_ADDRESS.on(&ip)], now).await?;
    }
    if !regions::is_village(db.reader(), form.village_id).await? {
        return Err(AppError::field(ErrorKey::RegionInvalid, "village_id"));
    }
    let code = if client.verify_numbers {
        let code = form.code.as_deref().unwrap_or_default();
        Some(phone_codes::check(db, &form.phone, CodePurpose::Registration, code, "code").await?)
    } else {
        None
    };
    // Hashed in either case, so a taken number answers in the same time.
    let hash = crate::password::hash(form.password).await?;
    let mut tx = db.writer().begin().await?;
    if let Some(code) = code {
        phone_codes::use_up(&mut tx, code, now).await?;
    }
    attempts::record(&mut tx, AttemptKind::Register, &[&ip], now).await?;
    let user_id = users::create(
        &mut tx,
        NewUser {
            phone: &form.phone,
            password_hash: &hash,
            display_name: &form.display_name,
            role: Role::Member,
            village_id: Some(form.village_id),
            federation_id: None,
            birth_year: form.birth_year,
            consent_version: form.consent.then_some(PRIVACY_NOTICE_VERSION),
        },
    )
    .await;
    let user_id = match user_id {
        Ok(id) => id,
        Err(e) if e.key == ErrorKey::PhoneTaken => {
            // Keep the attempt counted even when the number is taken.
            drop(tx);
            let mut tx = db.writer().begin().await?;
            attempts::record(&mut tx, AttemptKind::Register, &[&ip], now).await?;
            tx.commit().await?;
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    audit::record_own(&mut tx, user_id, AuditAction::Registered).await?;
    remember_device(&mut tx, user_id, client, now).await?;
    let token = sessions::create(
        &mut tx,
        user_id,
        client.user_agent.as_deref(),
        &client.session_lifetimes,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some((user_id, token)))
}

/// A password she set with a code (texted, or given in person), for [`start_over`].
pub(crate) struct NewPassword<'a> {
    pub user_id: i64,
    pub role: Role,
    pub phone: &'a Phone,
    pub hash: &'a str,
    /// How she proved it was her (`password_reset`, `access_code_used`).
    pub audit: AuditAction,
}

/// Sets her new password inside the caller's transaction (the code used up there too), ends
/// every session she had, forgets her failed logins, audits it and logs her in.
pub(crate) async fn start_over(
    conn: &mut AnyConnection,
    new: NewPassword<'_>,
    client: &Client,
    now: i64,
) -> AppResult<LoggedIn> {
    users::set_password(&mut *conn, new.user_id, new.phone, new.hash, now).await?;
    sessions::end_all(&mut *conn, new.user_id, None).await?;
    let phone_subject = format!("phone:{}", new.phone.as_str());
    attempts::clear(&mut *conn, AttemptKind::LoginFailed, &phone_subject).await?;
    audit::record_own(&mut *conn, new.user_id, new.audit).await?;
    let token = sessions::create(
        &mut *conn,
        new.user_id,
        client.user_agent.as_deref(),
        &client.session_lifetimes,
        now,
    )
    .await?;
    Ok(LoggedIn {
        user_id: new.user_id,
        role: new.role,
        token,
    })
}

/// Who has just logged in, and the token of her new session.
pub struct LoggedIn {
    pub user_id: i64,
    /// Where she lands depends on it (an organizer on her workbench).
    pub role: Role,
    pub token: String,
}

/// Texts a code to a number about to be registered (where numbers are checked). Answered
/// alike whether or not the number already has an account.
#[tracing::instrument(skip_all)]
pub async fn registration_code(db: &Db, phone: &str, client: &Client) -> AppResult<()> {
    let phone = Phone::parse(phone)?;
    phone_codes::request(
        db,
        &phone,
        CodePurpose::Registration,
        None,
        &ip_subject(client),
        client.rate_limits,
    )
    .await?;
    Ok(())
}

/// Checks the number and password; on success starts a session and returns its token.
/// An unknown number and a wrong password give the same answer, in the same time.
#[tracing::instrument(skip_all)]
pub async fn login(db: &Db, phone: &str, password: String, client: &Client) -> AppResult<LoggedIn> {
    let now = crate::now();
    // A malformed number cannot match an account; still spend the hashing time.
    let phone = Phone::parse(phone).ok();
    let phone_subject = phone.as_ref().map(|p| format!("phone:{p}"));
    let ip = ip_subject(client);
    if client.rate_limits {
        let mut limits = vec![attempts::LOGIN_PER_ADDRESS.on(&ip)];
        if let Some(p) = &phone_subject {
            limits.push(attempts::LOGIN_PER_PHONE.on(p));
        }
        attempts::check(db, &limits, now).await?;
    }
    let found: Option<(i64, Option<String>, Role)> =
        match &phone {
            Some(p) => sqlx::query_as(
                "SELECT id, password_hash, role FROM users WHERE phone = $1 AND deleted_at IS NULL",
            )
            .bind(p.as_str())
            .fetch_optional(db.reader())
            .await?,
            None => None,
        };
    let (user_id, stored, role) = match found {
        Some((id, hash, role)) => (Some(id), hash, role),
        None => (None, None, Role::Member),
    };
    let ok = crate::password::verify(password, stored).await? && user_id.is_some();
    let mut tx = db.writer().begin().await?;
    let (Some(user_id), true) = (user_id, ok) else {
        let mut subjects = vec![ip.as_str()];
        if let Some(p) = &phone_subject {
            subjects.push(p);
        }
        attempts::record(&mut tx, AttemptKind::LoginFailed, &subjects, now).await?;
        tx.commit().await?;
        return Err(AppError::new(ErrorKey::WrongCredentials));
    };
    if let Some(p) = &phone_subject {
        attempts::clear(&mut tx, AttemptKind::LoginFailed, p).await?;
    }
    if remember_device(&mut tx, user_id, client, now).await? {
        let detail = client
            .user_agent
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(120)
            .collect::<String>();
        audit::record(
            &mut tx,
            Some(user_id),
            AuditAction::LoginNewDevice,
            Some((AuditSubject::User, user_id)),
            &detail,
        )
        .await?;
    }
    let token = sessions::create(
        &mut tx,
        user_id,
        client.user_agent.as_deref(),
        &client.session_lifetimes,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(LoggedIn {
        user_id,
        role,
        token,
    })
}

/// Checks her password again on this session (the "请再输入一次密码" page) and records when.
/// Wrong passwords count like failed logins of her account: five in 15 minutes and she must
/// wait, so a session left on a shared phone cannot be used to guess the password.
#[tracing::instrument(skip_all, fields(session_id = user.session_id))]
pub async fn confirm_password(
    db: &Db,
    user: &SessionUser,
    password: String,
    client: &Client,
) -> AppResult<()> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user.user_id)
            .fetch_optional(db.reader())
            .await?
            .flatten();
    if !attempts::password_again(db, user.user_id, password, stored, client.rate_limits).await? {
        return Err(AppError::field(ErrorKey::PasswordWrong, "password"));
    }
    let mut conn = db.writer().acquire().await?;
    sessions::record_reauth(&mut conn, user.session_id, crate::now()).await?;
    Ok(())
}

/// Records the device; true if she had never logged in from it.
async fn remember_device(
    conn: &mut AnyConnection,
    user_id: i64,
    client: &Client,
    now: i64,
) -> AppResult<bool> {
    let Some(device) = &client.device_hash else {
        return Ok(true);
    };
    let inserted = sqlx::query(
        "INSERT INTO user_devices (user_id, device_hash, first_seen_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, device_hash) DO NOTHING",
    )
    .bind(user_id)
    .bind(device)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Changes the password after checking the old one, and ends her other sessions.
#[tracing::instrument(skip_all, fields(user_id, session_id))]
pub async fn change_password(
    db: &Db,
    user_id: i64,
    session_id: i64,
    old: String,
    new: String,
) -> AppResult<()> {
    let (phone, stored): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT phone, password_hash FROM users WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::unauthenticated)?;
    let phone = phone
        .as_deref()
        .map(Phone::parse)
        .transpose()
        .ok()
        .flatten()
        .ok_or_else(AppError::unauthenticated)?;
    if !attempts::password_again(db, user_id, old, stored, true).await? {
        return Err(AppError::field(ErrorKey::OldPasswordWrong, "old_password"));
    }
    crate::password::check_new(&new, &phone, "new_password")?;
    let hash = crate::password::hash(new).await?;
    let mut tx = db.writer().begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sessions::end_all(&mut tx, user_id, Some(session_id)).await?;
    audit::record_own(&mut tx, user_id, AuditAction::PasswordChanged).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends one session (logout). An unknown token is no error: she is logged out either way.
#[tracing::instrument(skip_all)]
pub async fn logout(db: &Db, token: &str) -> AppResult<()> {
    let mut conn = db.writer().acquire().await?;
    sessions::end(&mut conn, token).await
}

/// Ends every session of her account, this one included, and audits it.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn logout_everywhere(db: &Db, user_id: i64) -> AppResult<()> {
    let mut tx = db.writer().begin().await?;
    sessions::end_all(&mut tx, user_id, None).await?;
    audit::record_own(&mut tx, user_id, AuditAction::LoggedOutEverywhere).await?;
    tx.commit().await?;
    Ok(())
}
