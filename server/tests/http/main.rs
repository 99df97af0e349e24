//! HTTP-level tests against the real server on a free port, each with a fresh database.
//! Every test runs twice: once on SQLite and once on PostgreSQL (see `both_backends!`); the
//! test names end in `::sqlite` or `::postgres`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test crate: failing is its job

#[macro_use]
mod support;

mod accounts;
mod area_matrix;
mod authz;
mod bad_requests;
mod circle_trust;
mod circles;
mod cli;
mod data_export;
mod fake_sms;
mod health;
mod help_requests;
mod helped_accounts;
mod hygiene;
mod journeys;
mod ledger;
mod moderating;
mod organizers;
mod organizing;
mod page_cache;
mod pages;
mod private_urls;
mod redirects;
mod removals;
mod security;
mod series;
mod shared_phones;
mod signups;
mod sms_gateway;
mod stalled_pages;
mod texting;
