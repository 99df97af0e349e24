//! One module per area of the site; each page is a component named `…Page`.

pub mod activities;
pub mod activity;
pub mod admin;
pub mod auth;
pub mod circles;
pub mod groups;
pub mod me;
pub mod moderation;
pub mod my_activities;
pub mod not_found;
pub mod notifications;
pub mod organizer;
pub mod organizer_activities;
