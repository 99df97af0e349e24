//! Server-only glue between a request and the components and server functions, one job per
//! module:
//!
//! - [`request`]: the request's language and CSP nonce, the database, page and answer statuses;
//! - [`cookies`]: reading and setting cookies (one way, through axum-extra's jar);
//! - [`session`]: who is logged in, starting and ending her session;
//! - [`client`]: who is asking (address, browser, device) for abuse limits and the audit log;
//! - [`forms`]: finishing a form post (the redirect back with the error, or onwards).
//!
//! The functions the api and page files call are re-exported here (`ssr::db`, `ssr::finish_form`, …).

pub mod client;
pub mod cookies;
pub mod forms;
pub mod request;
pub mod session;

pub use client::client;
pub use cookies::{cookie, set_cookie, DEVICE_COOKIE, SESSION_COOKIE};
pub use forms::{finish_form, flash, is_html_form, kept, referer_path};
pub use request::{
    db, origin, provide_request_context, request_lang, respond, set_page_status, CspNonce,
    RenderingPage,
};
pub use session::{
    current_user, forget_session, page_facts, require_recent_login, require_user, start_session,
    PageFacts,
};
