//! Women a volunteer or organizer adds in person (she has no smartphone; a girl under 14 comes
//! with her guardian), and the one-time codes a helper gives a woman standing in front of her
//! to set a password: to claim an account added for her, or when she forgot hers.

use serde::{Deserialize, Serialize};

/// How long a code given in person lasts.
pub const ACCESS_CODE_SECS: i64 = 30 * 60;

/// How many digits a code has: read aloud and typed on a phone, and far too many to guess in
/// the few tries an address is allowed.
pub const ACCESS_CODE_DIGITS: usize = 8;

crate::vocabulary! {
    /// Who the guardian of a girl under 14 is to her, as stored in
    /// `guardian_consents.relation`. A new one needs its words in each language
    /// (`app::i18n`, `relation`): the match there is exhaustive.
    pub enum Relation {
        Mother,
        Father,
        Grandparent,
        Other,
    }
}

/// A woman a helper added, as her list shows her (the number masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedWoman {
    pub user_id: i64,
    pub display_name: String,
    pub village: String,
    pub phone_masked: String,
    pub added_at: i64,
    /// She has set a password of her own and can log in.
    pub claimed: bool,
    /// Under 14, with her guardian's consent on record.
    pub with_guardian: bool,
}
