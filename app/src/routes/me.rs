//! "Me": her account, activities and messages.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_texts;

#[component]
pub fn MePage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=format!("{} · {}", t.me_heading, t.app_name) />
        <h1 class="page-title">{t.me_heading}</h1>
        <p>{t.me_intro}</p>
    }
}
