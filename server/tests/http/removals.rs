//! Taking a woman off a roster: asked with a reason she reads in her notice, and taken back
//! within ten minutes while her place is still free.

use crate::journeys::page;
use crate::organizing::{create, notifications_of, pairs, post};
use crate::signups::{members, seats_taken, signup};
use crate::support::TestApp;
use backend::seed::DEMO_ORGANIZER;
use domain::signup::SignupStatus;

async fn status_of(app: &TestApp, signup_id: i64) -> SignupStatus {
    sqlx::query_scalar("SELECT status FROM signups WHERE id = $1")
        .bind(signup_id)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

/// The roster's sign-up ids, in roster order.
async fn signup_ids(app: &TestApp, org: &reqwest::Client, activity: i64) -> Vec<i64> {
    let (_, roster) = app
        .get_json(org, &format!("/api/roster/get?activity_id={activity}"))
        .await;
    roster["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["signup_id"].as_i64().unwrap())
        .collect()
}

fn removal(signup: i64, reason: &str) -> Vec<(String, String)> {
    pairs(&[
        ("signup_id", signup.to_string()),
        ("reason", reason.to_owned()),
    ])
}

fn just_the_id(signup: i64) -> Vec<(String, String)> {
    pairs(&[("signup_id", signup.to_string())])
}

both_backends! {
    async fn a_removal_needs_a_reason_and_she_reads_it(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "手工编织", 5, &[("companions_allowed", "2")]).await;
        let her = &members(&app, 1).await[0];
        assert_eq!(signup(&app, her, a, 1).await.0, 200);
        let id = signup_ids(&app, &org, a).await[0];

        // No reason, or one not on the list: refused, and nothing changes.
        for sent in [just_the_id(id), removal(id, "她不来了")] {
            let (s, body) = post(&app, &org, "/api/roster/remove", &sent).await;
            assert_eq!((s, body["key"].as_str()), (400, Some("removal_reason_required")), "{sent:?}");
        }
        assert_eq!(status_of(&app, id).await, SignupStatus::Confirmed);
        assert_eq!(seats_taken(&app, a).await, 2);
        assert_eq!(notifications_of(&app, a, "removed").await, 0);

        // The roster asks once, with the reasons to choose from.
        let (_, roster) = page(&app, &org, &format!("/organizer/activities/{a}")).await;
        assert!(roster.contains("<details class=\"confirm\">") && roster.contains("不符合报名条件（年龄或地区）"), "{roster}");

        assert_eq!(post(&app, &org, "/api/roster/remove", &removal(id, "not_eligible")).await.0, 200);
        assert_eq!(status_of(&app, id).await, SignupStatus::Cancelled);
        assert_eq!(seats_taken(&app, a).await, 0);
        let (_, notices) = page(&app, her, "/notifications").await;
        assert!(notices.contains("组织者把你从名单中移除了") && notices.contains("原因：不符合报名条件（年龄或地区）"), "{notices}");

        // A second tap of the same form changes nothing and tells her nothing more.
        assert_eq!(post(&app, &org, "/api/roster/remove", &removal(id, "duplicate")).await.0, 200);
        assert_eq!(notifications_of(&app, a, "removed").await, 1);
    }

    async fn a_removal_is_undone_within_minutes_while_her_seats_are_free(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "法律知识讲座", 3, &[("companions_allowed", "2")]).await;
        let her = &members(&app, 1).await[0];
        assert_eq!(signup(&app, her, a, 1).await.0, 200);
        let id = signup_ids(&app, &org, a).await[0];
        assert_eq!(post(&app, &org, "/api/roster/remove", &removal(id, "duplicate")).await.0, 200);

        // The roster shows her under "just taken off", with the reason and the undo.
        let (_, roster) = page(&app, &org, &format!("/organizer/activities/{a}?done=removed")).await;
        assert!(roster.contains("刚移出的") && roster.contains("撤销移出") && roster.contains("重复报名"), "{roster}");

        assert_eq!(post(&app, &org, "/api/roster/undo_remove", &just_the_id(id)).await.0, 200);
        assert_eq!(status_of(&app, id).await, SignupStatus::Confirmed);
        assert_eq!(seats_taken(&app, a).await, 2, "her seat and her companion's again");
        assert_eq!(notifications_of(&app, a, "reinstated").await, 1);
        let (_, roster) = page(&app, &org, &format!("/organizer/activities/{a}")).await;
        assert!(!roster.contains("刚移出的"), "nothing left to undo");

        // Undone once: a second undo has nothing to take back.
        let (s, body) = post(&app, &org, "/api/roster/undo_remove", &just_the_id(id)).await;
        assert_eq!((s, body["key"].as_str()), (409, Some("undo_too_late")));

        // Ten minutes later it stays done.
        assert_eq!(post(&app, &org, "/api/roster/remove", &removal(id, "her_request")).await.0, 200);
        sqlx::query("UPDATE signups SET removed_at = removed_at - $1 WHERE id = $2")
            .bind(domain::roster::UNDO_REMOVAL_SECS)
            .bind(id)
            .execute(app.db.writer())
            .await
            .unwrap();
        let (s, body) = post(&app, &org, "/api/roster/undo_remove", &just_the_id(id)).await;
        assert_eq!((s, body["key"].as_str()), (409, Some("undo_too_late")));
        assert_eq!(status_of(&app, id).await, SignupStatus::Cancelled);
        assert_eq!(seats_taken(&app, a).await, 0);
    }

    async fn no_undo_once_the_waitlist_took_her_seat(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let a = create(&app, &org, "两癌筛选讲解", 1, &[]).await;
        let women = members(&app, 4).await;
        for w in &women {
            assert_eq!(signup(&app, w, a, 0).await.0, 200);
        }
        let ids = signup_ids(&app, &org, a).await;
        let (seated, first_waiting, second_waiting) = (ids[0], ids[1], ids[2]);
        assert_eq!(ids.len(), 4);

        assert_eq!(post(&app, &org, "/api/roster/remove", &removal(seated, "plan_changed")).await.0, 200);
        assert_eq!(status_of(&app, first_waiting).await, SignupStatus::Confirmed, "the queue moved up");
        let (s, body) = post(&app, &org, "/api/roster/undo_remove", &just_the_id(seated)).await;
        assert_eq!((s, body["key"].as_str()), (409, Some("seats_taken_since")));
        assert_eq!(status_of(&app, seated).await, SignupStatus::Cancelled);
        assert_eq!(seats_taken(&app, a).await, 1, "never over capacity");
        assert_eq!(notifications_of(&app, a, "reinstated").await, 0);

        // Taking someone off the queue and back keeps her place in it, ahead of who came later.
        assert_eq!(post(&app, &org, "/api/roster/remove", &removal(second_waiting, "other")).await.0, 200);
        assert_eq!(post(&app, &org, "/api/roster/undo_remove", &just_the_id(second_waiting)).await.0, 200);
        assert_eq!(status_of(&app, second_waiting).await, SignupStatus::Waitlisted);
        let (_, roster) = app.get_json(&org, &format!("/api/roster/get?activity_id={a}")).await;
        let back = roster["entries"].as_array().unwrap().iter().find(|e| e["signup_id"] == second_waiting).unwrap().clone();
        assert_eq!(back["waitlist_position"], 1);
    }
}
