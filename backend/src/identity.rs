//! Who is asking: the user behind a request's session, and her role. Below both `policy`
//! (which decides what she may do) and `services` (which do it), so neither imports the other
//! for these types.

pub use domain::account::Role;

/// Who a valid session belongs to. Read from `sessions` joined to `users`, by these names.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct SessionUser {
    pub session_id: i64,
    pub user_id: i64,
    pub role: Role,
    pub display_name: String,
    pub federation_id: Option<i64>,
    pub village_id: Option<i64>,
    /// When she last typed her password on this session: at login, or again on the
    /// "请再输入一次密码" page (UTC seconds).
    pub authenticated_at: i64,
}
