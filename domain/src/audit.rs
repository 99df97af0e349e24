//! The audit log's vocabulary, shared by the server (which writes it) and the admin page
//! (which filters by it).

/// Every `audit_log.action`, in the order the admin's filter lists them.
pub const ACTIONS: [&str; 15] = [
    "registered",
    "login_new_device",
    "password_changed",
    "logged_out_everywhere",
    "role_changed",
    "invitation_created",
    "invitation_redeemed",
    "data_exported",
    "account_deleted",
    "admin_created",
    "roster_exported",
    "calendar_feed_created",
    "anonymous_author_seen",
    "moderator_assigned",
    "word_list_changed",
];
