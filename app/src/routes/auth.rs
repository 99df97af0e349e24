//! Log in, register, and the privacy notice they point to.

use crate::components::layout::PageTitle;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::activities::JoinIntent;
use crate::components::form::{invalid, kept_value, query_value, FormNotice};
use crate::components::village_picker::VillagePicker;
use crate::i18n::use_texts;

/// Where she goes after logging in or registering, from the address, or from the flash after
/// a refused try: `next` (a path on this site) and an activity she asked to join.
struct Onwards {
    next: Option<String>,
    join: Option<JoinIntent>,
}

impl Onwards {
    fn read() -> Self {
        let value = |name: &'static str| query_value(name).or_else(|| kept_value(name));
        Self {
            next: value("next").filter(|n| domain::is_local_path(n)),
            join: JoinIntent::from_form(value("join").as_deref(), value("companions").as_deref()),
        }
    }

    /// The same onwards on the other page (login ↔ registration).
    fn query(&self) -> String {
        match (&self.join, &self.next) {
            (Some(join), _) => format!("?{}", join.query()),
            (None, Some(next)) => format!("?next={}", crate::url::encode_query_value(next)),
            (None, None) => String::new(),
        }
    }

    /// The hidden fields that carry it through the form, and the line that says so.
    fn view(&self) -> impl IntoView + use<> {
        let t = use_texts();
        let next = self.next.clone();
        let join = self.join.clone();
        view! {
            {join.as_ref().map(|_| view! { <p class="notice" role="status">{t.joining.after_login_joins}</p> })}
            {next.map(|n| view! { <input type="hidden" name="next" value=n /> })}
            {join.map(|j| view! {
                <input type="hidden" name="join" value=j.activity_id.to_string() />
                <input type="hidden" name="companions" value=j.companions />
            })}
        }
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_texts();
    let onwards = Onwards::read();
    view! {
        <PageTitle text=format!("{} · {}", t.login_heading, t.app_name) />
        <h1 class="page-title">{t.login_heading}</h1>
        <FormNotice />
        <form method="post" action=crate::api::auth::Login::PATH class="form">
            {onwards.view()}
            <PhoneField />
            <label for="password">{t.password_label}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required
                aria-invalid=invalid("password") />
            <button type="submit">{t.login_button}</button>
        </form>
        <p><a href="/forgot">{t.texting.forgot_link}</a></p>
        <p><a href=format!("/register{}", onwards.query())>{t.no_account}</a></p>
        <p><a href="/claim">{t.helping.claim_link}</a></p>
    }
}

/// "找回密码": her number, then the texted code and a new password. Both steps are plain
/// forms; the second shows once the code was asked for (the number kept from the first).
#[component]
pub fn ForgotPage() -> impl IntoView {
    let t = use_texts();
    let x = &t.texting;
    // The second step: once a code was asked for, and when that step was refused.
    let sent = query_value("sent").is_some()
        || query_value("field").is_some_and(|f| f == "code" || f == "new_password");
    view! {
        <PageTitle text=format!("{} · {}", x.forgot_heading, t.app_name) />
        <h1 class="page-title">{x.forgot_heading}</h1>
        <FormNotice />
        {if sent {
            view! {
                <p class="notice" role="status">{x.sent_notice}</p>
                <form method="post" action=crate::api::auth::ResetFinish::PATH class="form">
                    <PhoneField />
                    <label for="code">{x.code_label}</label>
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                        required maxlength="6" aria-invalid=invalid("code") />
                    <label for="new_password">{t.new_password_label}</label>
                    <input id="new_password" name="new_password" type="password" autocomplete="new-password"
                        required minlength="8" aria-invalid=invalid("new_password") aria-describedby="new-password-hint" />
                    <p class="form-hint" id="new-password-hint">{t.password_rules}</p>
                    <button type="submit">{x.reset_button}</button>
                </form>
                <p><a href="/forgot">{x.send_code_button}</a></p>
            }.into_any()
        } else {
            view! {
                <p>{x.forgot_intro}</p>
                <form method="post" action=crate::api::auth::ResetStart::PATH class="form">
                    <PhoneField />
                    <button type="submit">{x.send_code_button}</button>
                </form>
            }.into_any()
        }}
        <p class="hint">{x.no_texts_hint}" "<a href="/claim">{t.helping.claim_link}</a></p>
    }
}

/// Whether registration asks for a code texted to the number first (TONGXIN_SMS_VERIFY_NUMBERS).
fn numbers_checked() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<backend::Config>().is_some_and(|c| c.sms.verify_numbers)
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// "请再输入一次密码": the pages that show the most send her here when her login is older
/// than 15 minutes; a plain form (works without JavaScript) that returns to `next`.
#[component]
pub fn ReauthPage() -> impl IntoView {
    let t = use_texts();
    // From the address when she was sent here; from the flash after a wrong password.
    let next = query_value("next")
        .or_else(|| kept_value("next"))
        .filter(|n| domain::is_local_path(n))
        .unwrap_or_else(|| "/me".to_owned());
    view! {
        <PageTitle text=format!("{} · {}", t.reauth_heading, t.app_name) />
        <h1 class="page-title">{t.reauth_heading}</h1>
        <FormNotice />
        <p>{t.reauth_hint}</p>
        <form method="post" action=crate::api::auth::Reauth::PATH class="form">
            <label for="password">{t.password_label}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required
                aria-invalid=invalid("password") />
            <input type="hidden" name="next" value=next />
            <button type="submit">{t.reauth_button}</button>
        </form>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let t = use_texts();
    let onwards = Onwards::read();
    view! {
        <PageTitle text=format!("{} · {}", t.register_heading, t.app_name) />
        <h1 class="page-title">{t.register_heading}</h1>
        <FormNotice />
        {numbers_checked().then(|| view! {
            <p>{t.texting.register_code_intro}</p>
            {query_value("sent").map(|_| view! {
                <p class="notice" role="status">{t.texting.register_code_sent}</p>
            })}
            <form method="post" action=crate::api::auth::RegisterCode::PATH class="form">
                <label for="code-phone">{t.phone_label}</label>
                <input id="code-phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required
                    value=kept_value("phone") />
                <button type="submit" class="secondary">{t.texting.send_code_button}</button>
            </form>
        })}
        <form method="post" action=crate::api::auth::Register::PATH class="form">
            {onwards.view()}
            <PhoneField />
            {numbers_checked().then(|| view! {
                <label for="code">{t.texting.code_label}</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    required maxlength="6" aria-invalid=invalid("code") />
            })}

            <label for="password">{t.password_label}</label>
            <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8"
                aria-invalid=invalid("password") aria-describedby="password-hint" />
            <p class="form-hint" id="password-hint">{t.password_rules}</p>

            <label for="display_name">{t.display_name_label}</label>
            <input id="display_name" name="display_name" type="text" autocomplete="nickname" required maxlength="20"
                value=kept_value("display_name") aria-invalid=invalid("display_name") aria-describedby="name-hint" />
            <p class="form-hint" id="name-hint">{t.display_name_hint}</p>

            <VillagePicker chosen=kept_value("village_id") />

            <label for="birth_year">{t.birth_year_label}</label>
            <input id="birth_year" name="birth_year" type="number" inputmode="numeric" min="1900" max="2020"
                value=kept_value("birth_year") aria-invalid=invalid("birth_year") aria-describedby="birth-hint" />
            <p class="form-hint" id="birth-hint">{t.birth_year_hint}</p>

            <p class="checkbox-row">
                <input id="consent" name="consent" type="checkbox" value="yes" required aria-invalid=invalid("consent") />
                <label for="consent">{t.consent_before}<a href="/privacy">{t.privacy_link}</a>{t.consent_after}</label>
            </p>
            <button type="submit">{t.register_button}</button>
        </form>
        <p><a href=format!("/login{}", onwards.query())>{t.have_account}</a></p>
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
pub(crate) fn PhoneField() -> impl IntoView {
    let t = use_texts();
    view! {
        <label for="phone">{t.phone_label}</label>
        <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required
            value=kept_value("phone") aria-invalid=invalid("phone") aria-describedby="phone-hint" />
        <p class="form-hint" id="phone-hint">{t.phone_hint}</p>
    }
}
