//! Getting back in by text message: she gives her number, a code goes to it, and with the code
//! she sets a new password (the same way a woman added by a helper claims her account without
//! waiting for one). Her other sessions end. Nothing answers differently for a number with no
//! account; wrong codes cost the code's tries and count against the address like failed logins.

use crate::db::Db;
use crate::identity::Role;
use crate::services::attempts::{self, AttemptKind};
use crate::services::audit::AuditAction;
use crate::services::auth::{ip_subject, start_over, Client, LoggedIn, NewPassword};
use crate::services::phone_codes::{self, Requested};
use domain::sms::CodePurpose;
use domain::{AppError, AppResult, ErrorKey, Phone};

/// The account a number belongs to, if any: its id and role.
async fn account_of(db: &Db, phone: &Phone) -> AppResult<Option<(i64, Role)>> {
    Ok(
        sqlx::query_as("SELECT id, role FROM users WHERE phone = $1 AND deleted_at IS NULL")
            .bind(phone.as_str())
            .fetch_optional(db.reader())
            .await?,
    )
}

/// Texts a code to `phone` if an account has it. The caller answers alike whatever happened,
/// even for a value that cannot be a number (no account can have it).
#[tracing::instrument(skip_all)]
pub async fn start(db: &Db, phone: &str, client: &Client) -> AppResult<Requested> {
    let Ok(phone) = Phone::parse(phone) else {
        return Ok(Requested::NoAccount);
    };
    let account = account_of(db, &phone).await?.map(|(id, _)| id);
    phone_codes::request(
        db,
        &phone,
        CodePurpose::Password,
        account,
        &ip_subject(client),
        client.rate_limits,
    )
    .await
}

/// What she sends to set her password with a texted code.
#[derive(Clone, Debug)]
pub struct Reset {
    pub phone: String,
    pub code: String,
    pub new_password: String,
}

/// Sets her password with the texted code and logs her in; every other session ends. A wrong,
/// used or expired code answers `CodeInvalid`.
#[tracing::instrument(skip_all)]
pub async fn finish(db: &Db, reset: Reset, client: &Client) -> AppResult<LoggedIn> {
    let now = crate::now();
    let phone = Phone::parse(&reset.phone)?;
    let ip = ip_subject(client);
    if client.rate_limits {
        attempts::check(db, &[attempts::LOGIN_PER_ADDRESS.on(&ip)], now).await?;
    }
    crate::password::check_new(&reset.new_password, &phone, "new_password")?;
    let matched =
        match phone_codes::check(db, &phone, CodePurpose::Password, &reset.code, "code").await {
            Ok(m) => m,
            Err(e) => {
                let mut tx = db.writer().begin().await?;
                attempts::record(&mut tx, AttemptKind::LoginFailed, &[&ip], now).await?;
                tx.commit().await?;
                return Err(e);
            }
        };
    let Some((user_id, role)) = account_of(db, &phone).await? else {
        return Err(AppError::field(ErrorKey::CodeInvalid, "code"));
    };
    let hash = crate::password::hash(reset.new_password).await?;
    let mut tx = db.writer().begin().await?;
    phone_codes::use_up(&mut tx, matched, now).await?;
    let new = NewPassword {
        user_id,
        role,
        phone: &phone,
        hash: &hash,
        audit: AuditAction::PasswordReset,
    };
    let logged_in = start_over(&mut tx, new, client, now).await?;
    tx.commit().await?;
    Ok(logged_in)
}
