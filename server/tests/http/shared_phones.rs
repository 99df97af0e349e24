//! Shared phones (issue 12, point 10): nothing personal in the browser's cache, logout clears
//! the site's data, sessions end when idle (by role) and after 30 days, and the pages that
//! show the most need the password again when the login is older than 15 minutes.

use serde_json::Value;

use crate::support::{spawn_app_with, TestApp};
use backend::seed::{DEMO_ORGANIZER, DEMO_PASSWORD, DEMO_VOLUNTEER};

const MEMBER: &str = "13800000010";

fn cache_control(res: &reqwest::Response) -> String {
    res.headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Moves the sessions of `phone` back in time: last used `idle_secs` ago, started
/// `age_secs` ago.
async fn age_sessions(app: &TestApp, phone: &str, idle_secs: i64, age_secs: i64) {
    let now = backend::now();
    sqlx::query(
        "UPDATE sessions SET last_seen_at = $1, created_at = $2
         WHERE user_id = (SELECT id FROM users WHERE phone = $3)",
    )
    .bind(now - idle_secs)
    .bind(now - age_secs)
    .bind(phone)
    .execute(app.db.writer())
    .await
    .unwrap();
}

async fn me(app: &TestApp, client: &reqwest::Client) -> Value {
    app.get_json(client, "/api/auth/me").await.1
}

async fn sessions_of(app: &TestApp, phone: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions WHERE user_id = (SELECT id FROM users WHERE phone = $1)",
    )
    .bind(phone)
    .fetch_one(app.db.reader())
    .await
    .unwrap()
}

fn html(client: &reqwest::Client, url: String) -> reqwest::RequestBuilder {
    client.get(url).header("accept", "text/html")
}

both_backends! {
    async fn personal_answers_are_never_stored_and_public_pages_still_are_cached(app) {
        // Anonymous pages keep their caching (and the page cache serves them).
        let anonymous = app.get("/").await;
        assert_eq!(anonymous.status(), 200);
        assert!(!cache_control(&anonymous).contains("no-store"), "{}", cache_control(&anonymous));
        assert!(!cache_control(&app.get("/activities/1").await).contains("no-store"));
        // Every /api answer, logged in or not.
        for path in ["/api/activities/list", "/api/auth/me", "/api/regions/villages"] {
            assert_eq!(cache_control(&app.get(path).await), "no-store", "{path}");
        }
        // Everything answered to a session.
        let member = app.login(MEMBER).await;
        for path in ["/", "/activities/1", "/me", "/notifications", "/api/me/profile", "/api/notifications/list"] {
            let res = member.get(app.url(path)).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            assert_eq!(cache_control(&res), "no-store", "{path}");
        }
        // The login answer itself, which sets the cookie.
        let res = TestApp::fresh_client().post(app.url("/api/auth/login"))
            .form(&[("phone", MEMBER), ("password", DEMO_PASSWORD)]).send().await.unwrap();
        assert_eq!(cache_control(&res), "no-store");
        let cookie = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).find(|c| c.starts_with("tx_session=")).unwrap();
        assert!(cookie.contains("Max-Age=2592000"), "the cookie lasts as long as a session can: {cookie}");
        // The anonymous copy is still served after all this.
        assert!(!cache_control(&app.get("/").await).contains("no-store"));
    }

    async fn logout_clears_the_site_data_on_the_phone(app) {
        let member = app.login(MEMBER).await;
        let res = member.post(app.url("/api/auth/logout")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["clear-site-data"], "\"cache\", \"cookies\", \"storage\"");
        assert!(me(&app, &member).await.is_null());
        // Without JavaScript too: the plain form's redirect carries it.
        let member = app.login(MEMBER).await;
        let res = member.post(app.url("/api/auth/logout")).header("accept", "text/html").send().await.unwrap();
        assert_eq!((res.status().as_u16(), res.headers()["location"].to_str().unwrap()), (302, "/"));
        assert_eq!(res.headers()["clear-site-data"], "\"cache\", \"cookies\", \"storage\"");
        // And logging out everywhere.
        let member = app.login(MEMBER).await;
        let res = member.post(app.url("/api/auth/logout_everywhere")).send().await.unwrap();
        assert_eq!(res.headers()["clear-site-data"], "\"cache\", \"cookies\", \"storage\"");
    }

    async fn sessions_end_when_idle_by_role_and_after_thirty_days(app) {
        const MINUTE: i64 = 60;
        const DAY: i64 = 86_400;
        // An organizer: 30 minutes unused ends her session (and removes it).
        let organizer = app.login(DEMO_ORGANIZER).await;
        age_sessions(&app, DEMO_ORGANIZER, 29 * MINUTE, 29 * MINUTE).await;
        assert_eq!(me(&app, &organizer).await["role"], "organizer", "29 minutes is fine");
        age_sessions(&app, DEMO_ORGANIZER, 31 * MINUTE, 31 * MINUTE).await;
        assert!(me(&app, &organizer).await.is_null(), "31 minutes idle ends an organizer's session");
        assert_eq!(sessions_of(&app, DEMO_ORGANIZER).await, 0, "and it is gone from the table");
        // The admin likewise.
        let admin = app.login(backend::seed::DEMO_ADMIN).await;
        age_sessions(&app, backend::seed::DEMO_ADMIN, 31 * MINUTE, 31 * MINUTE).await;
        assert!(me(&app, &admin).await.is_null());
        // Members and volunteers: 7 days.
        let member = app.login(MEMBER).await;
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        age_sessions(&app, MEMBER, 6 * DAY, 6 * DAY).await;
        age_sessions(&app, DEMO_VOLUNTEER, 6 * DAY, 6 * DAY).await;
        assert_eq!(me(&app, &member).await["role"], "member");
        assert_eq!(me(&app, &volunteer).await["role"], "volunteer");
        age_sessions(&app, MEMBER, 8 * DAY, 8 * DAY).await;
        age_sessions(&app, DEMO_VOLUNTEER, 8 * DAY, 8 * DAY).await;
        assert!(me(&app, &member).await.is_null(), "8 days idle ends a member's session");
        assert!(me(&app, &volunteer).await.is_null());
        // However much it is used, a session ends 30 days after login.
        let member = app.login(MEMBER).await;
        age_sessions(&app, MEMBER, 0, 29 * DAY).await;
        assert_eq!(me(&app, &member).await["role"], "member");
        age_sessions(&app, MEMBER, 0, 30 * DAY + 1).await;
        assert!(me(&app, &member).await.is_null(), "30 days after login it ends");
        // Using a session marks it used, so an active organizer stays logged in.
        let organizer = app.login(DEMO_ORGANIZER).await;
        age_sessions(&app, DEMO_ORGANIZER, 20 * MINUTE, 20 * MINUTE).await;
        assert_eq!(me(&app, &organizer).await["role"], "organizer");
        let last_seen: i64 = sqlx::query_scalar("SELECT MAX(last_seen_at) FROM sessions").fetch_one(app.db.reader()).await.unwrap();
        assert!(backend::now() - last_seen < 60, "marked used");
    }

    async fn the_pages_that_show_the_most_ask_for_the_password_again(app) {
        let organizer = app.login(DEMO_ORGANIZER).await;
        let csv = "/organizer/activities/1/roster.csv?phones=full";
        let to_reauth = |next: &str| format!("/reauth?next={}", next.replace('?', "%3F").replace('=', "%3D"));
        // Just logged in: everything opens.
        assert_eq!(organizer.get(app.url(csv)).send().await.unwrap().status(), 200);
        assert_eq!(app.get_json(&organizer, "/api/moderation/queue").await.0, 200);
        assert_eq!(app.get_json(&organizer, "/api/me/export").await.0, 200);
        // Sixteen minutes later (still active): the password again.
        age_sessions(&app, DEMO_ORGANIZER, 0, 16 * 60).await;
        let res = organizer.get(app.url(csv)).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], to_reauth(csv).as_str());
        let masked = organizer.get(app.url("/organizer/activities/1/roster.csv")).send().await.unwrap();
        assert_eq!(masked.status(), 200, "masked numbers need no password");
        let page = html(&organizer, app.url("/moderation")).send().await.unwrap();
        assert_eq!(page.status(), 302);
        assert_eq!(page.headers()["location"], "/reauth?next=/moderation");
        let page = html(&organizer, app.url("/me/data")).send().await.unwrap();
        assert_eq!((page.status().as_u16(), page.headers()["location"].to_str().unwrap()), (302, "/reauth?next=/me/data"), "her data in words, as the file");
        let (status, body) = app.get_json(&organizer, "/api/me/data").await;
        assert_eq!((status, body["key"].as_str()), (403, Some("reauth_required")));
        let (status, body) = app.get_json(&organizer, "/api/moderation/queue").await;
        assert_eq!((status, body["key"].as_str()), (403, Some("reauth_required")));
        let (status, body) = app.get_json(&organizer, "/api/me/export").await;
        assert_eq!((status, body["key"].as_str()), (403, Some("reauth_required")));
        let link = html(&organizer, app.url("/api/me/export")).send().await.unwrap();
        assert_eq!(link.status(), 302, "the download link goes to the password page");
        assert_eq!(link.headers()["location"], "/reauth?next=/api/me/export");
        // The page: a plain form that returns to where she was going.
        let reauth = html(&organizer, app.url(&to_reauth(csv))).send().await.unwrap();
        assert_eq!(reauth.status(), 200);
        let text = reauth.text().await.unwrap();
        assert!(text.contains("请再输入一次密码") && text.contains("action=\"/api/auth/reauth\""), "{text}");
        assert!(text.contains("name=\"next\" value=\"/organizer/activities/1/roster.csv?phones=full\""), "{text}");
        // A wrong password goes back to the form with the error and the way on.
        let wrong = organizer.post(app.url("/api/auth/reauth")).header("accept", "text/html")
            .header("referer", app.url("/reauth"))
            .form(&[("password", "not-her-password"), ("next", csv)]).send().await.unwrap();
        assert_eq!(wrong.status(), 302);
        let back = wrong.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(back, "/reauth?error=password_wrong&field=password");
        let page = html(&organizer, app.url(&back)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("密码不对"));
        assert!(page.contains("name=\"next\" value=\"/organizer/activities/1/roster.csv?phones=full\""), "the way on is kept: {page}");
        // A next that leaves the site is not followed.
        let res = organizer.post(app.url("/api/auth/reauth")).header("accept", "text/html")
            .form(&[("password", DEMO_PASSWORD), ("next", "//evil.example")]).send().await.unwrap();
        assert_eq!((res.status().as_u16(), res.headers()["location"].to_str().unwrap()), (302, "/me"));
        // The right one returns to the export, which now opens; the time is on the session.
        age_sessions(&app, DEMO_ORGANIZER, 0, 16 * 60).await;
        sqlx::query("UPDATE sessions SET reauth_at = NULL").execute(app.db.writer()).await.unwrap();
        assert_eq!(organizer.get(app.url(csv)).send().await.unwrap().status(), 303);
        let res = organizer.post(app.url("/api/auth/reauth")).header("accept", "text/html")
            .form(&[("password", DEMO_PASSWORD), ("next", csv)]).send().await.unwrap();
        assert_eq!((res.status().as_u16(), res.headers()["location"].to_str().unwrap()), (302, csv));
        let reauth_at: Option<i64> = sqlx::query_scalar("SELECT MAX(reauth_at) FROM sessions").fetch_one(app.db.reader()).await.unwrap();
        assert!(reauth_at.is_some_and(|t| backend::now() - t < 60));
        let full = organizer.get(app.url(csv)).send().await.unwrap();
        assert_eq!(full.status(), 200);
        assert_eq!(html(&organizer, app.url("/moderation")).send().await.unwrap().status(), 200);
        assert_eq!(app.get_json(&organizer, "/api/me/export").await.0, 200);
    }

    async fn wrong_passwords_on_the_password_page_are_limited(app) {
        let member = app.login(MEMBER).await;
        for _ in 0..5 {
            let (status, body) = app.post_form(&member, "/api/auth/reauth", &[("password", "guess-guess")]).await;
            assert_eq!((status, body["key"].as_str()), (400, Some("password_wrong")));
        }
        let (status, body) = app.post_form(&member, "/api/auth/reauth", &[("password", DEMO_PASSWORD)]).await;
        assert_eq!((status, body["key"].as_str()), (429, Some("rate_limited")), "{body}");
        // Logged out, the page is for nobody.
        let (status, _) = app.post_form(&TestApp::fresh_client(), "/api/auth/reauth", &[("password", DEMO_PASSWORD)]).await;
        assert_eq!(status, 401);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_lifetimes_are_configurable() {
    let app = spawn_app_with(backend::Backend::Sqlite, |k| {
        (k == "TONGXIN_SESSION_STAFF_IDLE_MINUTES").then(|| "120".to_owned())
    })
    .await
    .unwrap();
    let organizer = app.login(DEMO_ORGANIZER).await;
    age_sessions(&app, DEMO_ORGANIZER, 90 * 60, 90 * 60).await;
    assert_eq!(
        me(&app, &organizer).await["role"],
        "organizer",
        "120 minutes configured"
    );
    age_sessions(&app, DEMO_ORGANIZER, 121 * 60, 121 * 60).await;
    assert!(me(&app, &organizer).await.is_null());
}
