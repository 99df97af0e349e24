//! Women a helper adds in person, and codes given in person: a woman without a smartphone is
//! added with her consent, a girl under 14 only with her guardian's (PIPL art. 31); a code
//! shown once lets the woman set her password, once, within 30 minutes, for her own number.

use serde_json::Value;

use crate::journeys::page;
use crate::support::TestApp;
use backend::seed::{DEMO_ORGANIZER, DEMO_PASSWORD, DEMO_VOLUNTEER};

async fn village(app: &TestApp, name: &str) -> String {
    let id: i64 = sqlx::query_scalar("SELECT id FROM regions WHERE name = $1")
        .bind(name)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    id.to_string()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

fn this_year() -> i64 {
    i64::from(domain::time::LocalDateTime::from_utc_secs(backend::now()).year)
}

async fn add(app: &TestApp, helper: &reqwest::Client, fields: &[(&str, &str)]) -> (u16, Value) {
    app.post_form(helper, "/api/helped/add", fields).await
}

async fn claim(
    app: &TestApp,
    client: &reqwest::Client,
    phone: &str,
    code: &str,
    password: &str,
) -> (u16, Value) {
    app.post_form(
        client,
        "/api/auth/claim",
        &[("phone", phone), ("code", code), ("password", password)],
    )
    .await
}

both_backends! {
    async fn a_woman_is_added_with_her_consent_and_a_girl_only_with_her_guardians(app) {
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let here = village(&app, "东湾村").await;
        let far = village(&app, "南坪村").await;
        let girl_born = (this_year() - 12).to_string();
        let users_before = count(&app, "SELECT COUNT(*) FROM users").await;

        // (the form, the error key, its field)
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
        let cases: [Case; 4] = [
            (&[("display_name", "王秀兰"), ("village_id", &here)], "consent_required", "consent"),
            (&[("display_name", "小红"), ("village_id", &here), ("birth_year", &girl_born), ("consent", "on")], "guardian_required", "guardian_name"),
            (&[("display_name", "小红"), ("village_id", &here), ("birth_year", &girl_born), ("consent", "on"), ("guardian_name", "王芳")], "guardian_required", "relation"),
            (&[("display_name", "王秀兰"), ("village_id", &far), ("consent", "on")], "region_invalid", "village_id"),
        ];
        for (fields, key, field) in cases {
            let (s, body) = add(&app, &volunteer, fields).await;
            assert_eq!((s, body["key"].as_str(), body["field"].as_str()), (400, Some(key), Some(field)), "{fields:?}");
        }
        assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, users_before, "nothing half-made");

        // A member may not add anyone.
        let member = app.login("13800000010").await;
        let (s, _) = add(&app, &member, &[("display_name", "王秀兰"), ("village_id", &here), ("consent", "on")]).await;
        assert_eq!(s, 403);

        // A woman without any phone; a girl with her mother.
        let (s, woman) = add(&app, &volunteer, &[("display_name", "王秀兰"), ("village_id", &here), ("consent", "on")]).await;
        assert_eq!(s, 200, "{woman}");
        let (s, girl) = add(&app, &volunteer, &[("display_name", "小红"), ("village_id", &here), ("birth_year", &girl_born),
            ("consent", "on"), ("guardian_name", "王芳"), ("relation", "mother"), ("phone", "13912340001")]).await;
        assert_eq!(s, 200, "{girl}");
        let (phone, hash, consent, added_by): (Option<String>, Option<String>, Option<String>, Option<i64>) =
            sqlx::query_as("SELECT phone, password_hash, consent_version, added_by FROM users WHERE id = $1")
                .bind(woman.as_i64().unwrap()).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((phone, hash), (None, None), "no number, no password: she cannot log in");
        assert_eq!(consent.as_deref(), Some(domain::account::PRIVACY_NOTICE_VERSION));
        assert!(added_by.is_some());
        let (guardian, relation): (String, String) = sqlx::query_as("SELECT guardian_name, relation FROM guardian_consents WHERE user_id = $1")
            .bind(girl.as_i64().unwrap()).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((guardian.as_str(), relation.as_str()), ("王芳", "mother"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'account_added'").await, 2);
        // Nobody can log in to an account added without a password.
        let (s, body) = app.post_form(&TestApp::fresh_client(), "/api/auth/login", &[("phone", "13912340001"), ("password", "")]).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("wrong_credentials")));

        // Her list, and the page.
        let (_, list) = app.get_json(&volunteer, "/api/helped/women").await;
        let names: Vec<&str> = list.as_array().unwrap().iter().map(|w| w["display_name"].as_str().unwrap()).collect();
        assert_eq!(names, ["小红", "王秀兰"]);
        assert_eq!(list[0]["with_guardian"], true);
        let (_, html) = page(&app, &volunteer, "/helper/women").await;
        assert!(html.contains("小红") && html.contains("还没有自己登录，有事请打电话") && html.contains("监护人已同意"), "{html}");
    }

    async fn a_code_given_in_person_sets_her_password_once(app) {
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let here = village(&app, "东湾村").await;
        let (_, woman) = add(&app, &volunteer, &[("display_name", "李桂芝"), ("village_id", &here), ("consent", "on"), ("phone", "13912340002")]).await;
        let woman = woman.as_i64().unwrap().to_string();

        // Signed up on her behalf, she is marked on the roster: call her.
        let org = app.login(DEMO_ORGANIZER).await;
        let activity = crate::organizing::create(&app, &org, "手工编织", 10, &[]).await;
        let (s, body) = app.post_form(&volunteer, "/api/activities/signup_for", &[("activity_id", &activity.to_string()), ("member_id", &woman), ("agreed", "on")]).await;
        assert_eq!(s, 200, "{body}");
        let (_, roster) = page(&app, &org, &format!("/organizer/activities/{activity}")).await;
        assert!(roster.contains("没有智能手机，请打电话"), "{roster}");

        let (s, given) = app.post_form(&volunteer, "/api/helped/give_code", &[("member_id", &woman)]).await;
        assert_eq!(s, 200, "{given}");
        let code = given["code"].as_str().unwrap().to_owned();
        assert!(code.len() == 8 && code.chars().all(|c| c.is_ascii_digit()));
        assert_eq!(given["name"], "李桂芝");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM access_codes WHERE code_hash LIKE '%' AND used_at IS NULL").await, 1);
        let stored: String = sqlx::query_scalar("SELECT code_hash FROM access_codes").fetch_one(app.db.reader()).await.unwrap();
        assert_ne!(stored, code, "only a hash is kept");

        // Wrong code, or the right code for another number: the same answer.
        let phone = TestApp::fresh_client();
        let wrong = if code == "12345678" { "87654321" } else { "12345678" };
        for (number, typed) in [("13912340002", wrong), ("13912340003", code.as_str())] {
            let (s, body) = claim(&app, &phone, number, typed, "a-new-secret-9").await;
            assert_eq!((s, body["key"].as_str()), (400, Some("code_invalid")), "{number} {typed}");
        }
        // A weak password keeps the code for another try.
        let (s, body) = claim(&app, &phone, "13912340002", &code, "13912340002").await;
        assert_eq!(s, 400, "{body}");
        let (s, _) = claim(&app, &phone, "13912340002", &code, "a-new-secret-9").await;
        assert_eq!(s, 200);
        let (_, me) = app.get_json(&phone, "/api/me/profile").await;
        assert_eq!(me["display_name"], "李桂芝", "logged in");
        let (_, roster) = page(&app, &org, &format!("/organizer/activities/{activity}")).await;
        assert!(!roster.contains("没有智能手机，请打电话"), "she reads the app now");
        // Once only.
        let (s, body) = claim(&app, &TestApp::fresh_client(), "13912340002", &code, "another-secret-9").await;
        assert_eq!((s, body["key"].as_str()), (400, Some("code_invalid")));
        let (s, _) = app.post_form(&TestApp::fresh_client(), "/api/auth/login", &[("phone", "13912340002"), ("password", "a-new-secret-9")]).await;
        assert_eq!(s, 200);
    }

    async fn a_woman_who_forgot_her_password_gets_a_code_from_a_helper_of_her_area(app) {
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        // A member of her area, logged in on another phone she lost.
        let lost_phone = app.login("13800000010").await;
        let (s, given) = app.post_form(&volunteer, "/api/helped/give_code_by_phone", &[("phone", "13800000010")]).await;
        assert_eq!(s, 200, "{given}");
        // A second code replaces the first.
        let first = given["code"].as_str().unwrap().to_owned();
        let (_, given) = app.post_form(&volunteer, "/api/helped/give_code_by_phone", &[("phone", "13800000010")]).await;
        let code = given["code"].as_str().unwrap().to_owned();
        let (s, _) = claim(&app, &TestApp::fresh_client(), "13800000010", &first, "a-new-secret-9").await;
        assert_eq!(s, 400, "the first code stopped working");
        // Expired: refused.
        sqlx::query("UPDATE access_codes SET expires_at = $1 WHERE used_at IS NULL").bind(backend::now() - 1)
            .execute(app.db.writer()).await.unwrap();
        let (s, _) = claim(&app, &TestApp::fresh_client(), "13800000010", &code, "a-new-secret-9").await;
        assert_eq!(s, 400, "expired");
        let (_, given) = app.post_form(&volunteer, "/api/helped/give_code_by_phone", &[("phone", "13800000010")]).await;
        let code = given["code"].as_str().unwrap().to_owned();
        let (s, _) = claim(&app, &TestApp::fresh_client(), "13800000010", &code, "a-new-secret-9").await;
        assert_eq!(s, 200);
        let (_, me) = app.get_json(&lost_phone, "/api/me/profile").await;
        assert!(me.is_null(), "her other sessions ended: {me}");
        let (s, _) = app.post_form(&TestApp::fresh_client(), "/api/auth/login", &[("phone", "13800000010"), ("password", DEMO_PASSWORD)]).await;
        assert_eq!(s, 400, "the old password is gone");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'access_code_given'").await, 3);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'access_code_used'").await, 1);

        // Nobody outside her area, and never an organizer: "not found", as for an unknown number.
        let far = "13800000019";
        sqlx::query("UPDATE users SET village_id = (SELECT id FROM regions WHERE name = '南坪村') WHERE phone = $1")
            .bind(far).execute(app.db.writer()).await.unwrap();
        for number in [far, DEMO_ORGANIZER, "13999999999"] {
            let (s, body) = app.post_form(&volunteer, "/api/helped/give_code_by_phone", &[("phone", number)]).await;
            assert_eq!((s, body["key"].as_str()), (400, Some("member_not_found")), "{number}");
        }
    }
}
