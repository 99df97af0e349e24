//! Configuration from the environment, with defaults that run a single-machine installation.
//! Every variable is documented in `.env.example`.

use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` (default `sqlite://data/tongxin.db`) or `postgres://…`.
    pub database_url: String,
    /// Most database connections this node opens (PostgreSQL; SQLite readers).
    pub db_max_connections: u32,
    /// A request that takes longer is answered 408 and its work dropped.
    pub request_timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// How long SIGTERM waits for requests in flight before exiting.
    pub shutdown_grace: Duration,
    /// `json` for machine-readable logs, `pretty` for people.
    pub log_format: LogFormat,
    /// Abuse limits (failed logins, registrations); off only for load tests.
    pub rate_limits: bool,
    /// Trust the last address in `X-Forwarded-For` (set when a reverse proxy is in front).
    pub behind_proxy: bool,
    /// A circle post reported by this many different members is hidden until reviewed.
    pub report_threshold: i64,
    /// How long a node hands out its copy of a public page to visitors who are not logged
    /// in (see `server::middleware::page_cache`); zero renders every view.
    pub page_cache_ttl: Duration,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/tongxin.db";

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, String> {
        Config::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads configuration through `lookup`, so tests can supply their own values.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let get = |key: &str| lookup(key).filter(|v| !v.trim().is_empty());
        fn number<T: std::str::FromStr>(
            key: &str,
            value: Option<String>,
            default: T,
        ) -> Result<T, String> {
            match value {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse()
                    .map_err(|_| format!("{key} must be a number, got {v:?}")),
            }
        }
        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres:")
            || database_url.starts_with("postgresql:"))
        {
            return Err(format!(
                "DATABASE_URL must start with sqlite: or postgres:, got {database_url:?}"
            ));
        }
        let log_format = match get("TONGXIN_LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(format!(
                    "TONGXIN_LOG_FORMAT must be json or pretty, got {other:?}"
                ))
            }
        };
        let rate_limits = match get("TONGXIN_RATE_LIMITS").as_deref() {
            None | Some("on") => true,
            Some("off") => false,
            Some(other) => {
                return Err(format!(
                    "TONGXIN_RATE_LIMITS must be on or off, got {other:?}"
                ))
            }
        };
        let behind_proxy = match get("TONGXIN_BEHIND_PROXY").as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(format!(
                    "TONGXIN_BEHIND_PROXY must be true or false, got {other:?}"
                ))
            }
        };
        let report_threshold = number(
            "TONGXIN_REPORT_THRESHOLD",
            get("TONGXIN_REPORT_THRESHOLD"),
            3,
        )?;
        if !(1..=100).contains(&report_threshold) {
            return Err(format!(
                "TONGXIN_REPORT_THRESHOLD must be between 1 and 100, got {report_threshold}"
            ));
        }
        let page_cache_secs: u64 =
            number("TONGXIN_PAGE_CACHE_SECS", get("TONGXIN_PAGE_CACHE_SECS"), 3)?;
        if page_cache_secs > 60 {
            return Err(format!(
                "TONGXIN_PAGE_CACHE_SECS must be between 0 and 60, got {page_cache_secs}"
            ));
        }
        Ok(Config {
            report_threshold,
            page_cache_ttl: Duration::from_secs(page_cache_secs),
            behind_proxy,
            database_url,
            db_max_connections: number(
                "TONGXIN_DB_MAX_CONNECTIONS",
                get("TONGXIN_DB_MAX_CONNECTIONS"),
                16,
            )?,
            request_timeout: Duration::from_secs(number(
                "TONGXIN_REQUEST_TIMEOUT_SECS",
                get("TONGXIN_REQUEST_TIMEOUT_SECS"),
                30,
            )?),
            body_limit_bytes: number(
                "TONGXIN_BODY_LIMIT_BYTES",
                get("TONGXIN_BODY_LIMIT_BYTES"),
                1024 * 1024,
            )?,
            shutdown_grace: Duration::from_secs(number(
                "TONGXIN_SHUTDOWN_GRACE_SECS",
                get("TONGXIN_SHUTDOWN_GRACE_SECS"),
                20,
            )?),
            log_format,
            rate_limits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_run_on_sqlite() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert!(c.rate_limits);
        assert_eq!(c.log_format, LogFormat::Pretty);
        assert_eq!(c.page_cache_ttl, Duration::from_secs(3));
    }

    #[test]
    fn page_cache_lifetime_is_bounded() {
        let secs = |v: &str| {
            let v = v.to_owned();
            Config::from_lookup(move |k| (k == "TONGXIN_PAGE_CACHE_SECS").then(|| v.clone()))
        };
        assert_eq!(secs("0").unwrap().page_cache_ttl, Duration::ZERO);
        assert!(secs("61").unwrap_err().contains("TONGXIN_PAGE_CACHE_SECS"));
        assert!(secs("-1").unwrap_err().contains("TONGXIN_PAGE_CACHE_SECS"));
    }

    #[test]
    fn bad_values_are_named() {
        let err =
            Config::from_lookup(|k| (k == "TONGXIN_REQUEST_TIMEOUT_SECS").then(|| "soon".into()))
                .unwrap_err();
        assert!(err.contains("TONGXIN_REQUEST_TIMEOUT_SECS"), "{err}");
        let err =
            Config::from_lookup(|k| (k == "DATABASE_URL").then(|| "mysql://x".into())).unwrap_err();
        assert!(err.contains("DATABASE_URL"), "{err}");
    }

    #[test]
    fn rate_limits_can_be_switched_off() {
        let c =
            Config::from_lookup(|k| (k == "TONGXIN_RATE_LIMITS").then(|| "off".into())).unwrap();
        assert!(!c.rate_limits);
    }
}
