//! How the vocabulary is stored: the one place that turns a database value into a domain type.
//!
//! Server only (feature `sqlx`). Rows are read by name into structs (`sqlx::FromRow`); a field
//! whose column holds one of the vocabulary's words has the enum's type, and a flag has
//! [`Flag`]'s, so a value the code does not know is a decoding error at the edge, not a
//! string compared somewhere in a service.

use sqlx::any::{Any, AnyTypeInfo, AnyTypeInfoKind};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type, ValueRef};

/// Stores a vocabulary enum as its `snake_case` word (a `TEXT` column on both backends).
/// The enum must derive `strum::IntoStaticStr` and `strum::EnumString`.
#[macro_export]
macro_rules! stored_as_text {
    ($($ty:ty),+ $(,)?) => {$(
        impl ::sqlx::Type<::sqlx::any::Any> for $ty {
            fn type_info() -> ::sqlx::any::AnyTypeInfo {
                <&str as ::sqlx::Type<::sqlx::any::Any>>::type_info()
            }
            fn compatible(ty: &::sqlx::any::AnyTypeInfo) -> bool {
                <&str as ::sqlx::Type<::sqlx::any::Any>>::compatible(ty)
            }
        }
        impl<'q> ::sqlx::Encode<'q, ::sqlx::any::Any> for $ty {
            fn encode_by_ref(
                &self,
                buf: &mut <::sqlx::any::Any as ::sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                let word: &'static str = self.into();
                <&str as ::sqlx::Encode<'q, ::sqlx::any::Any>>::encode_by_ref(&word, buf)
            }
        }
        impl<'r> ::sqlx::Decode<'r, ::sqlx::any::Any> for $ty {
            fn decode(
                value: <::sqlx::any::Any as ::sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                let word = <&str as ::sqlx::Decode<'r, ::sqlx::any::Any>>::decode(value)?;
                word.parse::<$ty>().map_err(|_| {
                    format!("`{word}` is not a {}", stringify!($ty)).into()
                })
            }
        }
    )+};
}

stored_as_text!(
    crate::account::Role,
    crate::notification::NotificationKind,
    crate::audit::AuditAction,
    crate::account::AttemptKind,
    crate::audit::AuditSubject,
    crate::region::RegionLevel,
    crate::Category,
    crate::activity::ActivityStatus,
    crate::activity_form::Frequency,
    crate::signup::SignupStatus,
    crate::circle::PostStatus,
    crate::circle::StatusReason,
    crate::circle::ReportReason,
    crate::roster::RemovalReason,
    crate::helped::Relation,
    crate::help::HelpKind,
    crate::help::HelpContact,
    crate::help::Urgency,
    crate::help::HelpState,
    crate::help::Department,
    crate::moderation::ModAction,
    crate::moderation::WordAction,
    crate::group::GroupNeed,
    crate::group::MembershipStatus,
    crate::sms::SmsTemplate,
    crate::sms::OutboxState,
    crate::sms::CodePurpose,
    crate::ledger::Difficulty,
    crate::ledger::Assistance,
    crate::ledger::HusbandWorks,
    crate::ledger::ConsentMethod,
    crate::ledger::ConsentEvent,
    crate::ledger::ClosedReason,
    crate::ledger::LedgerRequestKind,
    crate::ledger::LedgerRequestOutcome,
);

/// A yes/no column. PostgreSQL stores it as `BOOLEAN`; SQLite as `INTEGER` 0 or 1 (with a
/// `CHECK`), because sqlx's `Any` driver cannot read a column SQLite declares `BOOLEAN`. This
/// type reads either, so one query text serves both backends. Bind a plain `bool`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        matches!(
            ty.kind(),
            AnyTypeInfoKind::Bool
                | AnyTypeInfoKind::SmallInt
                | AnyTypeInfoKind::Integer
                | AnyTypeInfoKind::BigInt
        )
    }
}

impl<'q> Encode<'q, Any> for Flag {
    fn encode_by_ref(
        &self,
        buf: &mut <Any as Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        <bool as Encode<'q, Any>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        if value.type_info().kind() == AnyTypeInfoKind::Bool {
            Ok(Flag(<bool as Decode<'r, Any>>::decode(value)?))
        } else {
            Ok(Flag(<i64 as Decode<'r, Any>>::decode(value)? != 0))
        }
    }
}
