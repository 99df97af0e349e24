//! "我的数据": what Tongxin holds about her, for the page that shows it in plain words (the
//! downloadable file holds the same records, every column).

use serde::{Deserialize, Serialize};

use crate::account::{Profile, Role};
use crate::roster::RemovalReason;
use crate::signup::SignupStatus;
use crate::Category;

crate::vocabulary! {
    /// A kind of record about her: a section of her data file (its key there) and a line of
    /// the page. A new section needs its words in each language (`app::i18n`, `data_section`):
    /// the match there is exhaustive.
    pub enum DataSection {
        Account,
        Sessions,
        Devices,
        Signups,
        SignupsMadeForOthers,
        RemovalsMade,
        GuardianConsent,
        AccessCodes,
        WomenAdded,
        GuardianConsentsRecorded,
        AccessCodesGiven,
        Consents,
        ConsentsRecordedForOthers,
        HelpRequests,
        HelpUpdates,
        HelpReferrals,
        HelpRequestedForOthers,
        HelpRequestsAssigned,
        HelpUpdatesWritten,
        HelpReferralsRecorded,
        Notifications,
        TextMessages,
        CalendarFeed,
        LedgerRecord,
        LedgerRecordMarks,
        LedgerVisits,
        LedgerAccessLog,
        LedgerConsents,
        LedgerRequests,
        Threads,
        Posts,
        AuthorReveals,
        RevealsMade,
        HelpfulMarks,
        Reports,
        CircleMutes,
        GroupMemberships,
        GroupPosts,
        GroupsStarted,
        VolunteerAppointment,
        Moderating,
        GroupStarting,
        InvitationsRedeemed,
        InvitationsCreated,
        ActivitiesCreated,
        SeriesCreated,
        VolunteersAppointed,
        ModeratorsAssigned,
        GroupStartersAllowed,
        ModerationActions,
        LedgerKeeper,
        LedgerWork,
        AuditLog,
    }
}

/// Her account as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecord {
    pub created_at: i64,
    pub role: Role,
    /// The version of the privacy notice she agreed to, and when.
    pub privacy_notice_version: Option<String>,
    pub consented_at: Option<i64>,
}

/// One of her sign-ups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupRecord {
    pub activity: String,
    pub status: SignupStatus,
    pub companions: i64,
    pub created_at: i64,
    pub checked_in_at: Option<i64>,
    /// The volunteer or organizer who signed her up, with her agreement.
    pub signed_up_by: Option<String>,
    pub removed_at: Option<i64>,
    pub removal_reason: Option<RemovalReason>,
}

/// A specific consent she gave for a sensitive purpose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub purpose: Category,
    pub given_at: i64,
    /// The volunteer or organizer she told, when one signed her up.
    pub told_to: Option<String>,
}

/// Where she is logged in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// What the page "我的数据" shows: the records she most needs to read in full, and how many
/// of every other kind there are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    pub profile: Profile,
    pub account: AccountRecord,
    pub sessions: Vec<SessionRecord>,
    pub signups: Vec<SignupRecord>,
    pub consents: Vec<ConsentRecord>,
    /// Every other section that holds something, in the file's order, with its number of
    /// records.
    pub counts: Vec<(DataSection, usize)>,
}

impl DataSection {
    /// The sections the page shows record by record (the others as a count).
    pub fn shown_in_full(self) -> bool {
        matches!(
            self,
            Self::Account | Self::Sessions | Self::Signups | Self::Consents
        )
    }
}
