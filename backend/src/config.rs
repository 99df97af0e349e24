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
    /// How long a closed care-ledger record is kept before the server erases it, in days.
    pub ledger_retention_days: i64,
    /// A help request still new after this long is overdue and escalated to the county
    /// (`TONGXIN_HELP_ACKNOWLEDGE_HOURS`), in seconds.
    pub help_acknowledge_secs: i64,
    /// How long a node hands out its copy of a public page to visitors who are not logged
    /// in (see `server::middleware::page_cache`); zero renders every view.
    pub page_cache_ttl: Duration,
    /// How long sessions last (`TONGXIN_SESSION_*`).
    pub sessions: SessionLifetimes,
    /// Text messages: the provider and the rules (`TONGXIN_SMS_*`).
    pub sms: SmsConfig,
}

/// Text messages: who sends them, and the rules the outbox keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmsConfig {
    pub provider: SmsProviderConfig,
    /// At most this many messages to one number per China day (codes included).
    pub daily_cap: i64,
    /// Registration asks for a code sent to the number first (on by default with a real
    /// provider, off with `log`).
    pub verify_numbers: bool,
    /// The secret part of the address the provider posts her replies to
    /// (`/hooks/sms/aliyun/up/{token}`); no token, no such address.
    pub replies_token: Option<String>,
}

impl Default for SmsConfig {
    fn default() -> Self {
        SmsConfig {
            provider: SmsProviderConfig::Log,
            daily_cap: 5,
            verify_numbers: false,
            replies_token: None,
        }
    }
}

/// `TONGXIN_SMS_PROVIDER` and the provider's own settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SmsProviderConfig {
    /// Writes each message to the log; sends nothing.
    Log,
    /// Alibaba Cloud SMS (`dysmsapi`, `SendSms`).
    Aliyun(AliyunSettings),
}

/// Alibaba Cloud SMS: where to send, the key pair, the approved signature and templates.
#[derive(Clone, PartialEq, Eq)]
pub struct AliyunSettings {
    /// `https://dysmsapi.aliyuncs.com/` unless overridden (tests point it at their own gateway).
    pub endpoint: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    /// The approved signature name, without brackets (e.g. `同心`).
    pub sign_name: String,
    /// The provider's code of each approved template.
    pub templates: Vec<(domain::sms::SmsTemplate, String)>,
    /// How long one request may take.
    pub timeout: Duration,
}

impl std::fmt::Debug for AliyunSettings {
    // The secret never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AliyunSettings")
            .field("endpoint", &self.endpoint)
            .field("access_key_id", &self.access_key_id)
            .field("sign_name", &self.sign_name)
            .field("templates", &self.templates)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl AliyunSettings {
    /// The provider's code for `template`.
    pub fn template_code(&self, template: domain::sms::SmsTemplate) -> Option<&str> {
        self.templates
            .iter()
            .find(|(t, _)| *t == template)
            .map(|(_, code)| code.as_str())
    }
}

pub const DEFAULT_ALIYUN_ENDPOINT: &str = "https://dysmsapi.aliyuncs.com/";

/// How long a session lasts: idle limits by role, and an absolute limit from login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionLifetimes {
    /// Organizers and admins: a session unused this long ends (default 30 minutes).
    pub staff_idle_secs: i64,
    /// Members and volunteers: a session unused this long ends (default 7 days).
    pub member_idle_secs: i64,
    /// Every session ends this long after login, used or not (default 30 days).
    pub absolute_secs: i64,
}

impl Default for SessionLifetimes {
    fn default() -> Self {
        SessionLifetimes {
            staff_idle_secs: 30 * 60,
            member_idle_secs: 7 * 86_400,
            absolute_secs: 30 * 86_400,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/tongxin.db";

/// The settings as given on the command line or in the environment (each option reads the
/// variable named beside it), with their defaults, before they are checked. A blank value
/// counts as not given. `tongxin --help` lists them.
#[derive(Clone, Debug, clap::Args)]
#[command(next_help_heading = "Configuration (each option also reads its environment variable)")]
pub struct Settings {
    /// The database: `sqlite://PATH` (relative to the working directory; created if missing)
    /// or `postgres://USER@HOST/DB`.
    #[arg(long, global = true, env = "DATABASE_URL", hide_env_values = true, default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// Most database connections this node opens (PostgreSQL pool; SQLite readers).
    #[arg(
        long,
        global = true,
        env = "TONGXIN_DB_MAX_CONNECTIONS",
        default_value = "16"
    )]
    pub db_max_connections: String,
    /// A request taking longer than this many seconds is answered 408.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_REQUEST_TIMEOUT_SECS",
        default_value = "30"
    )]
    pub request_timeout_secs: String,
    /// Largest request body accepted, in bytes (larger: 413).
    #[arg(
        long,
        global = true,
        env = "TONGXIN_BODY_LIMIT_BYTES",
        default_value = "1048576"
    )]
    pub body_limit_bytes: String,
    /// After SIGTERM, how many seconds requests in flight may take before the process exits.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SHUTDOWN_GRACE_SECS",
        default_value = "20"
    )]
    pub shutdown_grace_secs: String,
    /// Log format: `pretty` (for people) or `json` (for log collectors).
    #[arg(
        long,
        global = true,
        env = "TONGXIN_LOG_FORMAT",
        default_value = "pretty"
    )]
    pub log_format: String,
    /// Abuse limits (failed logins, registrations): `on`, or `off` for load tests only.
    #[arg(long, global = true, env = "TONGXIN_RATE_LIMITS", default_value = "on")]
    pub rate_limits: String,
    /// `true` when a reverse proxy is in front: the client address is then the last
    /// `X-Forwarded-For` entry.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_BEHIND_PROXY",
        default_value = "false"
    )]
    pub behind_proxy: String,
    /// A circle post reported by this many members (1–100) is hidden until reviewed.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_REPORT_THRESHOLD",
        default_value = "3"
    )]
    pub report_threshold: String,
    /// Days (30–3650) a closed care-ledger record is kept before it is erased.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_LEDGER_RETENTION_DAYS",
        default_value = "1095"
    )]
    pub ledger_retention_days: String,
    /// Hours (1–720) a help request may wait to be acknowledged before it is overdue and
    /// the county's organizers are told.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_HELP_ACKNOWLEDGE_HOURS",
        default_value = "48"
    )]
    pub help_acknowledge_hours: String,
    /// Seconds (0–60) a node hands out its copy of a public page to visitors who are not
    /// logged in; 0 renders every view.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_PAGE_CACHE_SECS",
        default_value = "3"
    )]
    pub page_cache_secs: String,
    /// Minutes an organizer's or admin's session may sit unused before it ends.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SESSION_STAFF_IDLE_MINUTES",
        default_value = "30"
    )]
    pub session_staff_idle_minutes: String,
    /// Days a member's or volunteer's session may sit unused before it ends.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SESSION_MEMBER_IDLE_DAYS",
        default_value = "7"
    )]
    pub session_member_idle_days: String,
    /// Days after login when every session ends, however much it is used.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SESSION_ABSOLUTE_DAYS",
        default_value = "30"
    )]
    pub session_absolute_days: String,
    /// Who sends text messages: `log` (write them to the log, send nothing) or `aliyun`
    /// (Alibaba Cloud SMS, with the TONGXIN_SMS_* settings below).
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SMS_PROVIDER",
        default_value = "log"
    )]
    pub sms_provider: String,
    /// The provider's address (Alibaba Cloud: https://dysmsapi.aliyuncs.com/).
    #[arg(long, global = true, env = "TONGXIN_SMS_ENDPOINT", default_value = "")]
    pub sms_endpoint: String,
    /// The provider's AccessKey ID.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SMS_ACCESS_KEY_ID",
        default_value = ""
    )]
    pub sms_access_key_id: String,
    /// The provider's AccessKey secret.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SMS_ACCESS_KEY_SECRET",
        hide_env_values = true,
        default_value = ""
    )]
    pub sms_access_key_secret: String,
    /// The approved signature, without brackets.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SMS_SIGN_NAME",
        default_value = "同心"
    )]
    pub sms_sign_name: String,
    /// The provider's code of each approved template: `reminder=SMS_1,moved_up=SMS_2,…`
    /// (every template of README's "Text messages").
    #[arg(long, global = true, env = "TONGXIN_SMS_TEMPLATES", default_value = "")]
    pub sms_templates: String,
    /// Seconds one request to the provider may take.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SMS_TIMEOUT_SECS",
        default_value = "10"
    )]
    pub sms_timeout_secs: String,
    /// At most this many messages to one number per day (1–50).
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SMS_DAILY_CAP",
        default_value = "5"
    )]
    pub sms_daily_cap: String,
    /// Registration first sends a code to the number: `auto` (on with a real provider, off
    /// with `log`), `on` or `off`.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SMS_VERIFY_NUMBERS",
        default_value = "auto"
    )]
    pub sms_verify_numbers: String,
    /// A long random word: the provider posts the replies women text back (a "TD" to stop
    /// reminders) to /hooks/sms/aliyun/up/<this word>. Unset: that address does not exist.
    #[arg(
        long,
        global = true,
        env = "TONGXIN_SMS_REPLIES_TOKEN",
        hide_env_values = true,
        default_value = ""
    )]
    pub sms_replies_token: String,
}

impl Config {
    /// Reads the process environment (no command-line options).
    pub fn from_env() -> Result<Config, String> {
        Config::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads configuration through `lookup` (environment variable names to values), so tests
    /// can supply their own values; the rest take their defaults.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        use clap::{Args, FromArgMatches};
        let command = Settings::augment_args(clap::Command::new("tongxin"));
        let mut argv = vec!["tongxin".to_owned()];
        for arg in command.get_arguments() {
            let env = arg.get_env().and_then(|e| e.to_str());
            if let (Some(value), Some(long)) = (env.and_then(&lookup), arg.get_long()) {
                argv.push(format!("--{long}={value}"));
            }
        }
        // Only what `lookup` answers: not the process's own environment.
        let command = command.mut_args(|arg| arg.env(None));
        let matches = command
            .try_get_matches_from(argv)
            .map_err(|e| e.to_string())?;
        let settings = Settings::from_arg_matches(&matches).map_err(|e| e.to_string())?;
        Config::from_settings(&settings)
    }

    /// Checks the settings; the message names the variable at fault.
    pub fn from_settings(s: &Settings) -> Result<Config, String> {
        let database_url = given(&s.database_url)
            .unwrap_or(DEFAULT_DATABASE_URL)
            .to_owned();
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres:")
            || database_url.starts_with("postgresql:"))
        {
            return Err(format!(
                "DATABASE_URL must start with sqlite: or postgres:, got {database_url:?}"
            ));
        }
        let log_format = match given(&s.log_format) {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(format!(
                    "TONGXIN_LOG_FORMAT must be json or pretty, got {other:?}"
                ))
            }
        };
        let rate_limits = match given(&s.rate_limits) {
            None | Some("on") => true,
            Some("off") => false,
            Some(other) => {
                return Err(format!(
                    "TONGXIN_RATE_LIMITS must be on or off, got {other:?}"
                ))
            }
        };
        let behind_proxy = match given(&s.behind_proxy) {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(format!(
                    "TONGXIN_BEHIND_PROXY must be true or false, got {other:?}"
                ))
            }
        };
        let report_threshold: i64 = number("TONGXIN_REPORT_THRESHOLD", &s.report_threshold, 3)?;
        if !(1..=100).contains(&report_threshold) {
            return Err(format!(
                "TONGXIN_REPORT_THRESHOLD must be between 1 and 100, got {report_threshold}"
            ));
        }
        let ledger_retention_days: i64 = number(
            "TONGXIN_LEDGER_RETENTION_DAYS",
            &s.ledger_retention_days,
            domain::ledger::DEFAULT_RETENTION_DAYS,
        )?;
        if !(30..=3650).contains(&ledger_retention_days) {
            return Err(format!(
                "TONGXIN_LEDGER_RETENTION_DAYS must be between 30 and 3650, got {ledger_retention_days}"
            ));
        }
        let help_hours: i64 = number(
            "TONGXIN_HELP_ACKNOWLEDGE_HOURS",
            &s.help_acknowledge_hours,
            domain::help::ACKNOWLEDGE_HOURS,
        )?;
        if !(1..=720).contains(&help_hours) {
            return Err(format!(
                "TONGXIN_HELP_ACKNOWLEDGE_HOURS must be between 1 and 720, got {help_hours}"
            ));
        }
        let page_cache_secs: u64 = number("TONGXIN_PAGE_CACHE_SECS", &s.page_cache_secs, 3)?;
        if page_cache_secs > 60 {
            return Err(format!(
                "TONGXIN_PAGE_CACHE_SECS must be between 0 and 60, got {page_cache_secs}"
            ));
        }
        let sessions = session_lifetimes(s)?;
        let sms = sms_config(s)?;
        Ok(Config {
            sms,
            sessions,
            report_threshold,
            ledger_retention_days,
            help_acknowledge_secs: help_hours * 3600,
            page_cache_ttl: Duration::from_secs(page_cache_secs),
            behind_proxy,
            database_url,
            db_max_connections: number("TONGXIN_DB_MAX_CONNECTIONS", &s.db_max_connections, 16)?,
            request_timeout: Duration::from_secs(number(
                "TONGXIN_REQUEST_TIMEOUT_SECS",
                &s.request_timeout_secs,
                30,
            )?),
            body_limit_bytes: number("TONGXIN_BODY_LIMIT_BYTES", &s.body_limit_bytes, 1024 * 1024)?,
            shutdown_grace: Duration::from_secs(number(
                "TONGXIN_SHUTDOWN_GRACE_SECS",
                &s.shutdown_grace_secs,
                20,
            )?),
            log_format,
            rate_limits,
        })
    }
}

/// The session lifetimes: each at least a minute, none beyond the absolute limit, which is
/// at most a year.
fn session_lifetimes(s: &Settings) -> Result<SessionLifetimes, String> {
    let staff_minutes: i64 = number(
        "TONGXIN_SESSION_STAFF_IDLE_MINUTES",
        &s.session_staff_idle_minutes,
        30,
    )?;
    let member_days: i64 = number(
        "TONGXIN_SESSION_MEMBER_IDLE_DAYS",
        &s.session_member_idle_days,
        7,
    )?;
    let absolute_days: i64 = number(
        "TONGXIN_SESSION_ABSOLUTE_DAYS",
        &s.session_absolute_days,
        30,
    )?;
    if !(1..=365).contains(&absolute_days) {
        return Err(format!(
            "TONGXIN_SESSION_ABSOLUTE_DAYS must be between 1 and 365, got {absolute_days}"
        ));
    }
    let absolute_secs = absolute_days * 86_400;
    let staff_idle_secs = staff_minutes * 60;
    if !(60..=absolute_secs).contains(&staff_idle_secs) {
        return Err(format!(
            "TONGXIN_SESSION_STAFF_IDLE_MINUTES must be between 1 and the absolute limit, got {staff_minutes}"
        ));
    }
    let member_idle_secs = member_days * 86_400;
    if !(86_400..=absolute_secs).contains(&member_idle_secs) {
        return Err(format!(
            "TONGXIN_SESSION_MEMBER_IDLE_DAYS must be between 1 and the absolute limit, got {member_days}"
        ));
    }
    Ok(SessionLifetimes {
        staff_idle_secs,
        member_idle_secs,
        absolute_secs,
    })
}

/// The text-message provider and rules; a real provider needs all its settings.
fn sms_config(s: &Settings) -> Result<SmsConfig, String> {
    let provider = match given(&s.sms_provider) {
        None | Some("log") => SmsProviderConfig::Log,
        Some("aliyun") => {
            let required = |key: &str, value: &str| {
                given(value)
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{key} is needed with TONGXIN_SMS_PROVIDER=aliyun"))
            };
            let access_key_id = required("TONGXIN_SMS_ACCESS_KEY_ID", &s.sms_access_key_id)?;
            let access_key_secret =
                required("TONGXIN_SMS_ACCESS_KEY_SECRET", &s.sms_access_key_secret)?;
            let sign_name = required("TONGXIN_SMS_SIGN_NAME", &s.sms_sign_name)?;
            let mut templates = Vec::new();
            for pair in s
                .sms_templates
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                let (name, code) = pair.split_once('=').ok_or_else(|| {
                    format!("TONGXIN_SMS_TEMPLATES takes name=code pairs, got {pair:?}")
                })?;
                let template: domain::sms::SmsTemplate = name.trim().parse().map_err(|_| {
                    format!("TONGXIN_SMS_TEMPLATES names an unknown template {name:?}")
                })?;
                templates.push((template, code.trim().to_owned()));
            }
            for template in <domain::sms::SmsTemplate as domain::VariantArray>::VARIANTS {
                if !templates.iter().any(|(t, _)| t == template) {
                    return Err(format!(
                        "TONGXIN_SMS_TEMPLATES lacks the code of the {} template",
                        template.as_str()
                    ));
                }
            }
            let endpoint = given(&s.sms_endpoint).unwrap_or(DEFAULT_ALIYUN_ENDPOINT);
            if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
                return Err(format!(
                    "TONGXIN_SMS_ENDPOINT must be an http(s) address, got {endpoint:?}"
                ));
            }
            SmsProviderConfig::Aliyun(AliyunSettings {
                endpoint: endpoint.to_owned(),
                access_key_id,
                access_key_secret,
                sign_name,
                templates,
                timeout: Duration::from_secs(number(
                    "TONGXIN_SMS_TIMEOUT_SECS",
                    &s.sms_timeout_secs,
                    10,
                )?),
            })
        }
        Some(other) => {
            return Err(format!(
                "TONGXIN_SMS_PROVIDER must be log or aliyun, got {other:?}"
            ))
        }
    };
    let daily_cap: i64 = number("TONGXIN_SMS_DAILY_CAP", &s.sms_daily_cap, 5)?;
    if !(1..=50).contains(&daily_cap) {
        return Err(format!(
            "TONGXIN_SMS_DAILY_CAP must be between 1 and 50, got {daily_cap}"
        ));
    }
    let verify_numbers = match given(&s.sms_verify_numbers) {
        None | Some("auto") => provider != SmsProviderConfig::Log,
        Some("on") => true,
        Some("off") => false,
        Some(other) => {
            return Err(format!(
                "TONGXIN_SMS_VERIFY_NUMBERS must be auto, on or off, got {other:?}"
            ))
        }
    };
    let replies_token = given(&s.sms_replies_token).map(str::to_owned);
    if replies_token.as_ref().is_some_and(|t| {
        t.len() < 16
            || !t
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }) {
        return Err(
            "TONGXIN_SMS_REPLIES_TOKEN must be at least 16 letters, digits, - or _".to_owned(),
        );
    }
    Ok(SmsConfig {
        provider,
        daily_cap,
        verify_numbers,
        replies_token,
    })
}

/// A value that says something: blank counts as not given.
fn given(value: &str) -> Option<&str> {
    Some(value.trim()).filter(|v| !v.is_empty())
}

/// A number setting: its default when blank, else it must read as one.
fn number<T: std::str::FromStr>(key: &str, value: &str, default: T) -> Result<T, String> {
    match given(value) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| format!("{key} must be a number, got {value:?}")),
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
        assert_eq!(c.sessions, SessionLifetimes::default());
        assert_eq!(c.sessions.staff_idle_secs, 1800);
    }

    #[test]
    fn session_lifetimes_are_checked() {
        let with = |k: &'static str, v: &'static str| {
            Config::from_lookup(move |key| (key == k).then(|| v.to_owned()))
        };
        let c = with("TONGXIN_SESSION_STAFF_IDLE_MINUTES", "10").unwrap();
        assert_eq!(c.sessions.staff_idle_secs, 600);
        assert!(with("TONGXIN_SESSION_STAFF_IDLE_MINUTES", "0")
            .unwrap_err()
            .contains("STAFF_IDLE"));
        assert!(with("TONGXIN_SESSION_MEMBER_IDLE_DAYS", "31")
            .unwrap_err()
            .contains("MEMBER_IDLE"));
        assert!(with("TONGXIN_SESSION_ABSOLUTE_DAYS", "0")
            .unwrap_err()
            .contains("ABSOLUTE"));
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
    fn text_messages_default_to_the_log() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.sms, SmsConfig::default());
        assert!(!c.sms.verify_numbers);
    }

    #[test]
    fn a_real_provider_needs_its_settings() {
        let all = |k: &str| -> Option<String> {
            Some(match k {
                "TONGXIN_SMS_PROVIDER" => "aliyun".into(),
                "TONGXIN_SMS_ACCESS_KEY_ID" => "id".into(),
                "TONGXIN_SMS_ACCESS_KEY_SECRET" => "secret".into(),
                "TONGXIN_SMS_TEMPLATES" => "reminder=SMS_1, moved_up=SMS_2,activity_changed=SMS_3,\
                    activity_cancelled=SMS_4,help_request_updated=SMS_5,verification_code=SMS_6"
                    .into(),
                _ => return None,
            })
        };
        let c = Config::from_lookup(all).unwrap();
        let SmsProviderConfig::Aliyun(a) = &c.sms.provider else {
            panic!("aliyun expected");
        };
        assert_eq!(a.endpoint, DEFAULT_ALIYUN_ENDPOINT);
        assert_eq!(
            a.template_code(domain::sms::SmsTemplate::MovedUp),
            Some("SMS_2")
        );
        assert!(c.sms.verify_numbers, "on by default with a real provider");
        assert!(
            !format!("{a:?}").contains("secret"),
            "the secret stays out of logs"
        );
        let without = |missing: &'static str| {
            Config::from_lookup(move |k| if k == missing { None } else { all(k) }).unwrap_err()
        };
        assert!(without("TONGXIN_SMS_ACCESS_KEY_SECRET").contains("TONGXIN_SMS_ACCESS_KEY_SECRET"));
        assert!(without("TONGXIN_SMS_TEMPLATES").contains("TONGXIN_SMS_TEMPLATES"));
        let unknown =
            Config::from_lookup(|k| (k == "TONGXIN_SMS_PROVIDER").then(|| "carrier-pigeon".into()))
                .unwrap_err();
        assert!(unknown.contains("TONGXIN_SMS_PROVIDER"), "{unknown}");
    }

    #[test]
    fn rate_limits_can_be_switched_off() {
        let c =
            Config::from_lookup(|k| (k == "TONGXIN_RATE_LIMITS").then(|| "off".into())).unwrap();
        assert!(!c.rate_limits);
    }
}
