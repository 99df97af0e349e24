//! Password hashing with argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane).
//!
//! Hashing takes tens of milliseconds of CPU, so it runs on tokio's blocking threads, never
//! on the threads that serve requests; and each hash holds 19 MiB, so at most
//! [`AT_ONCE`] run at a time: a flood of logins waits its turn instead of exhausting memory.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use domain::{AppError, ErrorKey, Phone};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// Hashes (and checks) running at once on this node: 4 × 19 MiB at most.
pub const AT_ONCE: usize = 4;
static TURNS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(AT_ONCE));
/// How many run now, and the most that ever ran at once (for the test of the limit).
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Runs one argon2 computation on a blocking thread when its turn comes.
async fn in_turn<T: Send + 'static>(
    doing: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _turn = TURNS.acquire().await.map_err(|e| crate::failed(doing, e))?;
    tokio::task::spawn_blocking(move || {
        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(now, Ordering::SeqCst);
        let result = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        result
    })
    .await
    .map_err(|e| crate::failed(doing, e))
}

/// The 10,000 most common passwords, lowercased (source and licence: `data/common-passwords.md`).
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

/// True for one of the 10,000 most common passwords (any letter case).
pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.to_lowercase().as_str())
}

/// A new password as the server accepts it: `domain::password::check` (length, not one
/// repeated character, not her phone number) and not one of the most common passwords.
/// Errors name the form field `field`.
pub fn check_new(password: &str, phone: &Phone, field: &str) -> Result<(), AppError> {
    let named = |mut e: AppError| {
        e.field = Some(field.to_owned());
        e
    };
    domain::password::check(password, phone).map_err(named)?;
    if is_common(password) {
        return Err(AppError::field(ErrorKey::PasswordTooCommon, field));
    }
    Ok(())
}

fn argon2() -> Argon2<'static> {
    // m = 19 MiB, t = 2, p = 1: OWASP's first recommended argon2id configuration.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (algorithm, parameters and salt included).
pub async fn hash(password: String) -> Result<String, AppError> {
    in_turn("hashing a password", move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|e| crate::failed("hashing a password", e))
}

/// Checks a password against a stored hash. With `None` (no such user) it checks against a
/// fixed dummy hash, so an unknown number costs the same time as a wrong password.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    in_turn("checking a password", move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
            && known
    })
    .await
}

/// The argon2id hash of a random string nobody knows, at the same cost as real hashes.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1xOHqzDCM8bC39IcP9vE4QOBYbA1b5yBXWQ2lEtbmO8";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_flood_of_hashes_runs_a_few_at_a_time() {
        let flood: Vec<_> = (0..16)
            .map(|i| tokio::spawn(hash(format!("password-{i}"))))
            .collect();
        for h in flood {
            assert!(h.await.unwrap().unwrap().starts_with("$argon2id$"));
        }
        let peak = PEAK.load(Ordering::SeqCst);
        assert!((1..=AT_ONCE).contains(&peak), "{peak} hashes ran at once");
    }

    #[tokio::test]
    async fn hashes_verify_and_unknown_users_never_match() {
        let h = hash("tongxin-demo".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("tongxin-demo".into(), Some(h.clone()))
            .await
            .unwrap());
        assert!(!verify("wrong".into(), Some(h)).await.unwrap());
        assert!(!verify("tongxin-demo".into(), None).await.unwrap());
    }

    #[test]
    fn dummy_hash_parses_with_real_cost() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
    }
}

#[cfg(test)]
mod common_tests {
    use super::*;

    #[test]
    fn the_common_list_is_loaded_once_and_compared_without_case() {
        assert_eq!(COMMON.len(), 10_000);
        for common in ["password", "12345678", "PassWord", "woaini1314", "1qaz2wsx"] {
            assert!(is_common(common), "{common}");
        }
        assert!(!is_common("tongxin-demo"));
        let phone = Phone::parse("13812345678").unwrap();
        assert_eq!(
            check_new("qwertyuiop", &phone, "new_password").unwrap_err(),
            AppError::field(ErrorKey::PasswordTooCommon, "new_password")
        );
        assert_eq!(
            check_new("138-1234-5678", &phone, "password")
                .unwrap_err()
                .key,
            ErrorKey::PasswordIsPhone
        );
        assert!(check_new("a-good-passphrase", &phone, "password").is_ok());
    }
}
