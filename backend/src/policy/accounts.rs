//! Who may change which account's role.

use crate::identity::{Role, SessionUser};
use domain::{AppError, AppResult, ErrorKey};

/// Forbidden unless `user` is an admin.
pub fn require_admin(user: &SessionUser) -> AppResult<()> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Only a member or a volunteer may redeem an organizer invitation: an admin or an organizer
/// redeeming one would lose her role or her federation. Refused like a bad code.
pub fn require_may_become_organizer(user: &SessionUser) -> AppResult<()> {
    match user.role {
        Role::Member | Role::Volunteer => Ok(()),
        Role::Organizer | Role::Admin => Err(AppError::field(ErrorKey::Invalid, "code")),
    }
}

/// Only a member may be appointed a volunteer (an organizer's or admin's role is not lowered,
/// a volunteer is one already). Refused on the form's `phone` field.
pub fn require_may_become_volunteer(role: Role) -> AppResult<()> {
    match role {
        Role::Member => Ok(()),
        Role::Volunteer | Role::Organizer | Role::Admin => {
            Err(AppError::field(ErrorKey::Invalid, "phone"))
        }
    }
}
