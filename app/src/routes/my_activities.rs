//! `/me/activities`: her sign-ups with check-in codes and QR codes, and her private calendar
//! address.

use crate::components::layout::PageTitle;
use domain::signup::SignupStatus;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::activities::my_activities;
use crate::api::auth::who_am_i;
use crate::api::me::calendar_feed;
use crate::api::roster::{helped_signups, CancelFor};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{kept_value, Confirm, FormNotice};
use crate::i18n::{use_texts, when_in_words};
use domain::account::Role;
use domain::roster::HelpedSignup;

#[component]
pub fn MyActivitiesPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(
        || (),
        |_| async {
            let helps = who_am_i()
                .await?
                .is_some_and(|me| matches!(me.role, Role::Volunteer | Role::Organizer));
            let helped = if helps {
                Some(helped_signups().await?)
            } else {
                None
            };
            Ok::<_, domain::AppError>((my_activities().await?, calendar_feed().await?, helped))
        },
    );
    view! {
        <PageTitle text=format!("{} · {}", t.my_activities_heading, t.app_name) />
        <h1 class="page-title">{t.my_activities_heading}</h1>
        <FormNotice done=vec![("feed_revoked", t.done_feed_revoked), ("cancelled_for", t.joining.cancelled_for)] />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    data.await.map(|(list, feed, helped)| {
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
                            {helped.map(|helped| view! { <Helped helped now /> })}
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
    let fresh = kept_value("feed").filter(|f| f.starts_with("/calendar/"));
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

/// "我帮别人报的名": the sign-ups a volunteer or organizer made, with the codes she passes on
/// and a cancel that asks once (a fold that works without JavaScript).
#[component]
fn Helped(helped: Vec<HelpedSignup>, now: i64) -> impl IntoView {
    let t = use_texts();
    let empty = helped.is_empty();
    view! {
        <section aria-labelledby="helped-heading" id="helped">
            <h2 id="helped-heading">{t.joining.helped_heading}</h2>
            {empty.then(|| view! { <p class="empty">{t.joining.helped_empty}</p> })}
            <ul class="my-signups">
                {helped.into_iter().map(|h| {
                    let status = t.signup_state(h.status, h.waitlist_position);
                    let confirmed = h.status == SignupStatus::Confirmed;
                    let who = match &h.village {
                        Some(village) => format!("{} · {village}", h.member_name),
                        None => h.member_name.clone(),
                    };
                    view! {
                        <li class="my-signup">
                            <h3 class="card-title"><a href=format!("/activities/{}", h.activity_id)>{h.activity_title.clone()}</a></h3>
                            <p>{when_in_words(t, h.starts_at, now)}</p>
                            <p><strong>{who}</strong></p>
                            <p class="notice">{status}</p>
                            {(h.companions > 0).then(|| view! { <p>{(t.joining.companions_counted)(h.companions)}</p> })}
                            {confirmed.then(|| view! {
                                <p>{t.checkin_code_label}" "<strong class="code">{h.checkin_code.clone()}</strong></p>
                                <p class="form-hint">{t.joining.helped_code_hint}</p>
                            })}
                            <Confirm label=t.cancel_signup_button question=t.joining.helped_cancel_question.to_owned()>
                                <form method="post" action=CancelFor::PATH>
                                    <input type="hidden" name="signup_id" value=h.signup_id.to_string() />
                                    <button type="submit" class="danger">{t.joining.helped_cancel_confirm}</button>
                                </form>
                            </Confirm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
