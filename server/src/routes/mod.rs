//! Plain routes: what is not a page or a server function.

pub mod calendar;
pub mod health;
pub mod lang;
pub mod roster_csv;

/// Every plain route, for the authorization-matrix test. Keep in step with the routers.
pub const PLAIN_ROUTES: &[&str] = &[
    health::HEALTHZ,
    health::READYZ,
    lang::SWITCH,
    calendar::ACTIVITY_ICS,
    calendar::FEED_ICS,
    roster_csv::ROSTER_CSV,
];
