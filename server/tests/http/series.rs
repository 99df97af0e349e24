//! A series is one thing to its organizer: an edit or a cancellation applies to one date, to
//! this date and the later ones, or to every date still to come; each date's women are told,
//! and the dates already over stay as they were.

use crate::journeys::page;
use crate::organizing::{form, notifications_of, pairs, post};
use crate::signups::{members, signup};
use crate::support::TestApp;
use backend::seed::DEMO_ORGANIZER;
use domain::activity::ActivityStatus;

/// Posts a weekly series of four starting in 10 days: the ids, soonest first.
async fn weekly_four(app: &TestApp, org: &reqwest::Client, title: &str) -> Vec<i64> {
    let (s, body) = post(
        app,
        org,
        "/api/activities/create",
        &form(title, 5, &[("repeat", "weekly"), ("occurrences", "4")]),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    body["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

async fn dates(app: &TestApp, ids: &[i64]) -> Vec<(i64, String, ActivityStatus)> {
    let mut out = Vec::new();
    for id in ids {
        out.push(
            sqlx::query_as("SELECT starts_at, venue, status FROM activities WHERE id = $1")
                .bind(id)
                .fetch_one(app.db.reader())
                .await
                .unwrap(),
        );
    }
    out
}

/// The edit form of `id`: starting at `start` (UTC seconds) for two hours, at `venue`, for
/// `scope`.
fn edit(id: i64, title: &str, start: i64, venue: &str, scope: &str) -> Vec<(String, String)> {
    use domain::time::format_local_datetime as local;
    let mut f = form(
        title,
        5,
        &[
            ("starts_at", &local(start)),
            ("ends_at", &local(start + 7200)),
            ("venue", venue),
        ],
    );
    f.push(("id".into(), id.to_string()));
    f.push(("scope".into(), scope.into()));
    f
}

both_backends! {
    async fn an_edit_applies_to_this_date_and_the_later_ones_and_each_is_told(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let ids = weekly_four(&app, &org, "广场舞每周练").await;
        let women = members(&app, 4).await;
        for (w, id) in women.iter().zip(&ids) {
            assert_eq!(signup(&app, w, *id, 0).await.0, 200);
        }
        let (_, before) = app.get_json(&org, &format!("/api/activities/series_dates?id={}", ids[1])).await;
        assert_eq!((before["coming"].as_i64(), before["later"].as_i64()), (Some(3), Some(2)));
        let was = dates(&app, &ids).await;

        // The form offers the three choices, this date only chosen.
        let (_, edit_page) = page(&app, &org, &format!("/organizer/activities/{}/edit", ids[1])).await;
        assert!(edit_page.contains("这一次和以后的 2 次") && edit_page.contains("系列里还没结束的全部 4 次"), "{edit_page}");
        assert!(edit_page.contains(r#"value="one" checked"#), "{edit_page}");

        // The second date moves half an hour later, to the hall: the third and fourth move by as
        // much, the first stays.
        let (s, body) = post(&app, &org, "/api/activities/update", &edit(ids[1], "广场舞每周练", was[1].0 + 1800, "文化礼堂", "this_and_later")).await;
        assert_eq!(s, 200, "{body}");
        let now = dates(&app, &ids).await;
        assert_eq!(now[0], was[0], "the first date is untouched");
        for i in 1..4 {
            assert_eq!(now[i].0 - was[i].0, 1800, "date {i} moved as the second did");
            assert_eq!(now[i].1, "文化礼堂");
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(notifications_of(&app, *id, "activity_changed").await, i64::from(i > 0), "date {i}");
        }

        // This date only: the others keep what they have.
        let (s, _) = post(&app, &org, "/api/activities/update", &edit(ids[3], "广场舞每周练", now[3].0, "村委会", "one")).await;
        assert_eq!(s, 200);
        let after = dates(&app, &ids).await;
        assert_eq!((after[2].1.as_str(), after[3].1.as_str()), ("文化礼堂", "村委会"));

        // A scope not on the list is refused and changes nothing.
        let (s, body) = post(&app, &org, "/api/activities/update", &edit(ids[0], "改不了", after[0].0, "村委会", "everything")).await;
        assert_eq!((s, body["key"].as_str(), body["field"].as_str()), (400, Some("invalid"), Some("scope")));
        let (s, body) = post(&app, &org, "/api/activities/cancel", &pairs(&[("id", ids[0].to_string()), ("scope", "everything".into())])).await;
        assert_eq!((s, body["key"].as_str()), (400, Some("invalid")));
        assert_eq!(dates(&app, &ids).await, after);
    }

    async fn a_cancellation_of_all_dates_to_come_leaves_those_over(app) {
        let org = app.login(DEMO_ORGANIZER).await;
        let ids = weekly_four(&app, &org, "编织技能每周课").await;
        let women = members(&app, 4).await;
        for (w, id) in women.iter().zip(&ids) {
            assert_eq!(signup(&app, w, *id, 0).await.0, 200);
        }
        // The first date is over.
        sqlx::query("UPDATE activities SET starts_at = $1, ends_at = $2 WHERE id = $3")
            .bind(backend::now() - 7200).bind(backend::now() - 3600).bind(ids[0])
            .execute(app.db.writer()).await.unwrap();
        // The third alone first: only it, and only its woman is told.
        let (s, _) = post(&app, &org, "/api/activities/cancel", &pairs(&[("id", ids[2].to_string())])).await;
        assert_eq!(s, 200);
        let status = |d: Vec<(i64, String, ActivityStatus)>| d.into_iter().map(|d| d.2).collect::<Vec<_>>();
        use ActivityStatus::{Cancelled, Published};
        assert_eq!(status(dates(&app, &ids).await), [Published, Published, Cancelled, Published]);

        // The roster's cancel asks which dates.
        let (_, roster) = page(&app, &org, &format!("/organizer/activities/{}", ids[1])).await;
        assert!(roster.contains("要取消") && roster.contains("系列里还没结束的全部 2 次"), "{roster}");

        // Every date still to come, from the second: the second and the fourth; the first is over.
        let (s, _) = post(&app, &org, "/api/activities/cancel", &pairs(&[("id", ids[1].to_string()), ("scope", "all_coming".into())])).await;
        assert_eq!(s, 200);
        assert_eq!(status(dates(&app, &ids).await), [Published, Cancelled, Cancelled, Cancelled]);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(notifications_of(&app, *id, "activity_cancelled").await, i64::from(i > 0), "date {i}, told once");
        }
        let (_, left) = app.get_json(&org, &format!("/api/activities/series_dates?id={}", ids[0])).await;
        assert!(left.is_null(), "nothing left to come: {left}");
    }
}
