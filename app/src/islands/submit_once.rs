//! A form is sent once: while one is on its way (a slow network can take many seconds), a
//! second press of its button does nothing, so a sign-up or a post is never made twice by
//! an impatient thumb. The form is marked `aria-busy` (its buttons look pressed).
//!
//! The buttons are not disabled: a disabled button's `name=value` would drop out of the form
//! being sent. After [`RETRY_AFTER_SECS`] without an answer she may press again, and coming
//! Back to the page (from the browser's page cache) makes every form ready again. Without
//! JavaScript nothing changes, and the server answers a repeated request as it answered the
//! first (see the sign-up's retry rule).

use leptos::prelude::*;

/// How long a form waits for its answer before a second press is let through.
#[cfg(feature = "hydrate")]
const RETRY_AFTER_SECS: u64 = 20;

#[island]
pub fn SubmitOnce() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use std::cell::RefCell;
        use std::rc::Rc;
        use wasm_bindgen::JsCast;

        let busy: Rc<RefCell<Vec<web_sys::Element>>> = Rc::default();
        let sending = busy.clone();
        let submits = window_event_listener_untyped("submit", move |e| {
            if e.default_prevented() {
                return;
            }
            let Some(form) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            if form.has_attribute("aria-busy") {
                e.prevent_default();
                return;
            }
            let _ = form.set_attribute("aria-busy", "true");
            sending.borrow_mut().push(form.clone());
            set_timeout(
                move || {
                    let _ = form.remove_attribute("aria-busy");
                },
                std::time::Duration::from_secs(RETRY_AFTER_SECS),
            );
        });
        let shown = window_event_listener_untyped("pageshow", move |_| {
            for form in busy.borrow_mut().drain(..) {
                let _ = form.remove_attribute("aria-busy");
            }
        });
        // The page lives as long as the island: the listeners stay.
        std::mem::forget((submits, shown));
    }
}
