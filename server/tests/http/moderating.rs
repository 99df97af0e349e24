//! Moderation she can explain and undo (issue 13): a report needs a reason chosen from the
//! list, "someone may be in danger" reaches the circle's organizers at once and heads the
//! queue, a reported post says so; the queue names the word that held a post and offers the
//! safe choice first; a hidden post comes back from the log or from the thread; a mute tells
//! her why, is listed, and can be ended.

use serde_json::Value;

use crate::circles::{act, empty_circle, post_ids, reply, thread};
use crate::journeys::{page, post_html};
use crate::signups::members;
use crate::support::TestApp;
use backend::seed::{DEMO_ORGANIZER, DEMO_VOLUNTEER};

async fn report(app: &TestApp, c: &reqwest::Client, post: i64, reason: &str) -> (u16, Value) {
    let post = post.to_string();
    let form = [("post_id", post.as_str()), ("reason", reason)];
    app.post_form(c, "/api/circles/report", &form).await
}

/// Her notifications of `kind`, from the API.
async fn notices(app: &TestApp, c: &reqwest::Client, kind: &str) -> Vec<Value> {
    let (s, list) = app.get_json(c, "/api/notifications/list").await;
    assert_eq!(s, 200, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

fn position(html: &str, text: &str) -> usize {
    html.find(text)
        .unwrap_or_else(|| panic!("the page lacks {text:?}"))
}

both_backends! {
    async fn a_report_needs_a_reason_and_danger_reaches_the_organizers_first(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 3).await;
        let organizer = app.login(DEMO_ORGANIZER).await;
        let (_, older) = thread(&app, &m[0], circle, "换季了", "孩子老咳嗽", false).await;
        let older = older["post_id"].as_i64().unwrap();
        let (_, a) = thread(&app, &m[0], circle, "我撑不下去了", "这日子没法过了", false).await;
        let (t, post) = (a["thread_id"].as_i64().unwrap(), a["post_id"].as_i64().unwrap());

        // Nothing chosen, or the words of the old form: refused, with a clear key.
        for sent in ["", "人身攻击"] {
            let (s, body) = report(&app, &m[1], post, sent).await;
            assert_eq!((s, body["key"].as_str()), (400, Some("report_reason_required")), "{sent:?}");
        }
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(open, 0, "a refused report leaves nothing behind");

        // The older post is reported first, for an ordinary reason.
        assert_eq!(report(&app, &m[2], older, "abuse").await.0, 200);
        assert!(notices(&app, &organizer, "danger_reported").await.is_empty());
        // Danger: the organizers of the circle's federation hear at once, once per post.
        assert_eq!(report(&app, &m[1], post, "danger").await.0, 200);
        assert_eq!(report(&app, &m[2], post, "danger").await.0, 200);
        let told = notices(&app, &organizer, "danger_reported").await;
        assert_eq!(told.len(), 1, "{told:?}");
        assert_eq!(told[0]["thread_id"], t);
        let (_, html) = page(&app, &organizer, "/notifications").await;
        assert!(html.contains("这个话题里可能有人有危险"), "{html}");
        assert!(html.contains(r#"href="/moderation""#), "the notice leads to the queue");
        let recipients: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id
             WHERE n.kind = 'danger_reported'
               AND u.federation_id <> (SELECT federation_id FROM circles WHERE id = $1)",
        )
        .bind(circle)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
        assert_eq!(recipients, 0, "only the circle's own federation is told");

        // The queue puts it first, though the other report is older.
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let (_, queue) = app.get_json(&volunteer, "/api/moderation/queue").await;
        let queue = queue.as_array().unwrap();
        assert_eq!(queue[0]["post_id"], post, "{queue:?}");
        assert_eq!(queue[0]["reasons"], serde_json::json!(["danger", "danger"]));
        assert_eq!(queue[1]["post_id"], older);
        let (_, html) = page(&app, &volunteer, "/moderation").await;
        assert!(position(&html, "有人可能有危险") < position(&html, "孩子老咳嗽"));

        // A post she reported says so; the others still offer the form, with nothing chosen.
        let (_, th) = app.get_json(&m[1], &format!("/api/circles/thread?id={t}")).await;
        assert_eq!(th["posts"][0]["reported_by_me"], true);
        let (_, html) = page(&app, &m[1], &format!("/threads/{t}")).await;
        assert!(html.contains("你已举报"), "{html}");
        assert!(!html.contains(r#"action="/api/circles/report""#), "no second report form");
        let (_, own) = reply(&app, &m[0], t, "谢谢大家", false).await;
        assert_eq!(own["status"], "visible");
        let (_, html) = page(&app, &m[2], &format!("/threads/{t}")).await;
        assert_eq!(html.matches(r#"action="/api/circles/report""#).count(), 1, "only the new reply");
        assert!(html.contains(r#"<option value="" selected>请选择</option>"#), "{html}");
    }

    async fn held_words_show_and_hidden_posts_come_back_from_the_log_or_the_thread(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 2).await;
        let volunteer = app.login(DEMO_VOLUNTEER).await;

        // A post held for a word: the queue names the word, and hiding is the first choice.
        let (_, held) = thread(&app, &m[0], circle, "交个朋友", "可以加微信聊", false).await;
        assert_eq!(held["status"], "held");
        let held_post = held["post_id"].as_i64().unwrap();
        let (_, queue) = app.get_json(&volunteer, "/api/moderation/queue").await;
        let item = queue.as_array().unwrap().iter().find(|i| i["post_id"] == held_post).unwrap().clone();
        assert_eq!(item["held_word"], "加微信");
        let (_, html) = page(&app, &volunteer, "/moderation").await;
        assert!(html.contains("因含有“加微信”暂未发出"), "{html}");
        assert!(position(&html, "隐藏（大家看不到）") < position(&html, "通过，发出来"));

        // From the thread: she hides a visible reply and comes back to it.
        let (_, a) = thread(&app, &m[0], circle, "孩子上学", "开学要准备什么", false).await;
        let t = a["thread_id"].as_i64().unwrap();
        let r = reply(&app, &m[1], t, "书包和文具", false).await.1["post_id"].as_i64().unwrap();
        let (_, html) = page(&app, &volunteer, &format!("/threads/{t}")).await;
        assert!(html.contains("管理这条发言"), "{html}");
        let post = r.to_string();
        let form = [("post_id", post.as_str()), ("action", "hide"), ("from", "thread")];
        let (s, to) = post_html(&app, &volunteer, "/api/moderation/act", &form, &format!("/threads/{t}")).await;
        assert_eq!((s, to.as_str()), (302, format!("/threads/{t}?done=moderated#post-{r}").as_str()));
        let (_, th) = app.get_json(&m[0], &format!("/api/circles/thread?id={t}")).await;
        assert!(!post_ids(&th).contains(&r), "hidden from members");

        // The log says it in plain words and offers to show it again, on its last line only.
        let (_, log) = app.get_json(&volunteer, "/api/moderation/log").await;
        let hide = &log[0];
        assert_eq!((hide["action"].as_str(), hide["post_id"].as_i64()), (Some("hide"), Some(r)));
        assert_eq!((hide["thread_title"].as_str(), hide["restorable"].as_bool()), (Some("孩子上学"), Some(true)));
        let (_, html) = page(&app, &volunteer, "/moderation").await;
        assert!(html.contains("隐藏了《孩子上学》里的一条发言"), "{html}");
        assert_eq!(act(&app, &volunteer, r, "restore", &[]).await.0, 200);
        let (_, th) = app.get_json(&m[0], &format!("/api/circles/thread?id={t}")).await;
        assert!(post_ids(&th).contains(&r), "shown again");
        let (_, log) = app.get_json(&volunteer, "/api/moderation/log").await;
        assert_eq!(log[0]["action"], "restore");
        assert!(log.as_array().unwrap().iter().all(|e| e["restorable"] == false), "{log}");

        // Hidden by reports: it comes back from the thread too.
        act(&app, &volunteer, r, "hide", &[]).await;
        let (_, html) = page(&app, &volunteer, &format!("/threads/{t}")).await;
        assert!(html.contains(r#"value="restore""#), "{html}");
        let form = [("post_id", post.as_str()), ("action", "restore"), ("from", "thread")];
        let (s, _) = post_html(&app, &volunteer, "/api/moderation/act", &form, &format!("/threads/{t}")).await;
        assert_eq!(s, 302);
        let (_, th) = app.get_json(&m[0], &format!("/api/circles/thread?id={t}")).await;
        assert!(post_ids(&th).contains(&r));
    }

    async fn a_mute_tells_her_why_is_listed_and_can_be_ended(app) {
        let circle = empty_circle(&app).await;
        let m = members(&app, 2).await;
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        sqlx::query("UPDATE users SET display_name = '小芳' WHERE phone = '13500000000'").execute(app.db.writer()).await.unwrap();
        sqlx::query("UPDATE users SET display_name = '阿兰' WHERE phone = '13500000001'").execute(app.db.writer()).await.unwrap();
        let (_, a) = thread(&app, &m[0], circle, "闲聊", "大家好", true).await;
        let (t, anonymous) = (a["thread_id"].as_i64().unwrap(), a["post_id"].as_i64().unwrap());
        let signed = reply(&app, &m[1], t, "你好", false).await.1["post_id"].as_i64().unwrap();

        let (s, _) = act(&app, &volunteer, anonymous, "mute", &[("reason", "反复发广告"), ("days", "3")]).await;
        assert_eq!(s, 200);
        act(&app, &volunteer, signed, "mute", &[("reason", "骂人"), ("days", "1")]).await;

        // She is told why, in the moderator's words.
        let told = notices(&app, &m[0], "muted").await;
        assert_eq!((told.len(), told[0]["detail"].as_str()), (1, Some("反复发广告")));
        let (_, html) = page(&app, &m[0], "/notifications").await;
        assert!(html.contains("原因：反复发广告"), "{html}");

        // The list names the signed author, never the anonymous one.
        let (_, mutes) = app.get_json(&volunteer, "/api/moderation/mutes").await;
        let mutes = mutes.as_array().unwrap();
        assert_eq!(mutes.len(), 2, "{mutes:?}");
        assert_eq!((mutes[0]["post_id"].as_i64(), mutes[0]["author_name"].as_str()), (Some(signed), Some("阿兰")));
        assert_eq!((mutes[1]["post_id"].as_i64(), mutes[1]["author_name"].as_str()), (Some(anonymous), None));
        assert_eq!(mutes[1]["reason"], "反复发广告");
        let (_, html) = page(&app, &volunteer, "/moderation").await;
        assert!(html.contains("一位匿名发言的作者"), "{html}");
        assert!(!html.contains("小芳"), "the anonymous author stays unnamed");

        // Ended early: she may write again, is told, and the list forgets it.
        let (s, body) = reply(&app, &m[0], t, "还在吗", true).await;
        assert_eq!((s, body["key"].as_str()), (403, Some("muted")));
        assert_eq!(act(&app, &volunteer, anonymous, "unmute", &[]).await.0, 200);
        assert_eq!(reply(&app, &m[0], t, "我回来了", true).await.0, 200);
        assert_eq!(notices(&app, &m[0], "unmuted").await.len(), 1);
        let (_, mutes) = app.get_json(&volunteer, "/api/moderation/mutes").await;
        assert_eq!(mutes.as_array().unwrap().len(), 1);
        let (s, body) = act(&app, &volunteer, anonymous, "unmute", &[]).await;
        assert_eq!((s, body["key"].as_str()), (409, Some("not_muted")));
        let (_, log) = app.get_json(&volunteer, "/api/moderation/log").await;
        assert_eq!(log[0]["action"], "unmute");
        // Members cannot see the list.
        assert_eq!(app.get_json(&m[1], "/api/moderation/mutes").await.0, 403);
    }
}
