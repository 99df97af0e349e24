//! Plain routes: what is not a page or a server function.

pub mod health;
pub mod lang;
