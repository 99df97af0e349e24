//! The organizer's side of activities: posting (alone or as a series), drafts, edits that
//! notify, cancellation, eligibility, approval, removal, on-behalf sign-up, check-in,
//! no-shows, the CSV roster, calendar feeds, reminders and the notification centre.

use serde_json::Value;

use crate::signups::{members, seats_taken, signup};
use crate::support::TestApp;
use backend::seed::{DEMO_ORGANIZER, DEMO_VOLUNTEER};
use domain::time::format_local_datetime;
/// `YYYY-MM-DDTHH:MM` China time, `days` from now.
fn local_in(days: i64, extra_secs: i64) -> String {
    format_local_datetime(backend::now() + days * 86_400 + extra_secs)
}

/// The form of a plain activity starting in 10 days; `extra` adds or overrides fields.
pub(crate) fn form(title: &str, capacity: i64, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("title".into(), title.into()),
        ("category".into(), "skills_training".into()),
        (
            "description".into(),
            "带上针线。\n详情 https://example.org".into(),
        ),
        ("venue".into(), "村委会二楼".into()),
        ("starts_at".into(), local_in(10, 0)),
        ("ends_at".into(), local_in(10, 7200)),
        ("capacity".into(), capacity.to_string()),
    ];
    for (k, v) in extra {
        f.retain(|(name, _)| name != k);
        f.push(((*k).into(), (*v).into()));
    }
    f
}
/// Posts a form built by [`form`] or [`pairs`].
pub(crate) async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &[(String, String)],
) -> (u16, Value) {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form(client, path, &form).await
}

pub(crate) fn pairs(items: &[(&str, String)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

pub(crate) async fn create(
    app: &TestApp,
    org: &reqwest::Client,
    title: &str,
    capacity: i64,
    extra: &[(&str, &str)],
) -> i64 {
    let (s, body) = post(
        app,
        org,
        "/api/activities/create",
        &form(title, capacity, extra),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    body["id"].as_i64().expect("the new id")
}

/// Signs up for a sensitive activity, ticking the specific consent it asks.
async fn signup_consenting(app: &TestApp, client: &reqwest::Client, activity: i64) -> (u16, Value) {
    post(
        app,
        client,
        "/api/activities/signup",
        &pairs(&[
            ("activity_id", activity.to_string()),
            ("sensitive_consent", "1".into()),
        ]),
    )
    .await
}

pub(crate) async fn notifications_of(app: &TestApp, activity: i64, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE activity_id = $1 AND kind = $2")
        .bind(activity)
        .bind(kind)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}
both_backends! {
    async fn organizer_posts_edits_and_cancels_and_everyone_hears(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "手工编织培训", 1, &[]).await;
        let (s, page) = app.get_json(&TestApp::fresh_client(), &format!("/api/activities/get?id={a}")).await;
        assert_eq!((s, page["title"].as_str(), page["status"].as_str()), (200, Some("手工编织培训"), Some("published")));

        // Mistakes come back with the field at fault, and nothing is stored.
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities").fetch_one(app.db.reader()).await.unwrap();
        for (extra, key, field) in [
            (vec![("capacity", "0")], "capacity_invalid", "capacity"),
            (vec![("ends_at", "2020-01-01T10:00")], "dates_invalid", "ends_at"),
            (vec![("category", "party")], "invalid", "category"),
            (vec![("title", "")], "title_invalid", "title"),
        ] {
            let (s, body) = post(&app, &org, "/api/activities/create", &form("x", 5, &extra)).await;
            assert_eq!((s, body["key"].as_str(), body["field"].as_str()), (400, Some(key), Some(field)), "{extra:?}");
        }
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(before, after);
        let m = members(&app, 3).await;
        let (s, _) = post(&app, &m[0], "/api/activities/create", &form("x", 5, &[])).await;
        assert_eq!(s, 403, "members do not post activities");

        assert_eq!(signup(&app, &m[0], a, 0).await.1["status"], "confirmed");
        assert_eq!(signup(&app, &m[1], a, 0).await.1["status"], "waitlisted");

        // A new time and a larger capacity: both told of the change, the waitlisted promoted.
        let mut edit = form("手工编织培训", 2, &[]);
        edit.retain(|(k, _)| k != "starts_at");
        edit.push(("starts_at".into(), local_in(10, 1800)));
        edit.push(("id".into(), a.to_string()));
        let (s, body) = post(&app, &org, "/api/activities/update", &edit).await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(notifications_of(&app, a, "activity_changed").await, 2);
        assert_eq!(notifications_of(&app, a, "promoted").await, 1);
        assert_eq!(seats_taken(&app, a).await, 2);
        // A capacity below the seats taken is refused.
        let mut shrink = form("手工编织培训", 1, &[]);
        shrink.push(("id".into(), a.to_string()));
        let (s, body) = post(&app, &org, "/api/activities/update", &shrink).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("capacity_below_taken")));
        // An edit that changes neither time nor place tells nobody.
        let mut same = edit.clone();
        same.retain(|(k, _)| k != "title");
        same.push(("title".into(), "手工编织培训（第一期）".into()));
        post(&app, &org, "/api/activities/update", &same).await;
        assert_eq!(notifications_of(&app, a, "activity_changed").await, 2);

        let (s, _) = post(&app, &org, "/api/activities/cancel", &pairs(&[("id", a.to_string())])).await;
        assert_eq!(s, 200);
        post(&app, &org, "/api/activities/cancel", &pairs(&[("id", a.to_string())])).await;
        assert_eq!(notifications_of(&app, a, "activity_cancelled").await, 2, "told once each");
        let (s, body) = signup(&app, &m[2], a, 0).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("signup_closed")));
        let (_, page) = app.get_json(&TestApp::fresh_client(), &format!("/api/activities/get?id={a}")).await;
        assert_eq!(page["status"], "cancelled");
    }

    async fn drafts_stay_hidden_until_published(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "草稿里的法律讲座", 10, &[("draft", "1"), ("category", "legal_aid")]).await;
        let anyone = TestApp::fresh_client();
        assert_eq!(app.get_json(&anyone, &format!("/api/activities/get?id={a}")).await.0, 404);
        let (_, list) = app.get_json(&anyone, "/api/activities/list?q=%E8%8D%89%E7%A8%BF").await;
        assert_eq!(list["activities"].as_array().unwrap().len(), 0);
        let m = members(&app, 1).await;
        assert_eq!(signup(&app, &m[0], a, 0).await.0, 400, "no sign-up for a draft");
        let (_, managed) = app.get_json(&org, "/api/activities/managed").await;
        assert!(managed.as_array().unwrap().iter().any(|x| x["id"] == a && x["status"] == "draft"));
        assert_eq!(post(&app, &org, "/api/activities/publish", &pairs(&[("id", a.to_string())])).await.0, 200);
        assert_eq!(app.get_json(&anyone, &format!("/api/activities/get?id={a}")).await.0, 200);
        let (_, list) = app.get_json(&anyone, "/api/activities/list?q=%E8%8D%89%E7%A8%BF").await;
        assert_eq!(list["activities"][0]["id"], a);
    }

    async fn a_weekly_series_is_separate_activities(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let (s, body) = post(&app, &org, "/api/activities/create", &form("广场舞每周练", 1, &[("repeat", "weekly"), ("occurrences", "3"), ("signup_deadline", &local_in(9, 0))])).await;
        assert_eq!(s, 200, "{body}");
        let ids: Vec<i64> = body["ids"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
        assert_eq!(ids.len(), 3);
        assert_eq!(body["id"], ids[0]);
        let rows: Vec<(i64, Option<i64>, Option<i64>)> = sqlx::query_as("SELECT starts_at, signup_deadline, series_id FROM activities WHERE title = '广场舞每周练' ORDER BY starts_at")
            .fetch_all(app.db.reader()).await.unwrap();
        assert_eq!(rows[1].0 - rows[0].0, 7 * 86_400);
        assert_eq!(rows[2].0 - rows[0].0, 14 * 86_400);
        assert_eq!(rows[2].0 - rows[2].1.unwrap(), 86_400, "each deadline keeps its distance to its start");
        assert!(rows[0].2.is_some() && rows.iter().all(|r| r.2 == rows[0].2));
        // Each occurrence has its own roster.
        let m = members(&app, 2).await;
        assert_eq!(signup(&app, &m[0], ids[0], 0).await.1["status"], "confirmed");
        assert_eq!(signup(&app, &m[1], ids[1], 0).await.1["status"], "confirmed");
    }

    async fn eligibility_by_age_and_area_is_enforced(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        // The test members are born in 1990 and live in the first village.
        let m = members(&app, 2).await;
        let too_young_for = create(&app, &org, "老年人健康讲座", 10, &[("min_age", "60")]).await;
        let (s, body) = signup(&app, &m[0], too_young_for, 0).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("age_not_eligible")));
        let right_age = create(&app, &org, "青年妈妈课堂", 10, &[("min_age", "18"), ("max_age", "60")]).await;
        assert_eq!(signup(&app, &m[0], right_age, 0).await.1["status"], "confirmed");
        sqlx::query("UPDATE users SET birth_year = NULL WHERE phone = '13500000001'").execute(app.db.writer()).await.unwrap();
        let (s, body) = signup(&app, &m[1], right_age, 0).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("birth_year_needed")));

        let (home, elsewhere): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT id FROM regions WHERE level = 'village' ORDER BY id LIMIT 1),
                    (SELECT id FROM regions WHERE level = 'village' ORDER BY id DESC LIMIT 1)").fetch_one(app.db.reader()).await.unwrap();
        let not_ours = create(&app, &org, "外村的活动", 10, &[("audience_region_id", &elsewhere.to_string()), ("area_only", "on")]).await;
        let (s, body) = signup(&app, &m[0], not_ours, 0).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("area_not_eligible")));
        let ours = create(&app, &org, "本村的活动", 10, &[("audience_region_id", &home.to_string()), ("area_only", "on")]).await;
        assert_eq!(signup(&app, &m[0], ours, 0).await.1["status"], "confirmed");
    }

    async fn approval_and_removal_move_the_queue(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "两癌筛查（需审核）", 1, &[("requires_approval", "on"), ("category", "health_screening")]).await;
        let m = members(&app, 3).await;
        for c in &m {
            assert_eq!(signup_consenting(&app, c, a).await.1["status"], "pending");
        }
        let (_, roster) = app.get_json(&org, &format!("/api/roster/get?activity_id={a}")).await;
        let ids: Vec<i64> = roster["entries"].as_array().unwrap().iter().map(|e| e["signup_id"].as_i64().unwrap()).collect();
        assert_eq!(ids.len(), 3);
        let decide = |id: i64, yes: &str| pairs(&[("signup_id", id.to_string()), ("approve", yes.to_owned())]);
        assert_eq!(post(&app, &org, "/api/roster/decide", &decide(ids[0], "1")).await.0, 200);
        assert_eq!(post(&app, &org, "/api/roster/decide", &decide(ids[1], "1")).await.0, 200);
        assert_eq!(post(&app, &org, "/api/roster/decide", &decide(ids[2], "0")).await.0, 200);
        let (_, roster) = app.get_json(&org, &format!("/api/roster/get?activity_id={a}")).await;
        let statuses: Vec<&str> = roster["entries"].as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["confirmed", "waitlisted", "declined"]);
        assert_eq!(notifications_of(&app, a, "approved").await, 2);
        assert_eq!(notifications_of(&app, a, "declined").await, 1);

        // Taking the first off the roster gives her seat to the waitlist.
        let first = roster["entries"][0]["signup_id"].as_i64().unwrap();
        assert_eq!(post(&app, &org, "/api/roster/remove", &pairs(&[("signup_id", first.to_string()), ("reason", "duplicate".into())])).await.0, 200);
        let (_, roster) = app.get_json(&org, &format!("/api/roster/get?activity_id={a}")).await;
        assert_eq!(roster["entries"][0]["status"], "confirmed");
        assert_ne!(roster["entries"][0]["signup_id"], first);
        assert_eq!(notifications_of(&app, a, "removed").await, 1);
        assert_eq!(notifications_of(&app, a, "promoted").await, 1);
        assert_eq!(seats_taken(&app, a).await, 1);
    }

    async fn approving_onto_the_waitlist_keeps_who_signed_her_up_and_when_she_agreed(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "法律讲座（需审核）", 1, &[("requires_approval", "on")]).await;
        // The one seat is approved for a member first.
        let m = members(&app, 1).await;
        assert_eq!(signup(&app, &m[0], a, 0).await.1["status"], "pending");
        // The organizer signs a woman up on her behalf, with her agreement.
        let (_, people) = app.get_json(&org, "/api/activities/helper_members").await;
        let her = people.as_array().unwrap().iter().find(|p| p["display_name"] != "测试").unwrap()["user_id"].as_i64().unwrap();
        let (s, body) = post(&app, &org, "/api/activities/signup_for", &pairs(&[
            ("activity_id", a.to_string()), ("member_id", her.to_string()), ("agreed", "1".into())])).await;
        assert_eq!((s, body["status"].as_str()), (200, Some("pending")), "{body}");
        let (_, roster) = app.get_json(&org, &format!("/api/roster/get?activity_id={a}")).await;
        let ids: Vec<i64> = roster["entries"].as_array().unwrap().iter().map(|e| e["signup_id"].as_i64().unwrap()).collect();
        let decide = |id: i64| pairs(&[("signup_id", id.to_string()), ("approve", "1".to_owned())]);
        for id in ids {
            assert_eq!(post(&app, &org, "/api/roster/decide", &decide(id)).await.0, 200);
        }
        let (status, by, agreed): (String, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT status, signed_up_by, agreed_at FROM signups WHERE activity_id = $1 AND user_id = $2")
            .bind(a).bind(her).fetch_one(app.db.reader()).await.unwrap();
        let org_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1").bind(DEMO_ORGANIZER).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(status, "waitlisted");
        assert_eq!(by, Some(org_id), "who signed her up is kept");
        assert!(agreed.is_some(), "when she agreed is kept");
    }

    async fn volunteers_sign_up_women_of_their_area_who_agreed(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "电商技能培训", 5, &[]).await;
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let (near, far): (String, String) = sqlx::query_as(
            "SELECT
               (SELECT u.phone FROM users u JOIN regions v ON v.id = u.village_id
                WHERE u.role = 'member' AND v.parent_id = (SELECT r.parent_id FROM users w JOIN regions r ON r.id = w.village_id WHERE w.phone = $1)
                ORDER BY u.id LIMIT 1),
               (SELECT u.phone FROM users u JOIN regions v ON v.id = u.village_id
                WHERE u.role = 'member' AND v.parent_id <> (SELECT r.parent_id FROM users w JOIN regions r ON r.id = w.village_id WHERE w.phone = $1)
                ORDER BY u.id LIMIT 1)")
            .bind(DEMO_VOLUNTEER).fetch_one(app.db.reader()).await.unwrap();
        let for_her = |phone: &str, agreed: bool| {
            let mut f = pairs(&[("activity_id", a.to_string()), ("phone", phone.to_owned())]);
            if agreed { f.push(("agreed".into(), "1".into())); }
            f
        };
        let (s, body) = post(&app, &volunteer, "/api/activities/signup_for", &for_her(&near, false)).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("agreement_required")));
        let (s, body) = post(&app, &volunteer, "/api/activities/signup_for", &for_her(&far, true)).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("member_not_found")), "outside her township");
        let (s, body) = post(&app, &volunteer, "/api/activities/signup_for", &for_her(&near, true)).await;
        assert_eq!((s, body["status"].as_str()), (200, Some("confirmed")), "{body}");
        let (by, agreed): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT s.signed_up_by, s.agreed_at FROM signups s JOIN users u ON u.id = s.user_id WHERE u.phone = $1 AND s.activity_id = $2")
            .bind(&near).bind(a).fetch_one(app.db.reader()).await.unwrap();
        let volunteer_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1").bind(DEMO_VOLUNTEER).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(by, Some(volunteer_id));
        assert!(agreed.is_some());
        let (_, roster) = app.get_json(&org, &format!("/api/roster/get?activity_id={a}")).await;
        assert_eq!(roster["entries"][0]["on_behalf"], true);
        // The organizer may do it for anyone in her county, picked from the list.
        let (_, people) = app.get_json(&org, "/api/activities/helper_members").await;
        let far_masked = domain::phone::mask(&far);
        let pick = people.as_array().unwrap().iter().find(|p| p["phone_masked"] == far_masked.as_str()).expect("in her list");
        assert!(people.to_string().find(&far).is_none(), "the list shows no full numbers");
        let (s, body) = post(&app, &org, "/api/activities/signup_for", &pairs(&[
            ("activity_id", a.to_string()), ("member_id", pick["user_id"].to_string()), ("agreed", "1".into())])).await;
        assert_eq!((s, body["status"].as_str()), (200, Some("confirmed")), "{body}");
        // The volunteer's list holds only her township.
        let (_, hers) = app.get_json(&volunteer, "/api/activities/helper_members").await;
        assert!(hers.as_array().unwrap().iter().all(|p| p["phone_masked"] != far_masked.as_str()));
        let (s, body) = post(&app, &volunteer, "/api/activities/signup_for", &pairs(&[
            ("activity_id", a.to_string()), ("member_id", pick["user_id"].to_string()), ("agreed", "1".into())])).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("member_not_found")));
    }

    async fn check_in_by_code_by_tick_and_no_shows(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "妇女议事会", 5, &[("category", "governance")]).await;
        let m = members(&app, 2).await;
        let code = signup(&app, &m[0], a, 0).await.1["checkin_code"].as_str().unwrap().to_owned();
        signup(&app, &m[1], a, 0).await;
        let check = |code: &str| pairs(&[("activity_id", a.to_string()), ("code", code.to_owned())]);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let (s, body) = post(&app, &org, "/api/roster/check_in", &check(wrong)).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("code_not_found")));
        let (s, name) = post(&app, &org, "/api/roster/check_in", &check(&format!("{} {}", &code[..3], &code[3..]))).await;
        assert_eq!((s, name.as_str()), (200, Some("测试")), "spaces in a read-out code are fine");
        assert_eq!(post(&app, &org, "/api/roster/check_in", &check(&code)).await.0, 200, "twice is harmless");
        let (_, roster) = app.get_json(&org, &format!("/api/roster/get?activity_id={a}")).await;
        let second = roster["entries"][1]["signup_id"].as_i64().unwrap();
        assert_eq!((roster["entries"][0]["checked_in"].as_bool(), roster["entries"][1]["checked_in"].as_bool()), (Some(true), Some(false)));
        let tick = |v: &str| pairs(&[("signup_id", second.to_string()), ("present", v.to_owned())]);
        post(&app, &org, "/api/roster/set_checked_in", &tick("1")).await;
        let (_, roster) = app.get_json(&org, &format!("/api/roster/get?activity_id={a}")).await;
        assert_eq!(roster["entries"][1]["checked_in"], true);
        post(&app, &org, "/api/roster/set_checked_in", &tick("0")).await;

        // Before the end nobody is a no-show yet (a late arrival still comes): refused, and
        // nothing marked; afterwards the one not checked in is.
        let no_shows = pairs(&[("activity_id", a.to_string())]);
        let (s, body) = post(&app, &org, "/api/roster/mark_no_shows", &no_shows).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("activity_not_ended")));
        sqlx::query("UPDATE activities SET starts_at = $1 WHERE id = $2").bind(backend::now() - 60).bind(a).execute(app.db.writer()).await.unwrap();
        let (s, body) = post(&app, &org, "/api/roster/mark_no_shows", &no_shows).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("activity_not_ended")), "started is not ended");
        let marked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signups WHERE activity_id = $1 AND no_show_at IS NOT NULL").bind(a).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(marked, 0);
        sqlx::query("UPDATE activities SET starts_at = $1, ends_at = $2 WHERE id = $3").bind(backend::now() - 7_200).bind(backend::now() - 60).bind(a).execute(app.db.writer()).await.unwrap();
        let (_, n) = post(&app, &org, "/api/roster/mark_no_shows", &no_shows).await;
        assert_eq!(n, 1);
        let (_, roster) = app.get_json(&org, &format!("/api/roster/get?activity_id={a}")).await;
        assert_eq!((roster["entries"][0]["no_show"].as_bool(), roster["entries"][1]["no_show"].as_bool()), (Some(false), Some(true)));
    }

    async fn roster_csv_masks_numbers_unless_asked_and_audits_that(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "=HYPERLINK(\"x\")", 5, &[]).await;
        let m = members(&app, 1).await;
        signup(&app, &m[0], a, 0).await;
        sqlx::query("UPDATE users SET display_name = '=1+2' WHERE phone = '13500000000'").execute(app.db.writer()).await.unwrap();
        let res = org.get(app.url(&format!("/organizer/activities/{a}/roster.csv"))).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let bytes = res.bytes().await.unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a byte-order mark for Excel");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.starts_with("\"称呼\",\"手机号\""), "{text}");
        assert!(text.contains("135****0000") && !text.contains("13500000000"), "{text}");
        assert!(text.contains("\"'=1+2\""), "formulas are defused: {text}");
        let audited = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE action = 'roster_exported'").fetch_one(app.db.reader()).await.unwrap() };
        assert_eq!(audited().await, 0);
        let full = org.get(app.url(&format!("/organizer/activities/{a}/roster.csv?phones=full"))).send().await.unwrap().text().await.unwrap();
        assert!(full.contains("13500000000"));
        assert_eq!(audited().await, 1);
        assert_eq!(m[0].get(app.url(&format!("/organizer/activities/{a}/roster.csv"))).send().await.unwrap().status(), 403);
        assert_eq!(TestApp::fresh_client().get(app.url(&format!("/organizer/activities/{a}/roster.csv"))).send().await.unwrap().status(), 401);
    }

    async fn calendar_files_parse_with_a_standard_library(app) {
        use icalendar::Component;
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "家庭教育讲座, 第一讲; 亲子沟通", 5, &[("category", "family_education")]).await;
        let m = members(&app, 1).await;
        signup(&app, &m[0], a, 0).await;
        let parse = |text: &str| -> icalendar::Calendar {
            let unfolded = icalendar::parser::unfold(text);
            icalendar::parser::read_calendar(&unfolded).expect("parses").into()
        };
        let single = TestApp::fresh_client().get(app.url(&format!("/activities/{a}/calendar.ics"))).send().await.unwrap().text().await.unwrap();
        let cal = parse(&single);
        let events: Vec<&icalendar::Event> = cal.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].get_summary(), Some("家庭教育讲座, 第一讲; 亲子沟通"));
        assert!(events[0].get_start().is_some() && events[0].get_end().is_some());

        let (s, path) = post(&app, &m[0], "/api/me/new_calendar_feed", &[]).await;
        assert_eq!(s, 200);
        let path = path.as_str().unwrap().to_owned();
        assert!(path.starts_with("/calendar/") && path.ends_with(".ics"), "{path}");
        let res = TestApp::fresh_client().get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let feed = parse(&res.text().await.unwrap());
        let titles: Vec<&str> = feed.components.iter().filter_map(|c| c.as_event()).filter_map(|e| e.get_summary()).collect();
        assert_eq!(titles, ["家庭教育讲座, 第一讲; 亲子沟通"]);
        // A new address ends the old one; turning it off ends the new one.
        let (_, newer) = post(&app, &m[0], "/api/me/new_calendar_feed", &[]).await;
        assert_eq!(TestApp::fresh_client().get(app.url(&path)).send().await.unwrap().status(), 404);
        let newer = newer.as_str().unwrap().to_owned();
        assert_eq!(TestApp::fresh_client().get(app.url(&newer)).send().await.unwrap().status(), 200);
        post(&app, &m[0], "/api/me/revoke_calendar_feed", &[]).await;
        assert_eq!(TestApp::fresh_client().get(app.url(&newer)).send().await.unwrap().status(), 404);
    }

    async fn each_reminder_is_sent_once_across_nodes(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "明天的剪纸课", 5, &[("category", "culture_sports")]).await;
        let m = members(&app, 3).await;
        for c in &m { signup(&app, c, a, 0).await; }
        sqlx::query("UPDATE activities SET starts_at = $1, ends_at = $2 WHERE id = $3")
            .bind(backend::now() + 12 * 3600).bind(backend::now() + 14 * 3600).bind(a)
            .execute(app.db.writer()).await.unwrap();
        // A second app node: its own pool on the same database.
        let other = backend::Db::connect_url(app.db.url(), 4).await.unwrap();
        let now = backend::now();
        let (one, two) = tokio::join!(
            backend::services::reminders::send_due(&app.db, now),
            backend::services::reminders::send_due(&other, now),
        );
        assert_eq!(one.unwrap() + two.unwrap(), 3, "three women, one reminder each");
        assert_eq!(backend::services::reminders::send_due(&app.db, now + 60).await.unwrap(), 0);
        assert_eq!(notifications_of(&app, a, "reminder").await, 3);
        other.close().await;
    }

    async fn the_notification_centre_counts_and_clears(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "法律知识讲座", 1, &[("category", "legal_aid")]).await;
        let m = members(&app, 2).await;
        assert_eq!(app.get_json(&m[1], "/api/notifications/unread_count").await.1, 0);
        signup_consenting(&app, &m[0], a).await;
        signup_consenting(&app, &m[1], a).await;
        assert_eq!(app.get_json(&m[1], "/api/notifications/unread_count").await.1, 1);
        crate::signups::cancel(&app, &m[0], a).await;
        assert_eq!(app.get_json(&m[1], "/api/notifications/unread_count").await.1, 2);
        let (_, list) = app.get_json(&m[1], "/api/notifications/list").await;
        let kinds: Vec<&str> = list.as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["promoted", "signup_waitlisted"], "newest first");
        assert_eq!(list[0]["unread"], true);
        assert_eq!(list[0]["activity_title"], "法律知识讲座");
        assert_eq!(app.get_json(&m[1], "/api/notifications/unread_count").await.1, 2, "reading (a GET) changes nothing");
        let html = m[1].get(app.url("/notifications")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("action=\"/api/notifications/mark_read\"") && html.contains("全部标为已读"), "a plain form marks them read");
        assert_eq!(app.get_json(&m[1], "/api/notifications/unread_count").await.1, 2, "opening the page changes nothing either");
        let newest = list[0]["id"].as_i64().unwrap().to_string();
        let res = m[1].post(app.url("/api/notifications/mark_read")).header("accept", "text/html").form(&[("up_to", newest.as_str())]).send().await.unwrap();
        assert_eq!((res.status().as_u16(), res.headers()["location"].to_str().unwrap()), (302, "/notifications"));
        assert_eq!(app.get_json(&m[1], "/api/notifications/unread_count").await.1, 0, "the button reads them");
        assert_eq!(app.get_json(&TestApp::fresh_client(), "/api/notifications/unread_count").await.1, Value::Null);
        // Her page shows the promotion.
        let html = m[1].get(app.url("/notifications")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("法律知识讲座"));
    }

    async fn discovery_filters_search_and_pages(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let anyone = TestApp::fresh_client();
        let list = |q: &str| {
            let url = format!("/api/activities/list?{q}");
            let anyone = anyone.clone();
            let app = &app;
            async move { app.get_json(&anyone, &url).await }
        };
        let titles = |v: &Value| -> Vec<String> { v["activities"].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap().to_owned()).collect() };
        let paper = create(&app, &org, "剪纸非遗传承课", 1, &[("category", "culture_sports"), ("starts_at", &local_in(3, 0)), ("ends_at", &local_in(3, 3600))]).await;
        // Chinese substring search over the title and venue; LIKE wildcards are literal.
        let (s, found) = list("q=%E5%89%AA%E7%BA%B8").await;
        assert_eq!(s, 200);
        assert_eq!(titles(&found), ["剪纸非遗传承课"]);
        assert_eq!(titles(&list("q=%25").await.1).len(), 0, "a % finds nothing, not everything");
        // Full activities drop out with free=1.
        let m = members(&app, 1).await;
        signup(&app, &m[0], paper, 0).await;
        assert_eq!(titles(&list("q=%E5%89%AA%E7%BA%B8&free=1").await.1).len(), 0);
        // A chosen day.
        let day = &local_in(3, 0)[..10];
        let on_day = titles(&list(&format!("when=day&date={day}")).await.1);
        assert!(on_day.contains(&"剪纸非遗传承课".to_owned()));
        let other_day = &local_in(4, 0)[..10];
        assert!(!titles(&list(&format!("when=day&date={other_day}")).await.1).contains(&"剪纸非遗传承课".to_owned()));
        assert_eq!(list("when=day&date=tomorrow").await.0, 400);
        // "My village" needs a village, and then keeps to it.
        assert_eq!(list("area=village").await.0, 400);
        let village: i64 = sqlx::query_scalar("SELECT id FROM regions WHERE level = 'village' ORDER BY id LIMIT 1").fetch_one(app.db.reader()).await.unwrap();
        create(&app, &org, "东村的读书会", 10, &[("region_id", &village.to_string())]).await;
        let (s, mine) = app.get_json(&m[0], "/api/activities/list?area=village").await;
        assert_eq!(s, 200);
        let mine = titles(&mine);
        assert!(mine.contains(&"东村的读书会".to_owned()) && !mine.contains(&"剪纸非遗传承课".to_owned()), "{mine:?}");
        // Keyset pages: 25 of a kind come as 20 and 5, without overlap.
        post(&app, &org, "/api/activities/create", &form("分页测试活动", 5, &[("repeat", "weekly"), ("occurrences", "25")])).await;
        let (_, first) = list("q=%E5%88%86%E9%A1%B5").await;
        let next = first["next"].as_str().expect("a next page").to_owned();
        let (_, second) = list(&format!("q=%E5%88%86%E9%A1%B5&after={next}")).await;
        let ids = |v: &Value| -> Vec<i64> { v["activities"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect() };
        assert_eq!((ids(&first).len(), ids(&second).len()), (20, 5));
        assert!(second["next"].is_null());
        assert!(ids(&second).iter().all(|id| !ids(&first).contains(id)));
        assert_eq!(list("after=nonsense").await.0, 400);
    }
}

both_backends! {
    async fn a_sensitive_purpose_asks_her_specific_consent_once(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let screening = create(&app, &org, "两癌筛查", 5, &[("category", "health_screening")]).await;
        let second = create(&app, &org, "两癌复查", 5, &[("category", "health_screening")]).await;
        let legal = create(&app, &org, "法律咨询", 5, &[("category", "legal_aid")]).await;
        let m = members(&app, 2).await;
        let (s, body) = signup(&app, &m[0], screening, 0).await;
        assert_eq!((s, body["key"].as_str(), body["field"].as_str()), (400, Some("sensitive_consent_required"), Some("sensitive_consent")));
        let written: i64 = sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM signups WHERE activity_id = $1) + (SELECT COUNT(*) FROM purpose_consents)")
            .bind(screening).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(written, 0, "nothing written without her yes");
        let (s, body) = signup_consenting(&app, &m[0], screening).await;
        assert_eq!((s, body["status"].as_str()), (200, Some("confirmed")), "{body}");
        let (purpose, version, by): (String, String, Option<i64>) = sqlx::query_as(
            "SELECT purpose, notice_version, recorded_by FROM purpose_consents")
            .fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((purpose.as_str(), version.as_str(), by), ("health_screening", domain::account::PRIVACY_NOTICE_VERSION, None));
        assert_eq!(signup(&app, &m[0], second, 0).await.0, 200, "asked once per purpose");
        assert_eq!(signup(&app, &m[0], legal, 0).await.1["key"], "sensitive_consent_required", "legal aid is another purpose");

        // Her yes to a volunteer is recorded as heard by the volunteer.
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let near: String = sqlx::query_scalar(
            "SELECT u.phone FROM users u JOIN regions v ON v.id = u.village_id
             WHERE u.role = 'member' AND v.parent_id = (SELECT r.parent_id FROM users w JOIN regions r ON r.id = w.village_id WHERE w.phone = $1)
             ORDER BY u.id DESC LIMIT 1")
            .bind(DEMO_VOLUNTEER).fetch_one(app.db.reader()).await.unwrap();
        let (s, body) = post(&app, &volunteer, "/api/activities/signup_for", &pairs(&[("activity_id", legal.to_string()), ("phone", near.clone()), ("agreed", "1".into())])).await;
        assert_eq!(s, 200, "{body}");
        let by: Option<i64> = sqlx::query_scalar("SELECT c.recorded_by FROM purpose_consents c JOIN users u ON u.id = c.user_id WHERE u.phone = $1 AND c.purpose = 'legal_aid'")
            .bind(&near).fetch_one(app.db.reader()).await.unwrap();
        let volunteer_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1").bind(DEMO_VOLUNTEER).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(by, Some(volunteer_id));

        // She finds her consents in her data export.
        let (_, export) = app.get_json(&m[0], "/api/me/export").await;
        assert_eq!(export["consents"][0]["purpose"], "health_screening");
    }
}

both_backends! {
    async fn a_change_notice_says_what_changed_and_an_old_notice_says_she_left(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "手工编织培训", 5, &[]).await;
        let m = members(&app, 1).await;
        assert_eq!(signup(&app, &m[0], a, 0).await.1["status"], "confirmed");
        let mut edit = form("手工编织培训", 5, &[]);
        edit.retain(|(k, _)| k != "venue");
        edit.push(("venue".into(), "新建的妇女之家".into()));
        edit.push(("id".into(), a.to_string()));
        let (s, body) = post(&app, &org, "/api/activities/update", &edit).await;
        assert_eq!(s, 200, "{body}");
        let notices = || async {
            m[0].get(app.url("/notifications")).header("accept", "text/html").send().await.unwrap().text().await.unwrap()
        };
        let page = notices().await;
        let changed = page.split("data-kind=\"activity_changed\"").nth(1).unwrap_or_default().split("</li>").next().unwrap_or_default().to_owned();
        assert!(changed.contains("现在是：") && changed.contains("新建的妇女之家"), "{page}");
        assert!(!page.contains("你已不在这个活动的名单上"));
        // She leaves: the old notices about her place say so.
        let (s, _) = post(&app, &m[0], "/api/activities/cancel_signup", &pairs(&[("activity_id", a.to_string())])).await;
        assert_eq!(s, 200);
        let page = notices().await;
        let confirmed = page.split("data-kind=\"signup_confirmed\"").nth(1).unwrap_or_default().split("</li>").next().unwrap_or_default().to_owned();
        assert!(confirmed.contains("你已不在这个活动的名单上"), "{page}");
    }
}
