//! `/activities/{id}`: one activity, readable aloud, with its calendar file.

use crate::components::layout::PageTitle;
use domain::account::Role;
use domain::activity::ActivityDetail;
use domain::signup::{SignupOutcome, SignupStatus};
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::activities::{get_activity, my_signup};
use crate::api::auth::who_am_i;
use crate::api::roster::helper_members;
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{invalid, query_value, FormNotice};
use crate::components::user_text::UserText;
use crate::i18n::{use_lang, use_texts, when_in_words};
use crate::islands::read_aloud::ReadAloud;
use crate::routes::id_param;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let id = id_param();
    let activity = Resource::new(id, |id| async move {
        match id {
            Some(id) => {
                let role = who_am_i().await?.map(|me| me.role);
                let people = if matches!(role, Some(Role::Volunteer | Role::Organizer)) {
                    helper_members().await.unwrap_or_default()
                } else {
                    Vec::new()
                };
                Ok((get_activity(id).await?, my_signup(id).await?, role, people))
            }
            None => Err(domain::AppError::not_found()),
        }
    });
    view! {
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move { activity.await.map(|(a, mine, role, people)| view! { <Activity a mine role people /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn Activity(
    a: ActivityDetail,
    mine: Option<SignupOutcome>,
    role: Option<Role>,
    people: Vec<domain::account::AreaPerson>,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let now = crate::server_now();
    let when = format!(
        "{} – {}",
        when_in_words(t, a.starts_at, now),
        domain::time::LocalDateTime::from_utc_secs(a.ends_at).hhmm()
    );
    let place = format!("{} · {}", a.venue, a.place_name);
    let seats = if a.seats_left() > 0 {
        (t.seats_left)(a.seats_left())
    } else {
        t.full.to_owned()
    };
    let spoken = format!("{}。{}。{}。{}", a.title, when, place, a.description);
    let description = a.description.clone();
    let helps = !a.is_cancelled() && matches!(role, Some(Role::Volunteer | Role::Organizer));
    view! {
        <PageTitle text=format!("{} · {}", a.title, t.app_name) />
        <article class="activity">
            <p class="card-category"><span aria-hidden="true">{a.category.icon()}" "</span>{(t.category)(a.category)}</p>
            <h1 class="page-title">{a.title.clone()}</h1>
            {a.is_cancelled().then(|| view! { <p class="notice error" role="status">{t.activity_cancelled}</p> })}
            <ReadAloud text=spoken lang=lang.tag().to_owned() label=t.read_aloud.to_owned() stop_label=t.stop_reading.to_owned() />
            <dl class="facts">
                <dt>{t.when_label}</dt>
                <dd>{when}</dd>
                <dt>{t.where_label}</dt>
                <dd>{place}</dd>
                <dt>{t.places_label}</dt>
                <dd>{seats}</dd>
                <dt>{t.organized_by}</dt>
                <dd>{a.federation_name.clone()}</dd>
            </dl>
            <FormNotice done=vec![("signed_up_for", t.done_signed_up_for)] />
            <SignupBox activity_id=a.id companions_allowed=a.companions_allowed open=!a.is_cancelled() mine />
            {helps.then(|| view! { <OnBehalfForm activity_id=a.id companions_allowed=a.companions_allowed people=people.clone() /> })}
            {(role == Some(Role::Organizer)).then(|| view! {
                <p><a class="button secondary" href=format!("/organizer/activities/{}", a.id)>{t.manage_activity}</a></p>
            })}
            <UserText text=description class="description" />
            <p><a class="button secondary" href=format!("/activities/{}/calendar.ics", a.id)>{t.add_to_calendar}</a></p>
        </article>
    }
}

/// Her sign-up status with a cancel button, or the sign-up form.
#[component]
fn SignupBox(
    activity_id: i64,
    companions_allowed: i64,
    open: bool,
    mine: Option<SignupOutcome>,
) -> impl IntoView {
    let t = use_texts();
    match mine {
        Some(m) => {
            let confirmed = m.status == SignupStatus::Confirmed;
            let status = t.signup_state(m.status, m.waitlist_position);
            view! {
                <section class="signup" aria-labelledby="signup-status">
                    <p class="notice" id="signup-status" role="status">{status}</p>
                    {confirmed.then(|| view! { <p>{t.checkin_code_label}" "<strong class="code">{m.checkin_code.clone()}</strong></p> })}
                    <form method="post" action=crate::api::activities::CancelSignup::PATH>
                        <input type="hidden" name="activity_id" value=activity_id.to_string() />
                        <button type="submit" class="secondary">{t.cancel_signup_button}</button>
                    </form>
                </section>
            }
            .into_any()
        }
        None if open => view! {
            <form method="post" action=crate::api::activities::Signup::PATH class="form signup">
                <input type="hidden" name="activity_id" value=activity_id.to_string() />
                {(companions_allowed > 0).then(|| view! {
                    <label for="companions">{t.companions_label}</label>
                    <select id="companions" name="companions">
                        {(0..=companions_allowed).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                    </select>
                })}
                <button type="submit">{t.signup_button}</button>
            </form>
        }
        .into_any(),
        None => ().into_any(),
    }
}

/// For volunteers and organizers: sign up a woman of her area who asked for help.
#[component]
fn OnBehalfForm(
    activity_id: i64,
    companions_allowed: i64,
    people: Vec<domain::account::AreaPerson>,
) -> impl IntoView {
    let t = use_texts();
    view! {
        <details class="on-behalf">
            <summary>{t.on_behalf_heading}</summary>
            <form method="post" action=crate::api::roster::SignupFor::PATH class="form">
                <input type="hidden" name="activity_id" value=activity_id.to_string() />
                <label for="behalf-member">{t.pick_member_label}</label>
                <select id="behalf-member" name="member_id" aria-invalid=invalid("member_id")>
                    <option value="">{t.pick_member_none}</option>
                    {people.into_iter().map(|p| view! {
                        <option value=p.user_id.to_string()>{format!("{} · {} · {}", p.display_name, p.village, p.phone_masked)}</option>
                    }).collect_view()}
                </select>
                <label for="behalf-phone">{t.her_phone_label}</label>
                <input id="behalf-phone" name="phone" type="tel" inputmode="tel"
                    value=query_value("phone").unwrap_or_default() aria-invalid=invalid("phone") />
                {(companions_allowed > 0).then(|| view! {
                    <label for="behalf-companions">{t.companions_label}</label>
                    <select id="behalf-companions" name="companions">
                        {(0..=companions_allowed).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                    </select>
                })}
                <label class="check">
                    <input type="checkbox" name="agreed" value="1" required aria-invalid=invalid("agreed") />
                    {t.she_agreed_label}
                </label>
                <button type="submit">{t.sign_up_for_her_button}</button>
            </form>
        </details>
    }
}
