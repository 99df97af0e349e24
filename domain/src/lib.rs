//! Types shared by the browser and the server. Nothing here touches the database or the
//! network, so the whole crate compiles to wasm. Values that come from users are parsed into
//! these types once, at the edge ("parse, don't validate").

pub mod account;
pub mod activity;
pub mod activity_form;
pub mod audit;
pub mod category;
pub mod circle;
pub mod error;
pub mod form;
pub mod group;
pub mod help;
pub mod helped;
pub mod lang;
pub mod ledger;
pub mod moderation;
pub mod my_data;
pub mod notification;
pub mod password;
pub mod phone;
pub mod redirect;
pub mod region;
pub mod roster;
pub mod signup;
pub mod sms;
#[cfg(feature = "sqlx")]
pub mod sql;
pub mod text;
pub mod time;
pub mod vocabulary;

pub use category::Category;
pub use error::{AppError, AppResult, ErrorKey};
pub use lang::{Lang, TextSize};
pub use phone::Phone;
pub use redirect::is_local_path;
pub use strum::VariantArray;
