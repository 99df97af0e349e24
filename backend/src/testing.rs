//! Fresh databases for tests: a new SQLite file, or a new PostgreSQL database that is dropped
//! again when the [`TestDb`] goes out of scope (even when the test panics).
//!
//! PostgreSQL is found at `TONGXIN_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`). When it cannot be reached the test says so
//! loudly and is skipped, except under `CI=true`, where that is a failure.
//!
//! Test support only (feature `testing`, never in the binary): a failure here is the test
//! failing, so it may panic.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use rand::Rng;
use sqlx::Connection;

use crate::db::{Backend, Db};

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub struct TestDb {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(PathBuf),
    Database { admin_url: String, name: String },
}

fn random_suffix() -> String {
    let n: u64 = rand::thread_rng().gen();
    format!("{n:016x}")
}

impl TestDb {
    /// A migrated database on `backend`; `None` only when PostgreSQL is unreachable outside CI.
    pub async fn new(backend: Backend) -> Option<TestDb> {
        let test_db = match backend {
            Backend::Sqlite => Some(TestDb::sqlite().await),
            Backend::Postgres => TestDb::postgres().await,
        }?;
        test_db.db.migrate().await.expect("migrations run");
        Some(test_db)
    }

    async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!("tongxin-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite://{}/tongxin.db", dir.display());
        let db = Db::connect_url(&url, 8).await.expect("sqlite opens");
        TestDb {
            db,
            url,
            cleanup: Cleanup::Dir(dir),
        }
    }

    async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("TONGXIN_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
        let mut admin = match sqlx::postgres::PgConnection::connect(&admin_url).await {
            Ok(c) => c,
            Err(e) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("PostgreSQL is unreachable at {admin_url} and CI=true: {e}");
                }
                eprintln!("\n*** SKIPPED: PostgreSQL unreachable at {admin_url} ({e}); this test ran on SQLite only ***\n");
                return None;
            }
        };
        let name = format!("tongxin_test_{}", random_suffix());
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create test database");
        let _ = admin.close().await;
        let url = match admin_url.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => panic!("TONGXIN_TEST_POSTGRES_URL must end in /database"),
        };
        let db = Db::connect_url(&url, 8).await.expect("test database opens");
        Some(TestDb {
            db,
            url,
            cleanup: Cleanup::Database { admin_url, name },
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Database { admin_url, name } => {
                // Drop cannot await; a short-lived runtime on its own thread can.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async move {
                        if let Ok(mut admin) =
                            sqlx::postgres::PgConnection::connect(&admin_url).await
                        {
                            let _ = sqlx::query(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .execute(&mut admin)
                            .await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}
