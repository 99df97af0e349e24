//! Text messages: written to the outbox with the change they tell about, sent once by racing
//! workers through the Alibaba Cloud adapter to a fake gateway (a real HTTP server that checks
//! each request's signature), retried and given up, held in the quiet hours, capped per number,
//! skipped for a woman who turned them off; codes by text to reset a password, to claim an
//! account added for her, and to prove a number before registering.

use std::time::Duration;

use serde_json::Value;

use crate::fake_sms::{FakeGateway, Mode};
use crate::support::TestApp;
use backend::config::AliyunSettings;
use backend::seed::{DEMO_ADMIN, DEMO_ORGANIZER, DEMO_PASSWORD, DEMO_VOLUNTEER};
use backend::services::outbox::{self, Message, Round, Rules};
use backend::sms::aliyun::AliyunSms;
use domain::sms::{SmsTemplate, MAX_ATTEMPTS};
use domain::VariantArray;

const SECRET: &str = "test-secret";

fn adapter(gateway: &FakeGateway, timeout: Duration) -> AliyunSms {
    AliyunSms::new(AliyunSettings {
        endpoint: gateway.url(),
        access_key_id: "testId".into(),
        access_key_secret: SECRET.into(),
        sign_name: "同心".into(),
        templates: SmsTemplate::VARIANTS
            .iter()
            .map(|t| (*t, format!("SMS_{}", t.as_str())))
            .collect(),
        timeout,
    })
    .unwrap()
}

const RULES: Rules = Rules { daily_cap: 5 };

/// UTC seconds of a China-time moment on the day after today.
fn tomorrow_at(hour: i64, minute: i64) -> i64 {
    domain::time::start_of_day(backend::now()) + 86_400 + hour * 3600 + minute * 60
}

async fn deliver(app: &TestApp, provider: &AliyunSms, rules: Rules, now: i64) -> Round {
    outbox::deliver_due(&app.db, provider, rules, now)
        .await
        .unwrap()
}

/// (template, state, attempts, last_error) of every row, oldest first.
async fn rows(app: &TestApp) -> Vec<(String, String, i64, Option<String>)> {
    sqlx::query_as("SELECT template, state, attempts, last_error FROM outbox ORDER BY id")
        .fetch_all(app.db.reader())
        .await
        .unwrap()
}

async fn put(
    app: &TestApp,
    to: &str,
    template: SmsTemplate,
    now: i64,
    expires_at: Option<i64>,
) -> i64 {
    let mut tx = app.db.writer().begin().await.unwrap();
    let params = template
        .params()
        .iter()
        .map(|p| (p.to_string(), "12".to_owned()))
        .collect();
    let id = outbox::enqueue(
        &mut tx,
        &Message {
            to,
            user_id: None,
            template,
            params,
            expires_at,
        },
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn clear_outbox(app: &TestApp) {
    sqlx::query("DELETE FROM outbox")
        .execute(app.db.writer())
        .await
        .unwrap();
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

/// The code the gateway last received for `phone`.
fn code_sent_to(gateway: &FakeGateway, phone: &str) -> String {
    gateway
        .received()
        .iter()
        .rev()
        .find(|r| r.phone == phone && r.template_code == "SMS_verification_code")
        .and_then(|r| r.params["code"].as_str().map(str::to_owned))
        .expect("a code was texted")
}

both_backends! {
    async fn a_cancelled_activity_is_texted_to_everyone_signed_up_once(app) {
        let gateway = FakeGateway::start(SECRET).await;
        let sms = adapter(&gateway, Duration::from_secs(5));
        let org = app.login(DEMO_ORGANIZER).await;
        let activity = crate::organizing::create(&app, &org, "剪纸课堂", 10, &[]).await;
        for phone in ["13800000010", "13800000011"] {
            let woman = app.login(phone).await;
            let (s, body) = app.post_form(&woman, "/api/activities/signup", &[("activity_id", &activity.to_string())]).await;
            assert_eq!(s, 200, "{body}");
        }
        // The second woman wants no texts.
        let quiet = app.login("13800000011").await;
        let (s, _) = app.post_form(&quiet, "/api/me/texts", &[("texts", "off")]).await;
        assert_eq!(s, 200);
        clear_outbox(&app).await;

        let (s, body) = app.post_form(&org, "/api/activities/cancel", &[("id", &activity.to_string())]).await;
        assert_eq!(s, 200, "{body}");
        let written = rows(&app).await;
        assert_eq!(written.len(), 2, "one text per woman signed up, with the notifications: {written:?}");
        assert!(written.iter().all(|r| r.0 == "activity_cancelled" && r.1 == "pending"));
        // Cancelling again tells nobody twice.
        app.post_form(&org, "/api/activities/cancel", &[("id", &activity.to_string())]).await;
        assert_eq!(rows(&app).await.len(), 2);

        let round = deliver(&app, &sms, RULES, tomorrow_at(10, 0)).await;
        assert_eq!((round.sent, round.skipped), (1, 1), "{round:?}");
        let got = gateway.received();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].phone, "13800000010");
        assert_eq!(got[0].template_code, "SMS_activity_cancelled");
        assert_eq!(got[0].params["title"], "剪纸课堂");
        let states: Vec<(String, Option<String>)> = rows(&app).await.into_iter().map(|r| (r.1, r.3)).collect();
        assert!(states.contains(&("skipped".into(), Some("texts_off".into()))), "{states:?}");
        assert_eq!(gateway.bad_signatures(), 0);

        // Nothing is sent twice.
        let again = deliver(&app, &sms, RULES, tomorrow_at(10, 5)).await;
        assert!(again.is_empty(), "{again:?}");
        assert_eq!(gateway.received().len(), 1);
    }

    async fn the_day_before_reminder_is_texted_to_those_holding_a_place(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let activity = crate::organizing::create(&app, &org, "广场舞", 1, &[]).await;
        for phone in ["13800000010", "13800000011"] {
            let woman = app.login(phone).await;
            app.post_form(&woman, "/api/activities/signup", &[("activity_id", &activity.to_string())]).await;
        }
        clear_outbox(&app).await;
        let starts_at: i64 = sqlx::query_scalar("SELECT starts_at FROM activities WHERE id = $1").bind(activity).fetch_one(app.db.reader()).await.unwrap();
        backend::services::reminders::send_due(&app.db, starts_at - 3600).await.unwrap();
        let texted: Vec<(String, String)> = sqlx::query_as("SELECT to_phone, template FROM outbox").fetch_all(app.db.reader()).await.unwrap();
        assert_eq!(texted, [("13800000010".to_owned(), "reminder".to_owned())], "the waitlisted woman is not reminded");
        // Another node running the job sends nothing more.
        backend::services::reminders::send_due(&app.db, starts_at - 3500).await.unwrap();
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 1);
    }

    async fn two_workers_racing_send_each_message_once(app) {
        let gateway = FakeGateway::start(SECRET).await;
        let sms = adapter(&gateway, Duration::from_secs(5));
        let now = tomorrow_at(10, 0);
        clear_outbox(&app).await;
        for i in 0..40 {
            put(&app, &format!("139{:08}", i), SmsTemplate::Reminder, now, None).await;
        }
        let (a, b) = tokio::join!(
            outbox::deliver_due(&app.db, &sms, RULES, now),
            outbox::deliver_due(&app.db, &sms, RULES, now),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        let (c, d) = tokio::join!(
            outbox::deliver_due(&app.db, &sms, RULES, now),
            outbox::deliver_due(&app.db, &sms, RULES, now),
        );
        let sent = a.sent + b.sent + c.unwrap().sent + d.unwrap().sent;
        assert_eq!(sent, 40);
        let mut ids: Vec<String> = gateway.received().iter().map(|r| r.out_id.clone()).collect();
        assert_eq!(ids.len(), 40, "each message reached the gateway once");
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 40);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND sent_at IS NOT NULL").await, 40);
    }

    async fn failures_are_retried_with_backoff_then_given_up(app) {
        let gateway = FakeGateway::start(SECRET).await;
        let sms = adapter(&gateway, Duration::from_secs(1));
        clear_outbox(&app).await;
        let mut now = tomorrow_at(9, 0);
        let id = put(&app, "13900000001", SmsTemplate::Reminder, now, None).await;

        gateway.set_mode(Mode::Fail);
        let mut tries = 0;
        loop {
            let round = deliver(&app, &sms, RULES, now).await;
            tries += 1;
            let (state, attempts, next, error): (String, i64, i64, Option<String>) = sqlx::query_as(
                "SELECT state, attempts, next_attempt_at, last_error FROM outbox WHERE id = $1",
            )
            .bind(id)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
            assert_eq!(attempts, tries);
            assert!(error.is_some(), "the reason is kept");
            if tries < MAX_ATTEMPTS {
                assert_eq!((state.as_str(), round.retrying), ("pending", 1));
                assert_eq!(next - now, domain::sms::retry_delay(tries), "backoff doubles");
                // Not due before its time.
                assert!(deliver(&app, &sms, RULES, next - 1).await.is_empty());
                now = next;
            } else {
                assert_eq!((state.as_str(), round.failed), ("failed", 1));
                break;
            }
        }

        // Refused for good: failed at once. Throttled: tried again after five minutes at least.
        gateway.set_mode(Mode::Reject);
        let rejected = put(&app, "13900000002", SmsTemplate::Reminder, now, None).await;
        deliver(&app, &sms, RULES, now).await;
        gateway.set_mode(Mode::Throttle);
        let throttled = put(&app, "13900000003", SmsTemplate::Reminder, now, None).await;
        deliver(&app, &sms, RULES, now).await;
        gateway.set_mode(Mode::Hang);
        let hung = put(&app, "13900000004", SmsTemplate::Reminder, now, None).await;
        deliver(&app, &sms, RULES, now).await;
        let state = |id: i64| {
            let db = app.db.clone();
            async move {
                sqlx::query_as::<_, (String, i64, i64)>(
                    "SELECT state, attempts, next_attempt_at FROM outbox WHERE id = $1",
                )
                .bind(id)
                .fetch_one(db.reader())
                .await
                .unwrap()
            }
        };
        assert_eq!(state(rejected).await.0, "failed");
        let (s, _, next) = state(throttled).await;
        assert!(s == "pending" && next - now >= 300, "{s} {next}");
        let (s, attempts, _) = state(hung).await;
        assert_eq!((s.as_str(), attempts), ("pending", 1), "a time-out is retried");

        // The admins see why, with the number masked.
        let admin = app.login(DEMO_ADMIN).await;
        let (s, list) = app.get_json(&admin, "/api/admin/outbox?state=failed").await;
        assert_eq!(s, 200, "{list}");
        let list = list.as_array().unwrap().clone();
        assert_eq!(list.len(), 2);
        for entry in &list {
            assert!(entry["to_masked"].as_str().unwrap().contains("****"), "{entry}");
            assert!(entry["last_error"].as_str().is_some_and(|e| !e.is_empty()), "{entry}");
            for key in ["id", "template", "state", "attempts"] {
                assert!(!entry[key].is_null(), "{key} in {entry}");
            }
        }
        assert!(!list.to_vec().iter().any(|e| e.to_string().contains("13900000001")), "no full number");
    }

    async fn the_quiet_hours_hold_all_but_codes_until_morning(app) {
        let gateway = FakeGateway::start(SECRET).await;
        let sms = adapter(&gateway, Duration::from_secs(5));
        clear_outbox(&app).await;
        let night = tomorrow_at(22, 0);
        let reminder = put(&app, "13900000011", SmsTemplate::Reminder, night, None).await;
        put(&app, "13900000012", SmsTemplate::VerificationCode, night, Some(night + 600)).await;
        let due: i64 = sqlx::query_scalar("SELECT next_attempt_at FROM outbox WHERE id = $1")
            .bind(reminder)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
        assert_eq!(due, tomorrow_at(32, 0), "held until 08:00 the next morning");

        let round = deliver(&app, &sms, RULES, night).await;
        assert_eq!(round.sent, 1, "the code goes at once");
        assert_eq!(gateway.received()[0].template_code, "SMS_verification_code");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox WHERE template = 'verification_code' AND params = '{}'").await, 1, "a sent code is not kept");

        // One written before 21:00 and first tried after is held too, without losing a try.
        let evening = put(&app, "13900000013", SmsTemplate::MovedUp, tomorrow_at(20, 59), None).await;
        let round = deliver(&app, &sms, RULES, tomorrow_at(21, 30)).await;
        assert_eq!(round.held, 1, "{round:?}");
        let (attempts, next): (i64, i64) = sqlx::query_as("SELECT attempts, next_attempt_at FROM outbox WHERE id = $1")
            .bind(evening)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
        assert_eq!((attempts, next), (0, tomorrow_at(32, 0)));

        let morning = deliver(&app, &sms, RULES, tomorrow_at(32, 0)).await;
        assert_eq!(morning.sent, 2);
    }

    async fn a_number_gets_at_most_the_daily_cap(app) {
        let gateway = FakeGateway::start(SECRET).await;
        let sms = adapter(&gateway, Duration::from_secs(5));
        clear_outbox(&app).await;
        let now = tomorrow_at(10, 0);
        let rules = Rules { daily_cap: 2 };
        for _ in 0..3 {
            put(&app, "13900000021", SmsTemplate::ActivityChanged, now, None).await;
        }
        put(&app, "13900000022", SmsTemplate::ActivityChanged, now, None).await;
        let round = deliver(&app, &sms, rules, now).await;
        assert_eq!((round.sent, round.skipped), (3, 1), "{round:?}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox WHERE last_error = 'daily_cap' AND to_phone = '13900000021'").await, 1);
        // A new day, a new allowance.
        put(&app, "13900000021", SmsTemplate::ActivityChanged, now + 86_400, None).await;
        assert_eq!(deliver(&app, &sms, rules, now + 86_400).await.sent, 1);
    }

    async fn a_forgotten_password_is_reset_by_a_texted_code(app) {
        let gateway = FakeGateway::start(SECRET).await;
        let sms = adapter(&gateway, Duration::from_secs(5));
        clear_outbox(&app).await;
        let phone = "13800000012";
        let elsewhere = app.login(phone).await;

        // The same answer for a registered number and for one nobody has.
        let visitor = TestApp::fresh_client();
        let (s, known) = app.post_form(&visitor, "/api/auth/reset_start", &[("phone", phone)]).await;
        let (s2, unknown) = app.post_form(&visitor, "/api/auth/reset_start", &[("phone", "13900009999")]).await;
        assert_eq!((s, s2), (200, 200));
        assert_eq!(known, serde_json::json!({"sent": true}));
        assert_eq!(unknown, known);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 1, "only the registered number is texted");
        deliver(&app, &sms, RULES, backend::now()).await;
        let code = code_sent_to(&gateway, phone);
        assert_eq!(code.len(), 6);
        let stored: String = sqlx::query_scalar("SELECT code_hash FROM phone_codes WHERE phone = $1 AND used_at IS NULL").bind(phone).fetch_one(app.db.reader()).await.unwrap();
        assert!(!stored.contains(&code), "only a hash is kept");

        let finish = |code: String, password: &'static str| {
            let visitor = visitor.clone();
            let app = &app;
            async move {
                app.post_form(&visitor, "/api/auth/reset_finish", &[("phone", phone), ("code", &code), ("new_password", password)]).await
            }
        };
        // A weak password is refused without spending the code.
        let (s, body) = finish(code.clone(), "12345678").await;
        assert_eq!((s, body["field"].as_str()), (400, Some("new_password")), "{body}");
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let (s, body) = finish(wrong.into(), "a-new-pass-4711").await;
        assert_eq!((s, body["key"].as_str()), (400, Some("code_invalid")), "{body}");

        let (s, body) = finish(code.clone(), "a-new-pass-4711").await;
        assert_eq!(s, 200, "{body}");
        // Used once only; her other session ended; the new password works, the old does not.
        let (s, _) = finish(code.clone(), "another-pass-4711").await;
        assert_eq!(s, 400);
        let (s, me) = app.get_json(&elsewhere, "/api/me/profile").await;
        assert!(s == 200 && me.is_null(), "the other session ended: {me}");
        let res = TestApp::fresh_client().post(app.url("/api/auth/login")).form(&[("phone", phone), ("password", DEMO_PASSWORD)]).send().await.unwrap();
        assert_eq!(res.status(), 400, "the old password no longer works");
        let res = TestApp::fresh_client().post(app.url("/api/auth/login")).form(&[("phone", phone), ("password", "a-new-pass-4711")]).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'password_reset'").await, 1);

        // Five wrong tries end a code; an expired code is refused.
        app.post_form(&visitor, "/api/auth/reset_start", &[("phone", phone)]).await;
        deliver(&app, &sms, RULES, backend::now()).await;
        let code = code_sent_to(&gateway, phone);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for _ in 0..5 {
            finish(wrong.into(), "a-third-pass-4711").await;
        }
        let (s, body) = finish(code, "a-third-pass-4711").await;
        assert_eq!((s, body["key"].as_str()), (400, Some("code_invalid")), "spent by wrong tries");
        app.post_form(&visitor, "/api/auth/reset_start", &[("phone", phone)]).await;
        deliver(&app, &sms, RULES, backend::now()).await;
        let code = code_sent_to(&gateway, phone);
        sqlx::query("UPDATE phone_codes SET expires_at = 0 WHERE used_at IS NULL").execute(app.db.writer()).await.unwrap();
        let (s, _) = finish(code, "a-third-pass-4711").await;
        assert_eq!(s, 400, "expired");

        // Three requests an hour per number: the fourth answers the same and texts nothing.
        let texted = count(&app, "SELECT COUNT(*) FROM outbox").await;
        let (s, body) = app.post_form(&visitor, "/api/auth/reset_start", &[("phone", phone)]).await;
        assert_eq!((s, body), (200, serde_json::json!({"sent": true})));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, texted, "over the limit: nothing texted");
        let (s, body) = app.post_form(&visitor, "/api/auth/reset_start", &[("phone", "12345")]).await;
        assert_eq!((s, body), (200, serde_json::json!({"sent": true})), "always the same answer");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, texted);
    }

    async fn a_woman_added_without_a_smartphone_is_texted_and_claims_by_code(app) {
        let gateway = FakeGateway::start(SECRET).await;
        let sms = adapter(&gateway, Duration::from_secs(5));
        let volunteer = app.login(DEMO_VOLUNTEER).await;
        let village: i64 = sqlx::query_scalar("SELECT id FROM regions WHERE name = '东湾村'").fetch_one(app.db.reader()).await.unwrap();
        let phone = "13912340077";
        let (s, woman) = app.post_form(&volunteer, "/api/helped/add", &[("display_name", "赵春梅"), ("village_id", &village.to_string()), ("consent", "on"), ("phone", phone)]).await;
        assert_eq!(s, 200, "{woman}");
        let woman = woman.as_i64().unwrap();
        let org = app.login(DEMO_ORGANIZER).await;
        let activity = crate::organizing::create(&app, &org, "两癌筛查讲座", 1, &[]).await;
        // The seat is taken; she waits, then moves up when it is given back.
        let first = app.login("13800000013").await;
        app.post_form(&first, "/api/activities/signup", &[("activity_id", &activity.to_string())]).await;
        let (s, body) = app.post_form(&volunteer, "/api/activities/signup_for", &[("activity_id", &activity.to_string()), ("member_id", &woman.to_string()), ("agreed", "on")]).await;
        assert_eq!(s, 200, "{body}");
        clear_outbox(&app).await;
        let (s, body) = app.post_form(&first, "/api/activities/cancel_signup", &[("activity_id", &activity.to_string())]).await;
        assert_eq!(s, 200, "{body}");
        deliver(&app, &sms, RULES, tomorrow_at(10, 0)).await;
        let got = gateway.received();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].phone.as_str(), got[0].template_code.as_str()), (phone, "SMS_moved_up"));

        // She sets her first password with a code texted to that number.
        let her = TestApp::fresh_client();
        app.post_form(&her, "/api/auth/reset_start", &[("phone", phone)]).await;
        deliver(&app, &sms, RULES, backend::now()).await;
        let code = code_sent_to(&gateway, phone);
        let (s, body) = app.post_form(&her, "/api/auth/reset_finish", &[("phone", phone), ("code", &code), ("new_password", "chunmei-2026-pw")]).await;
        assert_eq!(s, 200, "{body}");
        let claimed: Option<i64> = sqlx::query_scalar("SELECT claimed_at FROM users WHERE id = $1").bind(woman).fetch_one(app.db.reader()).await.unwrap();
        assert!(claimed.is_some());
        let (_, me) = app.get_json(&her, "/api/me/profile").await;
        assert_eq!(me["display_name"], "赵春梅");
    }

    async fn the_forgot_page_works_as_plain_forms(app) {
        let gateway = FakeGateway::start(SECRET).await;
        let sms = adapter(&gateway, Duration::from_secs(5));
        let phone = "13800000014";
        let her = TestApp::fresh_client();
        let (_, login) = crate::journeys::page(&app, &her, "/login").await;
        assert!(login.contains(r#"href="/forgot""#), "the login page leads there");
        let (s, html) = crate::journeys::page(&app, &her, "/forgot").await;
        assert_eq!(s, 200);
        assert!(html.contains("/api/auth/reset_start") && !html.contains(r#"name="code""#), "first her number");

        let (s, to) = crate::journeys::post_html(&app, &her, "/api/auth/reset_start", &[("phone", phone)], "/forgot").await;
        assert_eq!((s, to.as_str()), (302, "/forgot?sent=1"));
        let (_, html) = crate::journeys::page(&app, &her, &to).await;
        assert!(html.contains(r#"name="code""#) && html.contains(phone), "then the code, her number kept: {html}");
        deliver(&app, &sms, RULES, backend::now()).await;
        let code = code_sent_to(&gateway, phone);

        // A wrong code comes back to the same step with the message.
        let (s, to) = crate::journeys::post_html(&app, &her, "/api/auth/reset_finish", &[("phone", phone), ("code", "999999x"), ("new_password", "my-new-garden-9")], "/forgot?sent=1").await;
        assert_eq!(s, 302);
        let (_, html) = crate::journeys::page(&app, &her, &to).await;
        assert!(html.contains(r#"name="code""#) && html.contains("验证码不对"), "{to}: {html}");
        let (s, to) = crate::journeys::post_html(&app, &her, "/api/auth/reset_finish", &[("phone", phone), ("code", &code), ("new_password", "my-new-garden-9")], "/forgot?sent=1").await;
        assert_eq!((s, to.as_str()), (302, "/me?done=password_reset"));
        let (_, me) = crate::journeys::page(&app, &her, &to).await;
        assert!(me.contains("新密码设好了"), "{me}");

        // Her page offers to turn text reminders off, and back on.
        assert!(me.contains("不要短信提醒"));
        let (s, to) = crate::journeys::post_html(&app, &her, "/api/me/texts", &[("texts", "off")], "/me").await;
        assert_eq!((s, to.as_str()), (302, "/me?done=texts#texts"));
        let (_, me) = crate::journeys::page(&app, &her, "/me").await;
        assert!(me.contains("打开短信提醒") && me.contains("你已关掉短信提醒"), "{me}");
    }

    async fn admins_alone_see_the_outbox(app) {
        let member = app.login("13800000010").await;
        let (s, _) = app.get_json(&member, "/api/admin/outbox").await;
        assert_eq!(s, 403);
        let admin = app.login(DEMO_ADMIN).await;
        let (s, body) = app.get_json(&admin, "/api/admin/outbox?state=lost").await;
        assert_eq!((s, body["key"].as_str()), (400, Some("bad_request")));
        let (s, html) = crate::journeys::page(&app, &admin, "/admin/outbox").await;
        assert_eq!(s, 200);
        assert!(html.contains("短信发件箱"), "{html}");
    }
}

/// With numbers checked, registration needs the code texted to the number.
async fn registration_checks_the_number(backend: backend::Backend) {
    let Some(app) = crate::support::spawn_app_with(backend, |k| {
        (k == "TONGXIN_SMS_VERIFY_NUMBERS").then(|| "on".to_owned())
    })
    .await
    else {
        return;
    };
    let gateway = FakeGateway::start(SECRET).await;
    let sms = adapter(&gateway, Duration::from_secs(5));
    let villages: Value = app.get("/api/regions/villages").await.json().await.unwrap();
    let village = villages[0]["id"].as_i64().unwrap().to_string();
    let phone = "13912345601";
    let form = |code: &str| {
        vec![
            ("phone", phone.to_owned()),
            ("password", "spring-garden-7".to_owned()),
            ("display_name", "新来的".to_owned()),
            ("village_id", village.clone()),
            ("consent", "on".to_owned()),
            ("code", code.to_owned()),
        ]
    };
    let visitor = TestApp::fresh_client();
    let post = |fields: Vec<(&'static str, String)>| {
        let visitor = visitor.clone();
        let url = app.url("/api/auth/register");
        async move {
            let res = visitor.post(url).form(&fields).send().await.unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (s, body) = post(form("")).await;
    assert_eq!(
        (s, body["key"].as_str()),
        (400, Some("code_invalid")),
        "{body}"
    );
    let (_, html) = crate::journeys::page(&app, &visitor, "/register").await;
    assert!(
        html.contains(r#"name="code""#),
        "the page asks for the code"
    );

    let (s, body) = app
        .post_form(&visitor, "/api/auth/register_code", &[("phone", phone)])
        .await;
    assert_eq!((s, body), (200, serde_json::json!({"sent": true})));
    deliver(&app, &sms, RULES, backend::now()).await;
    let code = code_sent_to(&gateway, phone);
    let (s, body) = post(form(&code)).await;
    assert_eq!(s, 200, "{body}");
    let made: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE phone = $1")
        .bind(phone)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(made, 1);
    app.stop().await;
}

mod registration_with_numbers_checked {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::registration_checks_the_number(backend::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::registration_checks_the_number(backend::Backend::Postgres).await;
    }
}

/// Without numbers checked (the `log` provider's default), no code is asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_without_a_real_provider_asks_no_code() {
    let app = crate::support::spawn_app(backend::Backend::Sqlite)
        .await
        .unwrap();
    let (_, html) = crate::journeys::page(&app, &TestApp::fresh_client(), "/register").await;
    assert!(!html.contains(r#"name="code""#));
    app.stop().await;
}

/// "TD" texted back, pushed by the provider to the secret address, turns her reminders off.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_of_td_turns_her_reminders_off() {
    let token = "reply-token-0123456789";
    let app = crate::support::spawn_app_with(backend::Backend::Sqlite, |k| {
        (k == "TONGXIN_SMS_REPLIES_TOKEN").then(|| token.to_owned())
    })
    .await
    .unwrap();
    let push = |token: &str, body: Value| {
        let url = app.url(&format!("/hooks/sms/aliyun/up/{token}"));
        async move {
            let res = TestApp::fresh_client()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let off = |phone: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, domain::sql::Flag>(
                "SELECT texts_off FROM users WHERE phone = $1",
            )
            .bind(phone)
            .fetch_one(db.reader())
            .await
            .unwrap()
            .0
        }
    };
    let replies = serde_json::json!([
        {"phone_number": "13800000010", "content": "TD", "send_time": "2026-12-02 10:00:00", "sign_name": "同心", "dest_code": "1", "sequence_id": 1},
        {"phone_number": "13800000011", "content": "谢谢，我会去", "send_time": "2026-12-02 10:01:00", "sign_name": "同心", "dest_code": "1", "sequence_id": 2},
    ]);
    let (s, _) = push("wrong-token-0123456789", replies.clone()).await;
    assert_eq!(s, 404, "a stranger cannot turn anyone's reminders off");
    assert!(!off("13800000010").await);
    let (s, body) = push(token, replies).await;
    assert_eq!(
        (s, body),
        (200, serde_json::json!({"code": 0, "msg": "成功"}))
    );
    assert!(off("13800000010").await, "TD stops her reminders");
    assert!(!off("13800000011").await, "a thank-you does not");
    let (s, _) = push(token, serde_json::json!({"not": "a list"})).await;
    assert_eq!(s, 400);
    app.stop().await;
}

/// Without the token configured the address does not exist.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_replies_token_there_is_no_replies_address() {
    let app = crate::support::spawn_app(backend::Backend::Sqlite)
        .await
        .unwrap();
    let res = TestApp::fresh_client()
        .post(app.url("/hooks/sms/aliyun/up/anything-at-all-here"))
        .json(&serde_json::json!([{"phone_number": "13800000010", "content": "TD"}]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    app.stop().await;
}
