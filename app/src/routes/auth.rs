//! Log in, register, and the privacy notice they point to.

use crate::components::layout::PageTitle;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::components::form::{invalid, query_value, FormNotice};
use crate::components::village_picker::VillagePicker;
use crate::i18n::use_texts;

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_texts();
    let next = query_value("next").filter(|n| domain::is_local_path(n));
    view! {
        <PageTitle text=format!("{} · {}", t.login_heading, t.app_name) />
        <h1 class="page-title">{t.login_heading}</h1>
        <FormNotice />
        <form method="post" action=crate::api::auth::Login::PATH class="form">
            <PhoneField />
            <label for="password">{t.password_label}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required
                aria-invalid=invalid("password") />
            {next.map(|n| view! { <input type="hidden" name="next" value=n /> })}
            <button type="submit">{t.login_button}</button>
        </form>
        <p><a href="/register">{t.no_account}</a></p>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <PageTitle text=format!("{} · {}", t.register_heading, t.app_name) />
        <h1 class="page-title">{t.register_heading}</h1>
        <FormNotice />
        <form method="post" action=crate::api::auth::Register::PATH class="form">
            <PhoneField />

            <label for="password">{t.password_label}</label>
            <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8"
                aria-invalid=invalid("password") aria-describedby="password-hint" />
            <p class="form-hint" id="password-hint">{t.password_rules}</p>

            <label for="display_name">{t.display_name_label}</label>
            <input id="display_name" name="display_name" type="text" autocomplete="nickname" required maxlength="20"
                value=query_value("display_name") aria-invalid=invalid("display_name") aria-describedby="name-hint" />
            <p class="form-hint" id="name-hint">{t.display_name_hint}</p>

            <VillagePicker chosen=query_value("village_id") />

            <label for="birth_year">{t.birth_year_label}</label>
            <input id="birth_year" name="birth_year" type="number" inputmode="numeric" min="1900" max="2020"
                value=query_value("birth_year") aria-invalid=invalid("birth_year") aria-describedby="birth-hint" />
            <p class="form-hint" id="birth-hint">{t.birth_year_hint}</p>

            <p class="checkbox-row">
                <input id="consent" name="consent" type="checkbox" value="yes" required aria-invalid=invalid("consent") />
                <label for="consent">{t.consent_before}<a href="/privacy">{t.privacy_link}</a>{t.consent_after}</label>
            </p>
            <button type="submit">{t.register_button}</button>
        </form>
        <p><a href="/login">{t.have_account}</a></p>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <PageTitle text=format!("{} · {}", t.privacy_heading, t.app_name) />
        <h1 class="page-title">{t.privacy_heading}</h1>
        {t.privacy_body.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
    }
}

/// Her phone number, as login and registration ask for it (kept from the last try).
#[component]
fn PhoneField() -> impl IntoView {
    let t = use_texts();
    view! {
        <label for="phone">{t.phone_label}</label>
        <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required
            value=query_value("phone") aria-invalid=invalid("phone") aria-describedby="phone-hint" />
        <p class="form-hint" id="phone-hint">{t.phone_hint}</p>
    }
}
