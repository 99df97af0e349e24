//! The quick-exit button of every circle page: it replaces the page with the activity list
//! and leaves no entry in the back history, so whoever picks up the phone sees nothing of
//! the circle. Without JavaScript it is a plain link to the same page.

use leptos::prelude::*;

#[island]
pub fn QuickExit(label: String) -> impl IntoView {
    let leave = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            if let Some(window) = web_sys::window() {
                // `replace` swaps the current history entry instead of adding one.
                if window.location().replace("/").is_ok() {
                    ev.prevent_default();
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <a class="quick-exit" href="/" rel="noreferrer" on:click=leave>
            <span aria-hidden="true">"✕ "</span>
            {label}
        </a>
    }
}
