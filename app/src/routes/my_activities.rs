//! `/me/activities`: her sign-ups with check-in codes and QR codes, and her private calendar
//! address.

use crate::components::layout::PageTitle;
use domain::signup::SignupStatus;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::activities::my_activities;
use crate::api::me::calendar_feed;
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{query_value, FormNotice};
use crate::i18n::{use_texts, when_in_words};

#[component]
pub fn MyActivitiesPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(
        || (),
        |_| async { Ok::<_, domain::AppError>((my_activities().await?, calendar_feed().await?)) },
    );
    view! {
        <PageTitle text=format!("{} · {}", t.my_activities_heading, t.app_name) />
        <h1 class="page-title">{t.my_activities_heading}</h1>
        <FormNotice done=vec![("feed_revoked", t.done_feed_revoked)] />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    data.await.map(|(list, feed)| {
                        let now = crate::server_now();
                        let empty = list.is_empty();
                        view! {
                            {empty.then(|| view! { <p class="empty">{t.no_signups}" "<a href="/">{t.find_activities}</a></p> })}
                            <ul class="my-signups">
                                {list.into_iter().map(|s| {
                                    let status = if s.cancelled {
                                        t.activity_cancelled.to_owned()
                                    } else {
                                        t.signup_state(s.status, s.waitlist_position)
                                    };
                                    let show_code = s.status == SignupStatus::Confirmed && !s.cancelled;
                                    let qr = show_code.then(|| qr_svg(s.activity.id, &s.checkin_code, (t.qr_label)(&s.checkin_code)));
                                    view! {
                                        <li class="my-signup">
                                            <h2 class="card-title"><a href=format!("/activities/{}", s.activity.id)>{s.activity.title.clone()}</a></h2>
                                            <p>{when_in_words(t, s.activity.starts_at, now)}" · "{s.activity.venue.clone()}</p>
                                            <p class="notice">{status}</p>
                                            {show_code.then(|| view! {
                                                <p>{t.checkin_code_label}" "<strong class="code">{s.checkin_code.clone()}</strong>
                                                    {s.checked_in.then(|| view! { " · " <span class="badge ok">{t.checked_in_mark}</span> })}
                                                </p>
                                            })}
                                            {qr.map(|svg| view! { <div class="qr-box" inner_html=svg></div> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <CalendarFeed feed />
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// The QR code a woman shows at the door: it opens the roster's check-in with her code filled
/// in, so the organizer scans it with any phone camera or WeChat and taps once.
fn qr_svg(activity_id: i64, code: &str, label: String) -> String {
    #[cfg(feature = "ssr")]
    {
        backend::qr::svg(
            &format!(
                "{}/organizer/activities/{activity_id}?code={code}",
                crate::ssr::origin()
            ),
            &label,
        )
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (activity_id, code, label);
        String::new()
    }
}

#[component]
fn CalendarFeed(feed: Option<i64>) -> impl IntoView {
    let t = use_texts();
    // Shown once, straight after it was made (only its hash is kept).
    let fresh = query_value("feed").filter(|f| f.starts_with("/calendar/"));
    view! {
        <section aria-labelledby="feed-heading" class="calendar-feed">
            <h2 id="feed-heading">{t.calendar_feed_heading}</h2>
            <p>{t.calendar_feed_hint}</p>
            {fresh.map(|path| view! {
                <p class="notice" role="status">{t.calendar_feed_copy_now}</p>
                <p><input class="feed-url" type="text" readonly value=path aria-label=t.calendar_feed_heading /></p>
            })}
            <form method="post" action=crate::api::me::NewCalendarFeed::PATH class="inline">
                <button type="submit">{if feed.is_some() { t.calendar_feed_renew } else { t.calendar_feed_create }}</button>
            </form>
            {feed.is_some().then(|| view! {
                <form method="post" action=crate::api::me::RevokeCalendarFeed::PATH class="inline">
                    <button type="submit" class="secondary">{t.calendar_feed_revoke}</button>
                </form>
            })}
        </section>
    }
}
