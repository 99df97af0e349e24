//! The few seconds' copy of public pages for visitors who are not logged in
//! (`server::middleware::page_cache`): who gets it, what it keeps, when it lets go.

use crate::support::TestApp;

/// The CSP nonce of an answer, and whether every inline script of its HTML carries it.
async fn nonce_and_html(res: reqwest::Response) -> (String, String) {
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce")
        .to_owned();
    let html = res.text().await.unwrap();
    let scripts = html.matches("<script").count();
    let signed = html.matches(&format!("nonce=\"{nonce}\"")).count();
    assert!(
        scripts > 0 && signed >= scripts,
        "{scripts} scripts, {signed} with the answer's nonce"
    );
    assert_eq!(
        html.matches("nonce=\"").count(),
        signed,
        "no other nonce in the page"
    );
    (nonce, html)
}

/// Renames a demo activity behind the server's back (as another node would).
async fn rename_in_database(app: &TestApp, from: &str, to: &str) {
    let done = sqlx::query("UPDATE activities SET title = $1 WHERE title = $2")
        .bind(to)
        .bind(from)
        .execute(app.db.writer())
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
}

both_backends! {
    async fn visitors_share_a_copy_but_never_a_nonce(app) {
        let anyone = TestApp::fresh_client();
        let (first, html) = nonce_and_html(anyone.get(app.url("/")).send().await.unwrap()).await;
        assert!(html.contains("广场舞交流会"));
        rename_in_database(&app, "广场舞交流会", "改名后的交流会").await;

        // Within the copy's few seconds a visitor still gets the page as it was, with a
        // nonce of her own.
        let (second, html) = nonce_and_html(TestApp::fresh_client().get(app.url("/")).send().await.unwrap()).await;
        assert_ne!(first, second, "a fresh nonce for every answer");
        assert!(html.contains("广场舞交流会"), "the copy was served");

        // Someone logged in never gets the copy.
        let member = app.login(&format!("138000000{}", backend::seed::DEMO_MEMBER_FIRST)).await;
        let html = member.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("改名后的交流会") && !html.contains("广场舞交流会"));

        // Another address, or another language, is another page.
        let html = anyone.get(app.url("/?category=culture_sports")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("改名后的交流会"));
        let english = TestApp::fresh_client();
        let res = english.get(app.url("/")).header("cookie", "lang=en").send().await.unwrap();
        let (_, html) = nonce_and_html(res).await;
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\""));

        // A write on this node (here: the member signs up for it) drops the copies.
        let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE title = '改名后的交流会'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
        let (status, body) = crate::signups::signup(&app, &member, id, 0).await;
        assert_eq!(status, 200, "{body}");
        let html = anyone.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("改名后的交流会") && !html.contains("广场舞交流会"), "a write drops the copies");
    }

    async fn only_plain_successful_pages_are_kept(app) {
        // An error page is not kept: the next visitor gets the page's real answer.
        assert_eq!(app.get("/?category=dancing").await.status(), 400);
        assert_eq!(app.get("/?category=dancing").await.status(), 400);
        let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE title = '广场舞交流会'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
        let page = format!("/activities/{id}");
        assert_eq!(app.get(&page).await.status(), 200);
        rename_in_database(&app, "广场舞交流会", "改名后的交流会").await;
        let html = app.get(&page).await.text().await.unwrap();
        assert!(html.contains("广场舞交流会"), "an activity's page is kept too");
        // Other pages are never kept.
        for path in ["/circles", "/groups", "/login"] {
            let first = app.get(path).await.text().await.unwrap();
            let second = app.get(path).await.text().await.unwrap();
            assert_ne!(first, second, "{path} is rendered for each request (its nonce differs)");
        }
        // A HEAD request does not leave an empty page behind for the next GET.
        let head = app.client.head(app.url("/?free=1")).send().await.unwrap();
        assert_eq!(head.status(), 200);
        let html = app.get("/?free=1").await.text().await.unwrap();
        assert!(html.contains("<main"), "a whole page after a HEAD");
    }

    async fn a_copy_made_for_another_host_is_never_handed_out(app) {
        let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE title = '广场舞交流会'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
        let page = format!("/activities/{id}");
        // Someone asks with a forged Host: its page names that host in the share card...
        let forged = app
            .client
            .get(app.url(&page))
            .header("host", "evil.example")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(forged.contains("http://evil.example/share/"), "{forged}");
        // ...and the next woman does not get that copy.
        let html = app.get(&page).await.text().await.unwrap();
        assert!(!html.contains("evil.example"), "the forged copy was handed out");
        assert!(html.contains(&format!("http://{}/share/", app.addr)), "{html}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zero_lifetime_turns_the_copies_off() {
    let app = crate::support::spawn_app_with(backend::Backend::Sqlite, |key| {
        (key == "TONGXIN_PAGE_CACHE_SECS").then(|| "0".to_owned())
    })
    .await
    .expect("sqlite always runs");
    assert!(app
        .get("/")
        .await
        .text()
        .await
        .unwrap()
        .contains("广场舞交流会"));
    rename_in_database(&app, "广场舞交流会", "改名后的交流会").await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("改名后的交流会"), "rendered afresh");
    app.stop().await;
}
