//! The rules of Tongxin, one module per area. Functions that may run inside a caller's
//! transaction take `&mut AnyConnection`; the rest take `&Db`.

pub mod account;
pub mod activities;
pub mod activity_editor;
pub mod attempts;
pub mod audit;
pub mod auth;
pub mod calendar_feed;
pub mod circles;
pub mod data_export;
pub mod form_flashes;
pub mod groups;
pub mod help_requests;
pub mod helped_accounts;
pub mod ledger;
pub mod moderation;
pub mod moderation_log;
pub mod notifications;
pub mod organizers;
pub mod outbox;
pub mod password_reset;
pub mod phone_codes;
pub mod regions;
pub mod reminders;
pub mod roster;
pub mod sessions;
pub mod signups;
pub mod users;
pub mod word_rules;
