//! Nothing private in an address: a plain form (no JavaScript) that is refused goes back to
//! its page with only the error's key in the address, and what she typed comes back from the
//! server's flash, once; codes shown once (a calendar address, an invitation) and a checked-in
//! woman's name travel the same way. Addresses end up in the browser's history on a phone the
//! whole family uses.

use crate::support::TestApp;

/// Posts a plain HTML form from `page` as `client`: the redirect's location.
async fn post_plain(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    path: &str,
    form: &[(&str, &str)],
) -> String {
    let res = client
        .post(app.url(path))
        .header("accept", "text/html")
        .header("referer", app.url(page))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        302,
        "{path} answers a plain form with a redirect"
    );
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// Opens `path` as a browser would navigate to it.
async fn open(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

both_backends! {
    async fn a_refused_post_keeps_its_words_on_the_server_not_in_the_address(app) {
        let circle: i64 = sqlx::query_scalar("SELECT id FROM circles WHERE name = '安全与健康'")
            .fetch_one(app.db.reader()).await.unwrap();
        let page = format!("/circles/{circle}");
        let member = app.login("13800000010").await;
        let title = "家里的难处";
        let body = "丈夫不让我出门，一起去赌博吧";
        let location = post_plain(&app, &member, &page, "/api/circles/post_thread",
            &[("circle_id", &circle.to_string()), ("title", title), ("body", body)]).await;
        assert_eq!(location, format!("{page}?error=post_blocked&field=body"));
        let html = open(&app, &member, &location).await;
        assert!(html.contains(title) && html.contains("丈夫不让我出门"), "what she wrote is kept for her");
        let again = open(&app, &member, &location).await;
        assert!(!again.contains("丈夫不让我出门"), "and shown once only");

        // Someone else who opens the same address sees nothing of it.
        let location = post_plain(&app, &member, &page, "/api/circles/post_thread",
            &[("circle_id", &circle.to_string()), ("title", title), ("body", body)]).await;
        let other = app.login("13800000011").await;
        assert!(!open(&app, &other, &location).await.contains("丈夫不让我出门"));
    }

    async fn a_failed_login_keeps_her_number_out_of_the_address(app) {
        let client = TestApp::fresh_client();
        let location = post_plain(&app, &client, "/login", "/api/auth/login",
            &[("phone", "13800000010"), ("password", "not-her-password")]).await;
        assert!(location.starts_with("/login?error=wrong_credentials"), "{location}");
        assert!(!location.contains("13800000010"), "{location}");
        assert!(open(&app, &client, &location).await.contains("value=\"13800000010\""), "the number is filled in again");
    }

    async fn codes_shown_once_never_travel_in_the_address(app) {
        // Her calendar address.
        let member = app.login("13800000010").await;
        let location = post_plain(&app, &member, "/me/activities", "/api/me/new_calendar_feed", &[]).await;
        assert_eq!(location, "/me/activities");
        let html = open(&app, &member, &location).await;
        assert!(html.contains("/calendar/") && html.contains(".ics"), "shown on the page answering the form");
        assert!(!open(&app, &member, &location).await.contains(".ics\""), "and only once");

        // An organizer invitation.
        let admin = app.login(backend::seed::DEMO_ADMIN).await;
        let federation: i64 = sqlx::query_scalar("SELECT id FROM federations ORDER BY id LIMIT 1")
            .fetch_one(app.db.reader()).await.unwrap();
        let location = post_plain(&app, &admin, "/admin", "/api/admin/invite_organizer",
            &[("federation_id", &federation.to_string())]).await;
        assert_eq!(location, "/admin");
        let html = open(&app, &admin, &location).await;
        let code = html.split("<strong class=\"code\">").nth(1).and_then(|r| r.split('<').next()).unwrap_or_default();
        assert_eq!(code.len(), 16, "the code is on the page: {code}");
        assert!(!open(&app, &admin, "/admin").await.contains(code), "once");
    }

    async fn a_checked_in_name_stays_out_of_the_address(app) {
        let member = app.login("13800000010").await;
        let activity: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE requires_approval = FALSE AND status = 'published' ORDER BY starts_at LIMIT 1")
            .fetch_one(app.db.reader()).await.unwrap();
        let (s, signed) = app.post_form(&member, "/api/activities/signup", &[("activity_id", &activity.to_string())]).await;
        assert_eq!(s, 200, "{signed}");
        let code: String = sqlx::query_scalar("SELECT checkin_code FROM signups WHERE activity_id = $1")
            .bind(activity).fetch_one(app.db.reader()).await.unwrap();
        let organizer = app.login(backend::seed::DEMO_ORGANIZER).await;
        let roster = format!("/organizer/activities/{activity}");
        let location = post_plain(&app, &organizer, &roster, "/api/roster/check_in",
            &[("activity_id", &activity.to_string()), ("code", &code)]).await;
        assert!(location.starts_with(&roster) && location.ends_with("?done=checked_in"), "{location}");
        let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE phone = '13800000010'")
            .fetch_one(app.db.reader()).await.unwrap();
        assert!(open(&app, &organizer, &location).await.contains(&name), "her name is confirmed on the page");
    }
}
