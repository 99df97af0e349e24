//! The care ledger (issue 14 §1): no record without her consent; sensitive parts masked until
//! opened with a reason; every read in the access log; only the keepers of her village and the
//! organizers above it, with real records of another township and another county refused the
//! same way as ids that do not exist; hers to see, correct and delete; withdrawal, account
//! deletion and retention erase.

use serde_json::Value;

use crate::area_matrix::{account, federation, region};
use crate::support::TestApp;
use backend::identity::Role;
use backend::seed::{DEMO_ORGANIZER, DEMO_VOLUNTEER};

async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn record_of(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM ledger_records WHERE name = $1")
        .bind(name)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn save(app: &TestApp, client: &reqwest::Client, fields: &[(&str, &str)]) -> (u16, Value) {
    app.post_form(client, "/api/ledger/save", fields).await
}

/// The organizer of 柳林乡 (another township of the demo county) and of another county.
async fn outsiders(app: &TestApp) -> (reqwest::Client, reqwest::Client) {
    let liulin = region(app, "柳林乡").await;
    account(
        app,
        "13700009901",
        Role::Organizer,
        None,
        Some(federation(app, liulin).await),
    )
    .await;
    let elsewhere = crate::authz::organizer_elsewhere(app).await;
    (app.login("13700009901").await, app.login(elsewhere).await)
}

both_backends! {
    async fn no_record_is_saved_without_her_consent(app) {
        let keeper = app.login(DEMO_VOLUNTEER).await;
        let dongwan = region(&app, "东湾村").await.to_string();
        let before = count(&app, "SELECT COUNT(*) FROM ledger_records WHERE id > $1", 0).await;
        let base = [("village_id", dongwan.as_str()), ("name", "王小花"), ("serious_illness", "on")];
        let (status, body) = save(&app, &keeper, &base).await;
        assert_eq!((status, body["key"].as_str()), (400, Some("consent_required")), "{body}");
        let oral = [&base[..], &[("consent_method", "oral")]].concat();
        let (status, body) = save(&app, &keeper, &oral).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("witness")), "{body}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger_records WHERE id > $1", 0).await, before);

        let written = [&base[..], &[("consent_method", "written"), ("phone", "13900001111")]].concat();
        let (status, body) = save(&app, &keeper, &written).await;
        assert_eq!(status, 200, "{body}");
        let id = body["id"].as_i64().expect("the answer is {\"id\": …}");
        let consents: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT event, method, notice_version FROM ledger_consents WHERE record_id = $1",
        )
        .bind(id)
        .fetch_all(app.db.reader())
        .await
        .unwrap();
        assert_eq!(consents, [("given".into(), "written".into(), domain::ledger::LEDGER_NOTICE_VERSION.into())]);
        // A record not visited yet is listed, and not overdue.
        let (status, list) = app.get_json(&keeper, "/api/ledger/list").await;
        assert_eq!(status, 200, "{list}");
        let new = list.as_array().unwrap().iter().find(|r| r["id"] == id).cloned().expect("listed");
        assert_eq!((new["overdue"].clone(), new["next_visit_due"].clone()), (false.into(), Value::Null));

        // Her village only: the keeper of 东湾村 cannot file in 杨柳村.
        let yangliu = region(&app, "杨柳村").await.to_string();
        let there = [("village_id", yangliu.as_str()), ("name", "甲"), ("consent_method", "written")];
        let (status, body) = save(&app, &keeper, &there).await;
        assert_eq!((status, body["key"].as_str()), (400, Some("region_invalid")), "{body}");

        // A volunteer no organizer made a keeper, a member and an admin keep nothing.
        let other_volunteer = {
            account(&app, "13700009902", Role::Volunteer, Some(region(&app, "东湾村").await), None).await;
            app.login("13700009902").await
        };
        for client in [other_volunteer, app.login("13800000010").await, app.login(backend::seed::DEMO_ADMIN).await] {
            let (status, _) = save(&app, &client, &written).await;
            assert_eq!(status, 403);
            let (status, _) = app.get_json(&client, &format!("/api/ledger/record?id={id}")).await;
            assert_eq!(status, 403);
        }
    }

    async fn sensitive_parts_open_only_with_a_reason_and_every_read_is_logged(app) {
        let keeper = app.login(DEMO_VOLUNTEER).await;
        let id = record_of(&app, "张秀英").await;
        let logged = |app: &TestApp| {
            let app = app.db.clone();
            async move {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM ledger_access WHERE record_id = $1")
                    .bind(id)
                    .fetch_one(app.reader())
                    .await
                    .unwrap()
            }
        };
        let before = logged(&app).await;
        let (status, r) = app.get_json(&keeper, &format!("/api/ledger/record?id={id}")).await;
        assert_eq!(status, 200, "{r}");
        let c = &r["contents"];
        assert_eq!(c["difficulties"], serde_json::json!(["needs_care", "wants_work"]), "serious illness masked");
        assert!(c["notes"].is_null(), "notes masked");
        assert_eq!(c["masked"].as_array().unwrap().len(), 4);
        assert!(!r.to_string().contains("婆婆"), "the notes' words are not in the answer");
        assert_eq!(logged(&app).await, before + 1);

        let (status, body) = app.get_json(&keeper, &format!("/api/ledger/record?id={id}&reveal=health")).await;
        assert_eq!((status, body["key"].as_str()), (400, Some("reason_required")));
        assert_eq!(logged(&app).await, before + 1, "a refused opening reads nothing");

        let (status, r) = app
            .get_json(&keeper, &format!("/api/ledger/record?id={id}&reveal=health,notes&reason=%E5%AE%89%E6%8E%92%E7%AD%9B%E6%9F%A5"))
            .await;
        assert_eq!(status, 200, "{r}");
        assert!(r["contents"]["difficulties"].as_array().unwrap().contains(&"serious_illness".into()));
        assert!(r["contents"]["notes"].as_str().unwrap().contains("婆婆"));
        let (fields, reason, role): (String, Option<String>, String) = sqlx::query_as(
            "SELECT fields_opened, reason, viewer_role FROM ledger_access WHERE record_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
        assert_eq!((fields.as_str(), reason.as_deref(), role.as_str()), ("health,notes", Some("安排筛查"), "volunteer"));

        // The page shows the mask, not the words, and logs its read too.
        let page = keeper.get(app.url(&format!("/ledger/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("张秀英") && !page.contains("婆婆"), "masked on the page");
        assert_eq!(logged(&app).await, before + 3);

        // An edit that did not show the sensitive parts leaves them as they were.
        let dongwan = region(&app, "东湾村").await.to_string();
        let id_text = id.to_string();
        let (status, body) = save(&app, &keeper, &[("id", id_text.as_str()), ("village_id", dongwan.as_str()), ("name", "张秀英"), ("wants_work", "on")]).await;
        assert_eq!(status, 200, "{body}");
        let kept: Vec<String> = sqlx::query_scalar("SELECT difficulty FROM ledger_difficulties WHERE record_id = $1 ORDER BY difficulty")
            .bind(id)
            .fetch_all(app.db.reader())
            .await
            .unwrap();
        assert_eq!(kept, ["serious_illness", "wants_work"], "needs_care unticked, the illness kept");
        let notes: String = sqlx::query_scalar("SELECT notes FROM ledger_records WHERE id = $1").bind(id).fetch_one(app.db.reader()).await.unwrap();
        assert!(notes.contains("婆婆"));
    }

    async fn other_townships_and_counties_are_refused_alike(app) {
        let (liulin, elsewhere) = outsiders(&app).await;
        let here = record_of(&app, "张秀英").await;
        // The organizer of 柳林乡 sees her own township's record, not 清河镇's.
        let hers = record_of(&app, "杨春梅").await;
        let (status, _) = app.get_json(&liulin, &format!("/api/ledger/record?id={hers}")).await;
        assert_eq!(status, 200);
        for client in [&liulin, &elsewhere] {
            let (exists, a) = app.get_json(client, &format!("/api/ledger/record?id={here}")).await;
            let (missing, b) = app.get_json(client, "/api/ledger/record?id=999999").await;
            assert_eq!((exists, &a), (missing, &b), "the same answer whether or not it exists");
            assert_eq!(exists, 404);
            let (_, list) = app.get_json(client, "/api/ledger/list").await;
            assert!(!list.to_string().contains("张秀英"), "{list}");
            let (status, _) = app.post_form(client, "/api/ledger/visit", &[("id", &here.to_string()), ("visited_on", "2026-11-01"), ("found", "x")]).await;
            assert_eq!(status, 404);
            let (status, _) = app.post_form(client, "/api/ledger/withdraw", &[("id", &here.to_string()), ("method", "written")]).await;
            assert_eq!(status, 404);
        }
        let logged = count(&app, "SELECT COUNT(*) FROM ledger_access WHERE record_id = $1 AND viewer_id IN (SELECT id FROM users WHERE phone IN ('13700009901', '13600000001'))", here).await;
        assert_eq!(logged, 0, "a refused read is not a read");
        // The county organizer reaches every township; the keeper of 东湾村 only her village.
        let county = app.login(DEMO_ORGANIZER).await;
        let (_, list) = app.get_json(&county, "/api/ledger/list").await;
        assert!(list.to_string().contains("杨春梅") && list.to_string().contains("张秀英"));
        let keeper = app.login(DEMO_VOLUNTEER).await;
        let (_, list) = app.get_json(&keeper, "/api/ledger/list").await;
        assert!(list.to_string().contains("张秀英") && !list.to_string().contains("刘桂兰"), "{list}");
        // Overdue first.
        assert_eq!(list[0]["name"], "李桂芝");
        assert_eq!(list[0]["overdue"], true);
    }

    async fn she_sees_her_record_and_who_looked_without_names(app) {
        let member = app.login("13800000010").await; // 张秀英
        let (status, mine) = app.get_json(&member, "/api/me/ledger").await;
        assert_eq!(status, 200, "{mine}");
        let record = &mine["record"];
        assert!(record["contents"]["difficulties"].as_array().unwrap().contains(&"serious_illness".into()), "nothing masked for her");
        let access = mine["access"].as_array().unwrap();
        assert!(!access.is_empty());
        assert!(access.iter().any(|a| a["role"] == "organizer" && a["fields_opened"] == serde_json::json!(["health"])));
        for name in ["李大姐", "王主任"] {
            assert!(!mine["access"].to_string().contains(name), "no viewer's name");
        }
        // A woman with no record sees none.
        let other = app.login("13800000019").await; // 孙美玲
        let (_, none) = app.get_json(&other, "/api/me/ledger").await;
        assert!(none["record"].is_null() && none["access"].as_array().unwrap().is_empty(), "{none}");
        // Her page says the same.
        let page = member.get(app.url("/me/ledger")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("重病") && page.contains("组织者"), "her page shows the record and the roles");
        // Her data file carries the record, its marks and its access log.
        let (status, export) = app.get_json(&member, "/api/me/export").await;
        assert_eq!(status, 200);
        for section in ["ledger_record", "ledger_record_marks", "ledger_visits", "ledger_access_log", "ledger_consents", "ledger_requests"] {
            assert!(export[section].as_array().is_some_and(|rows| !rows.is_empty()), "{section} in her file");
        }
        assert!(export.to_string().contains("serious_illness"));
    }

    async fn she_asks_for_deletion_and_the_granted_request_erases(app) {
        let member = app.login("13800000010").await;
        let id = record_of(&app, "张秀英").await;
        let (status, body) = app.post_form(&member, "/api/me/ledger_request", &[("kind", "correction"), ("body", "")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("body")));
        let (status, body) = app.post_form(&member, "/api/me/ledger_request", &[("kind", "deletion"), ("body", "不需要了")]).await;
        assert_eq!(status, 200, "{body}");
        let request = body.as_i64().unwrap().to_string();
        let told = count(&app, "SELECT COUNT(*) FROM notifications WHERE kind = 'ledger_request_received' AND user_id = $1", {
            sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE phone = $1").bind(DEMO_ORGANIZER).fetch_one(app.db.reader()).await.unwrap()
        }).await;
        assert_eq!(told, 1, "the county organizer is told");
        // A keeper who is not an organizer does not answer.
        let keeper = app.login(DEMO_VOLUNTEER).await;
        let answer = [("request_id", request.as_str()), ("outcome", "done"), ("answer", "已删除")];
        let (status, _) = app.post_form(&keeper, "/api/ledger/answer", &answer).await;
        assert_eq!(status, 403);
        let organizer = app.login(DEMO_ORGANIZER).await;
        let (status, body) = app.post_form(&organizer, "/api/ledger/answer", &answer).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger_difficulties WHERE record_id = $1", id).await, 0);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger_visits WHERE record_id = $1", id).await, 0);
        let (name, reason): (String, Option<String>) = sqlx::query_as("SELECT name, closed_reason FROM ledger_records WHERE id = $1").bind(id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((name.as_str(), reason.as_deref()), ("", Some("deleted_on_request")));
        let (_, mine) = app.get_json(&member, "/api/me/ledger").await;
        assert!(mine["record"]["contents"].is_null(), "erased for her too: {mine}");
        assert_eq!(mine["record"]["requests"][0]["outcome"], "done");
        assert!(!mine.to_string().contains("重病") && !mine.to_string().contains("serious_illness"));
        let (status, _) = app.post_form(&organizer, "/api/ledger/answer", &answer).await;
        assert_eq!(status, 409, "answered once");
        let (_, list) = app.get_json(&member, "/api/notifications/list").await;
        assert!(list.to_string().contains("ledger_request_answered"), "{list}");
    }

    async fn withdrawal_erases_and_keeps_only_that_it_existed(app) {
        let keeper = app.login(DEMO_VOLUNTEER).await;
        let id = record_of(&app, "李桂芝").await;
        let id_text = id.to_string();
        let (status, body) = app.post_form(&keeper, "/api/ledger/withdraw", &[("id", id_text.as_str()), ("method", "oral")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("witness")), "an oral withdrawal names its witness");
        let (status, body) = app.post_form(&keeper, "/api/ledger/withdraw", &[("id", id_text.as_str()), ("method", "oral"), ("witness", "赵红")]).await;
        assert_eq!(status, 200, "{body}");
        let row: (String, Option<String>, Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT name, phone, birth_year, created_by, erased_at FROM ledger_records WHERE id = $1",
        ).bind(id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((row.0.as_str(), row.1, row.2), ("", None, None));
        assert!(row.3.is_some() && row.4.is_some(), "who made it, and that it was erased, stay");
        for table in ["ledger_difficulties", "ledger_assistance", "ledger_visits"] {
            assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM {table} WHERE record_id = $1"), id).await, 0, "{table}");
        }
        assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger_consents WHERE record_id = $1", id).await, 2);
        let (status, body) = app.post_form(&keeper, "/api/ledger/visit", &[("id", id_text.as_str()), ("visited_on", "2026-11-01"), ("found", "x")]).await;
        assert_eq!((status, body["key"].as_str()), (409, Some("record_closed")));
    }

    async fn retention_erases_closed_records_for_good(app) {
        let keeper = app.login(DEMO_VOLUNTEER).await;
        let id = record_of(&app, "张秀英").await;
        let (status, _) = app.post_form(&keeper, "/api/ledger/close", &[("id", &id.to_string())]).await;
        assert_eq!(status, 200);
        let old = record_of(&app, "马春花").await; // closed 30 days ago
        let now = backend::now();
        let three_years = domain::ledger::DEFAULT_RETENTION_DAYS * 86_400;
        assert_eq!(backend::services::ledger::erase_expired(&app.db, now, three_years).await.unwrap(), 0);
        sqlx::query("UPDATE ledger_records SET closed_at = $1 WHERE id = $2")
            .bind(now - three_years - 1)
            .bind(old)
            .execute(app.db.writer())
            .await
            .unwrap();
        assert_eq!(backend::services::ledger::erase_expired(&app.db, now, three_years).await.unwrap(), 1);
        for table in ["ledger_consents", "ledger_access", "ledger_visits", "ledger_difficulties"] {
            assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM {table} WHERE record_id = $1"), old).await, 0, "{table}");
        }
        assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger_records WHERE id = $1", old).await, 0);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger_records WHERE id = $1", id).await, 1, "closed today: kept");
    }

    async fn visits_set_the_next_due_and_keepers_are_made_by_organizers(app) {
        let keeper = app.login(DEMO_VOLUNTEER).await;
        let id = record_of(&app, "李桂芝").await.to_string();
        let (status, body) = app.post_form(&keeper, "/api/ledger/visit", &[("id", id.as_str()), ("visited_on", "2099-01-01"), ("found", "x")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("visited_on")), "not in the future");
        let (status, body) = app.post_form(&keeper, "/api/ledger/visit", &[("id", id.as_str()), ("visited_on", "2026-11-30"), ("found", "")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("found")));
        let (status, body) = app.post_form(&keeper, "/api/ledger/visit", &[("id", id.as_str()), ("visited_on", "2026-11-30"), ("found", "好多了"), ("next_due", "2099-01-10")]).await;
        assert_eq!(status, 200, "{body}");
        let (_, list) = app.get_json(&keeper, "/api/ledger/list").await;
        let row = list.as_array().unwrap().iter().find(|r| r["id"].as_i64().map(|n| n.to_string()).as_deref() == Some(id.as_str())).unwrap().clone();
        assert_eq!(row["overdue"], false, "{row}");

        // An organizer makes a volunteer of her area a keeper of her village; audited.
        let volunteer = account(&app, "13700009903", Role::Volunteer, Some(region(&app, "杨柳村").await), None).await;
        let organizer = app.login(DEMO_ORGANIZER).await;
        let volunteer_text = volunteer.to_string();
        let (status, _) = app.post_form(&keeper, "/api/ledger/keeper", &[("volunteer_id", volunteer_text.as_str()), ("keep", "on")]).await;
        assert_eq!(status, 403, "a volunteer makes no keepers");
        let (status, body) = app.post_form(&organizer, "/api/ledger/keeper", &[("volunteer_id", volunteer_text.as_str()), ("keep", "on")]).await;
        assert_eq!(status, 200, "{body}");
        let new_keeper = app.login("13700009903").await;
        let me = new_keeper.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
        assert!(me.contains("href=\"/ledger\""), "a keeper finds the ledger from her page");
        let (_, list) = app.get_json(&new_keeper, "/api/ledger/list").await;
        assert!(list.to_string().contains("刘桂兰") && !list.to_string().contains("张秀英"), "{list}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'ledger_keeper_appointed' AND subject_id = $1", volunteer).await, 1);
        let (status, _) = app.post_form(&organizer, "/api/ledger/keeper", &[("volunteer_id", volunteer_text.as_str())]).await;
        assert_eq!(status, 200);
        let (status, _) = app.get_json(&new_keeper, "/api/ledger/list").await;
        assert_eq!(status, 403, "no longer a keeper");
        let me = new_keeper.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
        assert!(!me.contains("href=\"/ledger\""), "no link to a page she may not open");
    }

    async fn deleting_her_account_erases_her_record(app) {
        let member = app.login("13800000011").await; // 刘桂兰
        let id = record_of(&app, "刘桂兰").await;
        let (status, body) = app.post_form(&member, "/api/me/delete_account", &[("password", backend::seed::DEMO_PASSWORD)]).await;
        assert!(status == 200 || status == 302, "{status} {body}");
        let (name, reason): (String, Option<String>) = sqlx::query_as("SELECT name, closed_reason FROM ledger_records WHERE id = $1").bind(id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((name.as_str(), reason.as_deref()), ("", Some("consent_withdrawn")));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger_difficulties WHERE record_id = $1", id).await, 0);
    }

    async fn figures_count_exactly_and_hide_small_numbers_above_the_village(app) {
        let county = app.login(DEMO_ORGANIZER).await;
        let qinghe = region(&app, "清河镇").await;
        account(&app, "13700009904", Role::Organizer, None, Some(federation(&app, qinghe).await)).await;
        let township = app.login("13700009904").await;
        let (status, _) = app.get_json(&app.login(DEMO_VOLUNTEER).await, "/api/ledger/figures").await;
        assert_eq!(status, 403, "figures are for organizers");

        // The township's villages: exact counts (closed records left out).
        let (status, f) = app.get_json(&township, "/api/ledger/figures").await;
        assert_eq!(status, 200, "{f}");
        let row = |f: &Value, name: &str| f["rows"].as_array().unwrap().iter().find(|r| r["region"] == name).cloned().unwrap();
        let dongwan = row(&f, "东湾村");
        assert_eq!((dongwan["women"].clone(), dongwan["visited_90_days"].clone()), (2.into(), 1.into()), "{dongwan}");
        assert_eq!(row(&f, "石桥村")["women"], 0, "the closed record is not counted");
        assert_eq!(f["total"]["women"], "<5", "the township as a whole is above the village");

        // The county sees townships, every small count as "<5".
        let (_, f) = app.get_json(&county, "/api/ledger/figures").await;
        assert_eq!(row(&f, "清河镇")["women"], "<5");
        assert_eq!(row(&f, "红旗街道")["women"], "<5");
        // Five more women who want work in 杨柳村 make 清河镇's counts exact.
        let yangliu = region(&app, "杨柳村").await;
        for n in 0..5 {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO ledger_records (village_id, name, created_at, updated_at) VALUES ($1, $2, 0, 0) RETURNING id",
            )
            .bind(yangliu)
            .bind(format!("女{n}"))
            .fetch_one(app.db.writer())
            .await
            .unwrap();
            sqlx::query("INSERT INTO ledger_difficulties (record_id, difficulty) VALUES ($1, 'wants_work')")
                .bind(id)
                .execute(app.db.writer())
                .await
                .unwrap();
        }
        let (_, f) = app.get_json(&county, "/api/ledger/figures").await;
        let qinghe_row = row(&f, "清河镇");
        assert_eq!(qinghe_row["women"], 8, "{qinghe_row}");
        let wants_work = qinghe_row["by_difficulty"].as_array().unwrap().iter().find(|p| p[0] == "wants_work").unwrap().clone();
        assert_eq!(wants_work[1], 6, "张秀英 and the five");
        let legal = qinghe_row["by_difficulty"].as_array().unwrap().iter().find(|p| p[0] == "needs_legal_help").unwrap().clone();
        assert_eq!(legal[1], "<5");
        assert_eq!(f["total"]["women"], 9);
        assert!(!f.to_string().contains("张秀英") && !f.to_string().contains("女0"), "no names");
    }

    async fn help_figures_count_exactly_with_medians_and_hide_small_numbers(app) {
        use backend::services::regions::create_region;
        use domain::region::RegionLevel;
        let county = region(&app, "同心县").await;
        let (township, a, b) = {
            let mut tx = app.db.writer().begin().await.unwrap();
            let t = create_region(&mut tx, Some(county), RegionLevel::Township, "测试镇").await.unwrap();
            let a = create_region(&mut tx, Some(t), RegionLevel::Village, "甲村").await.unwrap();
            let b = create_region(&mut tx, Some(t), RegionLevel::Village, "乙村").await.unwrap();
            let f = backend::services::regions::create_federation(&mut tx, t, "测试镇妇联").await.unwrap();
            tx.commit().await.unwrap();
            account(&app, "13700009905", Role::Organizer, None, Some(f)).await;
            (t, a, b)
        };
        let _ = township;
        let woman = account(&app, "13700009906", Role::Member, Some(a), None).await;
        let hour = 3600_i64;
        // (village, kind, state, hours to acknowledge, hours to resolve)
        type Request<'a> = (i64, &'a str, &'a str, Option<i64>, Option<i64>);
        let requests: [Request; 8] = [
            (a, "legal", "new", None, None),
            (a, "legal", "resolved", Some(2), Some(10)),
            (a, "health", "acknowledged", Some(4), None),
            (b, "work", "in_progress", Some(1), None),
            (b, "work", "in_progress", Some(1), None),
            (b, "work", "in_progress", Some(1), None),
            (b, "work", "in_progress", Some(1), None),
            (b, "work", "in_progress", Some(1), None),
        ];
        let mut in_b = Vec::new();
        for (village, kind, state, ack, resolved) in requests {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO help_requests (user_id, filed_by, village_id, kind, description, contact,
                                            urgency, state, created_at, acknowledged_at, resolved_at,
                                            updated_at)
                 VALUES ($1, $1, $2, $3, '测试', 'app', 'normal', $4, 1000000, $5, $6, 1000000)
                 RETURNING id",
            )
            .bind(woman)
            .bind(village)
            .bind(kind)
            .bind(state)
            .bind(ack.map(|h| 1_000_000 + h * hour))
            .bind(resolved.map(|h| 1_000_000 + h * hour))
            .fetch_one(app.db.writer())
            .await
            .unwrap();
            if village == b {
                in_b.push(id);
            }
        }
        for id in &in_b[..2] {
            sqlx::query(
                "INSERT INTO help_referrals (request_id, department, referred_on, recorded_by, created_at)
                 VALUES ($1, 'human_resources', 0, $2, 0)",
            )
            .bind(*id)
            .bind(woman)
            .execute(app.db.writer())
            .await
            .unwrap();
        }
        let pair = |list: &Value, key: &str| list.as_array().unwrap().iter().find(|p| p[0] == key).unwrap()[1].clone();
        let row = |f: &Value, name: &str| f["rows"].as_array().unwrap().iter().find(|r| r["region"] == name).cloned().unwrap();

        let township = app.login("13700009905").await;
        let (status, f) = app.get_json(&township, "/api/help/figures").await;
        assert_eq!(status, 200, "{f}");
        let jia = row(&f, "甲村");
        assert_eq!(jia["requests"], 3);
        assert_eq!(pair(&jia["by_kind"], "legal"), 2);
        assert_eq!(pair(&jia["by_state"], "new"), 1);
        assert_eq!((jia["median_hours_to_acknowledge"].clone(), jia["median_hours_to_resolve"].clone()), (2.into(), 10.into()));
        let yi = row(&f, "乙村");
        assert_eq!((yi["requests"].clone(), yi["median_hours_to_acknowledge"].clone()), (5.into(), 1.into()));
        assert_eq!(pair(&yi["referrals"], "human_resources"), 2, "exact in a village");
        assert_eq!(f["total"]["requests"], 8);
        assert_eq!(pair(&f["total"]["by_kind"], "work"), 5);
        assert_eq!(pair(&f["total"]["by_kind"], "legal"), "<5");
        assert_eq!(pair(&f["total"]["referrals"], "human_resources"), "<5", "above the village");
        assert!(!f.to_string().contains("测试\""), "no words she wrote");

        let county = app.login(DEMO_ORGANIZER).await;
        let (_, f) = app.get_json(&county, "/api/help/figures").await;
        let ours = row(&f, "测试镇");
        assert_eq!((ours["requests"].clone(), pair(&ours["by_kind"], "health")), (8.into(), "<5".into()));
        let (status, _) = app.get_json(&app.login(DEMO_VOLUNTEER).await, "/api/help/figures").await;
        assert_eq!(status, 403);
    }
}
