//! The woman's journey without dead ends (issue 13): from a shared link to a seat through
//! registration or login, who may join shown before she taps, a second chance before she
//! gives a place up, and pages that greet a visitor instead of an error. Plain HTML forms
//! throughout, as a phone without JavaScript sends them.

use serde_json::Value;

use crate::support::TestApp;

/// A page as a browser asks for it (the flash is read only by page requests).
pub(crate) async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let res = client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body = res.text().await.unwrap();
    if std::env::var("JOURNEY_DUMP").is_ok() {
        let name = path.replace(['/', '?', '&', '='], "_");
        std::fs::write(format!("/tmp/journey{name}.html"), &body).unwrap();
    }
    (status, body)
}

/// Posts a plain HTML form: the status and where it sends her.
pub(crate) async fn post_html(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
    referer: &str,
) -> (u16, String) {
    let res = client
        .post(app.url(path))
        .header("accept", "text/html")
        .header("referer", app.url(referer))
        .form(form)
        .send()
        .await
        .unwrap();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status().as_u16(), location)
}

/// A coming activity of `category` from the demo county, set to `capacity` seats with two
/// companions allowed and no other rule.
async fn activity(app: &TestApp, category: &str, capacity: i64) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "SELECT id FROM activities WHERE category = $1 AND status = 'published' ORDER BY starts_at, id LIMIT 1",
    )
    .bind(category)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    sqlx::query(
        "UPDATE activities SET capacity = $1, companions_allowed = 2, requires_approval = FALSE,
                min_age = NULL, max_age = NULL, area_only = FALSE, signup_deadline = NULL,
                cancel_cutoff = NULL
         WHERE id = $2",
    )
    .bind(capacity)
    .bind(id)
    .execute(app.db.writer())
    .await
    .unwrap();
    id
}

async fn village(app: &TestApp) -> String {
    let villages: Value = app.get("/api/regions/villages").await.json().await.unwrap();
    villages[0]["id"].as_i64().unwrap().to_string()
}

/// Her sign-up for `activity`: status and companions.
async fn signup_of(app: &TestApp, phone: &str, activity: i64) -> Option<(String, i64)> {
    sqlx::query_as(
        "SELECT s.status, s.companions FROM signups s JOIN users u ON u.id = s.user_id
         WHERE u.phone = $1 AND s.activity_id = $2 AND s.status <> 'cancelled'",
    )
    .bind(phone)
    .bind(activity)
    .fetch_optional(app.db.reader())
    .await
    .unwrap()
}

both_backends! {
    async fn a_visitor_from_a_shared_link_registers_and_gets_her_seat(app) {
        let a = activity(&app, "culture_sports", 10).await;
        let visitor = TestApp::fresh_client();
        // The activity page offers the button to a visitor too, with her companions.
        let (_, body) = page(&app, &visitor, &format!("/activities/{a}")).await;
        assert!(body.contains("name=\"want\"") && body.contains("我要报名"), "{body}");
        // Pressing it asks her to log in or register, keeping what she chose.
        let (status, body) = page(&app, &visitor, &format!("/activities/{a}?want=signup&companions=1")).await;
        assert_eq!(status, 200);
        assert!(body.contains("登录后就能报名"));
        let register = format!("/register?join={a}&amp;companions=1");
        assert!(body.contains(&register) && body.contains(&format!("/login?join={a}&amp;companions=1")), "{body}");
        // The registration page carries the activity through the form.
        let (_, body) = page(&app, &visitor, &format!("/register?join={a}&companions=1")).await;
        assert!(body.contains("登录或注册后，就会为你报名这个活动"));
        assert!(body.contains(&format!("name=\"join\" value=\"{a}\"")) && body.contains("name=\"companions\" value=\"1\""), "{body}");
        assert!(body.contains(&format!("/login?join={a}&amp;companions=1")), "the way to log in instead keeps it too");
        // A refused try keeps it (in the flash, not the address).
        let village = village(&app).await;
        let a_str = a.to_string();
        let form = |password: &'static str| {
            vec![("phone", "13912345678"), ("password", password), ("display_name", "秀英"),
                 ("village_id", village.as_str()), ("consent", "yes"), ("join", a_str.as_str()), ("companions", "1")]
        };
        let (status, back) = post_html(&app, &visitor, "/api/auth/register", &form("short"), &format!("/register?join={a}&companions=1")).await;
        assert_eq!(status, 302);
        assert!(back.starts_with("/register?error=password_too_short") && !back.contains("join"), "{back}");
        let (_, body) = page(&app, &visitor, &back).await;
        assert!(body.contains(&format!("name=\"join\" value=\"{a}\"")), "the activity survives a refused try");
        // Registering makes the sign-up and lands on the activity with a welcome.
        let (status, onwards) = post_html(&app, &visitor, "/api/auth/register", &form("a-good-passphrase"), &back).await;
        assert_eq!((status, onwards.as_str()), (302, format!("/activities/{a}?done=welcome#signup").as_str()));
        assert_eq!(signup_of(&app, "13912345678", a).await, Some(("confirmed".to_owned(), 1)));
        let (_, body) = page(&app, &visitor, &format!("/activities/{a}?done=welcome")).await;
        assert!(body.contains("欢迎加入同心") && body.contains("报名成功"), "{body}");
        assert!(body.contains("带1人同行，共占2个名额") && body.contains("到了现场给工作人员看"));
        // A taken number goes to the same place and signs nobody up.
        let stranger = TestApp::fresh_client();
        let taken = vec![("phone", "13800000011"), ("password", "a-good-passphrase"), ("display_name", "秀英"),
                         ("village_id", village.as_str()), ("consent", "yes"), ("join", a_str.as_str()), ("companions", "1")];
        let (status, onwards) = post_html(&app, &stranger, "/api/auth/register", &taken, "/register").await;
        assert_eq!((status, onwards.as_str()), (302, format!("/activities/{a}?done=welcome#signup").as_str()));
        assert_eq!(signup_of(&app, "13800000011", a).await, None);
    }

    async fn logging_in_from_an_activity_completes_the_sign_up_or_says_why(app) {
        let a = activity(&app, "culture_sports", 10).await;
        let a_str = a.to_string();
        let member = TestApp::fresh_client();
        // A wrong password keeps the activity for the next try.
        let wrong = [("phone", "13800000012"), ("password", "not-her-password"), ("join", a_str.as_str()), ("companions", "2")];
        let (status, back) = post_html(&app, &member, "/api/auth/login", &wrong, &format!("/login?join={a}&companions=2")).await;
        assert_eq!(status, 302);
        let (_, body) = page(&app, &member, &back).await;
        assert!(body.contains(&format!("name=\"join\" value=\"{a}\"")) && body.contains("name=\"companions\" value=\"2\""), "{body}");
        let right = [("phone", "13800000012"), ("password", backend::seed::DEMO_PASSWORD), ("join", a_str.as_str()), ("companions", "2")];
        let (status, onwards) = post_html(&app, &member, "/api/auth/login", &right, &back).await;
        assert_eq!((status, onwards.as_str()), (302, format!("/activities/{a}?done=signed_up#signup").as_str()));
        assert_eq!(signup_of(&app, "13800000012", a).await, Some(("confirmed".to_owned(), 2)));
        // A screening asks her own consent first: the page says so, her choice kept.
        let screening = activity(&app, "health_screening", 10).await;
        let s_str = screening.to_string();
        let other = TestApp::fresh_client();
        let form = [("phone", "13800000013"), ("password", backend::seed::DEMO_PASSWORD), ("join", s_str.as_str()), ("companions", "1")];
        let (_, onwards) = post_html(&app, &other, "/api/auth/login", &form, "/login").await;
        assert_eq!(onwards, format!("/activities/{screening}?error=sensitive_consent_required&field=sensitive_consent#signup"));
        assert_eq!(signup_of(&app, "13800000013", screening).await, None);
        let (_, body) = page(&app, &other, &onwards).await;
        assert!(body.contains("name=\"sensitive_consent\"") && body.contains("aria-invalid=\"true\""), "{body}");
        assert!(body.contains("<option value=\"1\" selected"), "her companions are kept: {body}");
        // A `next` that leaves the site is ignored.
        let (_, onwards) = post_html(&app, &TestApp::fresh_client(), "/api/auth/login",
            &[("phone", "13800000014"), ("password", backend::seed::DEMO_PASSWORD), ("next", "//evil.example/x")], "/login").await;
        assert_eq!(onwards, "/me");
    }

    async fn who_may_join_is_shown_before_she_taps(app) {
        let a = activity(&app, "skills_training", 1).await;
        let deadline = backend::now() + 3_600;
        sqlx::query("UPDATE activities SET min_age = 18, max_age = 45, requires_approval = TRUE, signup_deadline = $1 WHERE id = $2")
            .bind(deadline)
            .bind(a)
            .execute(app.db.writer()).await.unwrap();
        let (_, body) = page(&app, &TestApp::fresh_client(), &format!("/activities/{a}")).await;
        for line in ["谁可以报名", "18到45岁", "需要妇联确认", "报名截止", "带的孩子也占名额"] {
            assert!(body.contains(line), "{line}: {body}");
        }
        let (_, list) = page(&app, &TestApp::fresh_client(), "/?category=skills_training").await;
        assert!(list.contains("18到45岁 · 需妇联确认"), "the card says it too: {list}");
        // Full: the button says she queues.
        sqlx::query("UPDATE activities SET requires_approval = FALSE, min_age = NULL, max_age = NULL, seats_taken = capacity WHERE id = $1")
            .bind(a)
            .execute(app.db.writer()).await.unwrap();
        // From here a member looks (her pages are never kept).
        let member = app.login("13800000019").await;
        let (_, body) = page(&app, &member, &format!("/activities/{a}")).await;
        assert!(body.contains("排队候补") && !body.contains(">我要报名<"), "{body}");
        // Closed, started, over: said, and no button.
        for (deadline, starts, ends, says) in [
            (Some(-60), 3_600, 7_200, "报名已经截止"),
            (None, -60, 3_600, "活动已经开始"),
            (None, -7_200, -3_600, "活动已经结束"),
        ] {
            let now = backend::now();
            sqlx::query("UPDATE activities SET signup_deadline = $1, starts_at = $2, ends_at = $3 WHERE id = $4")
                .bind(deadline.map(|d: i64| now + d))
                .bind(now + starts)
                .bind(now + ends)
                .bind(a)
                .execute(app.db.writer()).await.unwrap();
            let (_, body) = page(&app, &member, &format!("/activities/{a}")).await;
            assert!(body.contains(says) && !body.contains("排队候补") && !body.contains("/api/activities/signup\""), "{says}: {body}");
        }
    }

    async fn she_gives_her_birth_year_where_the_age_range_asks_for_it(app) {
        let a = activity(&app, "skills_training", 10).await;
        sqlx::query("UPDATE activities SET min_age = 18, max_age = 60 WHERE id = $1").bind(a).execute(app.db.writer()).await.unwrap();
        sqlx::query("UPDATE users SET birth_year = NULL WHERE phone = '13800000015'").execute(app.db.writer()).await.unwrap();
        let member = app.login("13800000015").await;
        let (_, body) = page(&app, &member, &format!("/activities/{a}")).await;
        assert!(body.contains("name=\"birth_year\""), "{body}");
        // Out of range: refused, nothing saved, the year she typed kept.
        let a_str = a.to_string();
        let (_, back) = post_html(&app, &member, "/api/activities/signup", &[("activity_id", a_str.as_str()), ("birth_year", "2015")], &format!("/activities/{a}")).await;
        assert!(back.starts_with(&format!("/activities/{a}?error=age_not_eligible")), "{back}");
        let year: Option<i64> = sqlx::query_scalar("SELECT birth_year FROM users WHERE phone = '13800000015'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(year, None, "a refused sign-up saves nothing");
        let (_, onwards) = post_html(&app, &member, "/api/activities/signup", &[("activity_id", a_str.as_str()), ("birth_year", "1988")], &format!("/activities/{a}")).await;
        assert_eq!(onwards, format!("/activities/{a}?done=signed_up#signup"));
        let year: Option<i64> = sqlx::query_scalar("SELECT birth_year FROM users WHERE phone = '13800000015'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(year, Some(1988));
        assert_eq!(signup_of(&app, "13800000015", a).await, Some(("confirmed".to_owned(), 0)));
        // A year already on her profile is not changed from here.
        let b = activity(&app, "culture_sports", 10).await;
        let b_str = b.to_string();
        post_html(&app, &member, "/api/activities/signup", &[("activity_id", b_str.as_str()), ("birth_year", "1970")], &format!("/activities/{b}")).await;
        let year: Option<i64> = sqlx::query_scalar("SELECT birth_year FROM users WHERE phone = '13800000015'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(year, Some(1988));
    }

    async fn giving_a_place_up_asks_first_and_says_it_is_done(app) {
        let a = activity(&app, "culture_sports", 1).await;
        let a_str = a.to_string();
        let first = app.login("13800000016").await;
        let second = app.login("13800000017").await;
        for m in [&first, &second] {
            let (_, onwards) = post_html(&app, m, "/api/activities/signup", &[("activity_id", a_str.as_str())], &format!("/activities/{a}")).await;
            assert_eq!(onwards, format!("/activities/{a}?done=signed_up#signup"));
        }
        // Her page offers a link to the question, not a one-tap cancel.
        let (_, body) = page(&app, &first, &format!("/activities/{a}")).await;
        assert!(body.contains(&format!("href=\"/activities/{a}/cancel\"")) && !body.contains("/api/activities/cancel_signup"), "{body}");
        let (_, body) = page(&app, &second, &format!("/activities/{a}")).await;
        assert!(body.contains("候补名单第 1 位") && body.contains("不排了"), "{body}");
        // The question, per what she holds.
        let (status, body) = page(&app, &first, &format!("/activities/{a}/cancel")).await;
        assert_eq!(status, 200);
        assert!(body.contains("确定不去了吗") && body.contains("名额会让给排队的姐妹") && body.contains("/api/activities/cancel_signup"), "{body}");
        let (_, body) = page(&app, &second, &format!("/activities/{a}/cancel")).await;
        assert!(body.contains("确定不排了吗"), "{body}");
        // Answering it cancels and says so; the queue moves up.
        let (_, onwards) = post_html(&app, &first, "/api/activities/cancel_signup", &[("activity_id", a_str.as_str())], &format!("/activities/{a}/cancel")).await;
        assert_eq!(onwards, format!("/activities/{a}?done=cancelled#signup"));
        let (_, body) = page(&app, &first, &format!("/activities/{a}?done=cancelled")).await;
        assert!(body.contains("已取消报名"), "{body}");
        assert_eq!(signup_of(&app, "13800000017", a).await, Some(("confirmed".to_owned(), 0)));
        // Nothing to cancel: said, with the way back. A visitor is asked to log in.
        let (_, body) = page(&app, &first, &format!("/activities/{a}/cancel")).await;
        assert!(body.contains("你没有报名这个活动") && !body.contains("/api/activities/cancel_signup"));
        let (status, body) = page(&app, &TestApp::fresh_client(), &format!("/activities/{a}/cancel")).await;
        assert_eq!(status, 401);
        assert!(body.contains(&format!("/login?next=/activities/{a}/cancel")), "{body}");
        // After the cutoff a seat cannot be given back here: no link, a word instead.
        sqlx::query("UPDATE activities SET cancel_cutoff = $1 WHERE id = $2").bind(backend::now() - 60).bind(a).execute(app.db.writer()).await.unwrap();
        let (_, body) = page(&app, &second, &format!("/activities/{a}")).await;
        assert!(!body.contains(&format!("/activities/{a}/cancel\"")) && body.contains("已经过了取消的时间"), "{body}");
    }

    async fn leaving_a_group_asks_first(app) {
        let member = app.login("13800000010").await;
        let group: i64 = sqlx::query_scalar(
            "SELECT m.group_id FROM group_members m JOIN users u ON u.id = m.user_id
             WHERE u.phone = '13800000010' AND m.status = 'member' ORDER BY m.group_id LIMIT 1",
        ).fetch_one(app.db.reader()).await.unwrap();
        let (_, body) = page(&app, &member, &format!("/groups/{group}")).await;
        assert!(body.contains(&format!("href=\"/groups/{group}/leave\"")) && !body.contains("/api/groups/leave"), "{body}");
        let (_, body) = page(&app, &member, &format!("/groups/{group}/leave")).await;
        assert!(body.contains("确定退出这个互助组吗") && body.contains("/api/groups/leave") && body.contains("不退了"), "{body}");
        let g = group.to_string();
        let (_, onwards) = post_html(&app, &member, "/api/groups/leave", &[("group_id", g.as_str())], &format!("/groups/{group}/leave")).await;
        assert_eq!(onwards, format!("/groups/{group}?done=left"));
        let (_, body) = page(&app, &member, &onwards).await;
        assert!(body.contains("已退出。"), "{body}");
    }

    async fn pages_that_need_a_login_greet_a_visitor(app) {
        let visitor = TestApp::fresh_client();
        for (path, heading, about) in [
            ("/circles", "家庭教育交流圈", "和附近的姐妹聊聊孩子"),
            ("/groups", "互助组", "和同村的姐妹组成小组"),
            ("/groups/1", "互助组", "和同村的姐妹组成小组"),
            ("/me/activities", "我报名的活动", "签到码"),
            ("/notifications", "消息", "报名结果"),
            ("/me", "我的", "登录后可以报名活动"),
        ] {
            let (_, body) = page(&app, &visitor, path).await;
            let next = path;
            assert!(body.contains(heading) && body.contains(about), "{path}: {body}");
            assert!(body.contains(&format!("/register?next={next}")) && body.contains(&format!("/login?next={next}")), "{path}: {body}");
            assert!(!body.contains("出了点问题"), "{path}");
        }
        // Registration honours `next` like login.
        let village = village(&app).await;
        let form = [("phone", "13912340001"), ("password", "a-good-passphrase"), ("display_name", "秀英"),
                    ("village_id", village.as_str()), ("consent", "yes"), ("next", "/circles")];
        let (_, onwards) = post_html(&app, &visitor, "/api/auth/register", &form, "/register?next=/circles").await;
        assert_eq!(onwards, "/circles");
    }
}

both_backends! {
    async fn an_organizer_hears_of_a_sign_up_waiting_for_her(app) {
        let a = activity(&app, "family_education", 10).await;
        let elsewhere = crate::authz::organizer_elsewhere(&app).await;
        let federation: i64 = sqlx::query_scalar("SELECT federation_id FROM users WHERE phone = $1")
            .bind(backend::seed::DEMO_ORGANIZER).fetch_one(app.db.reader()).await.unwrap();
        sqlx::query("UPDATE activities SET requires_approval = TRUE, federation_id = $1 WHERE id = $2")
            .bind(federation).bind(a).execute(app.db.writer()).await.unwrap();
        let waiting = |phone: &'static str| {
            let db = app.db.clone();
            async move {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id
                     WHERE u.phone = $1 AND n.kind = 'signup_awaits_approval' AND n.activity_id = $2",
                ).bind(phone).bind(a).fetch_one(db.reader()).await.unwrap();
                n
            }
        };
        assert_eq!(waiting(backend::seed::DEMO_ORGANIZER).await, 0);
        let member = app.login("13800000018").await;
        let a_str = a.to_string();
        let (status, body) = app.post_form(&member, "/api/activities/signup", &[("activity_id", a_str.as_str())]).await;
        assert_eq!((status, body["status"].as_str()), (200, Some("pending")));
        assert_eq!(waiting(backend::seed::DEMO_ORGANIZER).await, 1, "her federation's organizer is told");
        assert_eq!(waiting(elsewhere).await, 0, "nobody else");
        // A retry is the same sign-up and tells nobody again.
        app.post_form(&member, "/api/activities/signup", &[("activity_id", a_str.as_str())]).await;
        assert_eq!(waiting(backend::seed::DEMO_ORGANIZER).await, 1);
        // After login she lands on her workbench (a member on her own page).
        let organizer = TestApp::fresh_client();
        let (_, onwards) = post_html(&app, &organizer, "/api/auth/login",
            &[("phone", backend::seed::DEMO_ORGANIZER), ("password", backend::seed::DEMO_PASSWORD)], "/login").await;
        assert_eq!(onwards, "/organizer");
        let (_, onwards) = post_html(&app, &TestApp::fresh_client(), "/api/auth/login",
            &[("phone", "13800000019"), ("password", backend::seed::DEMO_PASSWORD)], "/login").await;
        assert_eq!(onwards, "/me");
        // Her workbench puts it first, with the way to the roster; filters narrow her list.
        let title: String = sqlx::query_scalar("SELECT title FROM activities WHERE id = $1").bind(a).fetch_one(app.db.reader()).await.unwrap();
        let (_, body) = page(&app, &organizer, "/organizer").await;
        let attention = body.split("需要您处理").nth(1).unwrap_or_default().split("</section>").next().unwrap_or_default().to_owned();
        assert!(attention.contains(&format!("href=\"/organizer/activities/{a}\"")) && attention.contains(&title), "{body}");
        let (_, body) = page(&app, &organizer, "/organizer?state=draft").await;
        assert!(body.contains("<option value=\"draft\" selected") && !body.contains(&format!("<a href=\"/organizer/activities/{a}\">")), "{body}");
        let (_, body) = page(&app, &organizer, "/organizer?state=upcoming").await;
        assert!(body.contains(&format!("<a href=\"/organizer/activities/{a}\">")), "{body}");
        // The whole row takes her to the roster, where she approves.
        let (_, body) = page(&app, &organizer, "/notifications").await;
        assert!(body.contains(&format!("href=\"/organizer/activities/{a}\" class=\"notification-row\"")), "{body}");
        assert!(body.contains("有人报名，等您确认"));
    }
}

both_backends! {
    async fn a_helper_finds_her_keeps_her_code_and_cancels_when_asked(app) {
        let a = activity(&app, "culture_sports", 10).await;
        let organizer = app.login(backend::seed::DEMO_ORGANIZER).await;
        // Found by the last digits of her number, by a piece of her name, or not at all.
        let (_, found) = app.get_json(&organizer, "/api/activities/helper_members?q=0012").await;
        let names: Vec<&str> = found.as_array().unwrap().iter().map(|p| p["display_name"].as_str().unwrap()).collect();
        assert_eq!(names, ["陈晓燕"]);
        let (_, found) = app.get_json(&organizer, "/api/activities/helper_members?q=%E6%99%93%E7%87%95").await;
        assert_eq!(found.as_array().unwrap().len(), 1, "晓燕");
        let (_, found) = app.get_json(&organizer, "/api/activities/helper_members?q=%25").await;
        assert_eq!(found.as_array().unwrap().len(), 0, "a % is a character, not a wildcard");
        let (_, body) = page(&app, &organizer, &format!("/activities/{a}?who=0012")).await;
        assert!(body.contains("找到1人") && body.contains("陈晓燕") && !body.contains("张秀英"), "{body}");
        // She signs her up; the list "我帮别人报的名" keeps the code to pass on.
        let member_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = '13800000012'").fetch_one(app.db.reader()).await.unwrap();
        let (a_str, m_str) = (a.to_string(), member_id.to_string());
        let (status, outcome) = app.post_form(&organizer, "/api/activities/signup_for",
            &[("activity_id", a_str.as_str()), ("member_id", m_str.as_str()), ("companions", "1"), ("agreed", "1")]).await;
        assert_eq!(status, 200, "{outcome}");
        let (_, helped) = app.get_json(&organizer, "/api/activities/helped").await;
        assert_eq!(helped.as_array().unwrap().len(), 1, "{helped}");
        assert_eq!((helped[0]["member_name"].as_str(), helped[0]["checkin_code"].as_str()), (Some("陈晓燕"), outcome["checkin_code"].as_str()));
        let signup_id = helped[0]["signup_id"].as_i64().unwrap().to_string();
        let (_, body) = page(&app, &organizer, "/me/activities").await;
        assert!(body.contains("我帮别人报的名") && body.contains(outcome["checkin_code"].as_str().unwrap()) && body.contains("确定取消她的报名"), "{body}");
        // Nobody else sees or cancels it: another helper gets "not found", the woman herself
        // is no helper (she cancels from her own page).
        let volunteer = app.login(backend::seed::DEMO_VOLUNTEER).await;
        let (_, theirs) = app.get_json(&volunteer, "/api/activities/helped").await;
        assert_eq!(theirs.as_array().unwrap().len(), 0);
        let (status, _) = app.post_form(&volunteer, "/api/activities/cancel_for", &[("signup_id", signup_id.as_str())]).await;
        assert_eq!(status, 404);
        let woman = app.login("13800000012").await;
        let (status, _) = app.post_form(&woman, "/api/activities/cancel_for", &[("signup_id", signup_id.as_str())]).await;
        assert_eq!(status, 403);
        assert_eq!(signup_of(&app, "13800000012", a).await, Some(("confirmed".to_owned(), 1)));
        // The helper cancels: the woman is told, it is audited, the list says so.
        let (status, onwards) = post_html(&app, &organizer, "/api/activities/cancel_for", &[("signup_id", signup_id.as_str())], "/me/activities").await;
        assert_eq!((status, onwards.as_str()), (302, "/me/activities?done=cancelled_for#helped"));
        assert_eq!(signup_of(&app, "13800000012", a).await, None);
        let told: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'cancelled_for_her' AND activity_id = $2")
            .bind(member_id).bind(a).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(told, 1);
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'cancelled_on_behalf' AND subject_id = $1")
            .bind(member_id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(audited, 1);
        let (_, body) = page(&app, &organizer, "/me/activities?done=cancelled_for").await;
        assert!(body.contains("已取消她的报名，并通知了她") && body.contains("你还没有帮别人报过名"), "{body}");
        assert_eq!(seats_taken(&app, a).await, 0);
    }
}

async fn seats_taken(app: &TestApp, activity: i64) -> i64 {
    crate::signups::seats_taken(app, activity).await
}

both_backends! {
    async fn an_organizer_is_asked_once_before_what_cannot_be_undone(app) {
        let a = activity(&app, "governance", 10).await;
        let federation: i64 = sqlx::query_scalar("SELECT federation_id FROM users WHERE phone = $1")
            .bind(backend::seed::DEMO_ORGANIZER).fetch_one(app.db.reader()).await.unwrap();
        sqlx::query("UPDATE activities SET federation_id = $1 WHERE id = $2").bind(federation).bind(a).execute(app.db.writer()).await.unwrap();
        let member = app.login("13800000011").await;
        let a_str = a.to_string();
        app.post_form(&member, "/api/activities/signup", &[("activity_id", a_str.as_str())]).await;
        let organizer = app.login(backend::seed::DEMO_ORGANIZER).await;
        let roster = format!("/organizer/activities/{a}");
        // Cancelling sits behind a fold that says who will be told.
        let (_, body) = page(&app, &organizer, &roster).await;
        assert!(body.contains("<details class=\"confirm\"><summary>取消这个活动</summary><p>确定取消这个活动吗？已报名和排队的1人都会收到通知"), "{body}");
        // No-shows: no button before the end; after it, behind a fold that counts them.
        assert!(!body.contains("/api/roster/mark_no_shows"));
        let now = backend::now();
        sqlx::query("UPDATE activities SET starts_at = $1, ends_at = $2 WHERE id = $3").bind(now - 7_200).bind(now - 60).bind(a).execute(app.db.writer()).await.unwrap();
        let (_, body) = page(&app, &organizer, &roster).await;
        assert!(body.contains("<details class=\"confirm\"><summary>把未签到的标记为未到场</summary><p>把1位没有签到的人标记为未到场吗？"), "{body}");
    }
}
