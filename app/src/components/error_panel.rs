//! What a page shows when loading it failed: a translated message, never internals.

use domain::{AppError, ErrorKey};
use leptos::prelude::*;

use crate::i18n::use_texts;

/// The message for whatever error reached an `ErrorBoundary`.
#[component]
pub fn ErrorPanel(errors: ArcRwSignal<Errors>) -> impl IntoView {
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
    view! {
        <section class="error-panel" role="alert">
            <h1>{t.error_title}</h1>
            <p>{(t.error)(key)}</p>
            // "Try again later" helps only when the fault is ours or the network's.
            {matches!(key, ErrorKey::Internal | ErrorKey::Unavailable | ErrorKey::RateLimited).then(|| view! { <p>{t.error_body}</p> })}
            <a class="button" href="/">{t.back_home}</a>
        </section>
    }
}
