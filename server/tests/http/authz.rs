//! The authorization matrix: every server function and page × every role, with the expected
//! answer. A server function or page that is not in the matrix fails
//! `every_endpoint_is_in_the_matrix`, so nobody can add one without deciding who may use it.

use backend::identity::Role;
use backend::services::regions::{create_federation, create_region};
use backend::services::users::{self, NewUser};
use domain::region::RegionLevel;
use domain::Phone;

use crate::support::TestApp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum As {
    Anonymous,
    Member,
    Volunteer,
    OrganizerHere,
    OrganizerElsewhere,
    Admin,
}

const ROLES: [As; 6] = [
    As::Anonymous,
    As::Member,
    As::Volunteer,
    As::OrganizerHere,
    As::OrganizerElsewhere,
    As::Admin,
];

/// Who may call an endpoint.
#[derive(Clone, Copy, Debug)]
pub enum Access {
    /// Everyone, logged in or not.
    Public,
    /// Any logged-in account.
    LoggedIn,
    /// Organizers (each for her own area; the area itself is tested in `organizers.rs`).
    Organizer,
    /// Organizers of the area the probed thing (demo activity 1) is in.
    OrganizerHere,
    /// Volunteers and organizers: those who help women sign up.
    Helper,
    /// Members, volunteers and organizers of the area of the probed circle or group (demo
    /// circle 1 and group 1 belong to the demo county, where all of these live or work).
    AreaPeople,
    /// The probed member only (she belongs to demo group 1).
    GroupMember,
    /// Admins only.
    Admin,
    /// Those who keep a care ledger: organizers, and volunteers made keepers (the demo
    /// volunteer keeps 东湾村's). How far each reaches is tested in `ledger.rs` and
    /// `area_matrix.rs`.
    LedgerKeeper,
}

impl Access {
    fn allows(self, who: As) -> bool {
        match self {
            Access::Public => true,
            Access::LoggedIn => who != As::Anonymous,
            Access::Organizer => matches!(who, As::OrganizerHere | As::OrganizerElsewhere),
            Access::OrganizerHere => who == As::OrganizerHere,
            Access::Helper => matches!(
                who,
                As::Volunteer | As::OrganizerHere | As::OrganizerElsewhere
            ),
            Access::AreaPeople => matches!(who, As::Member | As::Volunteer | As::OrganizerHere),
            Access::GroupMember => who == As::Member,
            Access::Admin => who == As::Admin,
            Access::LedgerKeeper => matches!(
                who,
                As::Volunteer | As::OrganizerHere | As::OrganizerElsewhere
            ),
        }
    }
}

/// (method, path, form fields, access). Inputs are chosen to pass authorization but change
/// nothing lasting (wrong passwords, for instance), so one account serves every row.
pub type Row = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Access,
);
/// Every server function, with arguments that can be read (`bad_requests.rs` spoils them).
pub const SERVER_FNS: &[Row] = &[
    ("GET", "/api/activities/list", &[], Access::Public),
    ("GET", "/api/activities/get?id=1", &[], Access::Public),
    (
        "GET",
        "/api/activities/my_signup?activity_id=1",
        &[],
        Access::Public,
    ),
    // Probed against a cancelled-looking id so nobody takes a seat.
    (
        "POST",
        "/api/activities/signup",
        &[("activity_id", "999999")],
        Access::LoggedIn,
    ),
    (
        "POST",
        "/api/activities/cancel_signup",
        &[("activity_id", "999999")],
        Access::LoggedIn,
    ),
    ("GET", "/api/activities/mine", &[], Access::LoggedIn),
    // Empty or unknown inputs: organizers get 400/404, everyone else 401/403.
    ("POST", "/api/activities/create", &[], Access::Organizer),
    (
        "POST",
        "/api/activities/update",
        &[("id", "999999"), ("title", "x")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/activities/publish",
        &[("id", "999999")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/activities/cancel",
        &[("id", "999999")],
        Access::Organizer,
    ),
    (
        "GET",
        "/api/activities/form?id=1",
        &[],
        Access::OrganizerHere,
    ),
    (
        "GET",
        "/api/activities/series_dates?id=1",
        &[],
        Access::OrganizerHere,
    ),
    ("GET", "/api/activities/places", &[], Access::Organizer),
    ("GET", "/api/activities/managed", &[], Access::Organizer),
    (
        "POST",
        "/api/activities/signup_for",
        &[("activity_id", "999999"), ("phone", "1")],
        Access::Helper,
    ),
    ("GET", "/api/activities/helper_members", &[], Access::Helper),
    (
        "POST",
        "/api/helped/add",
        &[("display_name", "x")],
        Access::Helper,
    ),
    ("GET", "/api/helped/women", &[], Access::Helper),
    // Every field is optional to read (the rules refuse what is missing).
    ("POST", "/api/ledger/save", &[], Access::LedgerKeeper),
    ("GET", "/api/ledger/villages", &[], Access::LedgerKeeper),
    ("GET", "/api/ledger/list", &[], Access::LedgerKeeper),
    ("GET", "/api/ledger/figures", &[], Access::Organizer),
    ("GET", "/api/help/figures", &[], Access::Organizer),
    (
        "GET",
        "/api/ledger/record?id=999999",
        &[],
        Access::LedgerKeeper,
    ),
    (
        "POST",
        "/api/ledger/visit",
        &[
            ("id", "999999"),
            ("visited_on", "2026-11-01"),
            ("found", "x"),
        ],
        Access::LedgerKeeper,
    ),
    (
        "POST",
        "/api/ledger/close",
        &[("id", "999999")],
        Access::LedgerKeeper,
    ),
    (
        "POST",
        "/api/ledger/withdraw",
        &[("id", "999999"), ("method", "written")],
        Access::LedgerKeeper,
    ),
    (
        "POST",
        "/api/ledger/link",
        &[("id", "999999"), ("member_id", "999999")],
        Access::LedgerKeeper,
    ),
    (
        "POST",
        "/api/ledger/keeper",
        &[("volunteer_id", "999999")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/ledger/answer",
        &[
            ("request_id", "999999"),
            ("outcome", "done"),
            ("answer", "x"),
        ],
        Access::Organizer,
    ),
    ("GET", "/api/me/ledger", &[], Access::LoggedIn),
    ("POST", "/api/me/ledger_request", &[], Access::LoggedIn),
    (
        "POST",
        "/api/helped/give_code",
        &[("member_id", "999999")],
        Access::Helper,
    ),
    (
        "POST",
        "/api/helped/give_code_by_phone",
        &[("phone", "1")],
        Access::Helper,
    ),
    (
        "POST",
        "/api/auth/claim",
        &[("phone", "1"), ("code", "1"), ("password", "x")],
        Access::Public,
    ),
    // A number that cannot be one: nothing is texted.
    (
        "POST",
        "/api/auth/reset_start",
        &[("phone", "1")],
        Access::Public,
    ),
    (
        "POST",
        "/api/auth/reset_finish",
        &[("phone", "1"), ("code", "1"), ("new_password", "x")],
        Access::Public,
    ),
    (
        "POST",
        "/api/auth/register_code",
        &[("phone", "1")],
        Access::Public,
    ),
    // Help requests: every field is optional to the function (a radio left unchosen is not
    // sent), so an empty form is refused field by field (400 `help_kind_invalid`) for anyone
    // logged in.
    ("POST", "/api/help/request", &[], Access::LoggedIn),
    ("GET", "/api/me/help", &[], Access::LoggedIn),
    ("GET", "/api/help/queue", &[], Access::Helper),
    // Unknown requests: not found for those who handle requests, refused for the rest.
    ("GET", "/api/help/case?id=999999", &[], Access::Helper),
    (
        "POST",
        "/api/help/update",
        &[("id", "999999"), ("state", "acknowledged"), ("note", "x")],
        Access::Helper,
    ),
    // Only organizers give a request to a volunteer.
    (
        "POST",
        "/api/help/assign",
        &[("id", "999999")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/help/refer",
        &[("id", "999999"), ("department", "health")],
        Access::Helper,
    ),
    (
        "POST",
        "/api/help/referral_outcome",
        &[("referral_id", "999999"), ("outcome", "x")],
        Access::Helper,
    ),
    // Her own requests only: an unknown one is not found for anyone logged in.
    (
        "POST",
        "/api/help/withdraw",
        &[("id", "999999")],
        Access::LoggedIn,
    ),
    ("GET", "/api/activities/helped", &[], Access::Helper),
    // Only sign-ups she made herself: demo sign-up 1 is not found for any helper.
    (
        "POST",
        "/api/activities/cancel_for",
        &[("signup_id", "1")],
        Access::Helper,
    ),
    (
        "GET",
        "/api/roster/get?activity_id=1",
        &[],
        Access::OrganizerHere,
    ),
    (
        "POST",
        "/api/roster/check_in",
        &[("activity_id", "1"), ("code", "none")],
        Access::OrganizerHere,
    ),
    (
        "POST",
        "/api/roster/set_checked_in",
        &[("signup_id", "999999"), ("present", "1")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/roster/mark_no_shows",
        &[("activity_id", "1")],
        Access::OrganizerHere,
    ),
    (
        "POST",
        "/api/roster/decide",
        &[("signup_id", "999999"), ("approve", "1")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/roster/remove",
        &[("signup_id", "999999"), ("reason", "duplicate")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/roster/undo_remove",
        &[("signup_id", "999999")],
        Access::Organizer,
    ),
    ("GET", "/api/notifications/list", &[], Access::LoggedIn),
    (
        "POST",
        "/api/notifications/mark_read",
        &[("up_to", "0")],
        Access::LoggedIn,
    ),
    (
        "GET",
        "/api/notifications/unread_count",
        &[],
        Access::Public,
    ),
    ("GET", "/api/me/calendar_feed", &[], Access::LoggedIn),
    ("POST", "/api/me/new_calendar_feed", &[], Access::LoggedIn),
    (
        "POST",
        "/api/me/revoke_calendar_feed",
        &[],
        Access::LoggedIn,
    ),
    ("GET", "/api/me/author_reveals", &[], Access::LoggedIn),
    ("GET", "/api/circles/list", &[], Access::Public),
    ("GET", "/api/circles/get?id=1", &[], Access::AreaPeople),
    ("GET", "/api/circles/thread?id=1", &[], Access::AreaPeople),
    (
        "POST",
        "/api/circles/post_thread",
        &[("circle_id", "1"), ("title", ""), ("body", "")],
        Access::AreaPeople,
    ),
    (
        "POST",
        "/api/circles/reply",
        &[("thread_id", "1"), ("body", "")],
        Access::AreaPeople,
    ),
    (
        "POST",
        "/api/circles/report",
        &[("post_id", "1"), ("reason", "")],
        Access::AreaPeople,
    ),
    (
        "POST",
        "/api/circles/helpful",
        &[("post_id", "1")],
        Access::AreaPeople,
    ),
    (
        "POST",
        "/api/circles/delete_post",
        &[("post_id", "999999"), ("confirm", "1")],
        Access::LoggedIn,
    ),
    (
        "POST",
        "/api/circles/create",
        &[("name", "")],
        Access::Organizer,
    ),
    ("GET", "/api/moderation/queue", &[], Access::Helper),
    ("GET", "/api/moderation/log", &[], Access::Helper),
    ("GET", "/api/moderation/mutes", &[], Access::Helper),
    // Organizers only (volunteers are refused before the post is looked up).
    (
        "POST",
        "/api/moderation/reveal_author",
        &[("post_id", "999999"), ("reason", "x")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/moderation/act",
        &[("post_id", "999999"), ("action", "restore")],
        Access::Helper,
    ),
    (
        "POST",
        "/api/organizer/assign_moderator",
        &[("user_id", "999999"), ("circle_id", "1")],
        Access::Organizer,
    ),
    ("GET", "/api/groups/list", &[], Access::Public),
    ("GET", "/api/groups/get?id=1", &[], Access::AreaPeople),
    (
        "POST",
        "/api/groups/create",
        &[("name", ""), ("need", "other")],
        Access::Organizer,
    ),
    // Probed on the approval group: asking to join changes only her own membership.
    (
        "POST",
        "/api/groups/join",
        &[("group_id", "2")],
        Access::AreaPeople,
    ),
    (
        "POST",
        "/api/groups/leave",
        &[("group_id", "999999")],
        Access::LoggedIn,
    ),
    (
        "POST",
        "/api/groups/approve",
        &[("group_id", "1"), ("user_id", "999999")],
        Access::OrganizerHere,
    ),
    (
        "POST",
        "/api/groups/post",
        &[("group_id", "1"), ("body", "")],
        Access::GroupMember,
    ),
    ("GET", "/api/admin/word_rules", &[], Access::Admin),
    (
        "POST",
        "/api/admin/set_word_rule",
        &[("word", ""), ("action", "block")],
        Access::Admin,
    ),
    (
        "POST",
        "/api/admin/remove_word_rule",
        &[("word", "不存在的词")],
        Access::Admin,
    ),
    // Her own posts are hers to delete; an unknown post is not found for anyone logged in.
    (
        "POST",
        "/api/groups/delete_post",
        &[("post_id", "999999")],
        Access::LoggedIn,
    ),
    ("GET", "/api/groups/can_create", &[], Access::Public),
    (
        "POST",
        "/api/organizer/allow_group_creator",
        &[("user_id", "999999")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/organizer/revoke_group_creator",
        &[("user_id", "999999")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/organizer/unassign_moderator",
        &[("user_id", "999999"), ("circle_id", "1")],
        Access::Organizer,
    ),
    (
        "POST",
        "/api/organizer/remove_volunteer",
        &[("user_id", "999999")],
        Access::Organizer,
    ),
    ("GET", "/api/admin/organizers", &[], Access::Admin),
    ("GET", "/api/admin/outbox", &[], Access::Admin),
    (
        "POST",
        "/api/admin/remove_organizer",
        &[("user_id", "999999")],
        Access::Admin,
    ),
    ("GET", "/api/regions/villages", &[], Access::Public),
    ("GET", "/api/auth/me", &[], Access::Public),
    (
        "POST",
        "/api/auth/register",
        &[("phone", "1"), ("password", "x"), ("display_name", "x")],
        Access::Public,
    ),
    (
        "POST",
        "/api/auth/login",
        &[("phone", "1"), ("password", "x")],
        Access::Public,
    ),
    ("POST", "/api/auth/logout", &[], Access::Public),
    // A wrong password: allowed to try, changes nothing (400, not 401/403).
    (
        "POST",
        "/api/auth/reauth",
        &[("password", "wrong-password")],
        Access::LoggedIn,
    ),
    ("POST", "/api/auth/logout_everywhere", &[], Access::LoggedIn),
    (
        "POST",
        "/api/auth/change_password",
        &[
            ("old_password", "wrong-password"),
            ("new_password", "whatever-new"),
        ],
        Access::LoggedIn,
    ),
    ("GET", "/api/me/profile", &[], Access::Public),
    (
        "POST",
        "/api/me/update_profile",
        &[("display_name", "")],
        Access::LoggedIn,
    ),
    ("GET", "/api/me/export", &[], Access::LoggedIn),
    ("GET", "/api/me/data", &[], Access::LoggedIn),
    (
        "POST",
        "/api/me/texts",
        &[("texts", "maybe")],
        Access::LoggedIn,
    ),
    (
        "POST",
        "/api/me/delete_account",
        &[("password", "wrong-password")],
        Access::LoggedIn,
    ),
    (
        "POST",
        "/api/auth/redeem_invitation",
        &[("code", "not-a-code")],
        Access::LoggedIn,
    ),
    ("GET", "/api/organizer/volunteers", &[], Access::Organizer),
    (
        "POST",
        "/api/organizer/appoint_volunteer",
        &[("phone", "1")],
        Access::Organizer,
    ),
    ("GET", "/api/admin/regions", &[], Access::Admin),
    ("GET", "/api/admin/audit_log", &[], Access::Admin),
    (
        "POST",
        "/api/admin/add_region",
        &[("name", "")],
        Access::Admin,
    ),
    (
        "POST",
        "/api/admin/add_federation",
        &[("region_id", "999999"), ("name", "x")],
        Access::Admin,
    ),
    (
        "POST",
        "/api/admin/invite_organizer",
        &[("federation_id", "999999")],
        Access::Admin,
    ),
];

/// Pages (Leptos routes) and plain routes: all GET.
const PAGES: &[(&str, Access)] = &[
    ("/", Access::Public),
    ("/groups", Access::Public),
    ("/circles", Access::Public),
    ("/me", Access::Public),
    ("/me/delete", Access::Public),
    ("/login", Access::Public),
    ("/register", Access::Public),
    ("/reauth", Access::Public),
    ("/privacy", Access::Public),
    ("/admin", Access::Admin),
    ("/admin/outbox", Access::Admin),
    // Renders for everyone (a non-organizer sees the invitation form); its data is guarded.
    ("/organizer", Access::Public),
    ("/healthz", Access::Public),
    ("/readyz", Access::Public),
    ("/lang/en", Access::Public),
    ("/text-size/large", Access::Public),
    ("/activities/1", Access::Public),
    ("/activities/1/calendar.ics", Access::Public),
    // Her own sign-up only; "nothing to cancel" when she has none.
    ("/activities/1/cancel", Access::LoggedIn),
    ("/organizer/activities/new", Access::Organizer),
    ("/organizer/activities/1", Access::OrganizerHere),
    ("/organizer/activities/1/edit", Access::OrganizerHere),
    ("/organizer/activities/1/roster.csv", Access::OrganizerHere),
    ("/me/activities", Access::LoggedIn),
    ("/me/data", Access::LoggedIn),
    ("/notifications", Access::LoggedIn),
    ("/groups/1", Access::AreaPeople),
    ("/groups/1/leave", Access::AreaPeople),
    ("/circles/1", Access::AreaPeople),
    ("/threads/1", Access::AreaPeople),
    ("/moderation", Access::Helper),
    ("/helper/women", Access::Helper),
    ("/ledger", Access::LedgerKeeper),
    ("/ledger/new", Access::LedgerKeeper),
    ("/ledger/figures", Access::Organizer),
    // Probed with an id no record has: "not found" for keepers, refused for the others.
    ("/ledger/1", Access::LedgerKeeper),
    ("/ledger/1/edit", Access::LedgerKeeper),
    ("/me/ledger", Access::LoggedIn),
    // A visitor is greeted (and sees the numbers to call in danger); the form is for those
    // logged in.
    ("/help/new", Access::Public),
    ("/me/help", Access::LoggedIn),
    ("/help/queue", Access::Helper),
    // Demo request 1 (东湾村) is the demo volunteer's; another county's organizer gets 404.
    ("/help/1", Access::Helper),
    ("/claim", Access::Public),
    ("/forgot", Access::Public),
    // An unknown token is simply not found, for everyone.
    ("/calendar/x.ics", Access::Public),
    // POST only, with the configured token; otherwise 404 for everyone.
    ("/hooks/sms/aliyun/up/x", Access::Public),
];

/// Adds an organizer of another county's federation, and returns her phone number.
pub(crate) async fn organizer_elsewhere(app: &TestApp) -> &'static str {
    let phone = "13600000001";
    let mut tx = app.db.writer().begin().await.unwrap();
    let county = create_region(&mut tx, None, RegionLevel::County, "别县")
        .await
        .unwrap();
    let federation = create_federation(&mut tx, county, "别县妇女联合会")
        .await
        .unwrap();
    let hash = backend::password::hash("tongxin-demo".into())
        .await
        .unwrap();
    users::create(
        &mut tx,
        NewUser {
            phone: &Phone::parse(phone).unwrap(),
            password_hash: &hash,
            display_name: "外县主任",
            role: Role::Organizer,
            village_id: None,
            federation_id: Some(federation),
            birth_year: None,
            consent_version: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    phone
}

async fn client_for(app: &TestApp, who: As, elsewhere: &str) -> reqwest::Client {
    let client = TestApp::fresh_client();
    let phone = match who {
        As::Anonymous => return client,
        As::Member => "13800000010",
        As::Volunteer => backend::seed::DEMO_VOLUNTEER,
        As::OrganizerHere => backend::seed::DEMO_ORGANIZER,
        As::OrganizerElsewhere => elsewhere,
        As::Admin => backend::seed::DEMO_ADMIN,
    };
    let res = client
        .post(app.url("/api/auth/login"))
        .form(&[("phone", phone), ("password", "tongxin-demo")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{who:?} logs in");
    client
}

fn denied(status: reqwest::StatusCode) -> bool {
    status == 401 || status == 403
}

both_backends! {
    async fn every_role_gets_what_the_matrix_says(app) {
        let elsewhere = organizer_elsewhere(&app).await;
        let mut wrong = Vec::new();
        for who in ROLES {
            for (method, path, form, access) in SERVER_FNS {
                // A fresh login per row: some rows end sessions.
                let client = client_for(&app, who, elsewhere).await;
                let req = match *method {
                    "GET" => client.get(app.url(path)),
                    _ => client.post(app.url(path)).form(form),
                };
                let status = req.send().await.unwrap().status();
                if denied(status) == access.allows(who) || status.is_server_error() {
                    wrong.push(format!("{who:?} {method} {path}: {status}, expected {}", if access.allows(who) { "allowed" } else { "denied" }));
                }
            }
            let client = client_for(&app, who, elsewhere).await;
            for (path, access) in PAGES {
                let status = client.get(app.url(path)).send().await.unwrap().status();
                if denied(status) == access.allows(who) || status.is_server_error() {
                    wrong.push(format!("{who:?} GET {path}: {status}"));
                }
            }
        }
        assert!(wrong.is_empty(), "authorization matrix violated:\n{}", wrong.join("\n"));
    }
}

// A runtime, because listing the routes builds the app's shell (the header's resources).
#[tokio::test]
async fn every_endpoint_is_in_the_matrix() {
    let mut missing = Vec::new();
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        if !SERVER_FNS.iter().any(|(m, p, _, _)| {
            p.split('?').next() == Some(path) && m.eq_ignore_ascii_case(method.as_str())
        }) {
            missing.push(format!("server function {method} {path}"));
        }
    }
    for route in leptos_axum::generate_route_list(app::App) {
        // Parameters are probed with 1 (a demo activity).
        let path = route.path().replace(":id", "1").replace("{id}", "1");
        if !PAGES.iter().any(|(p, _)| *p == path) {
            missing.push(format!("page {path}"));
        }
    }
    for (path, _) in server::routes::table() {
        let probe = path
            .replace("{tag}", "en")
            .replace("{size}", "large")
            .replace("{id}", "1")
            .replace("{file}", "x.ics")
            .replace("{token}", "x");
        if !PAGES.iter().any(|(p, _)| *p == probe) {
            missing.push(format!("plain route {path}"));
        }
    }
    assert!(
        missing.is_empty(),
        "add these to the authorization matrix in server/tests/http/authz.rs:\n{}",
        missing.join("\n")
    );
}
