//! The organizer's activity pages: `/organizer/activities/new`, `…/{id}/edit` and the roster
//! `…/{id}` (check-in, approvals, no-shows, CSV export, publishing and cancelling).

use crate::components::layout::PageTitle;
use domain::activity::ActivityStatus;
use domain::activity_form::ActivityForm;
use domain::roster::{Roster, RosterEntry};
use domain::signup::SignupStatus;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::activities::{get_activity_form, organizer_places};
use crate::api::roster::get_roster;
use crate::components::activity_form::{values_after_error, ActivityFields};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{invalid, query_value, FormNotice};
use crate::i18n::{use_texts, when_in_words};
use crate::routes::id_param;

/// The list on `/organizer`: her federation's activities, with a link to post a new one.
#[component]
pub fn ManagedActivities(list: Vec<domain::roster::ManagedActivity>) -> impl IntoView {
    let t = use_texts();
    let now = crate::server_now();
    view! {
        <section aria-labelledby="managed-heading">
            <h2 id="managed-heading">{t.managed_heading}</h2>
            <p><a class="button" href="/organizer/activities/new">{t.new_activity_button}</a></p>
            <ul class="managed">
                {list.into_iter().map(|a| view! {
                    <li>
                        <a href=format!("/organizer/activities/{}", a.id)>{a.title}</a>
                        " · "{when_in_words(t, a.starts_at, now)}
                        " · "{(t.activity_status)(a.status)}
                        " · "{(t.seats_taken_of)(a.seats_taken, a.capacity)}
                        {(a.waitlisted > 0).then(|| format!(" · {}", (t.waitlisted_count)(a.waitlisted)))}
                        {(a.pending > 0).then(|| format!(" · {}", (t.pending_count)(a.pending)))}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn NewActivityPage() -> impl IntoView {
    let t = use_texts();
    let places = Resource::new(|| (), |_| organizer_places());
    view! {
        <PageTitle text=format!("{} · {}", t.new_activity_heading, t.app_name) />
        <h1 class="page-title">{t.new_activity_heading}</h1>
        <FormNotice />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    places.await.map(|places| {
                        let defaults = ActivityForm {
                            category: "culture_sports".into(),
                            companions_allowed: "0".into(),
                            ..ActivityForm::default()
                        };
                        view! {
                            <form method="post" action=crate::api::activities::CreateActivity::PATH class="form activity-form">
                                <ActivityFields values=values_after_error(defaults) places is_new=true />
                                <button type="submit">{t.publish_button}</button>
                            </form>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
pub fn EditActivityPage() -> impl IntoView {
    let t = use_texts();
    let id = id_param();
    let data = Resource::new(id, |id| async move {
        let id = id.ok_or_else(domain::AppError::not_found)?;
        Ok::<_, domain::AppError>((id, get_activity_form(id).await?, organizer_places().await?))
    });
    view! {
        <PageTitle text=format!("{} · {}", t.edit_activity_heading, t.app_name) />
        <h1 class="page-title">{t.edit_activity_heading}</h1>
        <FormNotice />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    data.await.map(|(id, form, places)| view! {
                        <form method="post" action=crate::api::activities::UpdateActivity::PATH class="form activity-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <ActivityFields values=values_after_error(form) places is_new=false />
                            <p class="hint">{t.edit_notifies_hint}</p>
                            <button type="submit">{t.save_button}</button>
                        </form>
                        <p><a href=format!("/organizer/activities/{id}")>{t.back_to_roster}</a></p>
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let id = id_param();
    let roster = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_roster(id).await,
            None => Err(domain::AppError::not_found()),
        }
    });
    view! {
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move { roster.await.map(|r| view! { <RosterView r /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn RosterView(r: Roster) -> impl IntoView {
    let t = use_texts();
    let a = r.activity.clone();
    let id = a.id;
    let now = crate::server_now();
    let started = a.starts_at <= now;
    let checked_in_name = query_value("name");
    let done = vec![
        ("created", t.done_created),
        ("saved", t.done_saved),
        ("published", t.done_published),
        ("cancelled", t.done_activity_cancelled),
        ("removed", t.done_removed),
        ("no_shows", t.done_no_shows),
    ];
    let confirmed = r.with_status(SignupStatus::Confirmed);
    let waiting = r.with_status(SignupStatus::Waitlisted);
    let pending = r.with_status(SignupStatus::Pending);
    let checked_count = r.checked_in();
    view! {
        <PageTitle text=format!("{} · {}", a.title, t.app_name) />
        <h1 class="page-title">{a.title.clone()}</h1>
        <p>
            {when_in_words(t, a.starts_at, now)}" · "{(t.activity_status)(a.status)}" · "
            {(t.seats_taken_of)(a.seats_taken, a.capacity)}
        </p>
        <FormNotice done />
        {checked_in_name.map(|name| view! { <p class="notice" role="status" id="checkin-result">{(t.checked_in_as)(&name)}</p> })}
        <p class="actions">
            {(a.status != ActivityStatus::Draft).then(|| view! { <a class="button secondary" href=format!("/activities/{id}")>{t.view_public_page}</a> })}
            {(a.status != ActivityStatus::Cancelled).then(|| view! { <a class="button secondary" href=format!("/organizer/activities/{id}/edit")>{t.edit_button}</a> })}
        </p>
        {(a.status == ActivityStatus::Draft).then(|| view! {
            <form method="post" action=crate::api::activities::PublishActivity::PATH>
                <input type="hidden" name="id" value=id.to_string() />
                <button type="submit">{t.publish_button}</button>
            </form>
        })}

        {(a.status == ActivityStatus::Published).then(|| view! {
            <section aria-labelledby="checkin-heading" class="checkin">
                <h2 id="checkin-heading">{t.checkin_heading}</h2>
                <form method="post" action=crate::api::roster::CheckIn::PATH class="form inline">
                    <input type="hidden" name="activity_id" value=id.to_string() />
                    <label for="code">{t.checkin_code_input_label}</label>
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="off" maxlength="12" required
                        value=query_value("code").unwrap_or_default() aria-invalid=invalid("code") />
                    <button type="submit">{t.checkin_button}</button>
                </form>
                <p class="hint">{t.checkin_scan_hint}</p>
            </section>
        })}

        <section aria-labelledby="confirmed-heading">
            <h2 id="confirmed-heading">{t.confirmed_heading}" ("{confirmed.len()}", "{(t.checked_in_count)(checked_count)}")"</h2>
            <ul class="roster">
                {confirmed.into_iter().map(|e| view! { <RosterLine e /> }).collect_view()}
            </ul>
            {started.then(|| view! {
                <form method="post" action=crate::api::roster::MarkNoShows::PATH>
                    <input type="hidden" name="activity_id" value=id.to_string() />
                    <button type="submit" class="secondary">{t.mark_no_shows_button}</button>
                </form>
            })}
        </section>
        {(!pending.is_empty()).then(|| view! {
            <section aria-labelledby="pending-heading">
                <h2 id="pending-heading">{t.pending_heading}</h2>
                <ul class="roster">{pending.into_iter().map(|e| view! { <RosterLine e /> }).collect_view()}</ul>
            </section>
        })}
        {(!waiting.is_empty()).then(|| view! {
            <section aria-labelledby="waiting-heading">
                <h2 id="waiting-heading">{t.waitlist_heading}</h2>
                <ol class="roster">{waiting.into_iter().map(|e| view! { <RosterLine e /> }).collect_view()}</ol>
            </section>
        })}
        <section aria-labelledby="export-heading">
            <h2 id="export-heading">{t.export_roster_heading}</h2>
            <p>
                <a class="button secondary" href=format!("/organizer/activities/{id}/roster.csv")>{t.export_csv_masked}</a>
                " "
                <a class="button secondary" href=format!("/organizer/activities/{id}/roster.csv?phones=full")>{t.export_csv_full}</a>
            </p>
            <p class="hint">{t.export_full_hint}</p>
        </section>
        {(a.status != ActivityStatus::Cancelled).then(|| view! {
            <section aria-labelledby="cancel-heading" class="danger-zone">
                <h2 id="cancel-heading">{t.cancel_activity_heading}</h2>
                <p>{t.cancel_activity_hint}</p>
                <form method="post" action=crate::api::activities::CancelActivity::PATH>
                    <input type="hidden" name="id" value=id.to_string() />
                    <button type="submit" class="danger">{t.cancel_activity_button}</button>
                </form>
            </section>
        })}
        <p><a href="/organizer">{t.back_to_organizer}</a></p>
    }
}

/// One person on the roster, with the buttons that fit her status.
#[component]
fn RosterLine(e: RosterEntry) -> impl IntoView {
    let t = use_texts();
    let sid = e.signup_id.to_string();
    let companions = (e.companions > 0).then(|| format!(" +{}", e.companions));
    let button = move |action: &'static str,
                       field: &'static str,
                       value: &'static str,
                       label: &'static str,
                       class: &'static str| {
        view! {
            <form method="post" action=action class="inline">
                <input type="hidden" name="signup_id" value=sid.clone() />
                {(!field.is_empty()).then(|| view! { <input type="hidden" name=field value=value /> })}
                <button type="submit" class=class>{label}</button>
            </form>
        }
    };
    view! {
        <li class="roster-line" class:checked=e.checked_in data-signup=e.signup_id>
            <span class="who">
                {e.waitlist_position.map(|p| format!("{p}. "))}
                <strong>{e.display_name.clone()}</strong>{companions}
                " · "{e.village.clone()}" · "<span class="phone">{e.phone_masked.clone()}</span>
                {e.on_behalf.then(|| format!(" · {}", t.on_behalf_mark))}
                {e.checked_in.then(|| view! { " · " <span class="badge ok">{t.checked_in_mark}</span> })}
                {e.no_show.then(|| view! { " · " <span class="badge">{t.no_show_mark}</span> })}
            </span>
            <span class="line-actions">
                {match e.status {
                    SignupStatus::Confirmed if e.checked_in => button(crate::api::roster::SetCheckedIn::PATH, "present", "0", t.undo_checkin_button, "secondary").into_any(),
                    SignupStatus::Confirmed => button(crate::api::roster::SetCheckedIn::PATH, "present", "1", t.tick_checkin_button, "").into_any(),
                    SignupStatus::Pending => view! {
                        {button(crate::api::roster::Decide::PATH, "approve", "1", t.approve_button, "")}
                        {button(crate::api::roster::Decide::PATH, "approve", "0", t.decline_button, "secondary")}
                    }.into_any(),
                    SignupStatus::Waitlisted | SignupStatus::Cancelled | SignupStatus::Declined => ().into_any(),
                }}
                {button(crate::api::roster::RemoveSignup::PATH, "", "", t.remove_button, "secondary")}
            </span>
        </li>
    }
}
