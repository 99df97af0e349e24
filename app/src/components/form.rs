//! Form helpers for pages whose forms post to server functions. Without JavaScript the server
//! answers a failed post with a redirect back here carrying `?error=key&field=…`; what she
//! typed (never passwords) comes back in the server-side flash, not in the address. These
//! helpers show the message and refill the fields.

use domain::ErrorKey;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::use_texts;

/// A query parameter of the current page.
pub fn query_value(name: &'static str) -> Option<String> {
    use_query_map()
        .read_untracked()
        .get(name)
        .filter(|v| !v.is_empty())
}

/// What she typed into the form that was refused, or a value to show once (a new code), kept
/// on the server for this page by the form that led here; never read from the address.
pub fn kept_value(name: &'static str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::kept(name)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

/// The field the last error was about, to mark it `aria-invalid`.
pub fn error_field() -> Option<String> {
    query_value("field")
}

/// The error message of a failed post, or a confirmation of a successful one.
#[component]
pub fn FormNotice(
    /// `(done key, message)` pairs: `?done=key` after a successful post shows the message.
    #[prop(optional)]
    done: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let t = use_texts();
    let error = query_value("error").map(|k| ErrorKey::parse(&k).unwrap_or(ErrorKey::Invalid));
    let retry = query_value("retry").and_then(|s| s.parse::<u64>().ok());
    let done_key = query_value("done");
    let done_message = done
        .into_iter()
        .find(|(key, _)| done_key.as_deref() == Some(*key))
        .map(|(_, text)| text);
    view! {
        {error.map(|key| view! {
            <p class="notice error" role="alert" id="form-error">
                {(t.error)(key)}
                {retry.map(|s| format!(" {}", (t.retry_in)(s)))}
            </p>
        })}
        {done_message.map(|text| view! { <p class="notice" role="status">{text}</p> })}
    }
}

/// `aria-invalid` for a field, when the last error named it.
pub fn invalid(field: &'static str) -> Option<&'static str> {
    (error_field().as_deref() == Some(field)).then_some("true")
}

/// An action that cannot simply be taken back, asked once: a fold whose summary names the
/// action; opened, it says what will happen and holds the form that does it. A plain
/// `<details>`, so it works without JavaScript, and one stray tap does nothing.
#[component]
pub fn Confirm(
    /// The action, as the closed fold shows it ("取消这个活动").
    label: &'static str,
    /// What will happen, asked as a question.
    question: String,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="confirm">
            <summary>{label}</summary>
            <p>{question}</p>
            {children()}
        </details>
    }
}
