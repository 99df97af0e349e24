//! Circles and groups: posting, replying, anonymity, reports that hide, every review action,
//! mutes, word lists, rate limits, slow mode, new-member holds, moderators kept to their
//! circles, hostile text rendered inert, and mutual-aid groups.

use serde_json::Value;

use crate::signups::members;
use crate::support::TestApp;
use backend::seed::{DEMO_ORGANIZER, DEMO_VOLUNTEER};

/// The demo circle without threads ("安全与健康").
pub(crate) async fn empty_circle(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT id FROM circles WHERE name = '安全与健康'")
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

pub(crate) async fn thread(
    app: &TestApp,
    c: &reqwest::Client,
    circle: i64,
    title: &str,
    body: &str,
    anonymous: bool,
) -> (u16, Value) {
    let circle = circle.to_string();
    let mut form = vec![
        ("circle_id", circle.as_str()),
        ("title", title),
        ("body", body),
    ];
    if anonymous {
        form.push(("anonymous", "1"));
    }
    app.post_form(c, "/api/circles/post_thread", &form).await
}

pub(crate) async fn reply(
    app: &TestApp,
    c: &reqwest::Client,
    thread: i64,
    body: &str,
    anonymous: bool,
) -> (u16, Value) {
    let thread = thread.to_string();
    let mut form = vec![("thread_id", thread.as_str()), ("body", body)];
    if anonymous {
        form.push(("anonymous", "1"));
    }
    app.post_form(c, "/api/circles/reply", &form).await
}

async fn report(app: &TestApp, c: &reqwest::Client, post_id: i64) -> u16 {
    app.post_form(
        c,
        "/api/circles/report",
        &[("post_id", &post_id.to_string()), ("reason", "abuse")],
    )
    .await
    .0
}

pub(crate) async fn act(
    app: &TestApp,
    c: &reqwest::Client,
    post_id: i64,
    action: &str,
    extra: &[(&str, &str)],
) -> (u16, Value) {
    let id = post_id.to_string();
    let mut form = vec![("post_id", id.as_str()), ("action", action)];
    form.extend_from_slice(extra);
    app.post_form(c, "/api/moderation/act", &form).await
}

pub(crate) fn post_ids(thread: &Value) -> Vec<i64> {
    thread["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

pub(crate) async fn notified(app: &TestApp, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE kind = $1")
        .bind(kind)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

both_backends! {
    async fn anonymous_posts_never_carry_the_author(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 3).await;
        sqlx::query("UPDATE users SET display_name = '秘密作者' WHERE phone = '13500000000'").execute(app.db.writer()).await.unwrap();
        let author_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = '13500000000'").fetch_one(app.db.reader()).await.unwrap();
        let (s, started) = thread(&app, &m[0], circle, "孩子夜里总哭", "爸爸走后孩子夜里总哭，怎么办？", true).await;
        assert_eq!((s, started["status"].as_str()), (200, Some("visible")), "{started}");
        let t = started["thread_id"].as_i64().unwrap();
        assert!(started["post_id"].as_i64().is_some());
        assert_eq!(reply(&app, &m[1], t, "抱抱孩子，睡前讲个故事。", false).await.0, 200);
        assert_eq!(reply(&app, &m[0], t, "谢谢大家", true).await.0, 200);
        let (s, other) = reply(&app, &m[2], t, "我也遇到过", true).await;
        assert_eq!(s, 200);
        assert!(other["post_id"].as_i64().is_some());

        let (_, seen) = app.get_json(&m[1], &format!("/api/circles/thread?id={t}")).await;
        let authors: Vec<Value> = seen["posts"].as_array().unwrap().iter().map(|p| p["author"].clone()).collect();
        assert_eq!(authors[0], serde_json::json!({"anonymous": 1}));
        assert_eq!(authors[2], serde_json::json!({"anonymous": 1}), "the same author keeps her number");
        assert_eq!(authors[3], serde_json::json!({"anonymous": 2}));
        // Nothing a member receives names her or carries her id: JSON and HTML, thread and circle.
        for path in [format!("/api/circles/thread?id={t}"), format!("/api/circles/get?id={circle}"), format!("/threads/{t}"), format!("/circles/{circle}")] {
            let text = m[1].get(app.url(&path)).send().await.unwrap().text().await.unwrap();
            assert!(!text.contains("秘密作者"), "{path} names her");
            assert!(!text.contains(&format!("\"author_id\":{author_id}")) && !text.contains("author_id"), "{path} carries an author id");
        }
        // The thread's author hears about replies.
        assert_eq!(notified(&app, "thread_reply").await, 2);
        let (_, list) = app.get_json(&m[0], "/api/circles/list").await;
        assert!(list.as_array().unwrap().iter().any(|c| c["id"] == circle && c["name"] == "安全与健康"));
    }

    async fn every_review_action_works_and_mutes_hold(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 2).await;
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let (_, a) = thread(&app, &m[0], circle, "话题一", "第一条", false).await;
        let t = a["thread_id"].as_i64().unwrap();
        let first = a["post_id"].as_i64().unwrap();
        let second = reply(&app, &m[1], t, "第二条", false).await.1["post_id"].as_i64().unwrap();
        // Dismiss: the reports go, the post stays.
        report(&app, &m[1], first).await;
        assert_eq!(act(&app, &volunteer, first, "dismiss", &[]).await.0, 200);
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE resolved_at IS NULL").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(open, 0);
        // Hide, and the author is told.
        assert_eq!(act(&app, &volunteer, second, "hide", &[]).await.0, 200);
        assert!(!post_ids(&app.get_json(&m[0], &format!("/api/circles/thread?id={t}")).await.1).contains(&second));
        assert_eq!(notified(&app, "post_hidden").await, 1);
        // Delete needs a reason.
        let (s, body) = act(&app, &volunteer, second, "delete", &[]).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("reason_required")));
        assert_eq!(act(&app, &volunteer, second, "delete", &[("reason", "广告")]).await.0, 200);
        assert_eq!(notified(&app, "post_deleted").await, 1);
        // Lock: no more replies from members.
        assert_eq!(act(&app, &volunteer, first, "lock", &[]).await.0, 200);
        let (s, body) = reply(&app, &m[1], t, "还能回复吗", false).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("thread_locked")));
        assert_eq!(act(&app, &volunteer, first, "unlock", &[]).await.0, 200);
        // Mute the author for a day: she reads but cannot post.
        let (s, _) = act(&app, &volunteer, first, "mute", &[("reason", "反复发广告"), ("days", "1")]).await;
        assert_eq!(s, 200);
        let (s, body) = reply(&app, &m[0], t, "我又来了", false).await;
        assert_eq!((s, body["key"].as_str()), (403, Some("muted")));
        assert!(body["retry_after_secs"].as_u64().unwrap() > 80_000);
        let (s, page) = app.get_json(&m[0], &format!("/api/circles/thread?id={t}")).await;
        assert_eq!(s, 200);
        assert!(page["muted_until"].as_i64().is_some());
        assert_eq!(notified(&app, "muted").await, 1);
        let (s, _) = act(&app, &volunteer, first, "mute", &[("reason", "x"), ("days", "99")]).await;
        assert_eq!(s, 400);
        let (s, _) = act(&app, &volunteer, first, "explode", &[]).await;
        assert_eq!(s, 400);
        let (_, log) = app.get_json(&volunteer, "/api/moderation/log").await;
        let actions: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["mute", "unlock", "lock", "delete", "hide", "dismiss"]);
    }

    async fn moderators_act_only_in_their_circles(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 1).await;
        let (_, a) = thread(&app, &m[0], circle, "话题", "内容", false).await;
        let p = a["post_id"].as_i64().unwrap();
        sqlx::query("DELETE FROM moderators WHERE circle_id = $1").bind(circle).execute(app.db.writer()).await.unwrap();
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        assert_eq!(act(&app, &volunteer, p, "hide", &[]).await.0, 403);
        assert_eq!(act(&app, &m[0], p, "hide", &[]).await.0, 403, "members do not moderate");
        // The organizer of the area assigns her back; then she may.
        let organizer = app.login(DEMO_ORGANIZER).await;
        let volunteer_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1").bind(DEMO_VOLUNTEER).fetch_one(app.db.reader()).await.unwrap();
        let (s, _) = app.post_form(&organizer, "/api/organizer/assign_moderator", &[("user_id", &volunteer_id.to_string()), ("circle_id", &circle.to_string())]).await;
        assert_eq!(s, 200);
        assert_eq!(act(&app, &volunteer, p, "hide", &[]).await.0, 200);
        let (s, _) = app.post_form(&organizer, "/api/organizer/assign_moderator", &[("user_id", &volunteer_id.to_string()), ("circle_id", &circle.to_string())]).await;
        assert_eq!(s, 200, "assigning twice is harmless");
        // A member cannot be made a moderator.
        let member_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = '13500000000'").fetch_one(app.db.reader()).await.unwrap();
        let (s, _) = app.post_form(&organizer, "/api/organizer/assign_moderator", &[("user_id", &member_id.to_string()), ("circle_id", &circle.to_string())]).await;
        assert_eq!(s, 404);
    }

    async fn word_lists_block_and_hold(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 2).await;
        let (s, body) = thread(&app, &m[0], circle, "赚钱门路", "一起去赌博吧", false).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("post_blocked")));
        let (s, held) = thread(&app, &m[0], circle, "交个朋友", "可以加微信聊", false).await;
        assert_eq!((s, held["status"].as_str()), (200, Some("held")));
        let t = held["thread_id"].as_i64().unwrap();
        let p = held["post_id"].as_i64().unwrap();
        let (_, circle_page) = app.get_json(&m[1], &format!("/api/circles/get?id={circle}")).await;
        assert!(circle_page["threads"].as_array().unwrap().is_empty(), "others do not see it yet");
        let (_, own) = app.get_json(&m[0], &format!("/api/circles/thread?id={t}")).await;
        assert_eq!(own["posts"][0]["status"], "held", "she sees it is waiting");
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let (_, queue) = app.get_json(&volunteer, "/api/moderation/queue").await;
        let item = queue.as_array().unwrap().iter().find(|i| i["post_id"] == p).unwrap();
        assert_eq!(item["status_reason"], "word_list");
        act(&app, &volunteer, p, "restore", &[]).await;
        let (_, circle_page) = app.get_json(&m[1], &format!("/api/circles/get?id={circle}")).await;
        assert_eq!(circle_page["threads"][0]["id"], t);
    }

    async fn rate_limits_slow_mode_and_new_member_holds(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 2).await;
        let (_, a) = thread(&app, &m[0], circle, "话题", "内容", false).await;
        let t = a["thread_id"].as_i64().unwrap();
        for i in 0..4 {
            assert_eq!(reply(&app, &m[0], t, &format!("第{i}条"), false).await.0, 200);
        }
        let (s, body) = reply(&app, &m[0], t, "太多了", false).await;
        assert_eq!((s, body["key"].as_str()), (429, Some("rate_limited")), "five a minute");
        assert!(body["retry_after_secs"].as_u64().is_some());

        sqlx::query("UPDATE circles SET slow_mode_secs = 600 WHERE id = $1").bind(circle).execute(app.db.writer()).await.unwrap();
        assert_eq!(reply(&app, &m[1], t, "第一条", false).await.0, 200);
        let (s, body) = reply(&app, &m[1], t, "第二条", false).await;
        assert_eq!((s, body["key"].as_str()), (429, Some("slow_mode")));
        assert!(body["retry_after_secs"].as_u64().unwrap() > 500);

        // A circle that holds new members' first two posts.
        sqlx::query("UPDATE circles SET slow_mode_secs = 0, hold_first_posts = $1").bind(true).execute(app.db.writer()).await.unwrap();
        let newcomer = TestApp::fresh_client();
        let (s, _) = app.post_form(&newcomer, "/api/auth/register", &[("phone", "13912345678"), ("password", "mima-1234"), ("display_name", "新人"), ("consent", "on"),
            ("village_id", &sqlx::query_scalar::<_, i64>("SELECT id FROM regions WHERE level = 'village' ORDER BY id LIMIT 1").fetch_one(app.db.reader()).await.unwrap().to_string())]).await;
        assert_eq!(s, 200);
        let (_, one) = reply(&app, &newcomer, t, "大家好", false).await;
        let (_, two) = reply(&app, &newcomer, t, "我是新人", false).await;
        assert_eq!((one["status"].as_str(), two["status"].as_str()), (Some("held"), Some("held")));
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        for p in [&one, &two] {
            act(&app, &volunteer, p["post_id"].as_i64().unwrap(), "restore", &[]).await;
        }
        let (_, three) = reply(&app, &newcomer, t, "第三条", false).await;
        assert_eq!(three["status"], "visible");
    }

    async fn hostile_text_renders_inert(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 1).await;
        let long = "长".repeat(3000);
        let body = format!("<script>alert(1)</script> <img src=x onerror=alert(2)> javascript:alert(3) \u{202E}txt.exe {long}");
        let (s, a) = thread(&app, &m[0], circle, "<b>粗体</b>", &body, false).await;
        assert_eq!(s, 200, "{a}");
        let t = a["thread_id"].as_i64().unwrap();
        let html = m[0].get(app.url(&format!("/threads/{t}"))).send().await.unwrap().text().await.unwrap();
        assert!(!html.contains("<script>alert") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<img src=x") && !html.contains("href=\"javascript:"));
        assert!(!html.contains('\u{202E}'), "right-to-left overrides are removed");
        assert!(!html.contains("<b>粗体</b>"), "not in the page, not in its <title>");
        assert!(html.contains("<title>&lt;b&gt;粗体&lt;/b&gt;"));
    }

    async fn mutual_aid_groups(app) {
        let m = members(&app, 2).await;
        let organizer = app.login(DEMO_ORGANIZER).await;
        let village: i64 = sqlx::query_scalar("SELECT id FROM regions WHERE level = 'village' ORDER BY id LIMIT 1").fetch_one(app.db.reader()).await.unwrap();
        let (s, id) = app.post_form(&organizer, "/api/groups/create", &[("name", "周末带娃互助"), ("need", "childcare"), ("region_id", &village.to_string()), ("member_limit", "2"), ("open", "1")]).await;
        assert_eq!(s, 200, "{id}");
        let g = id.as_i64().unwrap().to_string();
        let form = organizer.get(app.url("/groups")).send().await.unwrap().text().await.unwrap();
        assert!(form.contains("name=\"region_id\""), "organizers pick the group's place");
        let (_, list) = app.get_json(&m[0], "/api/groups/list").await;
        assert!(list.as_array().unwrap().iter().any(|x| x["id"] == id), "found near her");
        // Outsiders see the group but not its board or members.
        let (_, page) = app.get_json(&m[0], &format!("/api/groups/get?id={g}")).await;
        assert!(page["members"].as_array().unwrap().is_empty() && page["posts"].as_array().unwrap().is_empty());
        let (s, body) = app.post_form(&m[0], "/api/groups/post", &[("group_id", &g), ("body", "你好")]).await;
        assert_eq!((s, body["key"].as_str()), (403, Some("not_group_member")));
        assert_eq!(app.post_form(&m[0], "/api/groups/join", &[("group_id", &g)]).await.1, "member");
        assert_eq!(app.post_form(&m[0], "/api/groups/join", &[("group_id", &g)]).await.1, "member", "joining twice is one membership");
        assert_eq!(app.post_form(&m[0], "/api/groups/post", &[("group_id", &g), ("body", "周六上午我可以帮忙看孩子")]).await.0, 200);
        let (_, page) = app.get_json(&m[0], &format!("/api/groups/get?id={g}")).await;
        assert_eq!(page["posts"][0]["body"], "周六上午我可以帮忙看孩子");
        assert!(!page.to_string().contains("135"), "no phone numbers on a group page");
        // An approval group: she waits; the organizer lets her in; she is told.
        let (_, id2) = app.post_form(&organizer, "/api/groups/create", &[("name", "种植合作"), ("need", "farming"), ("member_limit", "2")]).await;
        let g2 = id2.as_i64().unwrap().to_string();
        assert_eq!(app.post_form(&m[1], "/api/groups/join", &[("group_id", &g2)]).await.1, "pending");
        let member_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = '13500000001'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(app.post_form(&m[0], "/api/groups/approve", &[("group_id", &g2), ("user_id", &member_id.to_string())]).await.0, 403);
        assert_eq!(app.post_form(&organizer, "/api/groups/approve", &[("group_id", &g2), ("user_id", &member_id.to_string())]).await.0, 200);
        assert_eq!(notified(&app, "group_approved").await, 1);
        // Full is full.
        assert_eq!(app.post_form(&m[1], "/api/groups/join", &[("group_id", &g)]).await.1, "member");
        let (_, extra) = app.post_form(&organizer, "/api/groups/join", &[("group_id", &g)]).await;
        assert_eq!(extra["key"], "group_full");
        assert_eq!(app.post_form(&m[1], "/api/groups/leave", &[("group_id", &g)]).await.0, 200);
        assert_eq!(app.post_form(&organizer, "/api/groups/join", &[("group_id", &g)]).await.1, "member");
    }

    async fn admins_keep_the_word_lists(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 1).await;
        let admin = app.login(backend::seed::DEMO_ADMIN).await;
        let (_, words) = app.get_json(&admin, "/api/admin/word_rules").await;
        assert!(words.as_array().unwrap().iter().any(|w| w[0] == "赌博" && w[1] == "block"), "a starter list");
        assert_eq!(app.post_form(&admin, "/api/admin/set_word_rule", &[("word", "卖保健品"), ("action", "block")]).await.0, 200);
        let (s, body) = thread(&app, &m[0], circle, "推荐", "有人卖保健品吗", false).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("post_blocked")));
        assert_eq!(app.post_form(&admin, "/api/admin/set_word_rule", &[("word", "卖保健品"), ("action", "hold")]).await.0, 200);
        assert_eq!(thread(&app, &m[0], circle, "推荐", "有人卖保健品吗", false).await.1["status"], "held");
        assert_eq!(app.post_form(&admin, "/api/admin/remove_word_rule", &[("word", "卖保健品")]).await.0, 200);
        assert_eq!(thread(&app, &m[0], circle, "推荐二", "有人卖保健品吗？", false).await.1["status"], "visible");
        let (s, _) = app.post_form(&admin, "/api/admin/set_word_rule", &[("word", "x"), ("action", "shout")]).await;
        assert_eq!(s, 400);
        assert_eq!(app.post_form(&m[0], "/api/admin/set_word_rule", &[("word", "x"), ("action", "block")]).await.0, 403);
        let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'word_list_changed'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(logged, 3);
    }

    async fn group_boards_are_kept_by_their_managers(app) {
        let m = members(&app, 2).await;
        let organizer = app.login(DEMO_ORGANIZER).await;
        let (_, id) = app.post_form(&organizer, "/api/groups/create", &[("name", "互助小组"), ("need", "other"), ("open", "1")]).await;
        let g = id.as_i64().unwrap().to_string();
        for c in &m {
            app.post_form(c, "/api/groups/join", &[("group_id", &g)]).await;
        }
        let (s, body) = app.post_form(&m[0], "/api/groups/post", &[("group_id", &g), ("body", "一起去赌博")]).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("post_blocked")));
        let p = app.post_form(&m[0], "/api/groups/post", &[("group_id", &g), ("body", "周末一起摘茶")]).await.1.as_i64().unwrap().to_string();
        assert_eq!(app.post_form(&m[1], "/api/groups/delete_post", &[("post_id", &p)]).await.0, 403, "not someone else's");
        // A volunteer assigned to the group may; the author is told and it is logged.
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        assert_eq!(app.post_form(&volunteer, "/api/groups/delete_post", &[("post_id", &p)]).await.0, 403);
        let volunteer_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1").bind(DEMO_VOLUNTEER).fetch_one(app.db.reader()).await.unwrap();
        let (s, _) = app.post_form(&organizer, "/api/organizer/assign_moderator", &[("user_id", &volunteer_id.to_string()), ("group_id", &g)]).await;
        assert_eq!(s, 200);
        assert_eq!(app.post_form(&volunteer, "/api/groups/delete_post", &[("post_id", &p)]).await.0, 200);
        let (_, page) = app.get_json(&m[1], &format!("/api/groups/get?id={g}")).await;
        assert!(page["posts"].as_array().unwrap().is_empty());
        assert_eq!(notified(&app, "post_deleted").await, 1);
        let own = app.post_form(&m[1], "/api/groups/post", &[("group_id", &g), ("body", "我的留言")]).await.1.as_i64().unwrap().to_string();
        assert_eq!(app.post_form(&m[1], "/api/groups/delete_post", &[("post_id", &own)]).await.0, 200, "her own");
    }

    async fn organizers_let_volunteers_start_groups(app) {
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let form = [("name", "编织互助"), ("need", "training"), ("open", "1")];
        assert_eq!(app.post_form(&volunteer, "/api/groups/create", &form).await.0, 403);
        assert_eq!(app.get_json(&volunteer, "/api/groups/can_create").await.1, false);
        let organizer = app.login(DEMO_ORGANIZER).await;
        let volunteer_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1").bind(DEMO_VOLUNTEER).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(app.post_form(&organizer, "/api/organizer/allow_group_creator", &[("user_id", &volunteer_id.to_string())]).await.0, 200);
        assert_eq!(app.get_json(&volunteer, "/api/groups/can_create").await.1, true);
        let (s, id) = app.post_form(&volunteer, "/api/groups/create", &form).await;
        assert_eq!(s, 200, "{id}");
        // Her group belongs to her own township.
        let (region, township): (i64, i64) = sqlx::query_as(
            "SELECT g.region_id, v.parent_id FROM aid_groups g, users u JOIN regions v ON v.id = u.village_id WHERE g.id = $1 AND u.phone = $2")
            .bind(id.as_i64().unwrap()).bind(DEMO_VOLUNTEER).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(region, township);
        // Members cannot be allowed.
        let member: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = '13800000010'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(app.post_form(&organizer, "/api/organizer/allow_group_creator", &[("user_id", &member.to_string())]).await.0, 404);
    }

    async fn admins_page_and_filter_the_audit_log(app) {
        let admin = app.login(backend::seed::DEMO_ADMIN).await;
        let m = members(&app, 1).await;
        for _ in 0..105 {
            m[0].get(app.url("/api/me/export")).send().await.unwrap();
        }
        let (_, first) = app.get_json(&admin, "/api/admin/audit_log").await;
        assert_eq!(first.as_array().unwrap().len(), 100);
        let last = first[99]["id"].as_i64().unwrap();
        let (_, second) = app.get_json(&admin, &format!("/api/admin/audit_log?before={last}")).await;
        assert!(second.as_array().unwrap().iter().all(|e| e["id"].as_i64().unwrap() < last));
        let (_, exports) = app.get_json(&admin, "/api/admin/audit_log?action=data_exported").await;
        assert!(exports.as_array().unwrap().iter().all(|e| e["action"] == "data_exported"));
        assert_eq!(app.get_json(&admin, "/api/admin/audit_log?action=nonsense").await.0, 400);
        let html = admin.get(app.url("/admin?action=data_exported")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("更早的记录"), "a link to older entries");
        // The region tree nests: villages inside their township inside the county.
        let html = admin.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
        let county = html.find("同心县").unwrap();
        let township = html[county..].find("清河镇").unwrap() + county;
        assert!(html[township..].find("东湾村").is_some());
        assert!(html.contains("<ul class=\"region-tree\"><li class=\"level-township\""));
    }
}
