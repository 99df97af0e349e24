//! Reads a text aloud with the browser's speech synthesis, for women who read with
//! difficulty: an activity, the opening post of a thread. The button stays hidden where the
//! browser has no speech synthesis (and without JavaScript); pressed again, it stops.

use leptos::prelude::*;

#[island]
pub fn ReadAloud(
    /// What to read: title, time, place and description.
    text: String,
    /// BCP 47 language of the text (`zh-CN`, `en`).
    lang: String,
    label: String,
    stop_label: String,
) -> impl IntoView {
    let (available, set_available) = signal(false);
    let (speaking, set_speaking) = signal(false);
    // Shown only once the island is awake, by an effect: hydration adopts the server's markup
    // (the button hidden, as the server cannot speak) and a value set before that would never
    // reach the page.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        // WeChat's browser often has no speech synthesis at all: the property is missing.
        let has_speech = web_sys::window()
            .and_then(|w| w.speech_synthesis().ok())
            .is_some_and(|s| !s.is_undefined() && !s.is_null());
        set_available.set(has_speech);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_available, &text, &lang, set_speaking);
    let toggle = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) {
            if speaking.get_untracked() {
                synth.cancel();
                set_speaking.set(false);
            } else if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(&text) {
                utterance.set_lang(&lang);
                utterance.set_rate(0.9);
                let done = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                    set_speaking.set(false)
                });
                utterance.set_onend(Some(wasm_bindgen::JsCast::unchecked_ref(done.as_ref())));
                done.forget();
                synth.cancel();
                synth.speak(&utterance);
                set_speaking.set(true);
            }
        }
    };
    view! {
        <button type="button" class="read-aloud secondary" hidden=move || !available.get() on:click=toggle aria-pressed=move || speaking.get().to_string()>
            <span aria-hidden="true">"🔊 "</span>
            {move || if speaking.get() { stop_label.clone() } else { label.clone() }}
        </button>
    }
}
