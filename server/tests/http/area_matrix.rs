//! The authorization matrix by place: every endpoint that takes the id of a record is probed
//! with real records of the caller's own area, a child area, a sibling township, the parent
//! county and another county. `authz.rs` decides who may call an endpoint at all; this file
//! decides how far each caller reaches. A "not found" for a record that exists counts as
//! denied, never as allowed.
//!
//! The callers: the organizer of 清河镇's federation (a township), the demo volunteer (living
//! in 东湾村, appointed for 清河镇), and a member living in 东湾村.

use backend::identity::Role;
use backend::services::regions::{create_federation, create_region};
use backend::services::users::{self, NewUser};
use domain::region::RegionLevel;
use domain::Phone;

use crate::support::TestApp;

/// Where a record sits, seen from the township organizer of 清河镇.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// 清河镇 itself (a record of its federation, held in its village 杨柳村).
    Own,
    /// 东湾村, a village of 清河镇 with its own federation.
    Child,
    /// 柳林乡, another township of the same county.
    Sibling,
    /// The county above her: held in her own village 杨柳村, but the county's.
    Parent,
    /// Another county altogether.
    OtherCounty,
}

const PLACES: [Place; 5] = [
    Place::Own,
    Place::Child,
    Place::Sibling,
    Place::Parent,
    Place::OtherCounty,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    TownshipOrganizer,
    Volunteer,
    Member,
}

/// The organizer last: her allowed probes cancel and remove things.
const CALLERS: [Caller; 3] = [Caller::Volunteer, Caller::Member, Caller::TownshipOrganizer];

/// How far an endpoint reaches, by rule (docs/ARCHITECTURE.md, "Who may see what").
#[derive(Clone, Copy, Debug)]
enum Reach {
    /// Managed by the organizers of the owning federation's area: her own and below.
    Manage,
    /// Circles are read by the people of their area and of the areas below; an organizer
    /// also reads the circles of the federations above her.
    ReadCircle,
    /// Groups are found by the women of their village, the regions above it and their
    /// township; organizers find those of their area.
    ReadGroup,
    /// Acting for a woman (signing her up): organizers in their area, volunteers in the
    /// reach they were given when appointed (清河镇 here).
    Help,
    /// The care ledger: organizers of the record's village's area; volunteers only as keepers
    /// of that very village (the demo volunteer keeps 东湾村's).
    Ledger,
    /// Answering a woman's request about her record: organizers of its area only.
    LedgerAnswer,
    /// Handling a help request (held by the village she lived in): organizers of its area;
    /// the volunteer it is assigned to while her reach holds the village (each place's
    /// request is assigned to the demo volunteer, so only her reach decides).
    HandleRequest,
    /// Her own help request: none of the callers is the woman who asked.
    HersOnly,
}

impl Reach {
    fn allows(self, caller: Caller, place: Place) -> bool {
        let in_her_township = matches!(place, Place::Own | Place::Child);
        match self {
            Reach::Manage => caller == Caller::TownshipOrganizer && in_her_township,
            Reach::ReadCircle => in_her_township || place == Place::Parent,
            // A group above her is found by the women below it, not managed or listed by an
            // organizer below it.
            Reach::ReadGroup => {
                in_her_township || (place == Place::Parent && caller != Caller::TownshipOrganizer)
            }
            Reach::Help => caller != Caller::Member && in_her_township,
            Reach::Ledger => match caller {
                Caller::TownshipOrganizer => in_her_township,
                Caller::Volunteer => place == Place::Child,
                Caller::Member => false,
            },
            Reach::LedgerAnswer => caller == Caller::TownshipOrganizer && in_her_township,
            Reach::HandleRequest => caller != Caller::Member && in_her_township,
            Reach::HersOnly => false,
        }
    }
}

/// The records of one place.
#[derive(Clone, Copy, Debug)]
struct Records {
    activity: i64,
    /// A pending sign-up on `activity`.
    signup: i64,
    circle: i64,
    thread: i64,
    post: i64,
    group: i64,
    /// A member and a volunteer living there (for the parent county: in its other township).
    member: i64,
    volunteer: i64,
    /// A care-ledger record of a woman living there, and her request about it.
    ledger: i64,
    ledger_request: i64,
    /// A help request of the member, assigned to the demo volunteer, with a referral.
    help: i64,
    referral: i64,
}

pub(crate) async fn region(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM regions WHERE name = $1")
        .bind(name)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

pub(crate) async fn federation(app: &TestApp, region: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM federations WHERE region_id = $1")
        .bind(region)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

pub(crate) async fn account(
    app: &TestApp,
    phone: &str,
    role: Role,
    village: Option<i64>,
    federation: Option<i64>,
) -> i64 {
    let hash = backend::password::hash(backend::seed::DEMO_PASSWORD.into())
        .await
        .unwrap();
    let mut tx = app.db.writer().begin().await.unwrap();
    let id = users::create(
        &mut tx,
        NewUser {
            phone: &Phone::parse(phone).unwrap(),
            password_hash: &hash,
            display_name: "测试",
            role,
            village_id: village,
            federation_id: federation,
            birth_year: Some(1985),
            consent_version: Some(domain::account::PRIVACY_NOTICE_VERSION),
        },
    )
    .await
    .unwrap();
    if role == Role::Volunteer {
        let township: i64 = sqlx::query_scalar("SELECT parent_id FROM regions WHERE id = $1")
            .bind(village)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        sqlx::query("INSERT INTO volunteers (user_id, region_id, appointed_at) VALUES ($1, $2, 0)")
            .bind(id)
            .bind(township)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    id
}

async fn insert(app: &TestApp, sql: &str, binds: &[i64]) -> i64 {
    let mut query = sqlx::query_scalar(sql);
    for b in binds {
        query = query.bind(*b);
    }
    query.fetch_one(app.db.writer()).await.unwrap()
}

/// Makes the records of `place`: owned by `federation`, held in (or belonging to) `venue`,
/// with its people living in `village`. `n` keeps phone numbers apart.
async fn records(app: &TestApp, n: u8, federation: i64, venue: i64, village: i64) -> Records {
    let member = account(
        app,
        &format!("1370000{n:02}01"),
        Role::Member,
        Some(village),
        None,
    )
    .await;
    let volunteer = account(
        app,
        &format!("1370000{n:02}02"),
        Role::Volunteer,
        Some(village),
        None,
    )
    .await;
    let starts = backend::now() + 7 * 86_400;
    let activity = insert(
        app,
        "INSERT INTO activities (federation_id, region_id, title, category, venue, starts_at,
                                 ends_at, capacity, requires_approval, created_at, updated_at)
         VALUES ($1, $2, '探针活动', 'legal_aid', '村委会', $3, $4, 10, TRUE, $3, $3) RETURNING id",
        &[federation, venue, starts, starts + 3600],
    )
    .await;
    let signup = insert(
        app,
        "INSERT INTO signups (activity_id, user_id, status, checkin_code, created_at, updated_at)
         VALUES ($1, $2, 'pending', '000000', 0, 0) RETURNING id",
        &[activity, member],
    )
    .await;
    let circle = insert(
        app,
        "INSERT INTO circles (federation_id, name, created_at) VALUES ($1, '探针圈子', 0) RETURNING id",
        &[federation],
    )
    .await;
    let thread = insert(
        app,
        "INSERT INTO threads (circle_id, title, author_id, last_activity_at, created_at)
         VALUES ($1, '探针话题', $2, 0, 0) RETURNING id",
        &[circle, member],
    )
    .await;
    let post = insert(
        app,
        "INSERT INTO posts (thread_id, author_id, body, created_at) VALUES ($1, $2, '探针', 0) RETURNING id",
        &[thread, member],
    )
    .await;
    let group = insert(
        app,
        "INSERT INTO aid_groups (federation_id, region_id, name, need, member_limit, created_at)
         VALUES ($1, $2, '探针互助组', 'other', 10, 0) RETURNING id",
        &[federation, venue],
    )
    .await;
    let ledger = insert(
        app,
        "INSERT INTO ledger_records (village_id, name, created_at, updated_at)
         VALUES ($1, '探针台账', 0, 0) RETURNING id",
        &[village],
    )
    .await;
    let ledger_request = insert(
        app,
        "INSERT INTO ledger_requests (record_id, kind, body, created_at)
         VALUES ($1, 'correction', '探针', 0) RETURNING id",
        &[ledger],
    )
    .await;
    let demo_volunteer: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(backend::seed::DEMO_VOLUNTEER)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    let help = insert(
        app,
        "INSERT INTO help_requests (user_id, filed_by, village_id, kind, description, contact,
                                    urgency, state, assignee_id, created_at, updated_at)
         VALUES ($1, $1, $2, 'legal', '探针求助', 'app', 'normal', 'new', $3, 0, 0) RETURNING id",
        &[member, village, demo_volunteer],
    )
    .await;
    let referral = insert(
        app,
        "INSERT INTO help_referrals (request_id, department, referred_on, recorded_by, created_at)
         VALUES ($1, 'legal_aid', 0, $2, 0) RETURNING id",
        &[help, demo_volunteer],
    )
    .await;
    Records {
        ledger,
        ledger_request,
        help,
        referral,
        activity,
        signup,
        circle,
        thread,
        post,
        group,
        member,
        volunteer,
    }
}

/// (method, path, form, reach). In paths and forms `{a}` is the place's activity, `{s}` its
/// pending sign-up, `{c}` `{t}` `{p}` its circle, thread and post, `{g}` its group, `{m}` and
/// `{v}` a member and a volunteer living there, `{l}` and `{q}` a ledger record there and a
/// request about it, `{h}` and `{r}` a help request of hers and its referral, `{own_a}` and
/// `{own_v}` the activity and
/// volunteer of her own township (so that only one thing varies). Destructive rows come last.
type Probe = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Reach,
);

const PROBES: &[Probe] = &[
    ("GET", "/api/ledger/record?id={l}", &[], Reach::Ledger),
    (
        "GET",
        "/api/ledger/record?id={l}&reveal=all&reason=%E6%8E%A2%E9%92%88",
        &[],
        Reach::Ledger,
    ),
    (
        "POST",
        "/api/ledger/visit",
        &[
            ("id", "{l}"),
            ("visited_on", "2026-11-01"),
            ("found", "探针"),
        ],
        Reach::Ledger,
    ),
    (
        "POST",
        "/api/ledger/link",
        &[("id", "{l}"), ("member_id", "{m}")],
        Reach::Ledger,
    ),
    (
        "POST",
        "/api/ledger/answer",
        &[
            ("request_id", "{q}"),
            ("outcome", "declined"),
            ("answer", "探针"),
        ],
        Reach::LedgerAnswer,
    ),
    ("POST", "/api/ledger/close", &[("id", "{l}")], Reach::Ledger),
    (
        "POST",
        "/api/ledger/withdraw",
        &[("id", "{l}"), ("method", "written")],
        Reach::Ledger,
    ),
    ("GET", "/api/activities/form?id={a}", &[], Reach::Manage),
    (
        "GET",
        "/api/activities/series_dates?id={a}",
        &[],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/activities/update",
        &[("id", "{a}"), ("title", "")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/activities/publish",
        &[("id", "{a}")],
        Reach::Manage,
    ),
    ("GET", "/api/roster/get?activity_id={a}", &[], Reach::Manage),
    (
        "POST",
        "/api/roster/check_in",
        &[("activity_id", "{a}"), ("code", "none")],
        Reach::Manage,
    ),
    ("GET", "/organizer/activities/{a}", &[], Reach::Manage),
    ("GET", "/organizer/activities/{a}/edit", &[], Reach::Manage),
    (
        "GET",
        "/organizer/activities/{a}/roster.csv",
        &[],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/roster/set_checked_in",
        &[("signup_id", "{s}"), ("present", "1")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/roster/decide",
        &[("signup_id", "{s}"), ("approve", "1")],
        Reach::Manage,
    ),
    ("GET", "/api/circles/get?id={c}", &[], Reach::ReadCircle),
    ("GET", "/api/circles/thread?id={t}", &[], Reach::ReadCircle),
    ("GET", "/circles/{c}", &[], Reach::ReadCircle),
    ("GET", "/threads/{t}", &[], Reach::ReadCircle),
    (
        "POST",
        "/api/circles/reply",
        &[("thread_id", "{t}"), ("body", "")],
        Reach::ReadCircle,
    ),
    (
        "POST",
        "/api/circles/post_thread",
        &[("circle_id", "{c}"), ("title", ""), ("body", "")],
        Reach::ReadCircle,
    ),
    (
        "POST",
        "/api/moderation/act",
        &[("post_id", "{p}"), ("action", "restore")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/organizer/assign_moderator",
        &[("user_id", "{own_v}"), ("circle_id", "{c}")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/organizer/unassign_moderator",
        &[("user_id", "{own_v}"), ("circle_id", "{c}")],
        Reach::Manage,
    ),
    ("GET", "/api/groups/get?id={g}", &[], Reach::ReadGroup),
    ("GET", "/groups/{g}", &[], Reach::ReadGroup),
    ("GET", "/groups/{g}/leave", &[], Reach::ReadGroup),
    (
        "POST",
        "/api/organizer/assign_moderator",
        &[("user_id", "{own_v}"), ("group_id", "{g}")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/organizer/unassign_moderator",
        &[("user_id", "{own_v}"), ("group_id", "{g}")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/organizer/allow_group_creator",
        &[("user_id", "{v}")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/organizer/revoke_group_creator",
        &[("user_id", "{v}")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/activities/signup_for",
        &[
            ("activity_id", "{own_a}"),
            ("member_id", "{m}"),
            ("agreed", "on"),
        ],
        Reach::Help,
    ),
    (
        "POST",
        "/api/helped/give_code",
        &[("member_id", "{m}")],
        Reach::Help,
    ),
    ("GET", "/api/help/case?id={h}", &[], Reach::HandleRequest),
    ("GET", "/help/{h}", &[], Reach::HandleRequest),
    (
        "POST",
        "/api/help/update",
        &[("id", "{h}"), ("state", "acknowledged"), ("note", "探针")],
        Reach::HandleRequest,
    ),
    (
        "POST",
        "/api/help/refer",
        &[("id", "{h}"), ("department", "health")],
        Reach::HandleRequest,
    ),
    (
        "POST",
        "/api/help/referral_outcome",
        &[("referral_id", "{r}"), ("outcome", "探针")],
        Reach::HandleRequest,
    ),
    (
        "POST",
        "/api/help/withdraw",
        &[("id", "{h}")],
        Reach::HersOnly,
    ),
    // Organizers only: a volunteer may follow a request up, never give it out.
    (
        "POST",
        "/api/help/assign",
        &[("id", "{h}"), ("volunteer_id", "{own_v}")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/roster/remove",
        &[("signup_id", "{s}"), ("reason", "duplicate")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/roster/undo_remove",
        &[("signup_id", "{s}")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/activities/cancel",
        &[("id", "{a}")],
        Reach::Manage,
    ),
    (
        "POST",
        "/api/organizer/remove_volunteer",
        &[("user_id", "{v}")],
        Reach::Manage,
    ),
];

fn fill(template: &str, r: &Records, own: &Records) -> String {
    template
        .replace("{own_a}", &own.activity.to_string())
        .replace("{own_v}", &own.volunteer.to_string())
        .replace("{a}", &r.activity.to_string())
        .replace("{s}", &r.signup.to_string())
        .replace("{c}", &r.circle.to_string())
        .replace("{t}", &r.thread.to_string())
        .replace("{p}", &r.post.to_string())
        .replace("{g}", &r.group.to_string())
        .replace("{m}", &r.member.to_string())
        .replace("{v}", &r.volunteer.to_string())
        .replace("{l}", &r.ledger.to_string())
        .replace("{q}", &r.ledger_request.to_string())
        .replace("{h}", &r.help.to_string())
        .replace("{r}", &r.referral.to_string())
}

/// Denied: refused, or answered as if the record did not exist.
fn denied(status: u16, body: &str) -> bool {
    matches!(status, 401 | 403 | 404) || body.contains("member_not_found")
}

both_backends! {
    async fn every_caller_reaches_as_far_as_her_area_and_no_further(app) {
        let county = region(&app, "同心县").await;
        let qinghe = region(&app, "清河镇").await;
        let dongwan = region(&app, "东湾村").await;
        let yangliu = region(&app, "杨柳村").await;
        let liulin = region(&app, "柳林乡").await;
        let nanping = region(&app, "南坪村").await;
        let (other_village, other_federation) = {
            let mut tx = app.db.writer().begin().await.unwrap();
            let c = create_region(&mut tx, None, RegionLevel::County, "别县").await.unwrap();
            let f = create_federation(&mut tx, c, "别县妇女联合会").await.unwrap();
            let t = create_region(&mut tx, Some(c), RegionLevel::Township, "别镇").await.unwrap();
            let v = create_region(&mut tx, Some(t), RegionLevel::Village, "别村").await.unwrap();
            tx.commit().await.unwrap();
            (v, f)
        };
        let qinghe_federation = federation(&app, qinghe).await;
        account(&app, "13600000011", Role::Organizer, Some(yangliu), Some(qinghe_federation)).await;

        let mut by_place = Vec::new();
        for (n, place) in PLACES.into_iter().enumerate() {
            let (owner, venue, village) = match place {
                Place::Own => (qinghe_federation, yangliu, yangliu),
                Place::Child => (federation(&app, dongwan).await, dongwan, dongwan),
                Place::Sibling => (federation(&app, liulin).await, nanping, nanping),
                // The county's activity is held in her own village; its people live in the
                // county's other township.
                Place::Parent => (federation(&app, county).await, yangliu, nanping),
                Place::OtherCounty => (other_federation, other_village, other_village),
            };
            by_place.push((place, records(&app, n as u8, owner, venue, village).await));
        }
        // The county's group belongs to the county, not to her village.
        sqlx::query("UPDATE aid_groups SET region_id = $1 WHERE id = $2")
            .bind(county)
            .bind(by_place[3].1.group)
            .execute(app.db.writer())
            .await
            .unwrap();
        let own = by_place[0].1;

        let mut wrong = Vec::new();
        for caller in CALLERS {
            let phone = match caller {
                Caller::TownshipOrganizer => "13600000011",
                Caller::Volunteer => backend::seed::DEMO_VOLUNTEER,
                Caller::Member => "13800000010",
            };
            let client = app.login(phone).await;
            for (method, path, form, reach) in PROBES {
                for (place, records) in &by_place {
                    let url = app.url(&fill(path, records, &own));
                    let form: Vec<(String, String)> = form
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), fill(v, records, &own)))
                        .collect();
                    let req = match *method {
                        "GET" => client.get(url),
                        _ => client.post(url).form(&form),
                    };
                    let res = req.send().await.unwrap();
                    let status = res.status().as_u16();
                    let body = res.text().await.unwrap_or_default();
                    let expected = reach.allows(caller, *place);
                    if status >= 500 || denied(status, &body) == expected {
                        wrong.push(format!(
                            "{caller:?} {method} {path} at {place:?}: {status} {}, expected {}",
                            body.chars().take(80).collect::<String>(),
                            if expected { "allowed" } else { "denied" }
                        ));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "area matrix violated:\n{}", wrong.join("\n"));
    }
}
