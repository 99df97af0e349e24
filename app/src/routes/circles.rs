//! Family-education discussion circles.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_texts;

#[component]
pub fn CirclesPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=format!("{} · {}", t.circles_heading, t.app_name) />
        <h1 class="page-title">{t.circles_heading}</h1>
        <p class="empty">{t.circles_empty}</p>
    }
}
