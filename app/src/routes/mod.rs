//! One module per area of the site; each page is a component named `…Page`.

pub mod activities;
pub mod activity;
pub mod admin;
pub mod auth;
pub mod circles;
pub mod groups;
pub mod help;
pub mod helping;
pub mod ledger;
pub mod me;
pub mod moderation;
pub mod my_activities;
pub mod my_data;
pub mod not_found;
pub mod notifications;
pub mod organizer;
pub mod organizer_activities;

/// The `:id` of the current route as a number (`None` when it is not one), for a page's resource.
pub fn id_param() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        use leptos::prelude::Read;
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    }
}
