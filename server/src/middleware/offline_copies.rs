//! What the phone may keep for reading offline. The service worker (`public/sw.js`) keeps a
//! copy of a page only when its answer says `Tongxin-Offline: keep`, and this is the one
//! place that decides it:
//!
//! - the activity list (`/`, or one category of it), for everyone;
//! - an activity's page and its "cancel?" page, for a visitor and for a member (a volunteer's
//!   or organizer's copy lists the women of her area she may sign up);
//! - her "my activities" (`/me/activities`, with her check-in codes), for a member (and an
//!   admin); a volunteer's or organizer's also lists the women she signed up, with their codes.
//!
//! Nothing else: not her profile, her data, notifications, circles, groups, organizer or admin
//! pages. A page that shows something only once (a form's flash: a calendar address, a code)
//! or an error is never kept, nor a filtered or searched list.
//!
//! Every page answered to someone who is not logged in also says `visitor`: the worker then
//! drops the copies it kept for a logged-in woman (her session ended or she logged out on a
//! browser that ignores `Clear-Site-Data`) and, as logging out does, nothing personal stays.

use app::ssr::forms::Kept;
use app::ssr::PageFacts;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use domain::account::Role;
use http::{HeaderName, HeaderValue};

use super::is_page;

/// The answer's word to the service worker.
pub const OFFLINE_HEADER: HeaderName = HeaderName::from_static("tongxin-offline");

/// Who is looking at a page, as far as keeping it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    Visitor,
    Logged(Role),
}

pub async fn offline_copies(req: Request, next: Next) -> Response {
    if !is_page(&req) {
        return next.run(req).await;
    }
    let viewer = match req
        .extensions()
        .get::<PageFacts>()
        .and_then(|f| f.user.as_ref())
    {
        Some(user) => Viewer::Logged(user.role),
        None => Viewer::Visitor,
    };
    let flash = req
        .extensions()
        .get::<Kept>()
        .is_some_and(|k| !k.0.is_empty());
    let keep = !flash && may_keep(req.uri().path(), req.uri().query(), viewer);
    let mut res = next.run(req).await;
    let word = match (keep && res.status().is_success(), viewer) {
        (true, Viewer::Visitor) => "keep, visitor",
        (true, Viewer::Logged(_)) => "keep",
        (false, Viewer::Visitor) => "visitor",
        (false, Viewer::Logged(_)) => "no",
    };
    res.headers_mut()
        .insert(OFFLINE_HEADER, HeaderValue::from_static(word));
    res
}

/// Whether the page at `path?query` may be kept on the phone of this viewer.
pub fn may_keep(path: &str, query: Option<&str>, viewer: Viewer) -> bool {
    let reader = matches!(viewer, Viewer::Visitor | Viewer::Logged(Role::Member));
    let only = |allowed: &[&str]| {
        query.unwrap_or_default().split('&').all(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            name.is_empty() || allowed.contains(&name)
        })
    };
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let segments: Vec<&str> = rest.split('/').collect();
    match segments.as_slice() {
        [""] => only(&["category"]),
        ["activities", id] => reader && is_id(id) && only(&["done"]),
        ["activities", id, "cancel"] => reader && is_id(id) && only(&[]),
        ["me", "activities"] => {
            matches!(viewer, Viewer::Logged(Role::Member | Role::Admin)) && only(&["done"])
        }
        _ => false,
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const VISITOR: Viewer = Viewer::Visitor;
    const MEMBER: Viewer = Viewer::Logged(Role::Member);
    const VOLUNTEER: Viewer = Viewer::Logged(Role::Volunteer);
    const ORGANIZER: Viewer = Viewer::Logged(Role::Organizer);
    const ADMIN: Viewer = Viewer::Logged(Role::Admin);

    #[test]
    fn the_list_activities_and_her_activities_are_kept() {
        for viewer in [VISITOR, MEMBER, VOLUNTEER, ORGANIZER, ADMIN] {
            assert!(may_keep("/", None, viewer), "{viewer:?}");
            assert!(may_keep("/", Some("category=legal_aid"), viewer));
        }
        for viewer in [VISITOR, MEMBER] {
            assert!(may_keep("/activities/12", None, viewer));
            assert!(may_keep("/activities/12", Some("done=signed_up"), viewer));
            assert!(may_keep("/activities/12/cancel", None, viewer));
        }
        assert!(may_keep("/me/activities", None, MEMBER));
        assert!(may_keep("/me/activities", None, ADMIN));
    }

    #[test]
    fn nothing_else_is_kept() {
        // A helper's copy of an activity lists the women she may sign up.
        for viewer in [VOLUNTEER, ORGANIZER, ADMIN] {
            assert!(!may_keep("/activities/12", None, viewer), "{viewer:?}");
            assert!(!may_keep("/activities/12/cancel", None, viewer));
        }
        // A helper's lists the women she signed up, with their check-in codes.
        for viewer in [VISITOR, VOLUNTEER, ORGANIZER] {
            assert!(!may_keep("/me/activities", None, viewer), "{viewer:?}");
        }
        for path in [
            "/me",
            "/me/data",
            "/me/delete",
            "/notifications",
            "/groups",
            "/groups/1",
            "/circles",
            "/circles/1",
            "/threads/1",
            "/moderation",
            "/organizer",
            "/organizer/activities/1",
            "/admin",
            "/admin/outbox",
            "/helper/women",
            "/login",
            "/register",
            "/privacy",
            "/activities",
            "/activities/x",
            "/activities/1/edit",
            "/activities/",
            "//",
        ] {
            for viewer in [VISITOR, MEMBER, VOLUNTEER, ORGANIZER, ADMIN] {
                assert!(!may_keep(path, None, viewer), "{path} {viewer:?}");
            }
        }
    }

    #[test]
    fn errors_searches_and_filters_are_not_kept() {
        assert!(!may_keep("/activities/3", Some("error=full"), MEMBER));
        assert!(!may_keep(
            "/activities/3",
            Some("done=signed_up&error=x"),
            MEMBER
        ));
        assert!(!may_keep("/activities/3", Some("want=signup"), VISITOR));
        assert!(
            !may_keep("/", Some("q=%E7%A6%BB%E5%A9%9A"), MEMBER),
            "what she searched for"
        );
        assert!(!may_keep("/", Some("area=near"), MEMBER));
        assert!(!may_keep("/me/activities", Some("error=x"), MEMBER));
    }
}
