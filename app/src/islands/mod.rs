//! Islands: the only components whose code is shipped to the browser. Keep them small; every
//! kilobyte of wasm costs a woman on a slow network.

pub mod network_status;
pub mod quick_exit;
pub mod read_aloud;
pub mod submit_once;
