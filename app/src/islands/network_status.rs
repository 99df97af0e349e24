//! A banner that tells her when the phone has lost the network, so a form that does not
//! answer is not mistaken for a broken site.

use leptos::prelude::*;

#[island]
pub fn NetworkStatus(message: String) -> impl IntoView {
    let (offline, set_offline) = signal(false);
    #[cfg(feature = "hydrate")]
    {
        if let Some(window) = web_sys::window() {
            set_offline.set(!window.navigator().on_line());
        }
        let went_offline =
            window_event_listener(leptos::ev::offline, move |_| set_offline.set(true));
        let came_back = window_event_listener(leptos::ev::online, move |_| set_offline.set(false));
        on_cleanup(move || {
            went_offline.remove();
            came_back.remove();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_offline;
    view! {
        <p class="offline-banner" role="status" hidden=move || !offline.get()>
            {message}
        </p>
    }
}
