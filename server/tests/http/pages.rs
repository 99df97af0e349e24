//! The app shell and pages as a browser without JavaScript receives them.

use serde_json::Value;

both_backends! {
    async fn home_page_is_chinese_and_lists_demo_activities(app) {
        let res = app.get("/").await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"zh-CN\""), "{}", &html[..80.min(html.len())]);
        for text in ["同心", "近期活动", "活动", "互助组", "家教圈", "我的"] {
            assert!(html.contains(text), "missing {text}");
        }
        for category in ["文体活动", "技能培训", "创业指导", "健康筛查", "法律援助", "家庭教育", "议事参与", "关爱走访"] {
            assert!(html.contains(category), "missing category {category}");
        }
        assert!(html.contains("广场舞交流会"), "demo activity listed");
        assert!(html.contains("明天 19:00"), "dates read as words");
    }

    async fn category_filter_shows_only_that_category(app) {
        let html = app.get("/?category=legal_aid").await.text().await.unwrap();
        let cards: Vec<&str> = html.match_indices("data-category=\"").map(|(i, _)| &html[i + 15..i + 40]).collect();
        assert_eq!(cards.len(), 2, "two legal-aid demo activities");
        assert!(cards.iter().all(|c| c.starts_with("legal_aid")), "{cards:?}");
        assert!(html.contains("婚姻家庭法律知识讲座"));
        assert!(!html.contains("广场舞交流会"));
    }

    async fn unknown_category_is_a_clear_400(app) {
        let res = app.get("/?category=dancing").await;
        assert_eq!(res.status(), 400);
        let html = res.text().await.unwrap();
        assert!(html.contains("填写的内容有误"), "a translated message, not internals");
        let res = app.get("/api/activities/list?category=dancing").await;
        assert_eq!(res.status(), 400);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["key"], "invalid");
        assert_eq!(body["field"], "category");
    }

    async fn activity_list_api_answers_json(app) {
        let res = app.get("/api/activities/list").await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        let list = body["activities"].as_array().unwrap();
        assert_eq!(list.len(), 16);
        let starts: Vec<i64> = list.iter().map(|a| a["starts_at"].as_i64().unwrap()).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "soonest first");
        assert!(list.iter().all(|a| a.get("description").is_none()), "cards carry only what the list shows");
    }

    async fn language_switch_is_remembered_in_a_cookie(app) {
        let res = app.get("/lang/en?next=/groups").await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/groups");
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"), "{cookie}");
        let html = app.get("/groups").await.text().await.unwrap();
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\""));
        assert!(html.contains("Mutual-aid groups") && html.contains("Activities"));
        // And back.
        app.get("/lang/zh-CN?next=/").await;
        let html = app.get("/").await.text().await.unwrap();
        assert!(html.contains("<html lang=\"zh-CN\""));
    }

    async fn larger_text_is_remembered_and_never_served_from_a_normal_copy(app) {
        // A visitor's home page is kept in the page cache; the larger one is a copy of its own.
        let normal = app.get("/").await.text().await.unwrap();
        assert!(!normal.contains("large-text") && normal.contains(">大字</a>"), "{normal}");
        let res = app.get("/text-size/large?next=/activities/1").await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/activities/1");
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.starts_with("text=large;") && cookie.contains("Max-Age=31536000"), "{cookie}");
        let html = app.get("/").await.text().await.unwrap();
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"zh-CN\" class=\"large-text\""), "{html}");
        assert!(html.contains(">标准字</a>"), "the switch offers the way back");
        app.get("/text-size/normal?next=/").await;
        let html = app.get("/").await.text().await.unwrap();
        assert!(!html.contains("large-text"));
        assert_eq!(app.get("/text-size/huge").await.status(), 404);
        assert_eq!(app.get("/text-size/large?next=//evil.example/").await.headers()["location"], "/");
    }

    async fn language_switch_never_redirects_off_site(app) {
        let res = app.get("/lang/en?next=//evil.example/").await;
        assert_eq!(res.headers()["location"], "/");
        assert_eq!(app.get("/lang/xx").await.status(), 404);
    }

    async fn unknown_pages_are_404_in_both_languages(app) {
        let res = app.get("/no-such-page").await;
        assert_eq!(res.status(), 404);
        assert!(res.text().await.unwrap().contains("找不到这个页面"));
        app.get("/lang/en").await;
        let res = app.get("/no-such-page").await;
        assert_eq!(res.status(), 404);
        assert!(res.text().await.unwrap().contains("Page not found"));
    }

    async fn every_bottom_nav_page_renders(app) {
        for (path, heading) in [("/", "近期活动"), ("/groups", "互助组"), ("/circles", "家庭教育交流圈"), ("/me", "我的")] {
            let res = app.get(path).await;
            assert_eq!(res.status(), 200, "{path}");
            let html = res.text().await.unwrap();
            assert!(html.contains(&format!("<h1 class=\"page-title\">{heading}</h1>")), "{path}");
            assert!(html.contains("aria-current=\"page\""), "{path} marks its nav item");
        }
    }
}

both_backends! {
    async fn activity_page_reads_well_and_links_safely(app) {
        let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE title = '广场舞交流会'").fetch_one(app.db.reader()).await.unwrap();
        sqlx::query("UPDATE activities SET description = $1 WHERE id = $2")
            .bind("详情见 https://example.org/dance?x=1 。\n<script>alert(1)</script> javascript:alert(2)")
            .bind(id)
            .execute(app.db.writer())
            .await
            .unwrap();
        let home = app.get("/").await.text().await.unwrap();
        assert!(home.contains(&format!("href=\"/activities/{id}\"")), "cards link to their page");
        let res = app.get(&format!("/activities/{id}")).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("<h1 class=\"page-title\">广场舞交流会</h1>"));
        assert!(html.contains("<a href=\"https://example.org/dance?x=1\" rel=\"nofollow noopener noreferrer ugc\">"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "user text is escaped");
        assert!(!html.contains("href=\"javascript:"), "only http(s) links are links");
        assert!(html.contains("ReadAloud"), "the read-aloud island is on the page");
        assert!(html.contains(&format!("/activities/{id}/calendar.ics")));
    }

    async fn unknown_activities_are_404(app) {
        assert_eq!(app.get("/activities/999999").await.status(), 404);
        assert_eq!(app.get("/activities/abc").await.status(), 404);
        assert_eq!(app.get("/activities/999999/calendar.ics").await.status(), 404);
    }

    async fn activity_calendar_is_rfc5545(app) {
        let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE title = '亲子阅读会'").fetch_one(app.db.reader()).await.unwrap();
        let res = app.get(&format!("/activities/{id}/calendar.ics")).await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let body = res.text().await.unwrap();
        assert!(body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(body.contains("SUMMARY:亲子阅读会\r\n"));
        assert!(body.contains(&format!("UID:activity-{id}@127.0.0.1\r\n")));
        assert!(body.lines().all(|l| l.len() <= 76), "folded at 75 octets plus CR");
    }
}

/// The `Tongxin-Offline` word of a page: what the service worker may keep (public/sw.js).
fn offline_word(res: &reqwest::Response) -> String {
    res.headers()
        .get("tongxin-offline")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

both_backends! {
    async fn every_page_links_the_manifest_and_registers_the_service_worker(app) {
        for path in ["/", "/login", "/groups", "/no-such-page"] {
            let res = app.get(path).await;
            let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
            let html = res.text().await.unwrap();
            assert!(html.contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">"), "{path}");
            assert!(html.contains("navigator.serviceWorker.register(\"/sw.js\")"), "{path}");
            // The registering script runs by the answer's nonce, after the page's load event.
            let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).unwrap();
            assert!(html.contains(&format!("<script nonce=\"{nonce}\">if(\"serviceWorker\"in navigator){{addEventListener(\"load\"")), "{path}");
            assert!(csp.contains("worker-src 'self'") && csp.contains("manifest-src 'self'"), "{csp}");
        }
    }

    async fn activity_pages_carry_share_tags(app) {
        let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE title = '广场舞交流会'").fetch_one(app.db.reader()).await.unwrap();
        sqlx::query("UPDATE activities SET description = $1 WHERE id = $2")
            .bind("带上\"扇子\"<b>来跳舞</b>。")
            .bind(id)
            .execute(app.db.writer())
            .await
            .unwrap();
        let html = app.get(&format!("/activities/{id}")).await.text().await.unwrap();
        let origin = format!("http://{}", app.addr);
        assert!(html.contains("<meta property=\"og:title\" content=\"广场舞交流会\">"), "{html}");
        assert!(html.contains(&format!("<meta property=\"og:url\" content=\"{origin}/activities/{id}\">")));
        assert!(html.contains(&format!("<meta property=\"og:image\" content=\"{origin}/share/culture_sports.png\">")));
        assert!(html.contains("<meta property=\"og:image:alt\" content=\"文体活动\">"));
        let description = html.split("<meta property=\"og:description\" content=\"").nth(1).and_then(|s| s.split('"').next()).unwrap();
        assert!(description.contains("月") && description.contains(':'), "the date written out: {description}");
        assert!(description.contains("带上&quot;扇子&quot;&lt;b&gt;来跳舞&lt;/b&gt;。"), "escaped: {description}");
        assert!(!html.contains("<b>来跳舞"));
    }

    async fn pages_say_what_the_phone_may_keep_offline(app) {
        let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE title = '广场舞交流会'").fetch_one(app.db.reader()).await.unwrap();
        let activity = format!("/activities/{id}");
        // A visitor: the list and activity pages, each answer saying nobody is logged in.
        for (path, word) in [("/", "keep, visitor"), ("/?category=legal_aid", "keep, visitor"), (activity.as_str(), "keep, visitor"),
                             ("/?q=abc", "visitor"), ("/groups", "visitor"), ("/login", "visitor"), ("/me/activities", "visitor")] {
            assert_eq!(offline_word(&app.get(path).await), word, "{path}");
        }
        // Files are not pages.
        assert_eq!(offline_word(&app.get("/api/activities/list").await), "");
        // A member: also her activities; never her profile, her data or the circles.
        let member = app.login("13800000010").await;
        for (path, word) in [("/", "keep"), (activity.as_str(), "keep"), ("/me/activities", "keep"), ("/me", "no"),
                             ("/me/data", "no"), ("/notifications", "no"), ("/circles", "no"), ("/groups", "no")] {
            let res = member.get(app.url(path)).send().await.unwrap();
            assert_eq!(offline_word(&res), word, "{path}");
        }
        // An organizer's copy of an activity lists the women she may sign up, her "my activities"
        // those she signed up: neither is kept.
        let organizer = app.login(backend::seed::DEMO_ORGANIZER).await;
        for (path, word) in [(activity.as_str(), "no"), ("/me/activities", "no"), ("/organizer", "no")] {
            let res = organizer.get(app.url(path)).send().await.unwrap();
            assert_eq!(offline_word(&res), word, "{path}");
        }
    }
}
