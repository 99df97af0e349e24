//! Trust in the circles (issue 12, points 5, 6, 7 and 13): a thread hidden by its opening post,
//! `helpful` and `report` kept to posts she can see, reports that fresh accounts or one address
//! cannot multiply, anonymous authors revealed only by the area's organizers with a recorded
//! reason she is shown, and her own words deleted (by her, or with her account).

use serde_json::Value;

use crate::circles::{act, empty_circle, post_ids, reply, thread};
use crate::signups::members;
use crate::support::TestApp;
use backend::seed::{DEMO_ORGANIZER, DEMO_VOLUNTEER};

/// Like `both_backends!`, behind a trusted proxy: the tests choose each request's address
/// with `X-Forwarded-For`.
macro_rules! both_backends_behind_proxy {
    ($(async fn $name:ident($app:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: $crate::support::TestApp) $body

            fn behind_proxy(key: &str) -> Option<String> {
                (key == "TONGXIN_BEHIND_PROXY").then(|| "true".to_owned())
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::support::spawn_app_with(backend::Backend::Sqlite, behind_proxy).await.expect("sqlite always runs");
                run(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::support::spawn_app_with(backend::Backend::Postgres, behind_proxy).await {
                    run(app).await;
                }
            }
        }
    )*};
}

/// Reports `post` as `c` from the address `from`.
async fn report_from(app: &TestApp, c: &reqwest::Client, post: i64, from: &str) -> (u16, Value) {
    let res = c
        .post(app.url("/api/circles/report"))
        .header("x-forwarded-for", from)
        .form(&[("post_id", post.to_string().as_str()), ("reason", "abuse")])
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn report(app: &TestApp, c: &reqwest::Client, post: i64) -> (u16, Value) {
    report_from(app, c, post, "127.0.0.1").await
}

async fn helpful(app: &TestApp, c: &reqwest::Client, post: i64) -> u16 {
    app.post_form(c, "/api/circles/helpful", &[("post_id", &post.to_string())])
        .await
        .0
}

/// The test members (phones 135…) as accounts older than a week.
async fn established(app: &TestApp) {
    sqlx::query("UPDATE users SET created_at = created_at - 30 * 86400 WHERE phone LIKE '135%'")
        .execute(app.db.writer())
        .await
        .unwrap();
}

async fn user_id(app: &TestApp, phone: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn text(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let res = c.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn delete_own(app: &TestApp, c: &reqwest::Client, post: i64, confirm: bool) -> (u16, Value) {
    let id = post.to_string();
    let mut form = vec![("post_id", id.as_str())];
    if confirm {
        form.push(("confirm", "1"));
    }
    app.post_form(c, "/api/circles/delete_post", &form).await
}

async fn reveal(app: &TestApp, c: &reqwest::Client, post: i64, reason: &str) -> (u16, Value) {
    app.post_form(
        c,
        "/api/moderation/reveal_author",
        &[("post_id", &post.to_string()), ("reason", reason)],
    )
    .await
}

both_backends! {
    async fn a_hidden_opening_post_hides_its_thread(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 3).await;
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let (_, a) = thread(&app, &m[0], circle, "秘密标题", "开头的话", false).await;
        let (t, opening) = (a["thread_id"].as_i64().unwrap(), a["post_id"].as_i64().unwrap());
        let (_, r) = reply(&app, &m[1], t, "一条回复", false).await;
        let answer = r["post_id"].as_i64().unwrap();
        // Her reply hidden: she is told, about a thread she may still see.
        assert_eq!(act(&app, &volunteer, answer, "hide", &[]).await.0, 200);
        let (_, before) = app.get_json(&m[1], "/api/notifications/list").await;
        assert!(before.to_string().contains("秘密标题"));

        assert_eq!(act(&app, &volunteer, opening, "hide", &[]).await.0, 200);
        for c in [&m[1], &m[2]] {
            assert_eq!(app.get_json(c, &format!("/api/circles/thread?id={t}")).await.0, 404);
            let (s, html) = text(&app, c, &format!("/threads/{t}")).await;
            assert_eq!(s, 404);
            assert!(!html.contains("秘密标题") && !html.contains("一条回复"));
            let (_, page) = app.get_json(c, &format!("/api/circles/get?id={circle}")).await;
            assert!(page["threads"].as_array().unwrap().iter().all(|th| th["id"] != t), "not listed");
            assert!(!text(&app, c, &format!("/circles/{circle}")).await.1.contains("秘密标题"));
            let (s, _) = reply(&app, c, t, "还能回复吗", false).await;
            assert_eq!(s, 404, "nobody replies to a thread she cannot see");
        }
        // Nor in her notifications, where the title was listed.
        let (_, after) = app.get_json(&m[1], "/api/notifications/list").await;
        assert!(!after.to_string().contains("秘密标题"), "{after}");
        assert!(!text(&app, &m[1], "/notifications").await.1.contains("秘密标题"));
        // Its author and the moderators still see it, and nobody replies until it is restored.
        for c in [&m[0], &volunteer] {
            let (s, page) = app.get_json(c, &format!("/api/circles/thread?id={t}")).await;
            assert_eq!((s, page["open"].as_bool()), (200, Some(false)));
            assert!(post_ids(&page).contains(&opening));
            let (s, body) = reply(&app, c, t, "我来回复", false).await;
            assert_eq!((s, body["key"].as_str()), (400, Some("thread_locked")));
        }
        let (_, own) = app.get_json(&m[0], "/api/notifications/list").await;
        assert!(own.to_string().contains("秘密标题"), "she started it: she still sees its title");
        assert_eq!(act(&app, &volunteer, opening, "restore", &[]).await.0, 200);
        assert_eq!(app.get_json(&m[2], &format!("/api/circles/thread?id={t}")).await.0, 200);
        assert_eq!(reply(&app, &m[2], t, "现在可以了", false).await.0, 200);
        // Deleted by a moderator, or held by the word list: hidden the same way.
        assert_eq!(act(&app, &volunteer, opening, "delete", &[("reason", "广告")]).await.0, 200);
        assert_eq!(app.get_json(&m[2], &format!("/api/circles/thread?id={t}")).await.0, 404);
        let (_, held) = thread(&app, &m[2], circle, "等待审核的话题", "可以加微信聊", false).await;
        let h = held["thread_id"].as_i64().unwrap();
        assert_eq!(app.get_json(&m[1], &format!("/api/circles/thread?id={h}")).await.0, 404);
        assert_eq!(reply(&app, &m[1], h, "你好", false).await.0, 404);
        assert_eq!(reply(&app, &m[2], h, "补充一句", false).await.1["key"], "thread_locked");
    }

    async fn helpful_and_report_refuse_posts_she_cannot_see(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 3).await;
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let (_, a) = thread(&app, &m[0], circle, "话题", "开头", false).await;
        let (t, opening) = (a["thread_id"].as_i64().unwrap(), a["post_id"].as_i64().unwrap());
        let held = reply(&app, &m[0], t, "可以加微信聊", false).await.1["post_id"].as_i64().unwrap();
        let hidden = reply(&app, &m[2], t, "被隐藏的回复", false).await.1["post_id"].as_i64().unwrap();
        let fine = reply(&app, &m[2], t, "普通回复", false).await.1["post_id"].as_i64().unwrap();
        act(&app, &volunteer, hidden, "hide", &[]).await;
        assert_eq!(helpful(&app, &m[1], fine).await, 200);
        for post in [held, hidden, 999_999] {
            assert_eq!(helpful(&app, &m[1], post).await, 404, "post {post}");
            assert_eq!(report(&app, &m[1], post).await.0, 404, "post {post}");
        }
        // A visible reply in a thread hidden by its opening post.
        act(&app, &volunteer, opening, "hide", &[]).await;
        assert_eq!(helpful(&app, &m[1], fine).await, 404);
        assert_eq!(report(&app, &m[1], fine).await.0, 404);
        let reports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(reports, 0);
    }

    async fn reveal_author_is_for_the_areas_organizers_with_a_reason(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 2).await;
        sqlx::query("UPDATE users SET display_name = '秘密作者' WHERE phone = '13500000000'").execute(app.db.writer()).await.unwrap();
        let (_, a) = thread(&app, &m[0], circle, "家里的事", "说出来心里好受些", true).await;
        let (t, p) = (a["thread_id"].as_i64().unwrap(), a["post_id"].as_i64().unwrap());
        assert_eq!(report(&app, &m[1], p).await.0, 200);
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let organizer = app.login(DEMO_ORGANIZER).await;
        // The queue (JSON and page) does not name her, to volunteers or organizers.
        for c in [&volunteer, &organizer] {
            let (s, queue) = app.get_json(c, "/api/moderation/queue").await;
            assert_eq!(s, 200);
            let item = queue.as_array().unwrap().iter().find(|i| i["post_id"] == p).expect("queued");
            assert_eq!((item["anonymous"].as_bool(), &item["author_name"]), (Some(true), &Value::Null));
            assert!(!queue.to_string().contains("秘密作者"));
            let (_, html) = text(&app, c, "/moderation").await;
            assert!(html.contains("说出来心里好受些") && !html.contains("秘密作者"));
        }
        assert!(text(&app, &organizer, "/moderation").await.1.contains("/api/moderation/reveal_author"), "organizers get the reveal form");
        assert!(!text(&app, &volunteer, "/moderation").await.1.contains("/api/moderation/reveal_author"), "volunteers do not");
        // Who may not.
        assert_eq!(reveal(&app, &volunteer, p, "涉及安全").await.0, 403, "volunteers cannot");
        assert_eq!(reveal(&app, &m[1], p, "涉及安全").await.0, 403);
        let elsewhere = app.login(crate::authz::organizer_elsewhere(&app).await).await;
        assert_eq!(reveal(&app, &elsewhere, p, "涉及安全").await.0, 403, "organizers elsewhere cannot");
        let (s, body) = reveal(&app, &organizer, p, " ").await;
        assert_eq!((s, body["key"].as_str()), (400, Some("reason_required")));
        // A post only she reported herself.
        let (_, r) = reply(&app, &m[0], t, "还有一件事", true).await;
        let only_mine = r["post_id"].as_i64().unwrap();
        assert_eq!(report(&app, &organizer, only_mine).await.0, 200);
        let (s, body) = reveal(&app, &organizer, only_mine, "她可能有危险").await;
        assert_eq!((s, body["key"].as_str()), (400, Some("reveal_own_report")));
        // A named post has nothing to reveal.
        let named = reply(&app, &m[1], t, "我署名", false).await.1["post_id"].as_i64().unwrap();
        assert_eq!(reveal(&app, &organizer, named, "看看").await.0, 400);
        let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM author_reveals").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(none, 0, "nothing recorded for refused reveals");

        let (s, name) = reveal(&app, &organizer, p, "帖子提到家暴，需要联系她确认安全").await;
        assert_eq!((s, name.as_str()), (200, Some("秘密作者")));
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'anonymous_author_revealed' AND subject_id = $1").bind(p).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(audited, 1);
        let (_, queue) = app.get_json(&organizer, "/api/moderation/queue").await;
        assert_eq!(queue.as_array().unwrap().iter().find(|i| i["post_id"] == p).unwrap()["author_name"], "秘密作者", "named to her who revealed");
        assert!(!app.get_json(&volunteer, "/api/moderation/queue").await.1.to_string().contains("秘密作者"), "to nobody else");

        // She sees when and why, never by whom: on her page and in her export.
        let (s, reveals) = app.get_json(&m[0], "/api/me/author_reveals").await;
        assert_eq!(s, 200);
        assert_eq!(reveals.as_array().unwrap().len(), 1);
        assert_eq!(reveals[0]["reason"], "帖子提到家暴，需要联系她确认安全");
        assert_eq!(reveals[0]["post_id"], p);
        assert!(reveals[0]["revealed_at"].as_i64().is_some());
        let (_, page) = text(&app, &m[0], "/me").await;
        assert!(page.contains("帖子提到家暴，需要联系她确认安全"));
        let (_, export) = app.get_json(&m[0], "/api/me/export").await;
        assert_eq!(export["author_reveals"][0]["reason"], "帖子提到家暴，需要联系她确认安全");
        for shown in [reveals.to_string(), page, export.to_string()] {
            assert!(!shown.contains("王主任") && !shown.contains("revealed_by"), "never by whom");
        }
        assert!(app.get_json(&m[1], "/api/me/author_reveals").await.1.as_array().unwrap().is_empty());
        // The posting hint says who can see her name.
        let (_, circle_page) = text(&app, &m[0], &format!("/circles/{circle}")).await;
        assert!(circle_page.contains("本地妇联组织者在必要时可以查看"));
    }

    async fn she_deletes_her_own_posts(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 2).await;
        let (_, a) = thread(&app, &m[0], circle, "我的话题", "我的正文", false).await;
        let (t, opening) = (a["thread_id"].as_i64().unwrap(), a["post_id"].as_i64().unwrap());
        let mine = reply(&app, &m[0], t, "我的回复", true).await.1["post_id"].as_i64().unwrap();
        reply(&app, &m[1], t, "别人的回复", false).await;
        assert_eq!(delete_own(&app, &m[1], mine, true).await.0, 404, "not someone else's");
        let (s, body) = delete_own(&app, &m[0], mine, false).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("confirm_required")));
        assert_eq!(delete_own(&app, &m[0], mine, true).await.0, 200);
        assert_eq!(delete_own(&app, &m[0], mine, true).await.0, 200, "twice is harmless");
        let (body, status): (String, String) = sqlx::query_as("SELECT body, status FROM posts WHERE id = $1").bind(mine).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((body.as_str(), status.as_str()), ("", "deleted"));
        let (_, page) = app.get_json(&m[1], &format!("/api/circles/thread?id={t}")).await;
        let shown = page["posts"].as_array().unwrap().iter().find(|p| p["id"] == mine).expect("its place stays");
        assert_eq!((shown["status"].as_str(), shown["body"].as_str()), (Some("deleted"), Some("")));
        let (_, html) = text(&app, &m[1], &format!("/threads/{t}")).await;
        assert!(html.contains("已删除") && !html.contains("我的回复"));
        assert!(text(&app, &m[0], &format!("/threads/{t}")).await.1.contains("name=\"confirm\""), "her posts carry the delete form");
        // Deleting the opening post hides the thread and erases its title.
        assert_eq!(delete_own(&app, &m[0], opening, true).await.0, 200);
        assert_eq!(app.get_json(&m[1], &format!("/api/circles/thread?id={t}")).await.0, 404);
        let title: String = sqlx::query_scalar("SELECT title FROM threads WHERE id = $1").bind(t).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(title, "");
        assert_eq!(reply(&app, &m[0], t, "再说一句", false).await.1["key"], "thread_locked");
    }

    async fn account_deletion_erases_her_words(app) {
        let circle = empty_circle(&app).await;
        let her_phone = "13800000010";
        let her = app.login(her_phone).await;
        let id = user_id(&app, her_phone).await;
        let other = members(&app, 1).await;
        let (_, a) = thread(&app, &her, circle, "她的秘密话题", "她的秘密正文", false).await;
        let t = a["thread_id"].as_i64().unwrap();
        reply(&app, &her, t, "她的秘密匿名回复", true).await;
        let (_, b) = thread(&app, &other[0], circle, "别人的话题", "别人的正文", false).await;
        let t2 = b["thread_id"].as_i64().unwrap();
        reply(&app, &her, t2, "她在别处的秘密回复", false).await;
        let group: i64 = sqlx::query_scalar("SELECT group_id FROM group_members WHERE user_id = $1 ORDER BY group_id LIMIT 1").bind(id).fetch_one(app.db.reader()).await.unwrap();
        let (s, _) = app.post_form(&her, "/api/groups/post", &[("group_id", &group.to_string()), ("body", "她的秘密留言")]).await;
        assert_eq!(s, 200);

        let res = her.post(app.url("/api/me/delete_account")).form(&[("password", backend::seed::DEMO_PASSWORD)]).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let posts: Vec<(String, String)> = sqlx::query_as("SELECT body, status FROM posts WHERE author_id = $1").bind(id).fetch_all(app.db.reader()).await.unwrap();
        assert!(posts.len() >= 3, "hers, the demo's too");
        assert!(posts.iter().all(|(body, status)| body.is_empty() && status == "deleted"), "{posts:?}");
        let left: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM posts WHERE body LIKE '%秘密%')
                  + (SELECT COUNT(*) FROM threads WHERE title LIKE '%秘密%')
                  + (SELECT COUNT(*) FROM group_posts WHERE body LIKE '%秘密%')").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(left, 0, "none of her words are left");
        let erased: Option<i64> = sqlx::query_scalar("SELECT deleted_at FROM group_posts WHERE author_id = $1").bind(id).fetch_one(app.db.reader()).await.unwrap();
        assert!(erased.is_some(), "off the board");
        let memberships: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM group_members WHERE user_id = $1").bind(id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(memberships, 0);
        // The other woman's thread keeps its title; her reply there shows as deleted.
        let (_, page) = app.get_json(&other[0], &format!("/api/circles/thread?id={t2}")).await;
        assert_eq!(page["title"], "别人的话题");
        assert_eq!(page["posts"][1]["status"], "deleted");
        assert!(text(&app, &other[0], &format!("/threads/{t2}")).await.1.contains("已删除"));
        assert_eq!(app.get_json(&other[0], &format!("/api/circles/thread?id={t}")).await.0, 404, "her thread is gone");
    }
}

both_backends_behind_proxy! {
    async fn fresh_accounts_from_one_place_cannot_hide_a_post(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 4).await;
        let (_, a) = thread(&app, &m[0], circle, "大家好", "我是新来的", false).await;
        let t = a["thread_id"].as_i64().unwrap();
        let one_place = a["post_id"].as_i64().unwrap();
        let many_places = reply(&app, &m[0], t, "第二条", false).await.1["post_id"].as_i64().unwrap();
        // Three accounts created today, in one place: one reporter.
        for c in &m[1..] {
            assert_eq!(report_from(&app, c, one_place, "10.1.1.1").await.0, 200);
        }
        // Three accounts created today, from three addresses: still one.
        for (i, c) in m[1..].iter().enumerate() {
            assert_eq!(report_from(&app, c, many_places, &format!("10.2.2.{i}")).await.0, 200);
        }
        let (_, page) = app.get_json(&m[1], &format!("/api/circles/thread?id={t}")).await;
        assert!(post_ids(&page).contains(&one_place) && post_ids(&page).contains(&many_places), "still shown");
        let rows: Vec<(Option<String>, domain::sql::Flag)> = sqlx::query_as("SELECT address_hash, new_account FROM reports").fetch_all(app.db.reader()).await.unwrap();
        assert_eq!(rows.len(), 6);
        assert!(rows.iter().all(|(h, new)| new.0 && h.as_deref().is_some_and(|h| h.len() == 64 && !h.contains("10."))), "a hash, not the address");

        // Established accounts from one address: still one.
        established(&app).await;
        let third = reply(&app, &m[0], t, "第三条", false).await.1["post_id"].as_i64().unwrap();
        for c in &m[1..] {
            assert_eq!(report_from(&app, c, third, "10.3.3.3").await.0, 200);
        }
        assert!(post_ids(&app.get_json(&m[1], &format!("/api/circles/thread?id={t}")).await.1).contains(&third));
    }

    async fn established_accounts_still_hide_a_post_until_a_moderator_restores_it(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 5).await;
        established(&app).await;
        let (_, started) = thread(&app, &m[0], circle, "大家好", "我是新来的", true).await;
        let (t, p) = (started["thread_id"].as_i64().unwrap(), started["post_id"].as_i64().unwrap());
        assert_eq!(report_from(&app, &m[1], p, "10.0.0.1").await.0, 200);
        assert_eq!(report_from(&app, &m[1], p, "10.0.0.9").await.0, 200, "twice counts once");
        assert_eq!(report_from(&app, &m[2], p, "10.0.0.2").await.0, 200);
        assert!(post_ids(&app.get_json(&m[4], &format!("/api/circles/thread?id={t}")).await.1).contains(&p), "two reports: still shown");
        assert_eq!(report_from(&app, &m[0], p, "10.0.0.4").await.0, 400, "not her own post");
        assert_eq!(report_from(&app, &m[3], p, "10.0.0.3").await.0, 200);
        // Hidden: its thread is gone for the others.
        assert_eq!(app.get_json(&m[4], &format!("/api/circles/thread?id={t}")).await.0, 404, "three reports: hidden");

        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let (s, queue) = app.get_json(&volunteer, "/api/moderation/queue").await;
        assert_eq!(s, 200);
        let item = queue.as_array().unwrap().iter().find(|i| i["post_id"] == p).expect("in the queue");
        assert_eq!(item["reasons"].as_array().unwrap().len(), 3);
        assert_eq!((item["anonymous"].as_bool(), &item["author_name"]), (Some(true), &Value::Null));
        assert_eq!(act(&app, &volunteer, p, "restore", &[]).await.0, 200);
        assert!(post_ids(&app.get_json(&m[4], &format!("/api/circles/thread?id={t}")).await.1).contains(&p));
        let (_, log) = app.get_json(&volunteer, "/api/moderation/log").await;
        let actions: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions[..2], ["restore", "auto_hidden"]);
        assert_eq!(log[0]["actor"], "李大姐");
        assert_eq!(crate::circles::notified(&app, "post_restored").await, 1, "the author is told");
        assert!(app.get_json(&volunteer, "/api/moderation/queue").await.1.as_array().unwrap().iter().all(|i| i["post_id"] != p));
    }
}
