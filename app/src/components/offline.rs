//! Reading offline. The service worker (`public/sw.js`, plain JavaScript: no wasm) keeps the
//! pages the server allows (`Tongxin-Offline: keep`, decided in
//! `server/src/middleware/offline_copies.rs`) and serves them without network; this module
//! registers it and gives the pages the words it shows.

use leptos::prelude::*;

use crate::i18n::use_texts;

/// Registers the service worker once the page has loaded, so nothing of a first visit waits
/// for it, and when the network comes back asks it to send the forms that waited. Plain
/// script, run with the page's CSP nonce; browsers without service workers skip it.
const REGISTER: &str = r#"if("serviceWorker"in navigator){addEventListener("load",function(){navigator.serviceWorker.register("/sw.js").catch(function(){})});addEventListener("online",function(){var c=navigator.serviceWorker.controller;c&&c.postMessage("flush")})}"#;

/// The script that registers the service worker, for the end of every page.
#[component]
pub fn RegisterServiceWorker() -> impl IntoView {
    view! { <script nonce=leptos::nonce::use_nonce() inner_html=REGISTER></script> }
}

/// "上次更新：…": hidden; the service worker shows it, with the time the copy was saved,
/// when it serves a page from the phone (the `data-` names are what it looks for).
#[component]
pub fn SavedCopyLine() -> impl IntoView {
    let t = use_texts();
    view! {
        <p class="saved-copy" role="status" data-saved-copy hidden>
            {t.offline.saved_at}<span data-saved-at></span>
        </p>
    }
}

/// "将在联网后发送": hidden; the service worker shows it on a page whose sign-up or
/// cancellation it is keeping until the network is back.
#[component]
pub fn QueuedNotice() -> impl IntoView {
    let t = use_texts();
    view! { <p class="notice queued" role="status" data-queued hidden>{t.offline.queued}</p> }
}
