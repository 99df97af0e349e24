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
pub mod lang;
pub mod moderation;
pub mod notification;
pub mod password;
pub mod phone;
pub mod region;
pub mod roster;
pub mod signup;
#[cfg(feature = "sqlx")]
pub mod sql;
pub mod time;
pub mod vocabulary;

pub use category::Category;
pub use error::{AppError, AppResult, ErrorKey};
pub use lang::Lang;
pub use phone::Phone;
pub use strum::VariantArray;

/// True for a path on this site that is safe to redirect to: no `//host`, `/\host` or
/// header-splitting characters that a browser would take elsewhere.
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.starts_with("/\\")
        && !p.contains(['\r', '\n', '\\'])
}

#[cfg(test)]
mod tests {
    #[test]
    fn local_paths_stay_local() {
        assert!(super::is_local_path("/me?x=1"));
        for p in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "me",
            "/a\r\nSet-Cookie: x",
        ] {
            assert!(!super::is_local_path(p), "{p}");
        }
    }
}
