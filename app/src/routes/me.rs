//! "Me": her account. Logged out, a way in; logged in, her details, password, data, and the
//! way out.

use crate::components::layout::PageTitle;
use domain::account::Role;
use domain::Lang;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::me::my_profile;
use crate::components::error_panel::{ErrorPanel, VisitorWelcome};
use crate::components::form::{invalid, FormNotice};
use crate::components::village_picker::VillagePicker;
use crate::i18n::{use_texts, when_in_words};

#[component]
pub fn MePage() -> impl IntoView {
    let t = use_texts();
    let profile = Resource::new(|| (), |_| my_profile());
    view! {
        <PageTitle text=format!("{} · {}", t.me_heading, t.app_name) />
        <h1 class="page-title">{t.me_heading}</h1>
        <FormNotice done=vec![("profile", t.done_profile), ("password", t.done_password), ("claimed", t.helping.done_claimed), ("password_reset", t.texting.done_reset), ("texts", t.texting.done_texts)] />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    profile.await.map(|p| match p {
                        None => view! { <VisitorWelcome heading=false /> }.into_any(),
                        Some(p) => view! { <Account p /> }.into_any(),
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn Account(p: domain::account::Profile) -> impl IntoView {
    let t = use_texts();
    view! {
        <p class="greeting">{(t.greeting)(&p.display_name)}</p>
        <p class="actions">
            <a class="button" href="/me/activities">{t.my_activities_heading}</a>
            " "
            <a class="button secondary" href="/notifications">{t.notifications_heading}</a>
        </p>
        <p class="actions">
            <a class="button secondary" href=crate::api::help::NEW_PAGE>{t.help.ask_link}</a>
            " "
            <a class="button secondary" href=crate::api::help::MY_PAGE>{t.help.mine_link}</a>
        </p>
        {matches!(p.role, Role::Volunteer | Role::Organizer).then(|| view! {
            <p><a class="button secondary" href=crate::api::help::QUEUE_PAGE>{t.help.queue_link}</a></p>
            <p><a class="button secondary" href="/moderation">{t.moderation_heading}</a></p>
            <p><a class="button secondary" href=crate::api::helped::HELPER_PAGE>{t.helping.link}</a></p>
        })}
        // The ledger is for organizers and the volunteers made its keepers; for any other
        // volunteer the link would lead to a refusal.
        {(p.role == Role::Organizer || p.keeps_ledger).then(|| view! {
            <p><a class="button secondary" href=crate::api::ledger::LEDGER_PAGE>{t.ledger.link}</a></p>
        })}
        {(p.role == Role::Admin).then(|| view! { <p><a class="button secondary" href="/admin">{t.admin_link}</a></p> })}
        {(p.role == Role::Organizer).then(|| view! { <p><a class="button secondary" href="/organizer">{t.organizer_link}</a></p> })}
        <p>{t.your_phone}<span class="phone">{p.phone.clone()}</span></p>

        <section aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t.profile_heading}</h2>
            <form method="post" action=crate::api::me::UpdateProfile::PATH class="form">
                <label for="display_name">{t.display_name_label}</label>
                <input id="display_name" name="display_name" type="text" required maxlength="20"
                    value=p.display_name.clone() aria-invalid=invalid("display_name") />
                <VillagePicker chosen=p.village_id.map(|v| v.to_string()) />
                {matches!(p.role, Role::Volunteer | Role::Organizer).then(|| view! {
                    <p class="hint">{t.village_change_warning}</p>
                })}
                <label for="birth_year">{t.birth_year_label}</label>
                <input id="birth_year" name="birth_year" type="number" inputmode="numeric" min="1900" max="2020"
                    value=p.birth_year.map(|y| y.to_string()) aria-invalid=invalid("birth_year") />
                <label for="lang">{t.language_label}</label>
                <select id="lang" name="lang">
                    <option value=Lang::ZhCn.tag() selected=p.lang == Lang::ZhCn>"中文"</option>
                    <option value=Lang::En.tag() selected=p.lang == Lang::En>"English"</option>
                </select>
                <button type="submit">{t.save_button}</button>
            </form>
        </section>

        <section aria-labelledby="password-heading">
            <h2 id="password-heading">{t.password_heading}</h2>
            <form method="post" action=crate::api::auth::ChangePassword::PATH class="form">
                <label for="old_password">{t.old_password_label}</label>
                <input id="old_password" name="old_password" type="password" autocomplete="current-password" required
                    aria-invalid=invalid("old_password") />
                <label for="new_password">{t.new_password_label}</label>
                <input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="8"
                    aria-invalid=invalid("new_password") aria-describedby="new-password-hint" />
                <p class="form-hint" id="new-password-hint">{t.password_rules}</p>
                <button type="submit">{t.change_password_button}</button>
            </form>
        </section>

        <section aria-labelledby="texts">
            <h2 id="texts">{t.texting.texts_heading}</h2>
            <p>{if p.texts_off { t.texting.texts_off } else { t.texting.texts_on }}</p>
            <form method="post" action=crate::api::me::SetTexts::PATH class="inline">
                <input type="hidden" name="texts" value=if p.texts_off { "on" } else { "off" } />
                <button type="submit" class="secondary">
                    {if p.texts_off { t.texting.turn_on } else { t.texting.turn_off }}
                </button>
            </form>
        </section>

        <AuthorReveals />

        <section aria-labelledby="data-heading">
            <h2 id="data-heading">{t.my_data_heading}</h2>
            <p><a class="button" href="/me/data">{t.my_data.view_link}</a></p>
            <p><a class="button secondary" href="/me/ledger">{t.ledger.mine_link}</a></p>
            <p>{t.export_hint}</p>
            <p><a class="button secondary" href=crate::api::me::ExportMyData::PATH download="tongxin-my-data.json">{t.export_button}</a></p>
            <form method="post" action=crate::api::auth::Logout::PATH>
                <button type="submit" class="secondary">{t.logout_button}</button>
            </form>
            <form method="post" action=crate::api::auth::LogoutEverywhere::PATH>
                <button type="submit" class="secondary">{t.logout_everywhere_button}</button>
            </form>
            <p><a href="/me/delete">{t.delete_link}</a></p>
        </section>
    }
}

/// When the author of one of her anonymous posts was revealed, and why (never by whom).
#[component]
fn AuthorReveals() -> impl IntoView {
    let t = use_texts();
    let reveals = Resource::new(|| (), |_| crate::api::me::my_author_reveals());
    view! {
        <section aria-labelledby="reveals-heading">
            <h2 id="reveals-heading">{t.reveals_heading}</h2>
            <p class="hint">{t.reveals_hint}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let now = crate::server_now();
                    reveals.await.ok().map(|list| view! {
                        <ul class="reveals">
                            {list.into_iter().map(|r| view! {
                                <li>
                                    {(t.reveal_entry)(&when_in_words(t, r.revealed_at, now), &r.reason)}
                                    " "<a href=format!("/threads/{}#post-{}", r.thread_id, r.post_id)>{t.view_post}</a>
                                </li>
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
        </section>
    }
}

/// The confirmation step before deleting an account.
#[component]
pub fn DeleteAccountPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <PageTitle text=format!("{} · {}", t.delete_heading, t.app_name) />
        <h1 class="page-title">{t.delete_heading}</h1>
        <FormNotice />
        <p class="notice error">{t.delete_warning}</p>
        <form method="post" action=crate::api::me::DeleteAccount::PATH class="form">
            <label for="password">{t.delete_password_label}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required
                aria-invalid=invalid("password") />
            <button type="submit" class="danger">{t.delete_button}</button>
        </form>
        <p><a href="/me">{t.cancel}</a></p>
    }
}
