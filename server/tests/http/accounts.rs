//! Registration, login, sessions, abuse limits, passwords, export and deletion.

use serde_json::Value;

use crate::support::TestApp;

/// A village id from the demo county.
async fn a_village(app: &TestApp) -> i64 {
    let villages: Value = app.get("/api/regions/villages").await.json().await.unwrap();
    villages[0]["id"].as_i64().unwrap()
}

async fn register(
    app: &TestApp,
    client: &reqwest::Client,
    phone: &str,
    password: &str,
) -> reqwest::Response {
    let village = a_village(app).await.to_string();
    client
        .post(app.url("/api/auth/register"))
        .form(&[
            ("phone", phone),
            ("password", password),
            ("display_name", "秀英"),
            ("village_id", &village),
            ("consent", "yes"),
        ])
        .send()
        .await
        .unwrap()
}

async fn login(
    app: &TestApp,
    client: &reqwest::Client,
    phone: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/api/auth/login"))
        .form(&[("phone", phone), ("password", password)])
        .send()
        .await
        .unwrap()
}

async fn me(app: &TestApp, client: &reqwest::Client) -> Value {
    client
        .get(app.url("/api/auth/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn audit_actions(app: &TestApp, user_id: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log WHERE actor_id = $1 ORDER BY id")
        .bind(user_id)
        .fetch_all(app.db.reader())
        .await
        .unwrap()
}

both_backends! {
    async fn villages_list_names_township_and_county(app) {
        let res = app.get("/api/regions/villages").await;
        assert_eq!(res.status(), 200);
        let list: Value = res.json().await.unwrap();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 9);
        let dongwan = list.iter().find(|v| v["name"] == "东湾村").expect("东湾村");
        assert_eq!(dongwan["township"], "清河镇");
        assert_eq!(dongwan["county"], "同心县");
    }

    async fn register_logs_in_and_normalises_the_number(app) {
        let res = register(&app, &app.client, "+86 139-1234-5678", "a-good-passphrase").await;
        assert_eq!(res.status(), 200);
        let cookie = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).find(|c| c.starts_with("tx_session=")).expect("session cookie");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http in tests");
        assert!(res.json::<Value>().await.unwrap().is_null(), "the same answer as for a taken number");
        let user_id = me(&app, &app.client).await["user_id"].as_i64().unwrap();
        let stored: String = sqlx::query_scalar("SELECT phone FROM users WHERE id = $1").bind(user_id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(stored, "13912345678");
        let (consent, hash): (Option<String>, String) = sqlx::query_as("SELECT consent_version, password_hash FROM users WHERE id = $1").bind(user_id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(consent.as_deref(), Some(domain::account::PRIVACY_NOTICE_VERSION));
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        // Only a hash of the session token is stored.
        let token = cookie.trim_start_matches("tx_session=").split(';').next().unwrap();
        let stored_tokens: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sessions WHERE user_id = $1").bind(user_id).fetch_all(app.db.reader()).await.unwrap();
        assert_eq!(stored_tokens.len(), 1);
        assert_ne!(stored_tokens[0], token);
        assert!(audit_actions(&app, user_id).await.contains(&"registered".to_owned()));
    }

    async fn registration_refuses_bad_input_clearly(app) {
        let cases = [
            ("12345", "a-good-passphrase", "phone_invalid", "phone"),
            ("13912345678", "short", "password_too_short", "password"),
            ("13912345678", "xxxxxxxxxxxx", "password_too_simple", "password"),
            ("13912345678", "13912345678", "password_is_phone", "password"),
        ];
        for (phone, password, key, field) in cases {
            let res = register(&app, &app.client, phone, password).await;
            assert_eq!(res.status(), 400, "{phone} {password}");
            let body: Value = res.json().await.unwrap();
            assert_eq!((body["key"].as_str().unwrap(), body["field"].as_str().unwrap()), (key, field));
        }
        let no_consent = app.client.post(app.url("/api/auth/register"))
            .form(&[("phone", "13912345678"), ("password", "a-good-passphrase"), ("display_name", "秀英"), ("village_id", "1")])
            .send().await.unwrap();
        assert_eq!(no_consent.status(), 400);
        let body: Value = no_consent.json().await.unwrap();
        assert!(body["key"] == "consent_required" || body["key"] == "region_invalid", "{body}");
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE phone = '13912345678'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(count, 0, "nothing half-written");
    }

    async fn registering_a_taken_number_answers_like_a_new_one(app) {
        let hash_of = |phone: &'static str| {
            let db = app.db.clone();
            async move {
                sqlx::query_scalar::<_, String>("SELECT password_hash FROM users WHERE phone = $1").bind(phone).fetch_one(db.reader()).await.unwrap()
            }
        };
        let users = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(app.db.reader()).await.unwrap() };
        let before = (users().await, hash_of("13800000010").await);
        let taken_client = TestApp::fresh_client();
        let taken = register(&app, &taken_client, "13800000010", "a-good-passphrase").await;
        let fresh = register(&app, &TestApp::fresh_client(), "13912345678", "a-good-passphrase").await;
        assert_eq!((taken.status().as_u16(), fresh.status().as_u16()), (200, 200));
        let session_cookie = |res: &reqwest::Response| res.headers().get_all("set-cookie").iter().any(|v| v.to_str().unwrap().starts_with("tx_session="));
        assert!(!session_cookie(&taken), "nobody is logged in with a taken number");
        assert!(session_cookie(&fresh));
        assert_eq!(taken.text().await.unwrap(), fresh.text().await.unwrap(), "the same body");
        assert!(me(&app, &taken_client).await.is_null());
        assert_eq!((users().await, hash_of("13800000010").await), (before.0 + 1, before.1), "only the new number made an account; the owner's password is untouched");
        // The plain form goes to the same place either way.
        let village = a_village(&app).await.to_string();
        for phone in ["13800000011", "13912340000"] {
            let res = TestApp::fresh_client().post(app.url("/api/auth/register")).header("accept", "text/html")
                .form(&[("phone", phone), ("password", "a-good-passphrase"), ("display_name", "秀英"), ("village_id", village.as_str()), ("consent", "yes")])
                .send().await.unwrap();
            assert_eq!((res.status().as_u16(), res.headers()["location"].to_str().unwrap()), (302, "/me"), "{phone}");
        }
    }

    async fn common_passwords_and_the_phone_number_are_refused(app) {
        for (password, key) in [
            ("password", "password_too_common"),
            ("12345678", "password_too_common"),
            ("qwertyuiop", "password_too_common"),
            ("Woaini1314", "password_too_common"),
            ("1qaz2wsx", "password_too_common"),
            ("+86 139-1234-5678", "password_is_phone"),
            ("139.1234.5678", "password_is_phone"),
        ] {
            let res = register(&app, &app.client, "13912345678", password).await;
            assert_eq!(res.status(), 400, "{password}");
            let body: Value = res.json().await.unwrap();
            assert_eq!((body["key"].as_str(), body["field"].as_str()), (Some(key), Some("password")), "{password}");
        }
        // The message, in both languages.
        let res = register(&app, &app.client, "13912345678", "password1").await;
        assert_eq!(res.json::<Value>().await.unwrap()["key"], "password_too_common");
        let village = a_village(&app).await.to_string();
        let form = [("phone", "13912345678"), ("password", "iloveyou"), ("display_name", "秀英"), ("village_id", village.as_str()), ("consent", "yes")];
        let res = app.client.post(app.url("/api/auth/register")).header("accept", "text/html").header("referer", app.url("/register")).form(&form).send().await.unwrap();
        let back = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(back.starts_with("/register?error=password_too_common"), "{back}");
        let res = app.get(&back).await;
        let status = res.status();
        let page = res.text().await.unwrap();
        assert!(page.contains("这个密码太常见"), "{status}: {page}");
        let en = TestApp::fresh_client();
        en.get(app.url("/lang/en")).send().await.unwrap();
        assert!(en.get(app.url(&back)).send().await.unwrap().text().await.unwrap().contains("This password is too common"));
        // Changing the password follows the same rules.
        let member = app.login("13800000010").await;
        let (status, body) = app.post_form(&member, "/api/auth/change_password", &[("old_password", backend::seed::DEMO_PASSWORD), ("new_password", "1234567890")]).await;
        assert_eq!((status, body["key"].as_str(), body["field"].as_str()), (400, Some("password_too_common"), Some("new_password")));
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE phone = '13912345678'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(count, 0);
    }

    async fn a_plain_form_post_redirects_back_with_the_error_and_the_input(app) {
        let village = a_village(&app).await.to_string();
        let res = app.client.post(app.url("/api/auth/register"))
            .header("accept", "text/html")
            .header("referer", app.url("/register"))
            .form(&[("phone", "139 1234 5678"), ("password", "abc12"), ("display_name", "秀英"), ("village_id", village.as_str()), ("consent", "yes")])
            .send().await.unwrap();
        assert_eq!(res.status(), 302);
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(location, "/register?error=password_too_short&field=password", "nothing she typed is in the address");
        let page = app.client.get(app.url(&location)).header("accept", "text/html").send().await.unwrap();
        assert!(page.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("tx_flash=;")), "the flash is read once");
        let page = page.text().await.unwrap();
        assert!(page.contains("密码至少要8位。") && page.contains("role=\"alert\""));
        assert!(page.contains("value=\"139 1234 5678\"") && page.contains("秀英"), "what she typed is kept, on the server");
        assert!(!page.contains("abc12"), "never the password");
        let again = app.client.get(app.url(&location)).header("accept", "text/html").send().await.unwrap().text().await.unwrap();
        assert!(!again.contains("139 1234 5678"), "read once: a reload on a shared phone shows nothing she typed");
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM form_flashes").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(kept, 0, "the flash is gone once read");
        // And success goes to her page.
        let res = app.client.post(app.url("/api/auth/register"))
            .header("accept", "text/html")
            .header("referer", app.url("/register"))
            .form(&[("phone", "13912345678"), ("password", "a-good-passphrase"), ("display_name", "秀英"), ("village_id", village.as_str()), ("consent", "yes")])
            .send().await.unwrap();
        assert_eq!(res.status(), 302);
        assert_eq!(res.headers()["location"], "/me");
        let page = app.get("/me").await.text().await.unwrap();
        assert!(page.contains("秀英，您好") && page.contains("13912345678"), "the owner sees her full number");
    }

    async fn login_logout_and_wrong_passwords(app) {
        let res = login(&app, &app.client, "13800000010", "tongxin-demo").await;
        assert_eq!(res.status(), 200);
        assert_eq!(me(&app, &app.client).await["display_name"], "张秀英");

        let logout = app.client.post(app.url("/api/auth/logout")).send().await.unwrap();
        assert_eq!(logout.status(), 200);
        assert!(me(&app, &app.client).await.is_null(), "logged out");
        let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.phone = '13800000010'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(sessions, 0, "logout ends the session on the server");

        let other = TestApp::fresh_client();
        let wrong = login(&app, &other, "13800000010", "not-the-password").await;
        assert_eq!(wrong.status(), 400);
        let wrong: Value = wrong.json().await.unwrap();
        let unknown = login(&app, &other, "13999999999", "not-the-password").await;
        assert_eq!(unknown.status(), 400);
        let unknown: Value = unknown.json().await.unwrap();
        assert_eq!(wrong, unknown, "an unknown number and a wrong password look the same");
        assert_eq!(wrong["key"], "wrong_credentials");
    }

    async fn a_stolen_or_made_up_cookie_is_not_a_session(app) {
        let client = reqwest::Client::new();
        for token in ["nonsense", &"0".repeat(64)] {
            let res = client.get(app.url("/api/auth/me")).header("cookie", format!("tx_session={token}")).send().await.unwrap();
            assert!(res.json::<Value>().await.unwrap().is_null());
        }
    }

    async fn new_devices_are_audited_once(app) {
        let res = login(&app, &app.client, "13800000011", "tongxin-demo").await;
        let user_id = res.json::<Value>().await.unwrap()["user_id"].as_i64().unwrap();
        login(&app, &app.client, "13800000011", "tongxin-demo").await;
        let actions = audit_actions(&app, user_id).await;
        assert_eq!(actions.iter().filter(|a| *a == "login_new_device").count(), 1, "{actions:?}");
        let other = TestApp::fresh_client();
        login(&app, &other, "13800000011", "tongxin-demo").await;
        let actions = audit_actions(&app, user_id).await;
        assert_eq!(actions.iter().filter(|a| *a == "login_new_device").count(), 2, "{actions:?}");
    }

    async fn password_change_needs_the_old_one_and_ends_other_sessions(app) {
        login(&app, &app.client, "13800000012", "tongxin-demo").await;
        let elsewhere = TestApp::fresh_client();
        login(&app, &elsewhere, "13800000012", "tongxin-demo").await;
        assert!(!me(&app, &elsewhere).await.is_null());

        let wrong = app.client.post(app.url("/api/auth/change_password")).form(&[("old_password", "nope-nope-nope"), ("new_password", "a-new-passphrase")]).send().await.unwrap();
        assert_eq!(wrong.status(), 400);
        assert_eq!(wrong.json::<Value>().await.unwrap()["field"], "old_password");
        let ok = app.client.post(app.url("/api/auth/change_password")).form(&[("old_password", "tongxin-demo"), ("new_password", "a-new-passphrase")]).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        assert!(!me(&app, &app.client).await.is_null(), "this session stays");
        assert!(me(&app, &elsewhere).await.is_null(), "the other session ended");
        let fresh = TestApp::fresh_client();
        assert_eq!(login(&app, &fresh, "13800000012", "tongxin-demo").await.status(), 400);
        assert_eq!(login(&app, &fresh, "13800000012", "a-new-passphrase").await.status(), 200);
    }

    async fn logout_everywhere_ends_every_session(app) {
        login(&app, &app.client, "13800000013", "tongxin-demo").await;
        let elsewhere = TestApp::fresh_client();
        login(&app, &elsewhere, "13800000013", "tongxin-demo").await;
        let res = app.client.post(app.url("/api/auth/logout_everywhere")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(me(&app, &app.client).await.is_null());
        assert!(me(&app, &elsewhere).await.is_null());
        let anonymous = TestApp::fresh_client().post(app.url("/api/auth/logout_everywhere")).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
    }

    async fn export_holds_her_data_and_is_audited(app) {
        let res = login(&app, &app.client, "13800000014", "tongxin-demo").await;
        let user_id = res.json::<Value>().await.unwrap()["user_id"].as_i64().unwrap();
        let res = app.get("/api/me/export").await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
        let data: Value = res.json().await.unwrap();
        assert_eq!(data["profile"]["phone"], "13800000014");
        assert_eq!(data["profile"]["display_name"], "赵丽娟");
        assert_eq!(data["account"][0]["privacy_notice_version"], domain::account::PRIVACY_NOTICE_VERSION);
        assert!(!data["sessions"].as_array().unwrap().is_empty());
        assert!(!data.to_string().contains("argon2"), "never the password hash");
        assert!(audit_actions(&app, user_id).await.contains(&"data_exported".to_owned()));
        assert_eq!(TestApp::fresh_client().get(app.url("/api/me/export")).send().await.unwrap().status(), 401);
    }

    async fn deleting_the_account_erases_her_and_needs_her_password(app) {
        let res = login(&app, &app.client, "13800000015", "tongxin-demo").await;
        let user_id = res.json::<Value>().await.unwrap()["user_id"].as_i64().unwrap();
        let wrong = app.client.post(app.url("/api/me/delete_account")).form(&[("password", "wrong-password")]).send().await.unwrap();
        assert_eq!(wrong.status(), 400);
        assert!(!me(&app, &app.client).await.is_null(), "nothing happened");
        let ok = app.client.post(app.url("/api/me/delete_account")).form(&[("password", "tongxin-demo")]).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        assert!(me(&app, &app.client).await.is_null());
        let (phone, name, village, deleted): (Option<String>, String, Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT phone, display_name, village_id, deleted_at FROM users WHERE id = $1").bind(user_id).fetch_one(app.db.reader()).await.unwrap();
        assert_eq!((phone, name.as_str(), village), (None, "", None));
        assert!(deleted.is_some());
        assert!(audit_actions(&app, user_id).await.contains(&"account_deleted".to_owned()));
        // The number is free again and the old password opens nothing.
        assert_eq!(login(&app, &TestApp::fresh_client(), "13800000015", "tongxin-demo").await.status(), 400);
        assert_eq!(register(&app, &TestApp::fresh_client(), "13800000015", "a-good-passphrase").await.status(), 200);
    }

    async fn profile_updates_are_validated(app) {
        login(&app, &app.client, "13800000016", "tongxin-demo").await;
        let village = a_village(&app).await.to_string();
        let bad = app.client.post(app.url("/api/me/update_profile")).form(&[("display_name", ""), ("village_id", village.as_str())]).send().await.unwrap();
        assert_eq!(bad.status(), 400);
        let bad = app.client.post(app.url("/api/me/update_profile")).form(&[("display_name", "海霞"), ("village_id", "999999")]).send().await.unwrap();
        assert_eq!(bad.json::<Value>().await.unwrap()["key"], "region_invalid");
        let ok = app.client.post(app.url("/api/me/update_profile")).form(&[("display_name", "海霞"), ("village_id", village.as_str()), ("birth_year", "1990"), ("lang", "en")]).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        let profile: Value = app.get("/api/me/profile").await.json().await.unwrap();
        assert_eq!((profile["display_name"].as_str(), profile["birth_year"].as_i64(), profile["lang"].as_str()), (Some("海霞"), Some(1990), Some("en")));
        assert!(app.get("/").await.text().await.unwrap().contains("<html lang=\"en\""), "her language applies at once");
    }
}

mod rate_limits {
    use super::*;

    async fn run(app: TestApp) {
        let client = TestApp::fresh_client();
        for _ in 0..5 {
            assert_eq!(
                login(&app, &client, "13800000017", "wrong-password")
                    .await
                    .status(),
                400
            );
        }
        let limited = login(&app, &client, "13800000017", "tongxin-demo").await;
        assert_eq!(limited.status(), 429, "even the right password waits");
        let body: Value = limited.json().await.unwrap();
        assert_eq!(body["key"], "rate_limited");
        let retry = body["retry_after_secs"].as_u64().unwrap();
        assert!((1..=900).contains(&retry), "{retry}");
        // Another number from the same address is not locked by this one's failures.
        assert_eq!(
            login(&app, &client, "13800000018", "tongxin-demo")
                .await
                .status(),
            200
        );
        // The limit lives in the database: a second app node on the same database sees it.
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM attempts WHERE subject = 'phone:13800000017'")
                .fetch_one(app.db.reader())
                .await
                .unwrap();
        assert_eq!(count, 5);
        // Registrations per address.
        for i in 0..10 {
            let res = register(
                &app,
                &client,
                &format!("1370000{i:04}"),
                "a-good-passphrase",
            )
            .await;
            assert_eq!(res.status(), 200);
        }
        assert_eq!(
            register(&app, &client, "13700009999", "a-good-passphrase")
                .await
                .status(),
            429
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        run(crate::support::spawn_app(backend::Backend::Sqlite)
            .await
            .unwrap())
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(app) = crate::support::spawn_app(backend::Backend::Postgres).await {
            run(app).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn can_be_switched_off_for_load_tests() {
        let app = crate::support::spawn_app_with(backend::Backend::Sqlite, |k| {
            (k == "TONGXIN_RATE_LIMITS").then(|| "off".into())
        })
        .await
        .unwrap();
        let client = TestApp::fresh_client();
        for _ in 0..7 {
            login(&app, &client, "13800000017", "wrong-password").await;
        }
        assert_eq!(
            login(&app, &client, "13800000017", "tongxin-demo")
                .await
                .status(),
            200
        );
    }
}

both_backends! {
    async fn a_password_asked_again_cannot_be_guessed_faster_than_at_login(app) {
        let her = app.login("13800000016").await;
        // Changing the password and deleting the account share her limit of wrong ones.
        for _ in 0..3 {
            let (s, body) = app.post_form(&her, "/api/auth/change_password", &[("old_password", "guess-one-more"), ("new_password", "a-fine-new-pass-8")]).await;
            assert_eq!((s, body["key"].as_str()), (400, Some("old_password_wrong")));
        }
        for _ in 0..2 {
            let (s, body) = app.post_form(&her, "/api/me/delete_account", &[("password", "guess-one-more")]).await;
            assert_eq!((s, body["key"].as_str()), (400, Some("wrong_credentials")));
        }
        // The sixth try waits, even with the right password.
        let (s, body) = app.post_form(&her, "/api/auth/change_password", &[("old_password", backend::seed::DEMO_PASSWORD), ("new_password", "a-fine-new-pass-8")]).await;
        assert_eq!((s, body["key"].as_str()), (429, Some("rate_limited")), "{body}");
        let (s, _) = app.post_form(&her, "/api/me/delete_account", &[("password", backend::seed::DEMO_PASSWORD)]).await;
        assert_eq!(s, 429);
        let alive: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE phone = '13800000016' AND deleted_at IS NULL").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(alive, 1);
    }

    async fn she_registers_herself_from_fourteen(app) {
        let village = a_village(&app).await.to_string();
        let this_year = domain::time::LocalDateTime::from_utc_secs(backend::now()).year as i64;
        let form = |phone: &'static str, year: i64| {
            let (village, year) = (village.clone(), year.to_string());
            let client = TestApp::fresh_client();
            let url = app.url("/api/auth/register");
            async move {
                client.post(url).form(&[
                    ("phone", phone), ("password", "a-good-passphrase"), ("display_name", "小芳"),
                    ("village_id", village.as_str()), ("birth_year", year.as_str()), ("consent", "yes"),
                ]).send().await.unwrap()
            }
        };
        let res = form("13912340013", this_year - 13).await;
        assert_eq!(res.status(), 400);
        let body: Value = res.json().await.unwrap();
        assert_eq!((body["key"].as_str(), body["field"].as_str()), (Some("too_young"), Some("birth_year")));
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE phone = '13912340013'").fetch_one(app.db.reader()).await.unwrap();
        assert_eq!(count, 0, "nothing written");
        assert_eq!(form("13912340014", this_year - 14).await.status(), 200);
        // The consent she ticks says she is 14 or older.
        assert!(app.get("/register").await.text().await.unwrap().contains("我已年满14周岁"));
    }
}
