//! The frame around every page: the header and the bottom navigation.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::offline::SavedCopyLine;
use crate::i18n::{use_lang, use_texts};
use crate::islands::network_status::NetworkStatus;
use crate::islands::submit_once::SubmitOnce;
use crate::url::encode_query_value;
use domain::TextSize;

#[component]
pub fn Header() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let location = use_location();
    // The switch is a plain link, so it works without JavaScript; the server sets the cookie
    // and sends her back to the page she was on.
    let here = move || {
        // `search` comes without its leading `?`.
        let search = location.search.get();
        let here = if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        };
        encode_query_value(&here)
    };
    let switch_href = move || format!("/lang/{}?next={}", lang.other().tag(), here());
    let size = use_context::<TextSize>().unwrap_or_default();
    let size_href = move || format!("/text-size/{}?next={}", size.other().as_str(), here());
    let size_label = match size {
        TextSize::Normal => t.larger_text,
        TextSize::Large => t.normal_text,
    };
    view! {
        <header class="app-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"同"</span>
                <span class="brand-name">{t.app_name}</span>
            </a>
            <NotificationBell />
            <a class="text-switch" href=size_href>{size_label}</a>
            <a class="lang-switch" href=switch_href hreflang=lang.other().tag() lang=lang.other().tag()>
                {t.switch_language}
            </a>
        </header>
        <NetworkStatus message=t.offline_notice.to_owned() />
        <SavedCopyLine />
        <SubmitOnce />
    }
}

/// Her unread notifications, counted before the page renders (`ssr::PageFacts`); `None` for a
/// visitor.
#[derive(Clone, Copy, Debug)]
pub struct UnreadCount(pub Option<i64>);

/// A bell with the number of unread notifications, for someone logged in.
#[component]
fn NotificationBell() -> impl IntoView {
    let t = use_texts();
    let count = use_context::<UnreadCount>().and_then(|c| c.0);
    count.map(|n| {
        let label = (t.unread_label)(n);
        view! {
            <a class="bell" href="/notifications" aria-label=label.clone() title=label>
                <span aria-hidden="true">"🔔"</span>
                {(n > 0).then(|| view! { <span class="bell-count" aria-hidden="true">{n.min(99)}</span> })}
            </a>
        }
    })
}

#[component]
pub fn BottomNav() -> impl IntoView {
    let t = use_texts();
    let location = use_location();
    let item = move |href: &'static str, icon: &'static str, label: &'static str| {
        let current = move || {
            let path = location.pathname.get();
            let active = if href == "/" {
                path == "/" || path.starts_with("/activities")
            } else {
                path.starts_with(href)
            };
            active.then_some("page")
        };
        view! {
            <li>
                <a href=href aria-current=current>
                    <span class="nav-icon" aria-hidden="true">{icon}</span>
                    <span class="nav-label">{label}</span>
                </a>
            </li>
        }
    };
    view! {
        <nav class="bottom-nav" aria-label=t.nav_label>
            <ul>
                {item("/", "📅", t.nav_activities)}
                {item("/groups", "🤲", t.nav_groups)}
                {item("/circles", "💬", t.nav_circles)}
                {item("/me", "👤", t.nav_me)}
            </ul>
        </nav>
    }
}

/// The page's `<title>`. leptos_meta writes the text into the head without escaping it, and
/// titles carry what people typed (activity and thread titles): escape it here so that
/// `</title><script>` stays text.
#[component]
pub fn PageTitle(text: String) -> impl IntoView {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    view! { <leptos_meta::Title text=escaped /> }
}
