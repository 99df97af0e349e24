//! `/activities/{id}`: one activity, readable aloud, with who may join, the way to sign up
//! (for a visitor too), her sign-up, and its calendar file; `/activities/{id}/cancel` asks
//! before she gives her place up.

use crate::components::layout::PageTitle;
use domain::account::Role;
use domain::activity::{ActivityDetail, SignupWindow};
use domain::signup::{SignupOutcome, SignupStatus};
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::activities::{get_activity, my_signup, JoinIntent};
use crate::api::auth::who_am_i;
use crate::api::roster::helper_members;
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{error_field, invalid, kept_value, query_value, FormNotice};
use crate::components::offline::QueuedNotice;
use crate::components::user_text::UserText;
use crate::i18n::{use_lang, use_texts, when_in_words, Texts};
use crate::islands::read_aloud::ReadAloud;
use crate::routes::id_param;

/// What the activity page knows about the person looking at it.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Viewer {
    /// `None` for a visitor who has not logged in.
    role: Option<Role>,
    /// Her current sign-up.
    mine: Option<SignupOutcome>,
    /// The activity has an age range and her profile has no birth year: the form asks for it.
    needs_birth_year: bool,
    /// Women of her area, for a volunteer or organizer signing one up.
    people: Vec<domain::account::AreaPerson>,
}

/// The activity and who is looking at it; `who` narrows a helper's list of women.
async fn load(id: i64, who: Option<String>) -> Result<(ActivityDetail, Viewer), domain::AppError> {
    let activity = get_activity(id).await?;
    let Some(me) = who_am_i().await? else {
        return Ok((activity, Viewer::default()));
    };
    let mine = my_signup(id).await?;
    let has_ages = activity.rules.min_age.is_some() || activity.rules.max_age.is_some();
    let needs_birth_year = mine.is_none()
        && has_ages
        && crate::api::me::my_profile()
            .await?
            .is_some_and(|p| p.birth_year.is_none());
    let people = if matches!(me.role, Role::Volunteer | Role::Organizer) {
        helper_members(who).await.unwrap_or_default()
    } else {
        Vec::new()
    };
    let viewer = Viewer {
        role: Some(me.role),
        mine,
        needs_birth_year,
        people,
    };
    Ok((activity, viewer))
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let id = id_param();
    let who = query_value("who");
    let activity = Resource::new(id, move |id| {
        let who = who.clone();
        async move {
            match id {
                Some(id) => load(id, who).await,
                None => Err(domain::AppError::not_found()),
            }
        }
    });
    view! {
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move { activity.await.map(|(a, viewer)| view! { <Activity a viewer /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn Activity(a: ActivityDetail, viewer: Viewer) -> impl IntoView {
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
    let waiting = (a.waiting > 0).then(|| format!(" · {}", (t.joining.waiting_count)(a.waiting)));
    let spoken = format!("{}。{}。{}。{}", a.title, when, place, a.description);
    let description = a.description.clone();
    let role = viewer.role;
    let helps = !a.is_cancelled() && matches!(role, Some(Role::Volunteer | Role::Organizer));
    let people = viewer.people.clone();
    view! {
        <PageTitle text=format!("{} · {}", a.title, t.app_name) />
        <ShareTags a=a.clone() />
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
                <dd>{seats}{waiting}</dd>
                <dt>{t.organized_by}</dt>
                <dd>{a.federation_name.clone()}</dd>
            </dl>
            <WhoMayJoin a=a.clone() now />
            <SignupBox a=a.clone() viewer now />
            {helps.then(|| view! { <OnBehalfForm activity_id=a.id companions_allowed=a.companions_allowed people /> })}
            {(role == Some(Role::Organizer)).then(|| view! {
                <p><a class="button secondary" href=format!("/organizer/activities/{}", a.id)>{t.manage_activity}</a></p>
            })}
            <UserText text=description class="description" />
            <p><a class="button secondary" href=format!("/activities/{}/calendar.ics", a.id)>{t.add_to_calendar}</a></p>
        </article>
    }
}

/// What a chat app shows when a link to the activity is shared: its title, when and where,
/// the start of its description, and its category's picture (`public/share/<category>.png`,
/// drawn by `scripts/make-images.mjs`). Addresses are absolute, as the Open Graph tags need.
/// The date is written out: a card in a chat lives longer than "明天".
#[component]
fn ShareTags(a: ActivityDetail) -> impl IntoView {
    use leptos_meta::Meta;
    let t = use_texts();
    let at = domain::time::LocalDateTime::from_utc_secs(a.starts_at);
    let when = format!(
        "{} {} {}",
        (t.month_day)(at.month, at.day),
        (t.weekday)(at.weekday),
        at.hhmm()
    );
    let mut description = format!("{when} · {} · {}", a.venue, a.place_name);
    let about: String = a
        .description
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !about.is_empty() {
        let cut: String = about.chars().take(SHARE_EXCERPT_CHARS).collect();
        let more = if cut.len() < about.len() { "…" } else { "" };
        description.push_str(&format!(" — {cut}{more}"));
    }
    let origin = share_origin();
    view! {
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content=t.app_name />
        <Meta property="og:title" content=a.title.clone() />
        <Meta property="og:description" content=description.clone() />
        <Meta name="description" content=description />
        <Meta property="og:url" content=format!("{origin}/activities/{}", a.id) />
        <Meta property="og:image" content=format!("{origin}/share/{}.png", a.category.slug()) />
        <Meta property="og:image:type" content="image/png" />
        <Meta property="og:image:width" content="600" />
        <Meta property="og:image:height" content="315" />
        <Meta property="og:image:alt" content=(t.category)(a.category) />
    }
}

/// How much of the description a shared card shows (characters).
const SHARE_EXCERPT_CHARS: usize = 60;

/// `https://host` of this site as the request reached it (empty in the browser build, which
/// never renders this page).
fn share_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::origin()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// Who may join and until when, before she taps: ages, area, approval, deadlines, and that
/// the children she brings take seats.
#[component]
fn WhoMayJoin(a: ActivityDetail, now: i64) -> impl IntoView {
    let t = use_texts();
    let rules = &a.rules;
    let mut lines = Vec::new();
    let ages = rules.min_age.is_some() || rules.max_age.is_some();
    match (ages, rules.area_only) {
        (true, true) => lines.push(format!(
            "{} · {}",
            (t.joining.lives_in)(&rules.area_name),
            (t.joining.ages)(rules.min_age, rules.max_age)
        )),
        (true, false) => lines.push((t.joining.ages)(rules.min_age, rules.max_age)),
        (false, true) => lines.push((t.joining.lives_in)(&rules.area_name)),
        (false, false) => lines.push(t.joining.anyone.to_owned()),
    }
    if rules.requires_approval {
        lines.push(t.joining.needs_approval.to_owned());
    }
    if a.companions_allowed > 0 {
        lines.push(t.joining.companions_take_seats.to_owned());
    }
    if let Some(deadline) = rules.signup_deadline {
        lines.push((t.joining.deadline)(&when_in_words(t, deadline, now)));
    }
    if let Some(cutoff) = rules.cancel_cutoff {
        lines.push((t.joining.cancel_until)(&when_in_words(t, cutoff, now)));
    }
    view! {
        <section class="who-may-join" aria-labelledby="who-may-join">
            <h2 id="who-may-join" class="facts-heading">{t.joining.who_may_join}</h2>
            <ul class="rules">
                {lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </section>
    }
}

/// Her sign-up and how to take it back, or the way to sign up as the activity stands: the
/// form (or the queue), the login it needs, or why there is no button.
#[component]
fn SignupBox(a: ActivityDetail, viewer: Viewer, now: i64) -> impl IntoView {
    let t = use_texts();
    let notice = view! {
        <FormNotice done=vec![
            ("signed_up", t.joining.signed_up),
            ("welcome", t.joining.welcome),
            ("cancelled", t.joining.cancelled),
            ("signed_up_for", t.done_signed_up_for),
        ] />
    };
    let body = match (viewer.mine, a.window(now)) {
        (Some(m), _) => view! { <HerSignup a=a.clone() m now /> }.into_any(),
        (None, window) if window.takes_signups() => match viewer.role {
            Some(_) => {
                view! { <SignupForm a=a.clone() window needs_birth_year=viewer.needs_birth_year /> }
                    .into_any()
            }
            None if query_value("want").as_deref() == Some("signup") => {
                view! { <LoginToJoin id=a.id /> }.into_any()
            }
            None => view! { <VisitorSignupForm a=a.clone() window /> }.into_any(),
        },
        (None, SignupWindow::Closed) => {
            view! { <p class="notice">{t.joining.closed}</p> }.into_any()
        }
        (None, SignupWindow::Started) => {
            view! { <p class="notice">{t.joining.started}</p> }.into_any()
        }
        (None, SignupWindow::Ended) => view! { <p class="notice">{t.joining.ended}</p> }.into_any(),
        // Said at the top of the page.
        (None, _) => ().into_any(),
    };
    view! {
        <section class="signup" id="signup">
            {notice}
            <QueuedNotice />
            {body}
        </section>
    }
}

/// What she got: a seat with its check-in code, her place in the queue, or the wait for the
/// federation; the children counted; and the way to take it back (the page asks first).
#[component]
fn HerSignup(a: ActivityDetail, m: SignupOutcome, now: i64) -> impl IntoView {
    let t = use_texts();
    let confirmed = m.status == SignupStatus::Confirmed;
    let status = t.signup_state(m.status, m.waitlist_position);
    let take_back = match m.status {
        SignupStatus::Waitlisted => t.joining.leave_queue_button,
        SignupStatus::Pending => t.joining.withdraw_button,
        _ => t.cancel_signup_button,
    };
    let cancellable = a.cancellable(now, m.status);
    let too_late = confirmed && !cancellable && now < a.starts_at;
    view! {
        <p class="notice" id="signup-status" role="status">{status}</p>
        {(m.companions > 0).then(|| view! { <p>{(t.joining.companions_counted)(m.companions)}</p> })}
        {confirmed.then(|| view! {
            <p>{t.checkin_code_label}" "<strong class="code">{m.checkin_code.clone()}</strong></p>
            <p class="form-hint">{t.joining.checkin_code_hint}</p>
        })}
        {cancellable.then(|| view! {
            <p><a class="button secondary" href=format!("/activities/{}/cancel", a.id)>{take_back}</a></p>
        })}
        {too_late.then(|| view! { <p class="form-hint">{t.joining.cancel_closed}</p> })}
    }
}

/// The companions she chose: kept from a refused form, else from the address (a visitor's
/// choice carried through login).
fn chosen_companions() -> Option<String> {
    kept_value("companions").or_else(|| query_value("companions"))
}

/// How many may come with her, with her earlier choice selected.
#[component]
fn CompanionsSelect(allowed: i64) -> impl IntoView {
    let t = use_texts();
    let chosen = chosen_companions()
        .and_then(|c| c.parse::<i64>().ok())
        .unwrap_or(0);
    view! {
        <label for="companions">{t.companions_label}</label>
        <select id="companions" name="companions" aria-invalid=invalid("companions") aria-describedby="companions-hint">
            {(0..=allowed).map(|n| view! { <option value=n.to_string() selected=n == chosen>{n}</option> }).collect_view()}
        </select>
        <p class="form-hint" id="companions-hint">{t.joining.companions_take_seats}</p>
    }
}

/// The sign-up form for someone logged in: companions, a consent for a sensitive purpose, her
/// birth year when the age range needs it.
#[component]
fn SignupForm(a: ActivityDetail, window: SignupWindow, needs_birth_year: bool) -> impl IntoView {
    let t = use_texts();
    let button = signup_button(t, window);
    // Asked again after a refusal that named it, even if the profile now has a year.
    let ask_year = needs_birth_year || error_field().as_deref() == Some("birth_year");
    view! {
        <form method="post" action=crate::api::activities::Signup::PATH class="form">
            <input type="hidden" name="activity_id" value=a.id.to_string() />
            {(a.companions_allowed > 0).then(|| view! { <CompanionsSelect allowed=a.companions_allowed /> })}
            {ask_year.then(|| view! {
                <label for="birth_year">{t.joining.birth_year_needed}</label>
                <input id="birth_year" name="birth_year" type="number" inputmode="numeric" min="1900" max="2100"
                    required value=kept_value("birth_year") aria-invalid=invalid("birth_year") />
            })}
            {a.category.is_sensitive().then(|| view! {
                <p class="checkbox-row">
                    <input id="sensitive_consent" name="sensitive_consent" type="checkbox" value="1"
                        aria-invalid=invalid("sensitive_consent") />
                    <label for="sensitive_consent">{t.sensitive_consent_label}</label>
                </p>
            })}
            <button type="submit">{button}</button>
        </form>
    }
}

/// 排队候补 when every seat is taken (or others wait), else 我要报名.
fn signup_button(t: &Texts, window: SignupWindow) -> &'static str {
    match window {
        SignupWindow::Waitlist => t.joining.waitlist_button,
        _ => t.signup_button,
    }
}

/// A visitor's sign-up button: it keeps her choice of companions in the address and shows
/// the way in ([`LoginToJoin`]). Works without JavaScript.
#[component]
fn VisitorSignupForm(a: ActivityDetail, window: SignupWindow) -> impl IntoView {
    let t = use_texts();
    let button = signup_button(t, window);
    view! {
        <form method="get" action=format!("/activities/{}#signup", a.id) class="form">
            <input type="hidden" name="want" value="signup" />
            {(a.companions_allowed > 0).then(|| view! { <CompanionsSelect allowed=a.companions_allowed /> })}
            <button type="submit">{button}</button>
        </form>
    }
}

/// "登录后就能报名": registration and login, each bringing her back to finish the sign-up.
#[component]
fn LoginToJoin(id: i64) -> impl IntoView {
    let t = use_texts();
    let intent = JoinIntent {
        activity_id: id,
        companions: query_value("companions").unwrap_or_default(),
    };
    let query = intent.query();
    view! {
        <div class="login-to-join" role="status">
            <h2>{t.joining.login_to_join}</h2>
            <p>{t.joining.login_to_join_hint}</p>
            <p class="actions">
                <a class="button" href=format!("/register?{query}")>{t.register_button}</a>
                <a class="button secondary" href=format!("/login?{query}")>{t.login_button}</a>
            </p>
        </div>
    }
}

/// `/activities/{id}/cancel`: asks once before a seat, a place in the queue or a request is
/// given up; the button posts, so it works without JavaScript.
#[component]
pub fn CancelSignupPage() -> impl IntoView {
    let id = id_param();
    let page = Resource::new(id, |id| async move {
        let id = id.ok_or_else(domain::AppError::not_found)?;
        let activity = get_activity(id).await?;
        who_am_i()
            .await?
            .ok_or_else(domain::AppError::unauthenticated)?;
        Ok::<_, domain::AppError>((activity, my_signup(id).await?))
    });
    view! {
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move { page.await.map(|(a, mine)| view! { <ConfirmCancel a mine /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn ConfirmCancel(a: ActivityDetail, mine: Option<SignupOutcome>) -> impl IntoView {
    let t = use_texts();
    let back = format!("/activities/{}#signup", a.id);
    let Some(m) = mine else {
        return view! {
            <PageTitle text=format!("{} · {}", a.title, t.app_name) />
            <h1 class="page-title">{a.title.clone()}</h1>
            <p class="notice">{t.joining.nothing_to_cancel}</p>
            <p><a class="button secondary" href=back>{t.joining.back_to_activity}</a></p>
        }
        .into_any();
    };
    let (heading, body, confirm) = match m.status {
        SignupStatus::Waitlisted => (
            t.joining.leave_queue_heading,
            t.joining.leave_queue_body,
            t.joining.leave_queue_confirm,
        ),
        SignupStatus::Pending => (
            t.joining.withdraw_heading,
            t.joining.withdraw_body,
            t.joining.withdraw_confirm,
        ),
        _ => (
            t.joining.cancel_heading,
            t.joining.cancel_body,
            t.joining.cancel_confirm,
        ),
    };
    view! {
        <PageTitle text=format!("{heading} · {}", t.app_name) />
        <h1 class="page-title">{heading}</h1>
        <FormNotice />
        <QueuedNotice />
        <p><strong>{a.title.clone()}</strong></p>
        <p>{body}</p>
        <form method="post" action=crate::api::activities::CancelSignup::PATH class="form">
            <input type="hidden" name="activity_id" value=a.id.to_string() />
            <button type="submit" class="danger">{confirm}</button>
        </form>
        <p><a class="button secondary" href=back>{t.joining.keep_it}</a></p>
    }
    .into_any()
}

/// For volunteers and organizers: sign up a woman of her area who asked for help.
#[component]
fn OnBehalfForm(
    activity_id: i64,
    companions_allowed: i64,
    people: Vec<domain::account::AreaPerson>,
) -> impl IntoView {
    let t = use_texts();
    let who = query_value("who");
    // Open while she is looking someone up, or after the form was refused.
    let open = who.is_some() || kept_value("phone").is_some();
    let found = people.len();
    view! {
        <details class="on-behalf" id="on-behalf" open=open>
            <summary>{t.on_behalf_heading}</summary>
            <form method="get" action=format!("/activities/{activity_id}#on-behalf") class="form" role="search">
                <label for="who">{t.joining.find_her_label}</label>
                <input id="who" name="who" type="search" maxlength="20" value=who.clone().unwrap_or_default()
                    aria-describedby="who-hint" />
                <p class="form-hint" id="who-hint">{t.joining.find_her_hint}</p>
                <button type="submit" class="secondary">{t.joining.find_her_button}</button>
                {who.is_some().then(|| view! { <p role="status">{(t.joining.found_count)(found)}</p> })}
            </form>
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
                    value=kept_value("phone").unwrap_or_default() aria-invalid=invalid("phone") />
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
