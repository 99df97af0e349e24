//! HTTP-level tests against the real server on a free port, each with a fresh database.
//! Every test runs twice: once on SQLite and once on PostgreSQL (see `both_backends!`); the
//! test names end in `::sqlite` or `::postgres`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test crate: failing is its job

#[macro_use]
mod support;

mod accounts;
mod authz;
mod bad_requests;
mod circles;
mod cli;
mod health;
mod organizers;
mod organizing;
mod page_cache;
mod pages;
mod security;
mod signups;
