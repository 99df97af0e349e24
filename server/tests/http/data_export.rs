//! The data export holds everything Tongxin keeps about her: every table that refers to an
//! account has a section (read from the live schema, so a new table without one fails), and
//! a woman who has done a little of everything finds each of it in her file.

use backend::services::data_export::{COVERED, SECTIONS};
use backend::Backend;
use serde_json::Value;

use crate::support::TestApp;

/// Every `(table, column)` of the live schema with a foreign key to `users`.
async fn columns_referring_to_accounts(app: &TestApp) -> Vec<(String, String)> {
    let sql = match app.db.backend() {
        Backend::Sqlite => {
            "SELECT m.name, p.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) p
             WHERE m.type = 'table' AND p.\"table\" = 'users'"
        }
        Backend::Postgres => {
            "SELECT kcu.table_name::text, kcu.column_name::text
             FROM information_schema.table_constraints tc
             JOIN information_schema.key_column_usage kcu
               ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
             JOIN information_schema.constraint_column_usage ccu
               ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
             WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'users'
               AND tc.table_schema = current_schema()"
        }
    };
    sqlx::query_as(sql)
        .fetch_all(app.db.reader())
        .await
        .unwrap()
}

async fn one(app: &TestApp, sql: &str, binds: &[i64]) -> i64 {
    let mut q = sqlx::query_scalar(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.fetch_one(app.db.writer()).await.unwrap()
}

async fn exec(app: &TestApp, sql: &str, binds: &[i64]) {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(app.db.writer()).await.unwrap();
}

both_backends! {
    async fn every_table_that_refers_to_an_account_is_in_the_export(app) {
        let live = columns_referring_to_accounts(&app).await;
        assert!(live.len() >= 20, "the schema query found the references: {live:?}");
        let missing: Vec<String> = live
            .iter()
            .filter(|(t, c)| !COVERED.iter().any(|(ct, cc, _)| ct == t && cc == c))
            .map(|(t, c)| format!("{t}.{c}"))
            .collect();
        assert!(missing.is_empty(), "give these a section in backend/src/services/data_export.rs: {missing:?}");
        for (_, _, section) in COVERED {
            assert!(SECTIONS.iter().any(|(s, _)| s == section), "{section:?} has a query");
        }
    }

    async fn her_export_holds_what_she_did_and_what_was_done_for_her(app) {
        let member: i64 = one(&app, "SELECT id FROM users WHERE phone = '13800000010'", &[]).await;
        let volunteer: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
            .bind(backend::seed::DEMO_VOLUNTEER).fetch_one(app.db.reader()).await.unwrap();
        let circle: i64 = one(&app, "SELECT id FROM circles ORDER BY id LIMIT 1", &[]).await;
        let group: i64 = one(&app, "SELECT id FROM aid_groups ORDER BY id LIMIT 1", &[]).await;
        let activity: i64 = one(&app, "SELECT id FROM activities ORDER BY id LIMIT 1", &[]).await;
        let thread = one(&app, "INSERT INTO threads (circle_id, title, author_id, last_activity_at, created_at)
                                VALUES ($1, '她的话题', $2, 0, 0) RETURNING id", &[circle, member]).await;
        exec(&app, "INSERT INTO posts (thread_id, author_id, anonymous, anon_number, body, created_at)
                              VALUES ($1, $2, TRUE, 1, '匿名写的心里话', 0)", &[thread, member]).await;
        let other_post = one(&app, "INSERT INTO posts (thread_id, author_id, body, created_at)
                                    VALUES ($1, $2, '别人的回复', 0) RETURNING id", &[thread, volunteer]).await;
        exec(&app, "INSERT INTO helpful_marks (post_id, user_id) VALUES ($1, $2)", &[other_post, member]).await;
        exec(&app, "INSERT INTO reports (post_id, reporter_id, reason, created_at) VALUES ($1, $2, 'scam', 0)", &[other_post, member]).await;
        exec(&app, "INSERT INTO circle_mutes (circle_id, user_id, muted_until) VALUES ($1, $2, 99)", &[circle, member]).await;
        exec(&app, "DELETE FROM group_members WHERE group_id = $1 AND user_id = $2", &[group, member]).await;
        exec(&app, "INSERT INTO group_members (group_id, user_id, status, joined_at) VALUES ($1, $2, 'member', 0)", &[group, member]).await;
        exec(&app, "INSERT INTO group_posts (group_id, author_id, body, created_at) VALUES ($1, $2, '组里的留言', 0)", &[group, member]).await;
        exec(&app, "DELETE FROM signups WHERE activity_id = $1 AND user_id = $2", &[activity, member]).await;
        exec(&app, "INSERT INTO signups (activity_id, user_id, status, signed_up_by, checkin_code, created_at, updated_at, agreed_at)
                   VALUES ($1, $2, 'confirmed', $3, '123456', 0, 0, 0)", &[activity, member, volunteer]).await;

        exec(&app, "DELETE FROM purpose_consents WHERE user_id = $1", &[member]).await;
        exec(&app, "INSERT INTO purpose_consents (user_id, purpose, notice_version, given_at, recorded_by)
                   VALUES ($1, 'health_screening', 'v1', 0, $2)", &[member, volunteer]).await;

        let client = app.login("13800000010").await;
        let (s, export) = app.get_json(&client, "/api/me/export").await;
        assert_eq!(s, 200, "{export}");
        let section = |name: &str| export[name].as_array().cloned().unwrap_or_else(|| panic!("section {name}: {export}"));
        for (name, _) in SECTIONS {
            assert!(export[name.as_str()].is_array(), "section {name:?} is in the file");
        }
        assert!(section("threads").iter().any(|t| t["title"] == "她的话题"));
        let posts = section("posts");
        let mine = posts.iter().find(|p| p["body"] == "匿名写的心里话").expect("her anonymous post");
        assert_eq!(mine["shown_as"], "anonymous", "marked as hers though shown anonymously");
        assert_eq!(section("helpful_marks").len(), 1);
        assert_eq!(section("reports")[0]["reason"], "scam");
        assert_eq!(section("circle_mutes")[0]["muted_until"], 99);
        assert!(section("group_memberships").iter().any(|m| m["status"] == "member"));
        assert!(section("group_posts").iter().any(|p| p["body"] == "组里的留言"));
        let signup = section("signups").into_iter().find(|s| s["activity_id"] == activity).unwrap();
        assert_eq!(signup["signed_up_by"], "李大姐", "who signed her up is named");
        let (_, again) = app.get_json(&client, "/api/me/export").await;
        assert!(again["audit_log"].as_array().unwrap().iter().any(|e| e["action"] == "data_exported"), "the audit entries about her");
        // The page says the same in plain words, with real dates (0 is 1 January 1970 in China).
        let (s, words) = crate::journeys::page(&app, &client, "/me/data").await;
        assert_eq!(s, 200, "{words}");
        let mut says = vec![
            "你的资料".to_owned(), "13800000010".into(), "注册时间".into(),
            "1970年1月1日报名".into(), "李大姐替你报的".into(),
            "1970年1月1日同意：为了“健康筛查”使用你的报名信息".into(), "（当面告诉了李大姐）".into(),
            "href=\"/api/me/export\"".into(),
        ];
        for (name, label) in [("posts", "你在圈子里的发言（包括匿名的）"), ("helpful_marks", "你点的“有用”"),
                              ("reports", "你的举报"), ("group_posts", "你在互助组的留言")] {
            says.push(format!("{label}：{} 条", section(name).len()));
        }
        for said in says {
            assert!(words.contains(&said), "the page says {said}: {words}");
        }
        let text = export.to_string();
        assert!(!text.contains("password") && !text.contains("token_hash"), "no secrets in the file");

        // The volunteer's file shows the sign-up she made for someone else.
        let v = app.login(backend::seed::DEMO_VOLUNTEER).await;
        let (_, theirs): (u16, Value) = app.get_json(&v, "/api/me/export").await;
        assert!(theirs["signups_made_for_others"].as_array().unwrap().iter().any(|s| s["activity_id"] == activity));
        assert!(!theirs["volunteer_appointment"].as_array().unwrap().is_empty(), "her appointment and reach");
    }
}
