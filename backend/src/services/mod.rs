//! The rules of Tongxin, one module per area. Functions that may run inside a caller's
//! transaction take `&mut AnyConnection`; the rest take `&Db`.

pub mod activities;
pub mod regions;
pub mod users;
