//! The 404 page, in the request's language.

use crate::components::layout::PageTitle;
use leptos::prelude::*;

use crate::i18n::use_texts;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = use_texts();
    #[cfg(feature = "ssr")]
    crate::ssr::set_page_status(http::StatusCode::NOT_FOUND);
    view! {
        <PageTitle text=format!("{} · {}", t.not_found_title, t.app_name) />
        <section class="error-panel">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <a class="button" href="/">{t.back_home}</a>
        </section>
    }
}
