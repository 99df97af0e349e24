//! Regions, federations, organizer invitations and volunteer appointments, scoped by area.

use serde_json::Value;

both_backends! {
    async fn admin_builds_the_tree_and_invites_an_organizer_once(app) {
        let admin = app.login(backend::seed::DEMO_ADMIN).await;
        let (s, county) = app.post_form(&admin, "/api/admin/add_region", &[("name", "新县")]).await;
        assert_eq!(s, 200, "{county}");
        let county = county.to_string();
        let (s, township) = app.post_form(&admin, "/api/admin/add_region", &[("parent_id", &county), ("name", "新镇")]).await;
        assert_eq!(s, 200);
        let (s, village) = app.post_form(&admin, "/api/admin/add_region", &[("parent_id", &township.to_string()), ("name", "新村")]).await;
        assert_eq!(s, 200);
        let (s, _) = app.post_form(&admin, "/api/admin/add_region", &[("parent_id", &village.to_string()), ("name", "太深")]).await;
        assert_eq!(s, 400, "villages have no children");
        let (s, federation) = app.post_form(&admin, "/api/admin/add_federation", &[("region_id", &county), ("name", "新县妇联")]).await;
        assert_eq!(s, 200);
        let (s, _) = app.post_form(&admin, "/api/admin/add_federation", &[("region_id", &county), ("name", "第二个")]).await;
        assert_eq!(s, 400, "one federation per region");

        let (s, invitation) = app.post_form(&admin, "/api/admin/invite_organizer", &[("federation_id", &federation.to_string())]).await;
        assert_eq!(s, 200);
        let code = invitation["code"].as_str().unwrap().to_owned();
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations WHERE code_hash = $1").bind(&code).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(stored, 0, "only a hash of the code is stored");

        let member = app.login("13800000019").await;
        let (s, _) = app.post_form(&member, "/api/auth/redeem_invitation", &[("code", &code)]).await;
        assert_eq!(s, 200);
        let me: Value = member.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["role"], "organizer");
        let other = app.login("13800000018").await;
        let (s, body) = app.post_form(&other, "/api/auth/redeem_invitation", &[("code", &code)]).await;
        assert_eq!((s, body["field"].as_str()), (400, Some("code")), "single use");

        // Expired codes are refused.
        let (_, second) = app.post_form(&admin, "/api/admin/invite_organizer", &[("federation_id", &federation.to_string())]).await;
        sqlx::query("UPDATE invitations SET expires_at = 0 WHERE used_by IS NULL").execute(app.db.writer()).await.unwrap();
        let (s, _) = app.post_form(&other, "/api/auth/redeem_invitation", &[("code", second["code"].as_str().unwrap())]).await;
        assert_eq!(s, 400);

        let log: Value = admin.get(app.url("/api/admin/audit_log")).send().await.unwrap().json().await.unwrap();
        let actions: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        for action in ["invitation_created", "invitation_redeemed", "role_changed"] {
            assert!(actions.contains(&action), "{action} missing from {actions:?}");
        }
        let page = admin.get(app.url("/admin")).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("新县妇联"));
    }

    async fn organizers_appoint_volunteers_only_in_their_area(app) {
        let organizer = app.login(backend::seed::DEMO_ORGANIZER).await;
        let (s, _) = app.post_form(&organizer, "/api/organizer/appoint_volunteer", &[("phone", "138 0000 0011")]).await;
        assert_eq!(s, 200);
        let list: Value = organizer.get(app.url("/api/organizer/volunteers")).send().await.unwrap().json().await.unwrap();
        let phones: Vec<&str> = list.as_array().unwrap().iter().map(|v| v["phone_masked"].as_str().unwrap()).collect();
        assert!(phones.contains(&"138****0011"), "{phones:?}");
        assert!(!list.to_string().contains("13800000011"), "organizers see masked numbers");
        let (s, _) = app.post_form(&organizer, "/api/organizer/appoint_volunteer", &[("phone", "13800000011")]).await;
        assert_eq!(s, 400, "already a volunteer");

        // An organizer of another county cannot reach women of this one, and cannot tell
        // whether the number exists.
        let admin = app.login(backend::seed::DEMO_ADMIN).await;
        let (_, county) = app.post_form(&admin, "/api/admin/add_region", &[("name", "别县")]).await;
        let (_, federation) = app.post_form(&admin, "/api/admin/add_federation", &[("region_id", &county.to_string()), ("name", "别县妇联")]).await;
        let (_, invitation) = app.post_form(&admin, "/api/admin/invite_organizer", &[("federation_id", &federation.to_string())]).await;
        let elsewhere = app.login("13800000017").await;
        app.post_form(&elsewhere, "/api/auth/redeem_invitation", &[("code", invitation["code"].as_str().unwrap())]).await;
        let (s, _) = app.post_form(&elsewhere, "/api/organizer/appoint_volunteer", &[("phone", "13800000012")]).await;
        let (s2, _) = app.post_form(&elsewhere, "/api/organizer/appoint_volunteer", &[("phone", "13911112222")]).await;
        assert_eq!((s, s2), (404, 404));
        let role: String = sqlx::query_scalar("SELECT role FROM users WHERE phone = '13800000012'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(role, "member");
    }
}

both_backends! {
    async fn nobody_but_an_admin_sees_an_invitation_notice(app) {
        let res = app.get("/admin?invitation=%E8%AF%B7%E6%8B%A8%E6%89%93400").await;
        assert_eq!(res.status(), 401);
        let html = res.text().await.unwrap();
        assert!(!html.contains("请拨打400"), "a crafted link must not print text on the page");
    }
}

/// An account's id by phone number.
async fn id_of(app: &crate::support::TestApp, phone: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn region_named(app: &crate::support::TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM regions WHERE name = $1")
        .bind(name)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn audited(app: &crate::support::TestApp, action: &str, subject: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND subject_type = 'user' AND subject_id = $2")
        .bind(action).bind(subject).fetch_one(app.db.reader()).await.unwrap()
}

both_backends! {
    async fn a_volunteers_reach_is_fixed_at_appointment_and_moving_ends_the_role(app) {
        // A village federation appoints for its village only, though she lives in a township.
        let dongwan = region_named(&app, "东湾村").await;
        let federation: i64 = sqlx::query_scalar("SELECT id FROM federations WHERE region_id = $1").bind(dongwan).fetch_one(app.db.reader()).await.unwrap();
        sqlx::query("UPDATE users SET role = 'organizer', federation_id = $1 WHERE phone = '13800000019'").bind(federation).execute(app.db.writer()).await.unwrap();
        sqlx::query("UPDATE users SET village_id = $1 WHERE phone = '13800000013'").bind(dongwan).execute(app.db.writer()).await.unwrap();
        let village_organizer = app.login("13800000019").await;
        let (s, body) = app.post_form(&village_organizer, "/api/organizer/appoint_volunteer", &[("phone", "13800000013")]).await;
        assert_eq!(s, 200, "{body}");
        let new_volunteer = id_of(&app, "13800000013").await;
        let reach: i64 = sqlx::query_scalar("SELECT region_id FROM volunteers WHERE user_id = $1").bind(new_volunteer).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(reach, dongwan, "the organizer's area intersected with her township");
        let helper = app.login("13800000013").await;
        let (s, people) = app.get_json(&helper, "/api/activities/helper_members").await;
        assert_eq!(s, 200);
        assert!(people.as_array().unwrap().iter().all(|p| p["village"] == "东湾村"), "{people}");

        // The demo volunteer reaches 清河镇. She moves to 南坪村 (柳林乡) on her own profile:
        // she is a member again, her circles and groups are taken from her, and she reaches
        // nobody, neither her old township nor her new one.
        let volunteer_id = id_of(&app, backend::seed::DEMO_VOLUNTEER).await;
        let volunteer = app.login(backend::seed::DEMO_VOLUNTEER).await;
        let (_, before) = app.get_json(&volunteer, "/api/activities/helper_members").await;
        assert!(before.as_array().unwrap().iter().any(|p| p["village"] == "杨柳村"));
        assert!(!before.as_array().unwrap().iter().any(|p| p["village"] == "南坪村"), "not outside her reach");
        let nanping = region_named(&app, "南坪村").await.to_string();
        let (s, body) = app.post_form(&volunteer, "/api/me/update_profile", &[("display_name", "李大姐"), ("village_id", &nanping)]).await;
        assert_eq!(s, 200, "{body}");
        let me: Value = volunteer.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["role"], "member");
        let left: i64 = sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM volunteers WHERE user_id = $1) + (SELECT COUNT(*) FROM moderators WHERE user_id = $1)")
            .bind(volunteer_id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(left, 0, "reach and assignments are gone");
        assert_eq!(app.get_json(&volunteer, "/api/activities/helper_members").await.0, 403);
        assert_eq!(app.get_json(&volunteer, "/api/moderation/queue").await.0, 403);
        assert_eq!(audited(&app, "village_changed", volunteer_id).await, 1);
        assert_eq!(audited(&app, "role_changed", volunteer_id).await, 1);

        // A member who moves keeps her role (a member) and is audited the same way.
        let member = app.login("13800000014").await;
        let (s, _) = app.post_form(&member, "/api/me/update_profile", &[("display_name", "赵丽娟"), ("village_id", &nanping)]).await;
        assert_eq!(s, 200);
        assert_eq!(audited(&app, "village_changed", id_of(&app, "13800000014").await).await, 1);
    }

    async fn everything_granted_can_be_taken_back(app) {
        let organizer = app.login(backend::seed::DEMO_ORGANIZER).await;
        let volunteer_id = id_of(&app, backend::seed::DEMO_VOLUNTEER).await;
        let v = volunteer_id.to_string();
        let circle: i64 = sqlx::query_scalar("SELECT id FROM circles ORDER BY id LIMIT 1").fetch_one(app.db.reader()).await.unwrap();
        let group: i64 = sqlx::query_scalar("SELECT id FROM aid_groups ORDER BY id LIMIT 1").fetch_one(app.db.reader()).await.unwrap();
        for (field, id) in [("circle_id", circle), ("group_id", group)] {
            let (s, _) = app.post_form(&organizer, "/api/organizer/assign_moderator", &[("user_id", &v), (field, &id.to_string())]).await;
            assert_eq!(s, 200);
        }
        assert_eq!(app.post_form(&organizer, "/api/organizer/allow_group_creator", &[("user_id", &v)]).await.0, 200);

        // The organizer page lists her duties, each with its way back.
        let html = organizer.get(app.url("/organizer")).send().await.unwrap().text().await.unwrap();
        for action in ["/api/organizer/unassign_moderator", "/api/organizer/revoke_group_creator", "/api/organizer/remove_volunteer"] {
            assert!(html.contains(action), "a button for {action}");
        }
        let (_, list) = app.get_json(&organizer, "/api/organizer/volunteers").await;
        let her = list.as_array().unwrap().iter().find(|x| x["user_id"] == volunteer_id).unwrap().clone();
        assert_eq!(her["may_start_groups"], true);
        assert_eq!(her["reach"], "清河镇");
        assert!(her["duties"].as_array().unwrap().len() >= 2, "{her}");

        let (s, _) = app.post_form(&organizer, "/api/organizer/unassign_moderator", &[("user_id", &v), ("circle_id", &circle.to_string())]).await;
        assert_eq!(s, 200);
        let (s, _) = app.post_form(&organizer, "/api/organizer/unassign_moderator", &[("user_id", &v), ("circle_id", &circle.to_string())]).await;
        assert_eq!(s, 404, "nothing left to take back");
        assert_eq!(audited(&app, "moderator_unassigned", volunteer_id).await, 1);
        assert_eq!(app.post_form(&organizer, "/api/organizer/revoke_group_creator", &[("user_id", &v)]).await.0, 200);
        let creator: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM group_creators WHERE user_id = $1").bind(volunteer_id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(creator, 0);
        assert_eq!(app.post_form(&organizer, "/api/organizer/remove_volunteer", &[("user_id", &v)]).await.0, 200);
        let volunteer = app.login(backend::seed::DEMO_VOLUNTEER).await;
        let me: Value = volunteer.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["role"], "member");
        let left: i64 = sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM volunteers WHERE user_id = $1) + (SELECT COUNT(*) FROM moderators WHERE user_id = $1)")
            .bind(volunteer_id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(left, 0);
        assert!(audited(&app, "role_changed", volunteer_id).await >= 3, "allowed, revoked, removed");

        // The admin removes the organizer from her federation.
        let admin = app.login(backend::seed::DEMO_ADMIN).await;
        let organizer_id = id_of(&app, backend::seed::DEMO_ORGANIZER).await;
        let (_, organizers) = app.get_json(&admin, "/api/admin/organizers").await;
        assert!(organizers.as_array().unwrap().iter().any(|o| o["user_id"] == organizer_id && o["phone_masked"] == "138****0001"));
        assert!(admin.get(app.url("/admin")).send().await.unwrap().text().await.unwrap().contains("/api/admin/remove_organizer"));
        assert_eq!(app.post_form(&admin, "/api/admin/remove_organizer", &[("user_id", &organizer_id.to_string())]).await.0, 200);
        assert_eq!(app.get_json(&organizer, "/api/activities/managed").await.0, 403, "at once, in her open session");
        assert_eq!(audited(&app, "role_changed", organizer_id).await, 1);
        assert_eq!(app.post_form(&admin, "/api/admin/remove_organizer", &[("user_id", &organizer_id.to_string())]).await.0, 404);
    }
}
