//! The database, on SQLite or PostgreSQL, behind one API.
//!
//! Queries go through sqlx's `Any` driver, so one SQL text serves both backends wherever the
//! dialects agree (sqlx's SQLite accepts `$1` placeholders); where they differ, a service
//! matches on [`Db::backend`]. Values crossing the driver are `i64`, `f64`, `bool`, `String`
//! or bytes: times are stored as UTC seconds for that reason. Flags are `INTEGER` 0/1 on SQLite
//! and `BOOLEAN` on PostgreSQL: read them as `domain::sql::Flag`, bind a `bool`. Vocabulary
//! words are read and bound as their enums (`domain::sql`). Rows are read by name into
//! `sqlx::FromRow` structs.
//!
//! SQLite allows one writer at a time. Rather than let concurrent write transactions collide
//! and retry, every write on SQLite goes through a pool of exactly one connection
//! ([`Db::writer`]) and reads use a separate pool of read-only connections. On PostgreSQL both
//! are the same pool.

pub mod schema;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::config::Config;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    backend: Backend,
    reader: AnyPool,
    writer: AnyPool,
    url: String,
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl Db {
    /// Connects with the pool sizes from `config`. Creates the SQLite file (and its folder) if
    /// missing. Does not migrate: call [`Db::migrate`].
    pub async fn connect(config: &Config) -> Result<Db, sqlx::Error> {
        Db::connect_url(&config.database_url, config.db_max_connections).await
    }

    /// Connects to `url` with at most `max_connections` readers. An in-memory SQLite URL is
    /// refused: see [`refuse_in_memory`].
    pub async fn connect_url(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url);
        match backend {
            Backend::Sqlite => {
                refuse_in_memory(url)?;
                let url = sqlite_url_with_create(url);
                if let Some(dir) = sqlite_path(&url).and_then(|p| p.parent().map(Path::to_path_buf))
                {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(&dir).map_err(sqlx::Error::Io)?;
                    }
                }
                let options = quiet(AnyConnectOptions::from_str(&url)?);
                // The file is in this process: there is no connection to lose, so the pools do
                // not ping a connection before handing it out (a round trip to its thread that
                // cost a tenth of a page's time).
                let writer = AnyPoolOptions::new()
                    .max_connections(1)
                    .min_connections(1)
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(30))
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // WAL lets readers run while the one writer writes.
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            conn.execute("PRAGMA busy_timeout = 5000").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options.clone())
                    .await?;
                let reader = AnyPoolOptions::new()
                    .max_connections(max_connections.max(1))
                    .min_connections(1)
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(30))
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute("PRAGMA busy_timeout = 5000").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            // A write on the read pool is a bug; make SQLite refuse it.
                            conn.execute("PRAGMA query_only = ON").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?;
                Ok(Db {
                    backend,
                    reader,
                    writer,
                    url,
                })
            }
            Backend::Postgres => {
                let options = quiet(AnyConnectOptions::from_str(url)?);
                let pool = AnyPoolOptions::new()
                    .max_connections(max_connections.max(2))
                    .min_connections(1)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(options)
                    .await?;
                Ok(Db {
                    backend,
                    reader: pool.clone(),
                    writer: pool,
                    url: url.to_owned(),
                })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool for reads. On SQLite its connections refuse writes.
    pub fn reader(&self) -> &AnyPool {
        &self.reader
    }

    /// The pool for writes and for transactions that read what they then write.
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Brings the schema up to date. Safe to run from several nodes at once on PostgreSQL
    /// (sqlx takes an advisory lock).
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATOR.run(&self.writer).await,
            Backend::Postgres => POSTGRES_MIGRATOR.run(&self.writer).await,
        }
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.reader)
            .await
            .is_ok()
    }

    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// Statement logging at INFO floods the logs; keep it for slow statements only.
fn quiet(options: AnyConnectOptions) -> AnyConnectOptions {
    options
        .log_statements(tracing::log::LevelFilter::Trace)
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500))
}

/// Refuses an in-memory SQLite URL (`sqlite::memory:`, `sqlite://:memory:`, `mode=memory`):
/// every pooled connection would open its own, empty database, so a write on one would be
/// missing on the next.
fn refuse_in_memory(url: &str) -> Result<(), sqlx::Error> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Err(sqlx::Error::Configuration(
            format!(
                "{url} is an in-memory SQLite database: each pooled connection would be a \
                 different empty database. Give a file instead, e.g. sqlite://data/tongxin.db"
            )
            .into(),
        ));
    }
    Ok(())
}

/// Adds `mode=rwc` so a missing SQLite file is created.
fn sqlite_url_with_create(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The file path in a `sqlite://path?…` URL.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// `postgres://user:secret@host/db` → `postgres://user@host/db`: a database URL fit to print.
pub fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user = url[scheme + 3..at].split(':').next().unwrap_or("");
            format!("{}{}{}", &url[..scheme + 3], user, &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// `%text%` for `LIKE … ESCAPE '\'`: her words as a substring, with `%`, `_` and `\` matching
/// themselves (so Chinese works, and nothing she types is a wildcard).
pub fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// True when `err` is a unique-constraint violation, on either backend.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                || db.code().as_deref() == Some("23505")
                || db.message().contains("UNIQUE constraint failed")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_urls_carry_no_password() {
        assert_eq!(
            without_password("postgres://tx:secret@db:5432/t"),
            "postgres://tx@db:5432/t"
        );
        assert_eq!(without_password("sqlite://data/t.db"), "sqlite://data/t.db");
    }

    #[test]
    fn sqlite_urls_get_create_mode_and_a_path() {
        assert_eq!(
            sqlite_url_with_create("sqlite://data/t.db"),
            "sqlite://data/t.db?mode=rwc"
        );
        assert_eq!(
            sqlite_url_with_create("sqlite://t.db?mode=ro"),
            "sqlite://t.db?mode=ro"
        );
        assert_eq!(
            sqlite_path("sqlite://data/t.db?mode=rwc"),
            Some("data/t.db".into())
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }

    #[tokio::test]
    async fn in_memory_sqlite_is_refused_with_the_reason() {
        for url in [
            "sqlite::memory:",
            "sqlite://:memory:",
            "sqlite://t.db?mode=memory",
            "sqlite:file:x?mode=memory&cache=shared",
        ] {
            let err = Db::connect_url(url, 2).await.err().map(|e| e.to_string());
            assert!(
                err.as_deref()
                    .is_some_and(|e| e.contains("each pooled connection would be a different")),
                "{url}: {err:?}"
            );
        }
    }
}
