//! What a page shows when loading it failed: a translated message, never internals. A page
//! that needs a login greets a visitor instead, with what the page holds and the ways in.

use domain::{AppError, ErrorKey};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{use_texts, MemberPage};
use crate::url::encode_query_value;

/// The message for whatever error reached an `ErrorBoundary`. `under_title`: the page has
/// its own heading already (a visitor's welcome then adds none).
#[component]
pub fn ErrorPanel(
    errors: ArcRwSignal<Errors>,
    #[prop(optional)] under_title: bool,
) -> impl IntoView {
    let t = use_texts();
    let key = errors
        .get_untracked()
        .into_iter()
        .find_map(|(_, e)| e.downcast_ref::<AppError>().map(|e| e.key))
        .unwrap_or(ErrorKey::Internal);
    #[cfg(feature = "ssr")]
    crate::ssr::set_page_status(
        http::StatusCode::from_u16(key.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
    );
    if key == ErrorKey::Unauthenticated {
        return view! { <VisitorWelcome heading=!under_title /> }.into_any();
    }
    view! {
        <section class="error-panel" role="alert">
            <h1>{t.error_title}</h1>
            <p>{(t.error)(key)}</p>
            // "Try again later" helps only when the fault is ours or the network's.
            {matches!(key, ErrorKey::Internal | ErrorKey::Unavailable | ErrorKey::RateLimited).then(|| view! { <p>{t.error_body}</p> })}
            <a class="button" href="/">{t.back_home}</a>
        </section>
    }
    .into_any()
}

/// A page that needs a login, as a visitor meets it: what it is, and the buttons to register
/// or log in that bring her back here. `heading`: false under a page's own title.
#[component]
pub fn VisitorWelcome(#[prop(default = true)] heading: bool) -> impl IntoView {
    let t = use_texts();
    let location = use_location();
    let search = location.search.get_untracked();
    let here = if search.is_empty() {
        location.pathname.get_untracked()
    } else {
        format!("{}?{search}", location.pathname.get_untracked())
    };
    let page = MemberPage::of_path(&here);
    let next = encode_query_value(&here);
    view! {
        <section class="visitor-welcome">
            {heading.then(|| view! { <h1 class="page-title">{(t.visitor.heading)(page)}</h1> })}
            <p>{(t.visitor.about)(page)}</p>
            <p class="form-hint">{t.visitor.hint}</p>
            <p class="actions">
                <a class="button" href=format!("/register?next={next}")>{t.register_button}</a>
                <a class="button secondary" href=format!("/login?next={next}")>{t.login_button}</a>
            </p>
        </section>
    }
}
