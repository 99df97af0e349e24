//! A form is sent once: while one is on its way (a slow network can take many seconds), a
//! second press of its button does nothing, so a sign-up or a post is never made twice by
//! an impatient thumb. The form is marked `aria-busy` (its buttons look pressed).
//!
//! The buttons are not disabled: a disabled button's `name=value` would drop out of the form
//! being sent. After [`RETRY_AFTER_SECS`] without an answer she may press again, and coming
//! Back to the page (from the browser's page cache) makes every form ready again. Without
//! JavaScript nothing changes, and the server answers a repeated request as it answered the
//! first (see the sign-up's retry rule).
//!
//! A form marked `data-keep` (a volunteer's doorstep forms) keeps what she typed when the
//! network drops: its fields are written to this tab's `sessionStorage` as it is sent, and put
//! back when the form's page opens again without an answer having come (the browser's error
//! page, then Back or reload: personal pages are not in the page cache). A page that says a
//! post succeeded (`?done=`) drops every draft; logging out clears the storage altogether.
//! Passwords and hidden fields are never kept.

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
            if form.has_attribute("data-keep") {
                drafts::keep(&form);
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
        drafts::restore_or_drop();
        // The page lives as long as the island: the listeners stay.
        std::mem::forget((submits, shown));
    }
}

/// What she typed into a `data-keep` form, kept in this tab until an answer comes.
#[cfg(feature = "hydrate")]
mod drafts {
    use wasm_bindgen::JsCast;
    use web_sys::{
        Element, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
    };

    const PREFIX: &str = "tongxin-draft:";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    fn key(form: &Element) -> Option<String> {
        let path = web_sys::window()?.location().pathname().ok()?;
        Some(format!(
            "{PREFIX}{path}:{}",
            form.get_attribute("action").unwrap_or_default()
        ))
    }

    /// Her fields, as a form would send them, without passwords and hidden fields.
    pub fn keep(form: &Element) {
        let (Some(storage), Some(key), Some(form)) =
            (storage(), key(form), form.dyn_ref::<HtmlFormElement>())
        else {
            return;
        };
        let Ok(data) = web_sys::FormData::new_with_form(form) else {
            return;
        };
        for field in fields(form) {
            if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
                if matches!(input.type_().as_str(), "hidden" | "password") {
                    data.delete(&input.name());
                }
            }
        }
        if let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) {
            let _ = storage.set_item(&key, &String::from(params.to_string()));
        }
    }

    fn fields(form: &HtmlFormElement) -> Vec<Element> {
        let Ok(list) = form.query_selector_all("input[name], textarea[name], select[name]") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .collect()
    }

    /// After a success every draft goes; otherwise each `data-keep` form of the page gets its
    /// draft back.
    pub fn restore_or_drop() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(storage) = storage() else { return };
        let search = window.location().search().unwrap_or_default();
        if search.contains("done=") {
            let keys: Vec<String> = (0..storage.length().unwrap_or(0))
                .filter_map(|i| storage.key(i).ok().flatten())
                .filter(|k| k.starts_with(PREFIX))
                .collect();
            for k in keys {
                let _ = storage.remove_item(&k);
            }
            return;
        }
        let Some(document) = window.document() else {
            return;
        };
        let Ok(forms) = document.query_selector_all("form[data-keep]") else {
            return;
        };
        for i in 0..forms.length() {
            let Some(form) = forms
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlFormElement>().ok())
            else {
                continue;
            };
            let Some(saved) = key(&form).and_then(|k| storage.get_item(&k).ok().flatten()) else {
                continue;
            };
            let Ok(params) = web_sys::UrlSearchParams::new_with_str(&saved) else {
                continue;
            };
            for field in fields(&form) {
                put_back(&field, &params);
            }
        }
    }

    fn put_back(field: &Element, params: &web_sys::UrlSearchParams) {
        let name = field.get_attribute("name").unwrap_or_default();
        let values: Vec<String> = params
            .get_all(&name)
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
        if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
            match input.type_().as_str() {
                "hidden" | "password" => {}
                "checkbox" | "radio" => input.set_checked(values.contains(&input.value())),
                _ => {
                    if let Some(v) = values.first() {
                        input.set_value(v);
                    }
                }
            }
        } else if let Some(area) = field.dyn_ref::<HtmlTextAreaElement>() {
            if let Some(v) = values.first() {
                area.set_value(v);
            }
        } else if let Some(select) = field.dyn_ref::<HtmlSelectElement>() {
            if let Some(v) = values.first() {
                select.set_value(v);
            }
        }
    }
}
