//! Smaller trust points (issue 12, point 16): HSTS over https, Secure on every cookie over
//! https, invisible characters stripped where text is accepted, names that cannot pass for
//! the anonymous label or a role, years within 1900–2100, and audit entries for admins
//! created and for sign-ups made on a woman's behalf.

use serde_json::Value;

use crate::signups::members;
use crate::support::TestApp;
use backend::seed::DEMO_ORGANIZER;

/// Every invisible character the rule names.
const INVISIBLE: &str = "\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{FEFF}";

fn with_invisible(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        out.push(c);
        out.push(
            INVISIBLE
                .chars()
                .nth(i % INVISIBLE.chars().count())
                .unwrap(),
        );
    }
    out
}

async fn a_village(app: &TestApp) -> String {
    let villages: Value = app.get("/api/regions/villages").await.json().await.unwrap();
    villages[0]["id"].as_i64().unwrap().to_string()
}

async fn register_as(app: &TestApp, phone: &str, name: &str, birth_year: &str) -> (u16, Value) {
    let village = a_village(app).await;
    app.post_form(
        &TestApp::fresh_client(),
        "/api/auth/register",
        &[
            ("phone", phone),
            ("password", "a-good-passphrase"),
            ("display_name", name),
            ("village_id", village.as_str()),
            ("birth_year", birth_year),
            ("consent", "yes"),
        ],
    )
    .await
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

both_backends! {
    async fn https_answers_carry_hsts_and_secure_cookies(app) {
        let plain = app.get("/").await;
        assert!(plain.headers().get("strict-transport-security").is_none(), "not over plain http");
        let res = app.client.get(app.url("/")).header("x-forwarded-proto", "https").send().await.unwrap();
        assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000");
        // The language cookie is Secure over https like the session cookie.
        let res = TestApp::fresh_client().get(app.url("/lang/en?next=/")).header("x-forwarded-proto", "https").send().await.unwrap();
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.starts_with("lang=en") && cookie.contains("Secure") && cookie.contains("HttpOnly"), "{cookie}");
        let res = TestApp::fresh_client().get(app.url("/lang/en?next=/")).send().await.unwrap();
        assert!(!res.headers()["set-cookie"].to_str().unwrap().contains("Secure"));
        let member = TestApp::fresh_client();
        member.post(app.url("/api/auth/login")).form(&[("phone", "13800000010"), ("password", "tongxin-demo")]).send().await.unwrap();
        let res = member.post(app.url("/api/me/update_profile")).header("x-forwarded-proto", "https")
            .form(&[("display_name", "张秀英"), ("village_id", a_village(&app).await.as_str()), ("lang", "en")]).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let cookie = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).find(|c| c.starts_with("lang=")).expect("lang cookie");
        assert!(cookie.contains("Secure"), "{cookie}");
    }

    async fn invisible_characters_are_stripped_where_text_is_accepted(app) {
        // Display names.
        let (status, body) = register_as(&app, "13912345678", &with_invisible("秀英"), "").await;
        assert_eq!(status, 200, "{body}");
        let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE phone = '13912345678'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(name, "秀英");
        // Activity titles.
        let org = app.login(DEMO_ORGANIZER).await;
        let start = domain::time::format_local_datetime(backend::now() + 10 * 86_400);
        let end = domain::time::format_local_datetime(backend::now() + 10 * 86_400 + 7200);
        let title = with_invisible("手工编织培训");
        let (status, body) = app.post_form(&org, "/api/activities/create", &[
            ("title", title.as_str()), ("category", "skills_training"), ("description", "带上针线"), ("venue", "村委会"),
            ("starts_at", start.as_str()), ("ends_at", end.as_str()), ("capacity", "5"),
        ]).await;
        assert_eq!(status, 200, "{body}");
        let stored: String = sqlx::query_scalar("SELECT title FROM activities WHERE id = $1").bind(body["id"].as_i64().unwrap()).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(stored, "手工编织培训");
        // Thread titles and posts.
        let circle: i64 = sqlx::query_scalar("SELECT id FROM circles WHERE name = '安全与健康'").fetch_one(app.db.reader()).await.unwrap();
        let m = members(&app, 1).await;
        let (title, text) = (with_invisible("孩子发烧怎么办"), with_invisible("昨晚开始发烧"));
        let (status, body) = app.post_form(&m[0], "/api/circles/post_thread", &[("circle_id", circle.to_string().as_str()), ("title", title.as_str()), ("body", text.as_str())]).await;
        assert_eq!(status, 200, "{body}");
        let (t, b): (String, String) = sqlx::query_as("SELECT t.title, p.body FROM threads t JOIN posts p ON p.thread_id = t.id ORDER BY p.id DESC LIMIT 1").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((t.as_str(), b.as_str()), ("孩子发烧怎么办", "昨晚开始发烧"));
        // Group posts.
        let (_, g) = app.post_form(&org, "/api/groups/create", &[("name", "周末带娃互助"), ("need", "childcare"), ("member_limit", "5"), ("open", "1")]).await;
        let g = g.as_i64().unwrap().to_string();
        app.post_form(&m[0], "/api/groups/join", &[("group_id", g.as_str())]).await;
        let text = with_invisible("周六可以帮忙看孩子");
        let (status, body) = app.post_form(&m[0], "/api/groups/post", &[("group_id", g.as_str()), ("body", text.as_str())]).await;
        assert_eq!(status, 200, "{body}");
        let b: String = sqlx::query_scalar("SELECT body FROM group_posts ORDER BY id DESC LIMIT 1").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(b, "周六可以帮忙看孩子");
    }

    async fn names_cannot_pass_for_the_anonymous_label_or_a_role(app) {
        for name in ["匿名妈妈", "匿名妈妈 2", "Anonymous mum", "组织者", "志愿者小王", "管理员", "县妇联", "Organizer", "Volunteer", "admin", "匿\u{200B}名妈妈"] {
            let (status, body) = register_as(&app, "13912345678", name, "").await;
            assert_eq!((status, body["key"].as_str(), body["field"].as_str()), (400, Some("name_reserved"), Some("display_name")), "{name}");
        }
        // On her profile too, with a clear message in both languages.
        let member = app.login("13800000010").await;
        let village = a_village(&app).await;
        let (status, body) = app.post_form(&member, "/api/me/update_profile", &[("display_name", "匿名妈妈"), ("village_id", village.as_str())]).await;
        assert_eq!((status, body["key"].as_str()), (400, Some("name_reserved")));
        let res = member.post(app.url("/api/me/update_profile")).header("accept", "text/html").header("referer", app.url("/me"))
            .form(&[("display_name", "管理员"), ("village_id", village.as_str())]).send().await.unwrap();
        let back = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(back.starts_with("/me?error=name_reserved"), "{back}");
        assert!(member.get(app.url(&back)).send().await.unwrap().text().await.unwrap().contains("身份混淆"));
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE display_name IN ('匿名妈妈', '管理员')").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(count, 0);
        assert_eq!(register_as(&app, "13912345678", "小张妈妈", "").await.0, 200);
    }

    async fn years_outside_1900_to_2100_are_refused(app) {
        for year in ["1899", "2101", "99999", "-1990"] {
            let (status, body) = register_as(&app, "13912345678", "秀英", year).await;
            assert_eq!((status, body["field"].as_str()), (400, Some("birth_year")), "{year}");
        }
        let org = app.login(DEMO_ORGANIZER).await;
        for (start, end) in [("2101-03-01T14:00", "2101-03-01T16:00"), ("20260-03-01T14:00", "20260-03-01T16:00")] {
            let (status, body) = app.post_form(&org, "/api/activities/create", &[
                ("title", "讲座"), ("category", "skills_training"), ("description", ""), ("venue", "村委会"),
                ("starts_at", start), ("ends_at", end), ("capacity", "5"),
            ]).await;
            assert_eq!((status, body["key"].as_str()), (400, Some("dates_invalid")), "{start}");
        }
    }

    async fn admins_created_and_sign_ups_on_her_behalf_are_audited(app) {
        // `tongxin create-admin` goes through users::ensure_admin.
        let phone = domain::Phone::parse("13900001111").unwrap();
        let mut tx = app.db.writer().begin().await.unwrap();
        let (id, created) = backend::services::users::ensure_admin(&mut tx, &phone, "x").await.unwrap();
        tx.commit().await.unwrap();
        assert!(created);
        let (subject, detail): (Option<i64>, String) = sqlx::query_as("SELECT subject_id, detail FROM audit_log WHERE action = 'admin_created'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((subject, detail.as_str()), (Some(id), "new account"));
        let mut tx = app.db.writer().begin().await.unwrap();
        backend::services::users::ensure_admin(&mut tx, &domain::Phone::parse("13800000010").unwrap(), "x").await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(audit_count(&app, "admin_created").await, 2, "making an existing account admin too");
        // A volunteer signs a woman up: who, whom, which activity.
        let org = app.login(DEMO_ORGANIZER).await;
        let start = domain::time::format_local_datetime(backend::now() + 10 * 86_400);
        let end = domain::time::format_local_datetime(backend::now() + 10 * 86_400 + 7200);
        let (_, body) = app.post_form(&org, "/api/activities/create", &[
            ("title", "电商技能培训"), ("category", "skills_training"), ("description", ""), ("venue", "村委会"),
            ("starts_at", start.as_str()), ("ends_at", end.as_str()), ("capacity", "5"),
        ]).await;
        let a = body["id"].as_i64().unwrap();
        let (_, people) = app.get_json(&org, "/api/activities/helper_members").await;
        let member_id = people[0]["user_id"].as_i64().unwrap();
        let (status, body) = app.post_form(&org, "/api/activities/signup_for", &[("activity_id", a.to_string().as_str()), ("member_id", member_id.to_string().as_str()), ("agreed", "1")]).await;
        assert_eq!(status, 200, "{body}");
        let org_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1").bind(DEMO_ORGANIZER).fetch_one(app.db.reader()).await.unwrap();
        let (actor, subject, detail): (Option<i64>, Option<i64>, String) = sqlx::query_as("SELECT actor_id, subject_id, detail FROM audit_log WHERE action = 'signed_up_on_behalf'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((actor, subject, detail), (Some(org_id), Some(member_id), format!("activity {a}")));
        // Her own sign-up is not "on her behalf".
        let m = members(&app, 1).await;
        crate::signups::signup(&app, &m[0], a, 0).await;
        assert_eq!(audit_count(&app, "signed_up_on_behalf").await, 1);
    }
}
