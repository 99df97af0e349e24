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
