//! Types shared by the browser and the server. Nothing here touches the database or the
//! network, so the whole crate compiles to wasm. Values that come from users are parsed into
//! these types once, at the edge ("parse, don't validate").

pub mod account;
pub mod activity;
pub mod category;
pub mod error;
pub mod lang;
pub mod password;
pub mod phone;
pub mod region;
pub mod time;

pub use category::Category;
pub use error::{AppError, AppResult, ErrorKey};
pub use lang::Lang;
pub use phone::Phone;
