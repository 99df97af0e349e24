//! The quick exit of every circle, group and moderation page: it leaves for the activity list
//! and leaves no circle page in the back history, so whoever picks up the phone sees nothing
//! of the circle, not even with the Back button.
//!
//! With JavaScript, every link followed from these pages replaces the current history entry
//! instead of adding one, so a whole visit to the circles takes a single entry; the quick
//! exit then replaces that one with the activity list. Escape pressed twice leaves too.
//! Without JavaScript it is a plain link to the activity list.
//!
//! A form she sent from these pages (a reply, a report) added a history entry that no link
//! handler can take back. So leaving also marks the tab as left, and every circle page opens
//! with a small script, run before anything of the page shows: a circle page reached with
//! Back or Forward in a tab that was left goes on to the activity list at once. Opening the
//! circles again on purpose clears the mark.

use leptos::prelude::*;

/// Where the quick exit goes: the activity list, a page anyone may be seen reading.
const NEUTRAL_PAGE: &str = "/";

/// Two presses of Escape this close together (milliseconds) leave.
#[cfg(feature = "hydrate")]
const DOUBLE_ESCAPE_MS: f64 = 1_500.0;

/// The mark of a tab that was left by the quick exit (in `sessionStorage`: this tab only,
/// gone when it closes). One word for the island and the script.
macro_rules! left_mark {
    () => {
        "tongxin-left"
    };
}

/// Run where the page begins, before its content is read: Back or Forward to a circle page
/// after a quick exit goes on to the neutral page (also when the browser restores the page
/// from its cache); coming here any other way clears the mark. Plain script, so that it runs
/// before the wasm has loaded; the page's CSP nonce lets it run.
const BOUNCE_BACK: &str = concat!(
    r#"(function(){try{var k=""#,
    left_mark!(),
    r#"",s=sessionStorage,n=performance.getEntriesByType("navigation")[0],b=n&&n.type==="back_forward";if(b&&s.getItem(k)){location.replace("/");return}if(!b)s.removeItem(k);addEventListener("pageshow",function(e){if(e.persisted&&s.getItem(k))location.replace("/")})}catch(e){}})();"#
);

/// The quick exit with its label in the page's language.
#[component]
pub fn Exit() -> impl IntoView {
    let t = crate::i18n::use_texts();
    view! {
        <script nonce=leptos::nonce::use_nonce() inner_html=BOUNCE_BACK></script>
        <QuickExit label=t.quick_exit.to_owned() />
    }
}

#[island]
pub fn QuickExit(label: String) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let last_escape = StoredValue::new(None::<f64>);
        let keys = window_event_listener(leptos::ev::keydown, move |e| {
            if e.key() != "Escape" {
                return;
            }
            let now = e.time_stamp();
            if last_escape
                .get_value()
                .is_some_and(|then| now - then < DOUBLE_ESCAPE_MS)
            {
                leave();
            } else {
                last_escape.set_value(Some(now));
            }
        });
        let links = window_event_listener(leptos::ev::click, replace_instead_of_push);
        // The page lives as long as the island: the listeners stay.
        std::mem::forget((keys, links));
    }
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            leave();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <a class="quick-exit" href=NEUTRAL_PAGE rel="noreferrer" on:click=on_click>
            <span aria-hidden="true">"✕ "</span>
            {label}
        </a>
    }
}

/// Marks the tab as left and swaps the current history entry for the neutral page.
#[cfg(feature = "hydrate")]
fn leave() {
    if let Some(window) = web_sys::window() {
        if let Ok(Some(storage)) = window.session_storage() {
            let _ = storage.set_item(left_mark!(), "1");
        }
        let _ = window.location().replace(NEUTRAL_PAGE);
    }
}

/// A plain left click on a link to a page of this site goes there in place of the current
/// history entry. Links that open elsewhere (another site, a new tab, a download) are left
/// alone, and so is a click something else already handled.
#[cfg(feature = "hydrate")]
fn replace_instead_of_push(e: web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    if e.default_prevented()
        || e.button() != 0
        || e.ctrl_key()
        || e.meta_key()
        || e.shift_key()
        || e.alt_key()
    {
        return;
    }
    let Some(link) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
    else {
        return;
    };
    let Some(href) = link.get_attribute("href") else {
        return;
    };
    let same_site = href.starts_with('/') && !href.starts_with("//") && !href.starts_with("/\\");
    if !same_site || link.has_attribute("target") || link.has_attribute("download") {
        return;
    }
    if let Some(window) = web_sys::window() {
        if window.location().replace(&href).is_ok() {
            e.prevent_default();
        }
    }
}
