//! Help requests (求助): a woman asks the women's federation for help, or a volunteer or
//! organizer asks for her with her agreement; the people handling it move it through its
//! states, note what they did (some notes internal, never shown to her) and hand it over to a
//! department when that is where help is.
//!
//! The words here are the vocabulary (`kind`, `contact`, `urgency`, `state`, `department` as
//! the API and the database carry them), the rules of the states ([`HelpState::can_become`]),
//! the one place that decides what a valid request is ([`HelpDraft::parse`]), and what each
//! side sees: her own view ([`MyHelpRequest`]) and the handler's ([`HelpCase`]).

use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorKey};

crate::vocabulary! {
    /// What she asks help with (`help_requests.kind`).
    pub enum HelpKind {
        /// Legal advice or legal aid.
        Legal,
        /// Social assistance: minimum living allowance (低保), temporary assistance (临时救助).
        Assistance,
        /// Health and screening.
        Health,
        /// Work and training.
        Work,
        /// Childcare or care of elders.
        Care,
        /// Conflict in the family.
        Family,
        /// Her personal safety: the page shows the numbers to call at once.
        Safety,
        Other,
    }
}

crate::vocabulary! {
    /// How she wants to be reached (`help_requests.contact`).
    pub enum HelpContact {
        /// A phone call to her number.
        Call,
        /// A visit at home.
        Visit,
        /// A message here, in the app.
        App,
    }
}

crate::vocabulary! {
    /// How soon she needs help (`help_requests.urgency`).
    pub enum Urgency {
        Normal,
        Urgent,
    }
}

crate::vocabulary! {
    /// Where a request stands (`help_requests.state`, `help_events.state`). The way through:
    /// new → acknowledged → in progress → referred → resolved or closed; she may withdraw it
    /// while it is open. [`HelpState::can_become`] holds the rules.
    pub enum HelpState {
        /// Filed; nobody has taken it up yet.
        New,
        /// Someone has read it and will act.
        Acknowledged,
        InProgress,
        /// Handed over to a department (`help_referrals`).
        Referred,
        /// Help was given.
        Resolved,
        /// Ended without (further) help: no longer needed, could not be reached, …
        Closed,
        /// She took it back.
        Withdrawn,
    }
}

crate::vocabulary! {
    /// Where a request is handed over to (`help_referrals.department`).
    pub enum Department {
        /// The civil affairs office (民政办): minimum living allowance, temporary assistance.
        CivilAffairs,
        /// The justice office or legal aid centre (司法所、法律援助中心).
        LegalAid,
        /// The township health centre (卫生院).
        Health,
        /// Human resources and social security (人社所): work, training.
        HumanResources,
        /// The police (派出所).
        PublicSecurity,
        /// The women's federation's rights office (妇联权益部).
        WomensRights,
    }
}

/// Who made a change, as she sees it: never a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpActor {
    /// She herself.
    Her,
    /// A volunteer.
    Volunteer,
    /// Staff of the women's federation (an organizer).
    Federation,
}

/// The numbers to call at once about her safety: the police, and the women's rights hotline.
pub const SAFETY_NUMBERS: [&str; 2] = ["110", "12338"];

/// Longest description.
pub const DESCRIPTION_CHARS: usize = 1000;
/// Longest note, referral contact or outcome.
pub const NOTE_CHARS: usize = 500;
/// Default hours a request may stay new before it is overdue and escalated.
pub const ACKNOWLEDGE_HOURS: i64 = 48;

impl HelpState {
    /// Still being worked on: what the queue lists and what she may withdraw.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::New | Self::Acknowledged | Self::InProgress | Self::Referred
        )
    }

    /// Whether a handler may move a request from `self` to `next`. Nothing returns to `new`;
    /// `withdrawn` is hers alone (see [`HelpState::may_withdraw`]) and final; a resolved or
    /// closed request may be taken up again (`in_progress`) when she comes back.
    pub fn can_become(self, next: HelpState) -> bool {
        use HelpState::*;
        match (self, next) {
            (_, New | Withdrawn) | (Withdrawn, _) => false,
            (New, _) => true,
            (Acknowledged, InProgress | Referred | Resolved | Closed) => true,
            (InProgress, Referred | Resolved | Closed) => true,
            (Referred, InProgress | Resolved | Closed) => true,
            (Resolved | Closed, InProgress) => true,
            _ => false,
        }
    }

    /// The states a handler may choose next.
    pub fn next_states(self) -> Vec<HelpState> {
        <HelpState as strum::VariantArray>::VARIANTS
            .iter()
            .copied()
            .filter(|&next| self.can_become(next))
            .collect()
    }

    /// She may withdraw her request while it is open.
    pub fn may_withdraw(self) -> bool {
        self.is_open()
    }

    /// When it was first taken up: leaving `new` sets `acknowledged_at`.
    pub fn acknowledges(self) -> bool {
        self != Self::New
    }

    /// Help given or the matter ended: sets `resolved_at`.
    pub fn finishes(self) -> bool {
        matches!(self, Self::Resolved | Self::Closed)
    }

    /// The state in the text message she gets (Chinese, as every template is): "已收到",
    /// "已转交民政办"… At most 8 characters, so the message fits one text.
    pub fn text_word(self, department: Option<Department>) -> String {
        match (self, department) {
            (Self::Referred, Some(d)) => format!("已转交{}", d.text_word()),
            (Self::Referred, None) => "已转交相关部门".to_owned(),
            (Self::New, _) => "已提交".to_owned(),
            (Self::Acknowledged, _) => "已收到".to_owned(),
            (Self::InProgress, _) => "正在处理".to_owned(),
            (Self::Resolved, _) => "已解决".to_owned(),
            (Self::Closed, _) => "已办结".to_owned(),
            (Self::Withdrawn, _) => "已撤回".to_owned(),
        }
    }
}

impl Department {
    /// Its short name in a text message.
    pub fn text_word(self) -> &'static str {
        match self {
            Self::CivilAffairs => "民政办",
            Self::LegalAid => "司法所",
            Self::Health => "卫生院",
            Self::HumanResources => "人社所",
            Self::PublicSecurity => "派出所",
            Self::WomensRights => "妇联权益部",
        }
    }
}

/// The request form as sent (any field may be missing or wrong).
#[derive(Clone, Debug, Default)]
pub struct HelpForm<'a> {
    pub kind: Option<&'a str>,
    pub description: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub urgency: Option<&'a str>,
}

/// A request, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpDraft {
    pub kind: HelpKind,
    pub description: String,
    pub contact: HelpContact,
    pub urgency: Urgency,
}

/// A word of the vocabulary from a form field, or `key` on `field`.
fn word<T: std::str::FromStr>(value: Option<&str>, key: ErrorKey, field: &str) -> AppResult<T> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AppError::field(key, field))
}

/// Text she or a handler typed: invisible controls removed, trimmed, at most `max`
/// characters; empty only when `required` is false.
pub fn parse_text(
    value: Option<&str>,
    max: usize,
    required: bool,
    key: ErrorKey,
    field: &str,
) -> AppResult<String> {
    let text = crate::text::strip_invisible(value.unwrap_or_default())
        .trim()
        .to_owned();
    if (required && text.is_empty()) || text.chars().count() > max {
        return Err(AppError::field(key, field));
    }
    Ok(text)
}

impl HelpDraft {
    /// Checks the form, field by field in the form's order; the first problem is returned,
    /// naming its field.
    pub fn parse(form: &HelpForm<'_>) -> AppResult<HelpDraft> {
        let kind = word(form.kind, ErrorKey::HelpKindInvalid, "kind")?;
        let description = parse_text(
            form.description,
            DESCRIPTION_CHARS,
            true,
            ErrorKey::DescriptionInvalid,
            "description",
        )?;
        let contact = word(form.contact, ErrorKey::ContactInvalid, "contact")?;
        let urgency = word(form.urgency, ErrorKey::UrgencyInvalid, "urgency")?;
        Ok(HelpDraft {
            kind,
            description,
            contact,
            urgency,
        })
    }
}

/// A state chosen by a handler, from the form's word.
pub fn parse_state(value: &str) -> AppResult<HelpState> {
    word(Some(value), ErrorKey::HelpStateInvalid, "state")
}

/// A department chosen for a referral, from the form's word.
pub fn parse_department(value: Option<&str>) -> AppResult<Department> {
    word(value, ErrorKey::DepartmentInvalid, "department")
}

/// One change of her request, as she sees it: the state after it, the note unless it was
/// internal (then empty), and who made it as a role word, never a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpUpdate {
    pub at: i64,
    pub state: HelpState,
    pub note: String,
    pub by: HelpActor,
}

/// A hand-over of her request, as she sees it: where, when, and what came of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyReferral {
    pub department: Department,
    pub referred_on: i64,
    pub outcome: Option<String>,
    pub outcome_at: Option<i64>,
}

/// Her request, as she follows it on her own page (`GET /api/me/help`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyHelpRequest {
    pub id: i64,
    pub kind: HelpKind,
    pub description: String,
    pub contact: HelpContact,
    pub urgency: Urgency,
    pub state: HelpState,
    pub created_at: i64,
    pub updated_at: i64,
    /// Asked for her by a volunteer or organizer (with her agreement).
    pub filed_for_her: bool,
    /// The department of the latest referral, while the request is referred.
    pub referred_to: Option<Department>,
    /// Newest first.
    pub updates: Vec<HelpUpdate>,
    pub referrals: Vec<MyReferral>,
}

/// A request in the queue of those who handle it (`GET /api/help/queue`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct HelpQueueItem {
    pub id: i64,
    pub woman_name: String,
    pub village: String,
    pub kind: HelpKind,
    pub urgency: Urgency,
    pub state: HelpState,
    pub created_at: i64,
    pub updated_at: i64,
    /// Still new after the time allowed to acknowledge it.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub overdue: bool,
    /// The county's organizers were told it was overdue.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub escalated: bool,
    pub assignee_name: Option<String>,
}

/// One change or note as those handling the request see it: internal ones too, with names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct HelpEvent {
    pub at: i64,
    pub state: HelpState,
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub changed: bool,
    pub note: String,
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub internal: bool,
    /// Who wrote it; `None` for an account since deleted.
    pub actor_name: Option<String>,
}

/// A hand-over as those handling the request see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Referral {
    pub id: i64,
    pub department: Department,
    pub referred_on: i64,
    /// Whom to ask there (a name, an office, a number).
    pub contact: String,
    pub recorded_by: Option<String>,
    pub outcome: Option<String>,
    pub outcome_at: Option<i64>,
}

/// A volunteer who may be given the request: her reach holds its village.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Assignable {
    pub user_id: i64,
    pub display_name: String,
}

/// One request as those handling it see it (`GET /api/help/case`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpCase {
    pub id: i64,
    pub woman_name: String,
    /// Her number, when she asked to be called (else `None`: the handler needs no more).
    pub woman_phone: Option<String>,
    pub village: String,
    pub kind: HelpKind,
    pub description: String,
    pub contact: HelpContact,
    pub urgency: Urgency,
    pub state: HelpState,
    pub created_at: i64,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub escalated_at: Option<i64>,
    pub overdue: bool,
    /// The volunteer or organizer who asked for her, and when she agreed.
    pub filed_by: Option<String>,
    pub agreed_at: Option<i64>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    /// Newest first.
    pub events: Vec<HelpEvent>,
    pub referrals: Vec<Referral>,
    /// The states the handler may choose next.
    pub next_states: Vec<HelpState>,
    /// Whom she may assign it to (organizers only; empty for a volunteer).
    pub assignable: Vec<Assignable>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;
    use HelpState::*;

    #[test]
    fn the_way_through_the_states() {
        let allowed: Vec<(HelpState, HelpState)> = HelpState::VARIANTS
            .iter()
            .flat_map(|&a| HelpState::VARIANTS.iter().map(move |&b| (a, b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            allowed,
            [
                (New, Acknowledged),
                (New, InProgress),
                (New, Referred),
                (New, Resolved),
                (New, Closed),
                (Acknowledged, InProgress),
                (Acknowledged, Referred),
                (Acknowledged, Resolved),
                (Acknowledged, Closed),
                (InProgress, Referred),
                (InProgress, Resolved),
                (InProgress, Closed),
                (Referred, InProgress),
                (Referred, Resolved),
                (Referred, Closed),
                (Resolved, InProgress),
                (Closed, InProgress),
            ]
        );
        // Nothing goes back to new, nobody but she withdraws, and withdrawn is final.
        for &s in HelpState::VARIANTS {
            assert!(!s.can_become(New) && !s.can_become(Withdrawn) && !Withdrawn.can_become(s));
        }
        assert_eq!(Referred.next_states(), [InProgress, Resolved, Closed]);
        assert!(InProgress.may_withdraw() && !Resolved.may_withdraw() && !Closed.may_withdraw());
    }

    #[test]
    fn a_request_is_checked_field_by_field() {
        let good = HelpForm {
            kind: Some("safety"),
            description: Some("  丈夫喝酒后打人 "),
            contact: Some("call"),
            urgency: Some("urgent"),
        };
        assert_eq!(
            HelpDraft::parse(&good),
            Ok(HelpDraft {
                kind: HelpKind::Safety,
                description: "丈夫喝酒后打人".into(),
                contact: HelpContact::Call,
                urgency: Urgency::Urgent,
            })
        );
        let long = "长".repeat(DESCRIPTION_CHARS + 1);
        let cases: [(HelpForm, ErrorKey, &str); 6] = [
            (
                HelpForm {
                    kind: Some("money"),
                    ..good.clone()
                },
                ErrorKey::HelpKindInvalid,
                "kind",
            ),
            (
                HelpForm {
                    kind: None,
                    ..good.clone()
                },
                ErrorKey::HelpKindInvalid,
                "kind",
            ),
            (
                HelpForm {
                    description: Some(" \u{200b} "),
                    ..good.clone()
                },
                ErrorKey::DescriptionInvalid,
                "description",
            ),
            (
                HelpForm {
                    description: Some(&long),
                    ..good.clone()
                },
                ErrorKey::DescriptionInvalid,
                "description",
            ),
            (
                HelpForm {
                    contact: Some("letter"),
                    ..good.clone()
                },
                ErrorKey::ContactInvalid,
                "contact",
            ),
            (
                HelpForm {
                    urgency: Some(""),
                    ..good.clone()
                },
                ErrorKey::UrgencyInvalid,
                "urgency",
            ),
        ];
        for (form, key, field) in cases {
            let e = HelpDraft::parse(&form).unwrap_err();
            assert_eq!((e.key, e.field.as_deref()), (key, Some(field)), "{form:?}");
        }
    }

    #[test]
    fn every_state_fits_a_text_message() {
        for &s in HelpState::VARIANTS {
            let mut words = vec![s.text_word(None)];
            words.extend(Department::VARIANTS.iter().map(|&d| s.text_word(Some(d))));
            for w in words {
                assert!(w.chars().count() <= 8, "{w}");
            }
        }
        assert_eq!(
            Referred.text_word(Some(Department::CivilAffairs)),
            "已转交民政办"
        );
    }
}

/// The help requests' figures for one region: counts only, never a name or a word she wrote;
/// under five shown as "<5" above the village level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpFigureRow {
    pub region_id: i64,
    pub region: String,
    pub requests: crate::ledger::Figure,
    pub by_state: Vec<(HelpState, crate::ledger::Figure)>,
    pub by_kind: Vec<(HelpKind, crate::ledger::Figure)>,
    /// Hand-overs to each department.
    pub referrals: Vec<(Department, crate::ledger::Figure)>,
    /// Median hours from asking to being acknowledged, over the requests acknowledged.
    pub median_hours_to_acknowledge: Option<i64>,
    /// Median hours from asking to resolved, over the requests resolved.
    pub median_hours_to_resolve: Option<i64>,
}

/// `GET /api/help/figures`: her area as a whole and each region one level below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpFigures {
    pub total: HelpFigureRow,
    pub rows: Vec<HelpFigureRow>,
}

/// The median of whole hours (the lower middle of an even count); none of nothing.
pub fn median_hours(mut secs: Vec<i64>) -> Option<i64> {
    if secs.is_empty() {
        return None;
    }
    secs.sort_unstable();
    Some(secs[(secs.len() - 1) / 2] / 3600)
}

#[cfg(test)]
mod median_tests {
    use super::median_hours;

    #[test]
    fn the_median_is_the_middle_in_whole_hours() {
        assert_eq!(median_hours(vec![]), None);
        assert_eq!(median_hours(vec![3 * 3600, 3600, 50 * 3600]), Some(3));
        assert_eq!(
            median_hours(vec![3600, 2 * 3600, 9 * 3600, 10 * 3600]),
            Some(2)
        );
    }
}
