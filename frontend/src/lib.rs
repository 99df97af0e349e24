//! The browser entry point. Tongxin's pages are rendered on the server; this wakes up only the
//! islands (`app::islands`), so the wasm stays small.

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Pull in the islands so they are compiled into this crate's wasm.
    #[allow(unused_imports)]
    use app::islands::*;
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
