//! Help requests (issue 14 §2): she asks (or a helper asks for her, with her agreement), the
//! organizers of her area and the volunteer they assign handle it, states move only as the
//! rules allow, internal notes never reach her (JSON, page, notifications, data file), she is
//! told of each change (and texted), she may withdraw, referrals come back with an outcome,
//! overdue requests go up to the county, and the numbers to call in danger are on the page.

use backend::identity::Role;
use backend::seed::{DEMO_ADMIN, DEMO_ORGANIZER, DEMO_VOLUNTEER};
use backend::services::regions::{create_federation, create_region};
use domain::region::RegionLevel;
use serde_json::Value;

use crate::area_matrix::{account, region};
use crate::journeys::{page, post_html};
use crate::support::TestApp;

/// 陈晓燕, a demo member of 石桥村 (清河镇).
const SHIQIAO: &str = "13800000012";
/// 张秀英, a demo member of 东湾村 (清河镇).
const DONGWAN: &str = "13800000010";
/// 杨春梅, a demo member of 南坪村 (柳林乡).
const NANPING: &str = "13800000013";

async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn total(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn user_id(app: &TestApp, phone: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

/// Files a request as `client`.
async fn ask(app: &TestApp, client: &reqwest::Client, fields: &[(&str, &str)]) -> (u16, Value) {
    app.post_form(client, "/api/help/request", fields).await
}

const GOOD: [(&str, &str); 4] = [
    ("kind", "assistance"),
    ("description", "家里老人住院，想问问能不能申请临时救助。"),
    ("contact", "call"),
    ("urgency", "normal"),
];

/// Her notifications about help requests, by kind.
async fn notices(app: &TestApp, user: i64, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = $2")
        .bind(user)
        .bind(kind)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

both_backends! {
    async fn she_asks_and_a_helper_asks_for_her_only_with_her_agreement(app) {
        let member = app.login(SHIQIAO).await;
        let before = total(&app, "SELECT COUNT(*) FROM help_requests").await;
        // Each field refused with its own key; nothing written.
        let with = |name: &'static str, value: &'static str| {
            GOOD.iter().map(|&(k, v)| if k == name { (k, value) } else { (k, v) }).collect::<Vec<_>>()
        };
        let long = "长".repeat(1001);
        // (the form, the error key, its field)
        type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
        let cases: Vec<Case> = vec![
            (with("kind", "money"), "help_kind_invalid", "kind"),
            (GOOD[1..].to_vec(), "help_kind_invalid", "kind"),
            (with("description", "  "), "description_invalid", "description"),
            (with("contact", "letter"), "contact_invalid", "contact"),
            (with("urgency", "very"), "urgency_invalid", "urgency"),
        ];
        for (fields, key, field) in cases {
            let (s, body) = ask(&app, &member, &fields).await;
            assert_eq!((s, body["key"].as_str(), body["field"].as_str()), (400, Some(key), Some(field)), "{fields:?}");
        }
        let mut too_long = GOOD.to_vec();
        too_long[1].1 = &long;
        let (s, body) = ask(&app, &member, &too_long).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("description_invalid")));
        assert_eq!(total(&app, "SELECT COUNT(*) FROM help_requests").await, before, "nothing half-written");
        let anonymous = TestApp::fresh_client();
        assert_eq!(ask(&app, &anonymous, &GOOD).await.0, 401);

        // Her own: an object with the id; urgent, so the county's organizer is told at once.
        let organizer = user_id(&app, DEMO_ORGANIZER).await;
        let told = notices(&app, organizer, "help_request_filed").await;
        let mut urgent = GOOD.to_vec();
        urgent[3].1 = "urgent";
        let (s, filed) = ask(&app, &member, &urgent).await;
        assert_eq!(s, 200, "{filed}");
        let id = filed["id"].as_i64().expect("{\"id\": …}");
        assert_eq!(filed.as_object().unwrap().len(), 1, "{filed}");
        assert_eq!(notices(&app, organizer, "help_request_filed").await, told + 1);
        let (village, filed_by, agreed): (i64, i64, Option<i64>) =
            sqlx::query_as("SELECT village_id, filed_by, agreed_at FROM help_requests WHERE id = $1")
                .bind(id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(village, region(&app, "石桥村").await);
        assert_eq!((filed_by, agreed), (user_id(&app, SHIQIAO).await, None));

        // A member may not ask for someone else.
        let dongwan = user_id(&app, DONGWAN).await.to_string();
        let mut for_her = GOOD.to_vec();
        for_her.push(("for_member", &dongwan));
        assert_eq!(ask(&app, &member, &for_her).await.0, 403);

        // The volunteer asks for a woman of her reach, with her agreement recorded.
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let (s, body) = ask(&app, &volunteer, &for_her).await;
        assert_eq!((s, body["key"].as_str(), body["field"].as_str()), (400, Some("agreement_required"), Some("agreed")));
        let nanping = user_id(&app, NANPING).await.to_string();
        let mut outside = GOOD.to_vec();
        outside.extend([("for_member", nanping.as_str()), ("agreed", "on")]);
        let (s, body) = ask(&app, &volunteer, &outside).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("member_not_found")), "outside her reach");
        for_her.push(("agreed", "on"));
        let (s, filed) = ask(&app, &volunteer, &for_her).await;
        assert_eq!(s, 200, "{filed}");
        let for_id = filed["id"].as_i64().unwrap();
        let (woman, filed_by, agreed): (i64, i64, Option<i64>) =
            sqlx::query_as("SELECT user_id, filed_by, agreed_at FROM help_requests WHERE id = $1")
                .bind(for_id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((woman, filed_by), (user_id(&app, DONGWAN).await, user_id(&app, DEMO_VOLUNTEER).await));
        assert!(agreed.is_some(), "her agreement is recorded");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'help_requested_on_behalf' AND subject_id = $1", for_id).await, 1);
        // She finds it on her page, marked as asked for her, and was told.
        let her = app.login(DONGWAN).await;
        let (_, mine) = app.get_json(&her, "/api/me/help").await;
        let it = mine.as_array().unwrap().iter().find(|r| r["id"] == for_id).expect("hers");
        assert_eq!((it["state"].as_str(), it["kind"].as_str(), it["filed_for_her"].as_bool()), (Some("new"), Some("assistance"), Some(true)));
        assert_eq!(notices(&app, woman, "help_request_updated").await, 1);
    }

    async fn each_handler_sees_her_area_and_no_further(app) {
        // Another county with its organizer and a woman who asks there.
        let (other_village, other_federation) = {
            let mut tx = app.db.writer().begin().await.unwrap();
            let c = create_region(&mut tx, None, RegionLevel::County, "别县").await.unwrap();
            let f = create_federation(&mut tx, c, "别县妇女联合会").await.unwrap();
            let t = create_region(&mut tx, Some(c), RegionLevel::Township, "别镇").await.unwrap();
            let v = create_region(&mut tx, Some(t), RegionLevel::Village, "别村").await.unwrap();
            tx.commit().await.unwrap();
            (v, f)
        };
        account(&app, "13600000021", Role::Organizer, None, Some(other_federation)).await;
        account(&app, "13600000022", Role::Member, Some(other_village), None).await;
        let (_, there) = ask(&app, &app.login("13600000022").await, &GOOD).await;
        let there = there["id"].as_i64().unwrap();
        // A township organizer of 清河镇.
        let qinghe = region(&app, "清河镇").await;
        let qinghe_federation: i64 = sqlx::query_scalar("SELECT id FROM federations WHERE region_id = $1")
            .bind(qinghe).fetch_one(app.db.reader()).await.unwrap();
        account(&app, "13600000023", Role::Organizer, None, Some(qinghe_federation)).await;

        let villages = |list: &Value| -> Vec<String> {
            list.as_array().unwrap().iter().map(|r| r["village"].as_str().unwrap().to_owned()).collect()
        };
        // The county: every open request of the county, the overdue (escalated) one first,
        // then the urgent one.
        let county = app.login(DEMO_ORGANIZER).await;
        let (s, queue) = app.get_json(&county, "/api/help/queue").await;
        assert_eq!(s, 200, "{queue}");
        let list = queue.as_array().unwrap();
        assert_eq!(list.len(), 5, "{queue}");
        assert_eq!((list[0]["overdue"].as_bool(), list[0]["escalated"].as_bool(), list[0]["village"].as_str()), (Some(true), Some(true), Some("北岭村")));
        assert_eq!(list[1]["urgency"], "urgent");
        assert!(!villages(&queue).contains(&"别村".to_owned()));
        // The township: its own villages only.
        let township = app.login("13600000023").await;
        let (_, queue) = app.get_json(&township, "/api/help/queue").await;
        let mut seen = villages(&queue);
        seen.sort();
        assert_eq!(seen, ["东湾村", "杨柳村", "石桥村"]);
        // The volunteer: what is assigned to her.
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let (_, queue) = app.get_json(&volunteer, "/api/help/queue").await;
        assert_eq!(villages(&queue), ["东湾村"]);
        // Another county: her own request only, and a request of ours looks like no request.
        let elsewhere = app.login("13600000021").await;
        let (_, queue) = app.get_json(&elsewhere, "/api/help/queue").await;
        assert_eq!(villages(&queue), ["别村"]);
        let ours: i64 = sqlx::query_scalar("SELECT MIN(id) FROM help_requests").fetch_one(app.db.reader()).await.unwrap();
        for id in [ours, 999_999] {
            assert_eq!(app.get_json(&elsewhere, &format!("/api/help/case?id={id}")).await.0, 404);
        }
        assert_eq!(app.get_json(&elsewhere, &format!("/api/help/case?id={there}")).await.0, 200);
        assert_eq!(app.get_json(&county, &format!("/api/help/case?id={there}")).await.0, 404);
        assert_eq!(app.get_json(&township, &format!("/api/help/case?id={there}")).await.0, 404);
        // Members and admins handle none.
        for phone in [SHIQIAO, DEMO_ADMIN] {
            let c = app.login(phone).await;
            assert_eq!(app.get_json(&c, "/api/help/queue").await.0, 403);
            assert_eq!(app.get_json(&c, &format!("/api/help/case?id={ours}")).await.0, 403);
        }
        // The queue page marks what is overdue.
        let (s, html) = page(&app, &county, "/help/queue").await;
        assert_eq!(s, 200);
        assert!(html.contains("超时未受理") && html.contains("已上报县妇联"), "{html}");
    }

    async fn states_move_by_the_rules_and_internal_notes_never_reach_her(app) {
        let member = app.login(SHIQIAO).await;
        let woman = user_id(&app, SHIQIAO).await;
        let (_, filed) = ask(&app, &member, &GOOD).await;
        let id = filed["id"].as_i64().unwrap();
        let ids = id.to_string();
        let county = app.login(DEMO_ORGANIZER).await;
        let update = |state: &'static str, note: &'static str, internal: bool| {
            let mut f = vec![("id", ids.clone()), ("state", state.to_owned()), ("note", note.to_owned())];
            if internal {
                f.push(("internal", "on".to_owned()));
            }
            f
        };
        let post = |f: Vec<(&'static str, String)>| {
            let county = county.clone();
            let app = &app;
            async move {
                let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_form(&county, "/api/help/update", &form).await
            }
        };
        let events = |app: &TestApp| {
            let app_db = app.db.clone();
            async move {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM help_events WHERE request_id = $1")
                    .bind(id).fetch_one(app_db.reader()).await.unwrap()
            }
        };
        let texts = |app: &TestApp| {
            let app_db = app.db.clone();
            async move {
                sqlx::query_scalar::<_, String>("SELECT params FROM outbox WHERE user_id = $1 AND template = 'help_request_updated' ORDER BY id")
                    .bind(woman).fetch_all(app_db.reader()).await.unwrap()
            }
        };

        // Refused: a state she alone may choose, one it cannot go back to, a missing note.
        let written = events(&app).await;
        for (f, key) in [
            (update("withdrawn", "x", false), "help_state_invalid"),
            (update("resolvedd", "x", false), "help_state_invalid"),
            (update("acknowledged", " ", false), "note_invalid"),
        ] {
            let (s, body) = post(f).await;
            assert_eq!((s, body["key"].as_str()), (400, Some(key)));
        }
        assert_eq!(events(&app).await, written, "nothing written");

        // Acknowledged: she is told in the app and by text.
        let (s, body) = post(update("acknowledged", "已收到，明天给你打电话。", false)).await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(notices(&app, woman, "help_request_updated").await, 1);
        let sent = texts(&app).await;
        assert_eq!(sent.len(), 1);
        assert!(sent[0].contains("已收到"), "{sent:?}");
        assert!(count(&app, "SELECT acknowledged_at FROM help_requests WHERE id = $1", id).await > 0);
        assert_eq!(post(update("new", "x", false)).await.1["key"], "help_state_invalid", "never back to new");

        // An internal note: not a word to her.
        let (s, _) = post(update("acknowledged", "内部：她丈夫酒后动手，上门时两人同去", true)).await;
        assert_eq!(s, 200);
        assert_eq!(notices(&app, woman, "help_request_updated").await, 1, "no notice for an internal note");
        assert_eq!(texts(&app).await.len(), 1);
        // An internal change of state: she sees the state, never the note.
        let (s, _) = post(update("in_progress", "内部：先联系她姐姐", true)).await;
        assert_eq!(s, 200);
        assert_eq!(notices(&app, woman, "help_request_updated").await, 2);
        assert!(texts(&app).await[1].contains("正在处理"));
        // A public note.
        let (s, _) = post(update("in_progress", "已经帮你联系了民政办。", false)).await;
        assert_eq!(s, 200);

        // The handler sees every note, marked.
        let (_, case) = app.get_json(&county, &format!("/api/help/case?id={id}")).await;
        let internal: Vec<&Value> = case["events"].as_array().unwrap().iter().filter(|e| e["internal"] == true).collect();
        assert_eq!(internal.len(), 2, "{case}");
        let (_, html) = page(&app, &county, &format!("/help/{id}")).await;
        assert!(html.contains("内部：先联系她姐姐") && html.contains("不给她看"), "the writer is told it is internal");

        // A hand-over: she reads the department's name; the outcome comes back.
        let (s, referral) = app.post_form(&county, "/api/help/refer", &[("id", &ids), ("department", "civil_affairs"), ("contact", "刘干事 0311-1234567")]).await;
        assert_eq!(s, 200, "{referral}");
        assert!(texts(&app).await[2].contains("已转交民政办"));
        let (s, body) = app.post_form(&county, "/api/help/refer", &[("id", &ids), ("department", "bank")]).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("department_invalid")));
        let (s, _) = app.post_form(&county, "/api/help/referral_outcome", &[("referral_id", &referral.as_i64().unwrap().to_string()), ("outcome", "已批准临时救助 2000 元")]).await;
        assert_eq!(s, 200);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'help_request_referred' AND subject_id = $1", id).await, 1);

        // What she sees: states, public notes, the department, the outcome; never an internal
        // note, never a name — in JSON, on her page, in her notifications, in her data file.
        let (_, mine) = app.get_json(&member, "/api/me/help").await;
        let it = mine.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
        assert_eq!((it["state"].as_str(), it["referred_to"].as_str()), (Some("referred"), Some("civil_affairs")));
        assert_eq!(it["referrals"][0]["outcome"], "已批准临时救助 2000 元");
        let states: Vec<&str> = it["updates"].as_array().unwrap().iter().map(|u| u["state"].as_str().unwrap()).collect();
        assert_eq!(states, ["referred", "in_progress", "in_progress", "acknowledged", "new"], "the internal note alone is left out");
        let (_, html) = page(&app, &member, "/me/help").await;
        assert!(html.contains("已转交镇民政办") || html.contains("已转交民政办"), "{html}");
        assert!(html.contains("已经帮你联系了民政办。") && html.contains("妇联工作人员"));
        let (_, notes) = app.get_json(&member, "/api/notifications/list").await;
        let (_, notes_page) = page(&app, &member, "/notifications").await;
        assert!(notes_page.contains(&format!("/me/help#help-{id}")), "her notice links to her request");
        let (s, export) = app.get_json(&member, "/api/me/export").await;
        assert_eq!(s, 200);
        assert!(!export["help_updates"].as_array().unwrap().is_empty());
        assert!(export["help_requests"].as_array().unwrap().iter().any(|r| r["id"] == id));
        for seen in [it.to_string(), html, notes.to_string(), notes_page, export.to_string()] {
            for secret in ["内部", "酒后动手", "她姐姐", "王主任", "刘干事"] {
                assert!(!seen.contains(secret), "{secret} reached her: {seen}");
            }
        }

        // Resolved; she can no longer withdraw it; reopened when she comes back.
        assert_eq!(post(update("resolved", "救助金已到账。", false)).await.0, 200);
        assert!(count(&app, "SELECT resolved_at FROM help_requests WHERE id = $1", id).await > 0);
        let (s, body) = app.post_form(&member, "/api/help/withdraw", &[("id", &ids)]).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("help_state_invalid")));
        assert_eq!(post(update("in_progress", "她又来问了。", false)).await.0, 200);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM help_requests WHERE id = $1 AND resolved_at IS NULL", id).await, 1);
    }

    async fn she_withdraws_her_own_request_and_nobody_elses(app) {
        let member = app.login(SHIQIAO).await;
        let (_, filed) = ask(&app, &member, &GOOD).await;
        let id = filed["id"].as_i64().unwrap().to_string();
        let other = app.login(DONGWAN).await;
        assert_eq!(app.post_form(&other, "/api/help/withdraw", &[("id", &id)]).await.0, 404);
        // Without JavaScript: back to her page, which says so.
        let (s, to) = post_html(&app, &member, "/api/help/withdraw", &[("id", &id), ("note", "已经解决了")], "/me/help").await;
        assert_eq!((s, to.as_str()), (302, format!("/me/help?done=withdrawn#help-{id}").as_str()));
        let (_, mine) = app.get_json(&member, "/api/me/help").await;
        assert_eq!(mine[0]["state"], "withdrawn");
        assert_eq!(mine[0]["updates"][0]["by"], "her");
        assert_eq!(app.post_form(&member, "/api/help/withdraw", &[("id", &id)]).await.1["key"], "help_state_invalid");
        let county = app.login(DEMO_ORGANIZER).await;
        let (s, body) = app.post_form(&county, "/api/help/update", &[("id", &id), ("state", "in_progress"), ("note", "x")]).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("help_state_invalid")), "withdrawn is final");
        // Not in the queue any more.
        let (_, queue) = app.get_json(&county, "/api/help/queue").await;
        assert!(!queue.as_array().unwrap().iter().any(|r| r["id"].as_i64() == id.parse().ok()));
    }

    async fn organizers_assign_a_volunteer_of_the_village(app) {
        let member = app.login(SHIQIAO).await;
        let (_, filed) = ask(&app, &member, &GOOD).await;
        let id = filed["id"].as_i64().unwrap().to_string();
        let county = app.login(DEMO_ORGANIZER).await;
        let volunteer = user_id(&app, DEMO_VOLUNTEER).await;
        // A volunteer of 柳林乡 cannot be given a request of 清河镇.
        let far = account(&app, "13600000031", Role::Volunteer, Some(region(&app, "南坪村").await), None).await;
        let (s, body) = app.post_form(&county, "/api/help/assign", &[("id", &id), ("volunteer_id", &far.to_string())]).await;
        assert_eq!((s, body["field"].as_str()), (404, Some("volunteer_id")));
        let (s, _) = app.post_form(&county, "/api/help/assign", &[("id", &id), ("volunteer_id", &volunteer.to_string())]).await;
        assert_eq!(s, 200);
        assert_eq!(notices(&app, volunteer, "help_request_assigned").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'help_request_assigned' AND subject_id = $1", id.parse().unwrap()).await, 1);
        // She follows it up, but does not give it out.
        let v = app.login(DEMO_VOLUNTEER).await;
        let (_, queue) = app.get_json(&v, "/api/help/queue").await;
        assert!(queue.as_array().unwrap().iter().any(|r| r["id"].as_i64() == id.parse().ok()));
        let (s, body) = app.post_form(&v, "/api/help/update", &[("id", &id), ("state", "acknowledged"), ("note", "我明天去她家。")]).await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(app.post_form(&v, "/api/help/assign", &[("id", &id), ("volunteer_id", "")]).await.0, 403);
        // Her page names a volunteer, not the volunteer.
        let (_, mine) = app.get_json(&member, "/api/me/help").await;
        assert_eq!(mine[0]["updates"][0]["by"], "volunteer");
        assert!(!mine.to_string().contains("李大姐"));
        // Taking her role back returns the request to the queue, unassigned.
        sqlx::query("UPDATE users SET role = 'member' WHERE id = $1").bind(volunteer).execute(app.db.writer()).await.unwrap();
        assert_eq!(app.get_json(&v, &format!("/api/help/case?id={id}")).await.0, 403);
    }

    async fn requests_nobody_acknowledged_go_up_to_the_county(app) {
        let member = app.login(SHIQIAO).await;
        let (_, filed) = ask(&app, &member, &GOOD).await;
        let id = filed["id"].as_i64().unwrap();
        let organizer = user_id(&app, DEMO_ORGANIZER).await;
        let escalated_before = notices(&app, organizer, "help_request_escalated").await;
        let now = backend::now();
        let after = 48 * 3600;
        // Not yet.
        assert_eq!(backend::services::help_requests::escalate_overdue(&app.db, now, after).await.unwrap(), 0);
        sqlx::query("UPDATE help_requests SET created_at = created_at - $1 WHERE id = $2")
            .bind(49 * 3600_i64).bind(id).execute(app.db.writer()).await.unwrap();
        assert_eq!(backend::services::help_requests::escalate_overdue(&app.db, now, after).await.unwrap(), 1);
        assert!(count(&app, "SELECT escalated_at FROM help_requests WHERE id = $1", id).await > 0);
        assert_eq!(notices(&app, organizer, "help_request_escalated").await, escalated_before + 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM notifications WHERE kind = 'help_request_escalated' AND help_request_id = $1", id).await, 1);
        // Once only.
        assert_eq!(backend::services::help_requests::escalate_overdue(&app.db, now, after).await.unwrap(), 0);
        let county = app.login(DEMO_ORGANIZER).await;
        let (_, queue) = app.get_json(&county, "/api/help/queue").await;
        let it = queue.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap();
        assert_eq!((it["overdue"].as_bool(), it["escalated"].as_bool()), (Some(true), Some(true)));
        let (_, notes) = page(&app, &county, "/notifications").await;
        assert!(notes.contains(&format!("/help/{id}")), "the notice leads to the request");
        // Acknowledged: no longer overdue.
        app.post_form(&county, "/api/help/update", &[("id", &id.to_string()), ("state", "acknowledged"), ("note", "已收到")]).await;
        let (_, queue) = app.get_json(&county, "/api/help/queue").await;
        let it = queue.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap();
        assert_eq!(it["overdue"], false);
    }

    async fn the_numbers_to_call_in_danger_are_on_the_page(app) {
        let member = app.login(SHIQIAO).await;
        let (s, html) = page(&app, &member, "/help/new").await;
        assert_eq!(s, 200);
        // On the form, before anything is sent; shown by CSS when "personal safety" is chosen.
        assert!(html.contains("href=\"tel:110\"") && html.contains("href=\"tel:12338\""), "{html}");
        assert!(html.contains("class=\"safety-now\""), "hidden until chosen: {html}");
        assert!(html.contains("value=\"safety\""));
        let (_, html) = page(&app, &member, "/help/new?kind=safety").await;
        assert!(html.contains("safety-now shown"), "{html}");
        // Filed without JavaScript: her page, with the numbers.
        let mut safety = GOOD.to_vec();
        safety[0].1 = "safety";
        let (s, to) = post_html(&app, &member, "/api/help/request", &safety, "/help/new").await;
        assert_eq!(s, 302);
        assert!(to.starts_with("/me/help?done=filed&kind=safety#help-"), "{to}");
        let (_, html) = page(&app, &member, &to).await;
        assert!(html.contains("safety-now shown") && html.contains("tel:110") && html.contains("求助已发送"), "{html}");
        // A refused form keeps what she typed.
        let mut bad = GOOD.to_vec();
        bad[2].1 = "";
        let (_, to) = post_html(&app, &member, "/api/help/request", &bad, "/help/new").await;
        assert!(to.starts_with("/help/new?error=contact_invalid"), "{to}");
        let (_, html) = page(&app, &member, &to).await;
        assert!(html.contains("家里老人住院"), "kept: {html}");
        // In English too.
        let _ = member.get(app.url("/lang/en")).send().await.unwrap();
        let (_, html) = page(&app, &member, "/help/new").await;
        assert!(html.contains("Women's rights hotline"), "{html}");
    }

    async fn deleting_her_account_erases_what_she_wrote(app) {
        let member = app.login(SHIQIAO).await;
        let (_, filed) = ask(&app, &member, &GOOD).await;
        let id = filed["id"].as_i64().unwrap();
        let county = app.login(DEMO_ORGANIZER).await;
        app.post_form(&county, "/api/help/update", &[("id", &id.to_string()), ("state", "acknowledged"), ("note", "她家在村东头")]).await;
        let (s, _) = app.post_form(&member, "/api/me/delete_account", &[("password", backend::seed::DEMO_PASSWORD)]).await;
        assert_eq!(s, 200);
        let (state, description): (String, String) = sqlx::query_as("SELECT state, description FROM help_requests WHERE id = $1")
            .bind(id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((state.as_str(), description.as_str()), ("withdrawn", ""));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM help_events WHERE request_id = $1 AND note <> ''", id).await, 0);
        // Kept for the county's counts: the kind and the village, nothing personal.
        assert_eq!(count(&app, "SELECT COUNT(*) FROM help_requests WHERE id = $1 AND kind = 'assistance'", id).await, 1);
    }
}
