//! The database layer on both backends: migrations, schema parity, demo data, backup.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test crate: failing is its job

use backend::db::schema;
use backend::testing::TestDb;
use backend::Backend;

#[tokio::test]
async fn sqlite_and_postgres_schemas_do_not_drift() {
    let sqlite = TestDb::new(Backend::Sqlite).await.expect("sqlite");
    let Some(postgres) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    let left = schema::describe(&sqlite.db).await.expect("describe sqlite");
    let right = schema::describe(&postgres.db)
        .await
        .expect("describe postgres");
    assert!(
        left.len() >= 6,
        "expected the foundation tables, got {:?}",
        left.keys()
    );
    let diff = schema::diff("sqlite", &left, "postgres", &right);
    assert!(
        diff.is_empty(),
        "migrations/sqlite and migrations/postgres drifted:\n{}",
        diff.join("\n")
    );
}

#[test]
fn drift_is_detected() {
    let mut a = schema::Schema::new();
    let mut b = schema::Schema::new();
    a.insert(
        "t".into(),
        schema::Table {
            columns: vec![schema::Column {
                name: "x".into(),
                kind: "int".into(),
                nullable: false,
            }],
            indexes: vec![],
        },
    );
    b.insert(
        "t".into(),
        schema::Table {
            columns: vec![schema::Column {
                name: "x".into(),
                kind: "text".into(),
                nullable: false,
            }],
            indexes: vec![],
        },
    );
    b.insert("u".into(), schema::Table::default());
    assert_eq!(schema::diff("a", &a, "b", &b).len(), 2);
}

async fn demo_data_is_idempotent(backend: Backend) {
    let Some(t) = TestDb::new(backend).await else {
        return;
    };
    assert!(
        backend::seed::seed_demo(&t.db).await.unwrap(),
        "first run seeds"
    );
    let count = |table: &'static str| {
        let pool = t.db.reader().clone();
        async move {
            sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let before = (
        count("users").await,
        count("activities").await,
        count("regions").await,
        count("federations").await,
    );
    assert_eq!(before.0, 13, "admin, organizer, volunteer and ten members");
    assert!(
        !backend::seed::seed_demo(&t.db).await.unwrap(),
        "second run does nothing"
    );
    let after = (
        count("users").await,
        count("activities").await,
        count("regions").await,
        count("federations").await,
    );
    assert_eq!(before, after);
    let categories: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT category) FROM activities")
        .fetch_one(t.db.reader())
        .await
        .unwrap();
    assert_eq!(categories, 8, "every category has a demo activity");
}

#[tokio::test]
async fn demo_data_is_idempotent_on_sqlite() {
    demo_data_is_idempotent(Backend::Sqlite).await;
}

#[tokio::test]
async fn demo_data_is_idempotent_on_postgres() {
    demo_data_is_idempotent(Backend::Postgres).await;
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_and_readers_cannot_write() {
    let t = TestDb::new(Backend::Sqlite).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(t.db.writer())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(t.db.reader())
        .await
        .unwrap();
    assert_eq!(fk, 1);
    let write = sqlx::query("INSERT INTO app_meta (key, value) VALUES ('x', 'y')")
        .execute(t.db.reader())
        .await;
    assert!(write.is_err(), "the read pool must refuse writes");
}

/// `.cargo/config.toml` builds SQLite with the query planner stability guarantee on, so that
/// cached statements are not re-planned on every run once ANALYZE has written statistics.
#[tokio::test]
async fn sqlite_keeps_its_query_plans() {
    let t = TestDb::new(Backend::Sqlite).await.unwrap();
    let options: Vec<String> =
        sqlx::query_scalar("SELECT compile_options FROM pragma_compile_options")
            .fetch_all(t.db.reader())
            .await
            .unwrap();
    assert!(
        options.iter().any(|o| o == "ENABLE_QPSG"),
        "SQLite was built without SQLITE_ENABLE_QPSG (LIBSQLITE3_FLAGS in .cargo/config.toml): {options:?}"
    );
}

#[tokio::test]
async fn sqlite_backup_is_a_consistent_copy() {
    let t = TestDb::new(Backend::Sqlite).await.unwrap();
    backend::seed::seed_demo(&t.db).await.unwrap();
    let target = std::env::temp_dir().join(format!("tongxin-backup-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&target);
    assert!(matches!(
        backend::backup::backup(&t.db, &target).await,
        Ok(backend::backup::Outcome::Written)
    ));
    let copy = backend::Db::connect_url(&format!("sqlite://{}", target.display()), 1)
        .await
        .unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(copy.reader())
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(copy.reader())
        .await
        .unwrap();
    assert_eq!(users, 13);
    copy.close().await;
    assert!(
        backend::backup::backup(&t.db, &target).await.is_err(),
        "never overwrites an existing file"
    );
    let _ = std::fs::remove_file(&target);
}

#[tokio::test]
async fn postgres_backup_names_pg_dump() {
    let Some(t) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    match backend::backup::backup(&t.db, std::path::Path::new("x.dump")).await {
        Ok(backend::backup::Outcome::RunThis(cmd)) => assert!(
            cmd.starts_with("pg_dump ") && cmd.contains("x.dump"),
            "{cmd}"
        ),
        _ => panic!("expected a pg_dump command"),
    }
}
