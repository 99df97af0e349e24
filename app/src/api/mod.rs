//! Server functions, one module per area. Each has an explicit, stable endpoint under `/api`
//! documented in docs/API.md; bodies are thin calls into `backend::services`.

pub mod activities;
pub mod admin;
pub mod auth;
pub mod circles;
pub mod groups;
pub mod me;
pub mod moderation;
pub mod notifications;
pub mod organizer;
pub mod regions;
pub mod roster;
