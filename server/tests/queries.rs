//! No page's cost grows with the data: each page is fetched on the demo data, then again
//! after adding many more circles, threads, groups, activities, sign-ups and notifications,
//! and the number of SQL statements it ran must not change (no N+1 queries). The count comes
//! from sqlx's own statement log (target `sqlx::query`), so nothing in the app is special-
//! cased for the test. One test in its own binary, so no other test's queries mix in.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test crate: failing is its job

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

#[path = "http/support.rs"]
#[macro_use]
#[allow(dead_code, unused_macros)]
mod support;

struct CountQueries(Arc<AtomicUsize>);

/// The text of a logged statement (sqlx puts it in `summary` and `db.statement`).
#[derive(Default)]
struct Statement(String);

impl tracing::field::Visit for Statement {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" || field.name() == "db.statement" {
            self.0.push_str(&format!("{value:?}"));
        }
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" || field.name() == "db.statement" {
            self.0.push_str(value);
        }
    }
}

impl<S: tracing::Subscriber> Layer<S> for CountQueries {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        let mut statement = Statement::default();
        event.record(&mut statement);
        // Connection set-up (PRAGMAs when the pool opens a connection) is not the page's cost.
        if !statement
            .0
            .trim_start_matches('"')
            .to_ascii_uppercase()
            .starts_with("PRAGMA")
        {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// More of everything a page lists, in the demo county.
async fn grow(app: &support::TestApp) {
    let db = &app.db;
    let now = backend::now();
    let (federation, village, member, volunteer): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT MIN(id) FROM federations),
                (SELECT village_id FROM users WHERE phone = '13800000010'),
                (SELECT id FROM users WHERE phone = '13800000010'),
                (SELECT id FROM users WHERE phone = $1)",
    )
    .bind(backend::seed::DEMO_VOLUNTEER)
    .fetch_one(db.reader())
    .await
    .unwrap();
    let activity: i64 = sqlx::query_scalar("SELECT MIN(id) FROM activities")
        .fetch_one(db.reader())
        .await
        .unwrap();
    let thread: i64 = sqlx::query_scalar("SELECT MIN(id) FROM threads")
        .fetch_one(db.reader())
        .await
        .unwrap();
    let first_circle: i64 = sqlx::query_scalar("SELECT MIN(id) FROM circles")
        .fetch_one(db.reader())
        .await
        .unwrap();
    let mut tx = db.writer().begin().await.unwrap();
    for i in 0..40 {
        let circle: i64 = sqlx::query_scalar("INSERT INTO circles (federation_id, name, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(federation).bind(format!("圈子{i}")).bind(now).fetch_one(&mut *tx).await.unwrap();
        sqlx::query("INSERT INTO moderators (user_id, circle_id, assigned_at) VALUES ($1, $2, $3)")
            .bind(volunteer)
            .bind(circle)
            .bind(now)
            .execute(&mut *tx)
            .await
            .unwrap();
        let t: i64 = sqlx::query_scalar("INSERT INTO threads (circle_id, title, author_id, last_activity_at, created_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
            .bind(if i % 2 == 0 { first_circle } else { circle }).bind(format!("话题{i}")).bind(member).bind(now).fetch_one(&mut *tx).await.unwrap();
        for target in [t, thread] {
            let p: i64 = sqlx::query_scalar("INSERT INTO posts (thread_id, author_id, body, created_at) VALUES ($1, $2, '内容', $3) RETURNING id")
                .bind(target).bind(member).bind(now).fetch_one(&mut *tx).await.unwrap();
            sqlx::query("INSERT INTO reports (post_id, reporter_id, reason, created_at) VALUES ($1, $2, 'other', $3)")
                .bind(p).bind(volunteer).bind(now).execute(&mut *tx).await.unwrap();
        }
        sqlx::query("INSERT INTO aid_groups (federation_id, region_id, name, need, member_limit, created_at) VALUES ($1, $2, $3, 'other', 10, $4)")
            .bind(federation).bind(village).bind(format!("小组{i}")).bind(now).execute(&mut *tx).await.unwrap();
        let a: i64 = sqlx::query_scalar(
            "INSERT INTO activities (federation_id, region_id, title, category, venue, starts_at, ends_at, capacity, seats_taken, created_at, updated_at)
             VALUES ($1, $2, $3, 'culture_sports', '村委会', $4, $4, 50, 1, $5, $5) RETURNING id")
            .bind(federation).bind(village).bind(format!("活动{i}")).bind(now + 86_400 * (i + 1)).bind(now)
            .fetch_one(&mut *tx).await.unwrap();
        sqlx::query("INSERT INTO signups (activity_id, user_id, status, checkin_code, created_at, updated_at) VALUES ($1, $2, 'confirmed', '123456', $3, $3)")
            .bind(a).bind(member).bind(now).execute(&mut *tx).await.unwrap();
        sqlx::query("INSERT INTO notifications (user_id, kind, activity_id, created_at) VALUES ($1, 'reminder', $2, $3)")
            .bind(member).bind(activity).bind(now).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_run_as_many_queries_with_more_data() {
    let count = Arc::new(AtomicUsize::new(0));
    let _ = tracing_subscriber::registry()
        .with(
            CountQueries(count.clone())
                .with_filter(Targets::new().with_target("sqlx::query", tracing::Level::TRACE)),
        )
        .try_init();
    // What is counted is what rendering a page costs, so no page may come from the page cache.
    let app = support::spawn_app_with(backend::Backend::Sqlite, |key| {
        (key == "TONGXIN_PAGE_CACHE_SECS").then(|| "0".to_owned())
    })
    .await
    .expect("sqlite runs");
    let member = app.login("13800000010").await;
    let volunteer = app.login(backend::seed::DEMO_VOLUNTEER).await;
    let organizer = app.login(backend::seed::DEMO_ORGANIZER).await;
    let pages: Vec<(&str, &reqwest::Client, &str)> = vec![
        ("home, logged out", &app.client, "/"),
        ("home", &member, "/"),
        ("activity", &member, "/activities/1"),
        ("my activities", &member, "/me/activities"),
        ("notifications", &member, "/notifications"),
        ("circles", &member, "/circles"),
        ("circle", &member, "/circles/1"),
        ("thread", &member, "/threads/1"),
        ("groups", &member, "/groups"),
        ("group", &member, "/groups/1"),
        ("moderation", &volunteer, "/moderation"),
        ("organizer", &organizer, "/organizer"),
        ("roster", &organizer, "/organizer/activities/1"),
    ];
    let measure = |count: Arc<AtomicUsize>| {
        let pages = pages.clone();
        let app = &app;
        async move {
            let mut out = Vec::new();
            for (name, client, path) in pages {
                // Warm the pools first: opening a connection runs set-up statements.
                client.get(app.url(path)).send().await.unwrap();
                count.store(0, Ordering::SeqCst);
                let res = client.get(app.url(path)).send().await.unwrap();
                assert_eq!(res.status(), 200, "{name} {path}");
                let _ = res.text().await.unwrap();
                out.push((name, count.load(Ordering::SeqCst)));
            }
            out
        }
    };
    // She has a notification from the start, so the centre always lists something.
    sqlx::query("INSERT INTO notifications (user_id, kind, created_at) SELECT id, 'reminder', 0 FROM users WHERE phone = '13800000010'")
        .execute(app.db.writer())
        .await
        .unwrap();
    let before = measure(count.clone()).await;
    grow(&app).await;
    let after = measure(count.clone()).await;
    eprintln!("statements per page (demo data → 40 more of everything): {before:?} → {after:?}");
    for ((name, b), (_, a)) in before.iter().zip(&after) {
        assert!(
            *b > 0,
            "{name}: no statements seen; is the sqlx::query log still at trace?"
        );
        assert_eq!(
            a, b,
            "{name}: {b} statements on the demo data, {a} with more data (N+1?)"
        );
        assert!(*a <= 30, "{name}: {a} statements for one page");
    }
}
