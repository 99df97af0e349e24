//! Mutual-aid groups near her.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_texts;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=format!("{} · {}", t.groups_heading, t.app_name) />
        <h1 class="page-title">{t.groups_heading}</h1>
        <p class="empty">{t.groups_empty}</p>
    }
}
