//! `/helper/women`: a volunteer or organizer adds a woman in person (no smartphone; a girl
//! under 14 with her guardian), lists the women she added, and gives a login code in person.
//! `/claim`: a woman sets her password with such a code.

use domain::helped::{AddedWoman, Relation};
use domain::VariantArray;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::helped::{added_women, AddWoman, Claim, GiveCode, GiveCodeByPhone};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{invalid, kept_value, FormNotice};
use crate::components::layout::PageTitle;
use crate::components::village_picker::VillagePicker;
use crate::i18n::{date_in_words, use_texts};
use crate::routes::auth::PhoneField;

#[component]
pub fn HelperWomenPage() -> impl IntoView {
    let t = use_texts();
    let h = &t.helping;
    let women = Resource::new(|| (), |_| added_women());
    view! {
        <PageTitle text=format!("{} · {}", h.heading, t.app_name) />
        <h1 class="page-title">{h.heading}</h1>
        <FormNotice done=vec![("added", h.done_added)] />
        <GivenCode />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    women.await.map(|women| view! {
                        <p>{h.intro}</p>
                        <p class="actions">
                            <a class="button secondary" href=crate::api::help::NEW_PAGE>{t.help.for_her_legend}</a>
                            " "
                            <a class="button secondary" href=crate::api::help::QUEUE_PAGE>{t.help.queue_link}</a>
                        </p>
                        <AddForm />
                        <AddedList women />
                        <ForgotPassword />
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// The code just given, shown this once (from the flash, never from the address).
#[component]
fn GivenCode() -> impl IntoView {
    let h = &use_texts().helping;
    let code = kept_value("code").filter(|c| c.chars().all(|c| c.is_ascii_digit()));
    let name = kept_value("code_for").unwrap_or_default();
    code.map(|code| {
        view! {
            <section class="notice given-code" role="status" aria-labelledby="code-heading" id="code">
                <h2 id="code-heading">{(h.code_for)(&name)}</h2>
                <p class="code">{code}</p>
                <p>{h.code_hint}</p>
            </section>
        }
    })
}

#[component]
fn AddForm() -> impl IntoView {
    let t = use_texts();
    let h = &t.helping;
    let relation = kept_value("relation").unwrap_or_default();
    view! {
        <section aria-labelledby="add-heading">
            <h2 id="add-heading">{h.add_heading}</h2>
            <form method="post" action=AddWoman::PATH class="form">
                <label for="display_name">{t.display_name_label}</label>
                <input id="display_name" name="display_name" type="text" required maxlength="20"
                    value=kept_value("display_name") aria-invalid=invalid("display_name") />
                <label for="helped-phone">{h.phone_label}</label>
                <input id="helped-phone" name="phone" type="tel" inputmode="tel" autocomplete="off"
                    value=kept_value("phone") aria-invalid=invalid("phone") />
                <VillagePicker chosen=kept_value("village_id") />
                <label for="birth_year">{t.birth_year_label}</label>
                <input id="birth_year" name="birth_year" type="number" inputmode="numeric" min="1900" max="2100"
                    value=kept_value("birth_year") aria-invalid=invalid("birth_year") />
                <fieldset>
                    <legend>{h.guardian_legend}</legend>
                    <label for="guardian_name">{h.guardian_name_label}</label>
                    <input id="guardian_name" name="guardian_name" type="text" maxlength="20"
                        value=kept_value("guardian_name") aria-invalid=invalid("guardian_name") />
                    <label for="relation">{h.relation_label}</label>
                    <select id="relation" name="relation" aria-invalid=invalid("relation")>
                        <option value="" selected=relation.is_empty()>{t.moderating.choose_reason}</option>
                        {Relation::VARIANTS.iter().map(|r| view! {
                            <option value=r.as_str() selected=relation == r.as_str()>{(h.relation)(*r)}</option>
                        }).collect_view()}
                    </select>
                </fieldset>
                <label class="check">
                    <input type="checkbox" name="consent" value="on" required aria-invalid=invalid("consent") />
                    {h.consent_label}" ("<a href="/privacy">{t.privacy_link}</a>")"
                </label>
                <button type="submit">{h.add_button}</button>
            </form>
        </section>
    }
}

#[component]
fn AddedList(women: Vec<AddedWoman>) -> impl IntoView {
    let t = use_texts();
    let h = &t.helping;
    let empty = women.is_empty();
    view! {
        <section aria-labelledby="added-heading">
            <h2 id="added-heading">{h.list_heading}</h2>
            {empty.then(|| view! { <p class="empty">{h.none_yet}</p> })}
            <ul class="records">
                {women.into_iter().map(|w| {
                    let mut said = vec![w.village.clone(), date_in_words(t, w.added_at)];
                    if !w.phone_masked.is_empty() {
                        said.push(w.phone_masked.clone());
                    }
                    if w.with_guardian {
                        said.push(h.with_guardian.to_owned());
                    }
                    said.push(if w.claimed { h.claimed } else { h.not_claimed }.to_owned());
                    view! {
                        <li id=format!("woman-{}", w.user_id)>
                            <strong>{w.display_name}</strong>" · "{said.join(" · ")}
                            <form method="post" action=GiveCode::PATH class="inline">
                                <input type="hidden" name="member_id" value=w.user_id.to_string() />
                                <button type="submit" class="secondary">{h.give_code_button}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A woman of her area who forgot her password: found by her number.
#[component]
fn ForgotPassword() -> impl IntoView {
    let t = use_texts();
    let h = &t.helping;
    view! {
        <section aria-labelledby="forgot-heading">
            <h2 id="forgot-heading">{h.forgot_heading}</h2>
            <p class="hint">{h.forgot_hint}</p>
            <form method="post" action=GiveCodeByPhone::PATH class="form">
                <label for="forgot-phone">{t.phone_label}</label>
                <input id="forgot-phone" name="phone" type="tel" inputmode="tel" autocomplete="off" required
                    value=kept_value("phone") aria-invalid=invalid("phone") />
                <button type="submit">{h.give_code_button}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ClaimPage() -> impl IntoView {
    let t = use_texts();
    let h = &t.helping;
    view! {
        <PageTitle text=format!("{} · {}", h.claim_heading, t.app_name) />
        <h1 class="page-title">{h.claim_heading}</h1>
        <FormNotice />
        <p>{h.claim_intro}</p>
        <form method="post" action=Claim::PATH class="form">
            <PhoneField />
            <label for="code">{h.code_label}</label>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required
                maxlength="8" aria-invalid=invalid("code") />
            <label for="password">{t.new_password_label}</label>
            <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8"
                aria-invalid=invalid("password") aria-describedby="new-password-hint" />
            <p class="form-hint" id="new-password-hint">{t.password_rules}</p>
            <button type="submit">{h.claim_button}</button>
        </form>
    }
}
