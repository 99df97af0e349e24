//! Sign-up: first come first served, waitlist with automatic promotion, companions,
//! deadlines, approval, idempotent retries, and capacity under concurrency.

use serde_json::Value;

use crate::support::TestApp;
use backend::identity::Role;
use backend::services::users::{self, NewUser};

/// Creates `n` members with sessions (no argon2: this is about sign-ups), returning clients
/// carrying their session cookies.
pub(crate) async fn members(app: &TestApp, n: usize) -> Vec<reqwest::Client> {
    let village: i64 =
        sqlx::query_scalar("SELECT id FROM regions WHERE level = 'village' ORDER BY id LIMIT 1")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    let mut tx = app.db.writer().begin().await.unwrap();
    let mut tokens = Vec::new();
    for i in 0..n {
        let phone = domain::Phone::parse(&format!("135{:08}", i)).unwrap();
        let id = users::create(
            &mut tx,
            NewUser {
                phone: &phone,
                password_hash: "x",
                display_name: "测试",
                role: Role::Member,
                village_id: Some(village),
                federation_id: None,
                birth_year: Some(1990),
                consent_version: Some(domain::account::PRIVACY_NOTICE_VERSION),
            },
        )
        .await
        .unwrap();
        tokens.push(
            backend::services::sessions::create(
                &mut tx,
                id,
                None,
                &Default::default(),
                backend::now(),
            )
            .await
            .unwrap(),
        );
    }
    tx.commit().await.unwrap();
    tokens
        .into_iter()
        .map(|token| {
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert("cookie", format!("tx_session={token}").parse().unwrap());
            reqwest::Client::builder()
                .default_headers(headers)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap()
        })
        .collect()
}

async fn activity(app: &TestApp, capacity: i64) -> i64 {
    let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE title = '广场舞交流会'")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    sqlx::query("UPDATE activities SET capacity = $1, companions_allowed = 2 WHERE id = $2")
        .bind(capacity)
        .bind(id)
        .execute(app.db.writer())
        .await
        .unwrap();
    id
}

pub(crate) async fn signup(
    app: &TestApp,
    client: &reqwest::Client,
    activity: i64,
    companions: i64,
) -> (u16, Value) {
    let res = client
        .post(app.url("/api/activities/signup"))
        .form(&[
            ("activity_id", activity.to_string()),
            ("companions", companions.to_string()),
        ])
        .send()
        .await
        .unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

pub(crate) async fn cancel(app: &TestApp, client: &reqwest::Client, activity: i64) -> u16 {
    client
        .post(app.url("/api/activities/cancel_signup"))
        .form(&[("activity_id", activity.to_string())])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

pub(crate) async fn seats_taken(app: &TestApp, activity: i64) -> i64 {
    sqlx::query_scalar("SELECT seats_taken FROM activities WHERE id = $1")
        .bind(activity)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

both_backends! {
    async fn first_come_first_served_then_a_waitlist_that_moves_up(app) {
        let a = activity(&app, 2).await;
        let m = members(&app, 4).await;
        assert_eq!(signup(&app, &m[0], a, 0).await.1["status"], "confirmed");
        let (s, again) = signup(&app, &m[0], a, 0).await;
        assert_eq!((s, again["status"].as_str()), (200, Some("confirmed")), "a retry is the same sign-up");
        assert_eq!(signup(&app, &m[1], a, 0).await.1["status"], "confirmed");
        let (_, third) = signup(&app, &m[2], a, 0).await;
        assert_eq!((third["status"].as_str(), third["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)));
        let (_, fourth) = signup(&app, &m[3], a, 0).await;
        assert_eq!(fourth["waitlist_position"], 2);
        assert_eq!(seats_taken(&app, a).await, 2);

        assert_eq!(cancel(&app, &m[0], a).await, 200);
        assert_eq!(cancel(&app, &m[0], a).await, 200, "a retried cancel changes nothing");
        let mine: Value = m[2].get(app.url(&format!("/api/activities/my_signup?activity_id={a}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(mine["status"], "confirmed", "the first waitlisted was promoted");
        let mine: Value = m[3].get(app.url(&format!("/api/activities/my_signup?activity_id={a}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(mine["waitlist_position"], 1, "the next one moved up");
        assert_eq!(seats_taken(&app, a).await, 2);
        let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM notifications WHERE activity_id = $1 ORDER BY id").bind(a).fetch_all(app.db.reader()).await.unwrap();
        assert!(kinds.contains(&"promoted".to_owned()), "{kinds:?}");
        // Signing up again after cancelling joins the end of the queue.
        let (_, back) = signup(&app, &m[0], a, 0).await;
        assert_eq!((back["status"].as_str(), back["waitlist_position"].as_i64()), (Some("waitlisted"), Some(2)));
    }

    async fn companions_count_against_capacity_and_are_limited(app) {
        let a = activity(&app, 3).await;
        let m = members(&app, 2).await;
        let (s, body) = signup(&app, &m[0], a, 3).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("too_many_companions")));
        assert_eq!(signup(&app, &m[0], a, 2).await.1["status"], "confirmed");
        assert_eq!(seats_taken(&app, a).await, 3);
        assert_eq!(signup(&app, &m[1], a, 0).await.1["status"], "waitlisted");
        // Her cancellation frees three seats at once.
        cancel(&app, &m[0], a).await;
        assert_eq!(seats_taken(&app, a).await, 1);
    }

    async fn deadlines_cutoffs_and_approval_are_enforced(app) {
        let a = activity(&app, 10).await;
        let m = members(&app, 2).await;
        let now = backend::now();
        sqlx::query("UPDATE activities SET signup_deadline = $1 WHERE id = $2").bind(now - 60).bind(a).execute(app.db.writer()).await.unwrap();
        let (s, body) = signup(&app, &m[0], a, 0).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("signup_closed")));
        sqlx::query("UPDATE activities SET signup_deadline = NULL, cancel_cutoff = $1 WHERE id = $2").bind(now + 2).bind(a).execute(app.db.writer()).await.unwrap();
        assert_eq!(signup(&app, &m[0], a, 0).await.1["status"], "confirmed");
        sqlx::query("UPDATE activities SET cancel_cutoff = $1 WHERE id = $2").bind(now - 60).bind(a).execute(app.db.writer()).await.unwrap();
        let res = m[0].post(app.url("/api/activities/cancel_signup")).form(&[("activity_id", a.to_string())]).send().await.unwrap();
        assert_eq!(res.status(), 400);
        assert_eq!(res.json::<Value>().await.unwrap()["key"], "cancel_closed");

        sqlx::query("UPDATE activities SET requires_approval = $1 WHERE id = $2").bind(true).bind(a).execute(app.db.writer()).await.unwrap();
        assert_eq!(signup(&app, &m[1], a, 0).await.1["status"], "pending");
        let anonymous = TestApp::fresh_client().post(app.url("/api/activities/signup")).form(&[("activity_id", a.to_string())]).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
        let (s, _) = signup(&app, &m[1], 999_999, 0).await;
        assert_eq!(s, 404);
    }

    async fn deleting_an_account_releases_her_seats(app) {
        let a = activity(&app, 1).await;
        let m = members(&app, 1).await;
        let her = TestApp::fresh_client();
        her.post(app.url("/api/auth/login")).form(&[("phone", "13800000010"), ("password", "tongxin-demo")]).send().await.unwrap();
        assert_eq!(signup(&app, &her, a, 0).await.1["status"], "confirmed");
        assert_eq!(signup(&app, &m[0], a, 0).await.1["status"], "waitlisted");
        let res = her.post(app.url("/api/me/delete_account")).form(&[("password", "tongxin-demo")]).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let mine: Value = m[0].get(app.url(&format!("/api/activities/my_signup?activity_id={a}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(mine["status"], "confirmed", "her seat went to the next in line");
        assert_eq!(seats_taken(&app, a).await, 1);
    }

    async fn never_over_capacity_with_200_at_once(app) {
        let a = activity(&app, 20).await;
        let clients = members(&app, 200).await;
        let url = app.url("/api/activities/signup");
        let started = std::time::Instant::now();
        let tasks: Vec<_> = clients
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let url = url.clone();
                tokio::spawn(async move {
                    let res = c.post(url).form(&[("activity_id", a.to_string())]).send().await.unwrap();
                    (i, res.status().as_u16(), res.json::<Value>().await.unwrap())
                })
            })
            .collect();
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap());
        }
        eprintln!("200 concurrent sign-ups answered in {:?}", started.elapsed());
        assert!(answers.iter().all(|(_, s, _)| *s == 200), "every request answered: {:?}", answers.iter().find(|(_, s, _)| *s != 200));
        let confirmed = answers.iter().filter(|(_, _, b)| b["status"] == "confirmed").count();
        assert_eq!(confirmed, 20);
        assert_eq!(seats_taken(&app, a).await, 20);
        // The waitlist positions are exactly 1..=180, and follow the order rows were written.
        let mut positions: Vec<i64> = answers.iter().filter_map(|(_, _, b)| b["waitlist_position"].as_i64()).collect();
        positions.sort();
        assert_eq!(positions, (1..=180).collect::<Vec<_>>());
        let in_db: Vec<i64> = sqlx::query_scalar("SELECT id FROM signups WHERE activity_id = $1 AND status = 'waitlisted' ORDER BY id").bind(a).fetch_all(app.db.reader()).await.unwrap();
        assert_eq!(in_db.len(), 180);
        let confirmed_ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM signups WHERE activity_id = $1 AND status = 'confirmed'").bind(a).fetch_all(app.db.reader()).await.unwrap();
        assert!(confirmed_ids.iter().max() < in_db.iter().min(), "no one on the waitlist arrived before someone confirmed");
    }
}
