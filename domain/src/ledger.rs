//! The care ledger (留守妇女信息台账): a record per left-behind woman in difficulty, kept by
//! the volunteers of her village and the organizers above it, with her separate consent, every
//! look at it logged, and hers to see.
//!
//! The form arrives as strings; [`LedgerDraft::parse`] is the one place that decides what a
//! valid record is, naming the field at fault.

use serde::{Deserialize, Serialize};

use crate::form::{optional_number, Checkbox};
use crate::{AppError, AppResult, ErrorKey, Phone, VariantArray};

/// The version of the ledger notice read to her before she agrees (the words are in
/// `app::i18n`, `ledger.notice`). Changing those words means a new version here.
pub const LEDGER_NOTICE_VERSION: &str = "2026-12";

/// How long a closed record is kept before the server erases it, unless configured.
pub const DEFAULT_RETENTION_DAYS: i64 = 3 * 365;

pub const MAX_NAME_CHARS: usize = 20;
pub const MAX_TEXT_CHARS: usize = 200;
pub const MAX_NOTES_CHARS: usize = 2_000;
pub const MAX_DEPENDANTS: i64 = 20;

crate::vocabulary! {
    /// A difficulty she lives with, as stored in `ledger_difficulties.difficulty`. Several may
    /// hold. The sensitive ones are masked until a viewer opens them ([`Difficulty::sensitive`]).
    pub enum Difficulty {
        LivingHardship,
        Disability,
        SeriousIllness,
        NoIncome,
        /// Family conflict or a risk to her safety.
        SafetyRisk,
        NeedsLegalHelp,
        /// Needs childcare or care for the elderly at home.
        NeedsCare,
        /// Wants work or training.
        WantsWork,
    }
}

impl Difficulty {
    /// The sensitive field that hides this difficulty, if it is sensitive.
    pub fn sensitive(self) -> Option<SensitiveField> {
        match self {
            Difficulty::Disability => Some(SensitiveField::Disability),
            Difficulty::SeriousIllness => Some(SensitiveField::Health),
            Difficulty::SafetyRisk => Some(SensitiveField::Safety),
            Difficulty::LivingHardship
            | Difficulty::NoIncome
            | Difficulty::NeedsLegalHelp
            | Difficulty::NeedsCare
            | Difficulty::WantsWork => None,
        }
    }
}

crate::vocabulary! {
    /// Assistance she already receives, as stored in `ledger_assistance.kind`.
    pub enum Assistance {
        /// 低保, the minimum living allowance.
        Dibao,
        /// 临时救助.
        TemporaryAssistance,
        DisabilityAllowance,
        Other,
    }
}

impl Assistance {
    /// The disability allowance tells of a disability: it is masked with it.
    pub fn sensitive(self) -> Option<SensitiveField> {
        match self {
            Assistance::DisabilityAllowance => Some(SensitiveField::Disability),
            Assistance::Dibao | Assistance::TemporaryAssistance | Assistance::Other => None,
        }
    }
}

crate::vocabulary! {
    /// Where her husband works, as stored in `ledger_records.husband_works`.
    pub enum HusbandWorks {
        SameProvince,
        OtherProvince,
        Abroad,
    }
}

crate::vocabulary! {
    /// The parts of a record shown masked until a viewer opens them with a reason; each
    /// opening is logged with the fields it opened.
    pub enum SensitiveField {
        /// A serious illness.
        Health,
        /// A disability, its grade and the disability allowance.
        Disability,
        /// Family conflict or a risk to her safety.
        Safety,
        /// The free notes, which may say anything.
        Notes,
    }
}

impl SensitiveField {
    /// The fields named in a `reveal` value: words separated by commas, or `all`.
    pub fn parse_list(value: &str) -> AppResult<Vec<SensitiveField>> {
        let value = value.trim();
        if value == "all" {
            return Ok(SensitiveField::VARIANTS.to_vec());
        }
        let mut fields = Vec::new();
        for word in value.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            let field = word
                .parse()
                .map_err(|_| AppError::field(ErrorKey::Invalid, "reveal"))?;
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
        Ok(fields)
    }

    /// The words of a list of fields, as stored in `ledger_access.fields_opened`.
    pub fn join(fields: &[SensitiveField]) -> String {
        fields
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The fields of a stored list; words the code no longer knows are skipped.
    pub fn split(stored: &str) -> Vec<SensitiveField> {
        stored.split(',').filter_map(|w| w.parse().ok()).collect()
    }
}

crate::vocabulary! {
    /// How she agreed to be in the ledger, or told that she withdraws.
    pub enum ConsentMethod {
        /// She signed the notice.
        Written,
        /// She said so, before a witness.
        Oral,
    }
}

crate::vocabulary! {
    /// An entry of the consent history, as stored in `ledger_consents.event`.
    pub enum ConsentEvent {
        Given,
        Withdrawn,
    }
}

crate::vocabulary! {
    /// Why a record was closed, as stored in `ledger_records.closed_reason`.
    pub enum ClosedReason {
        /// She is no longer left behind or in difficulty: the record is kept, read-only, until
        /// the retention period ends.
        NoLongerNeeded,
        /// She withdrew her consent: its contents were erased at once.
        ConsentWithdrawn,
        /// She asked for it to be deleted and the organizer agreed: erased at once.
        DeletedOnRequest,
    }
}

impl ClosedReason {
    /// Closed this way, the record's contents are erased at once, not at the end of the
    /// retention period.
    pub fn erases(self) -> bool {
        !matches!(self, ClosedReason::NoLongerNeeded)
    }
}

crate::vocabulary! {
    /// What she asks of the keepers about her record, as stored in `ledger_requests.kind`.
    pub enum LedgerRequestKind {
        Correction,
        Deletion,
    }
}

crate::vocabulary! {
    /// The organizer's answer to her request, as stored in `ledger_requests.outcome`.
    pub enum LedgerRequestOutcome {
        Done,
        Declined,
    }
}

/// The record form as sent: every field a string, absent fields empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LedgerForm {
    /// Empty to create a record.
    pub id: String,
    pub village_id: String,
    pub name: String,
    pub phone: String,
    pub birth_year: String,
    /// Her account, when the record is linked to one (confirmed by the keeper).
    pub member_id: String,
    /// `YYYY-MM`.
    pub left_behind_since: String,
    pub husband_works: String,
    pub children_under_16: String,
    pub elderly_dependants: String,
    pub living_hardship: Checkbox,
    pub disability: Checkbox,
    pub disability_grade: String,
    pub serious_illness: Checkbox,
    pub no_income: Checkbox,
    pub safety_risk: Checkbox,
    pub needs_legal_help: Checkbox,
    pub needs_care: Checkbox,
    pub wants_work: Checkbox,
    pub skills: String,
    pub work_wanted: String,
    pub dibao: Checkbox,
    pub temporary_assistance: Checkbox,
    pub disability_allowance: Checkbox,
    pub other_assistance: Checkbox,
    pub notes: String,
    /// Set by a form that showed the sensitive fields: only then do they change on an update
    /// (a form that showed them masked leaves them as they were).
    pub sensitive_shown: Checkbox,
    /// `written` or `oral`: required to create a record (her separate consent).
    pub consent_method: String,
    /// Who witnessed an oral consent.
    pub witness: String,
}

/// A valid record, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerDraft {
    pub id: Option<i64>,
    pub village_id: i64,
    pub name: String,
    pub phone: Option<Phone>,
    pub birth_year: Option<i64>,
    pub member_id: Option<i64>,
    pub left_behind_since: Option<String>,
    pub husband_works: Option<HusbandWorks>,
    pub children_under_16: Option<i64>,
    pub elderly_dependants: Option<i64>,
    /// Every difficulty ticked; on an update without the sensitive fields shown, only the
    /// others count (see [`LedgerDraft::sensitive_shown`]).
    pub difficulties: Vec<Difficulty>,
    pub disability_grade: Option<i64>,
    pub skills: String,
    pub work_wanted: String,
    pub assistance: Vec<Assistance>,
    pub notes: String,
    pub sensitive_shown: bool,
    /// Her consent, on creation.
    pub consent: Option<(ConsentMethod, Option<String>)>,
}

fn text(value: &str, max: usize, field: &str) -> AppResult<String> {
    let value = crate::text::strip_invisible(value.trim());
    if value.chars().count() > max {
        return Err(AppError::field(ErrorKey::Invalid, field));
    }
    Ok(value)
}

impl LedgerDraft {
    /// Checks the form; `this_year` bounds the years.
    pub fn parse(form: &LedgerForm, this_year: i64) -> AppResult<LedgerDraft> {
        let id = optional_number(Some(&form.id), "id", ErrorKey::BadRequest)?;
        let consent = match (id, form.consent_method.trim()) {
            (Some(_), "") => None,
            (None, "") => return Err(AppError::field(ErrorKey::ConsentRequired, "consent_method")),
            (_, word) => {
                let method: ConsentMethod = word
                    .parse()
                    .map_err(|_| AppError::field(ErrorKey::ConsentRequired, "consent_method"))?;
                let witness = text(&form.witness, MAX_NAME_CHARS, "witness")?;
                // An oral consent is worth what its witness says: name one.
                if method == ConsentMethod::Oral && witness.is_empty() {
                    return Err(AppError::field(ErrorKey::ConsentRequired, "witness"));
                }
                Some((method, Some(witness).filter(|w| !w.is_empty())))
            }
        };
        let village_id = optional_number(
            Some(&form.village_id),
            "village_id",
            ErrorKey::RegionInvalid,
        )?
        .ok_or_else(|| AppError::field(ErrorKey::RegionInvalid, "village_id"))?;
        let name = text(&form.name, MAX_NAME_CHARS, "name")?;
        if name.is_empty() {
            return Err(AppError::field(ErrorKey::NameInvalid, "name"));
        }
        let phone = match form.phone.trim() {
            "" => None,
            raw => Some(
                Phone::parse(raw).map_err(|_| AppError::field(ErrorKey::PhoneInvalid, "phone"))?,
            ),
        };
        let birth_year =
            optional_number::<i64>(Some(&form.birth_year), "birth_year", ErrorKey::Invalid)?;
        if birth_year.is_some_and(|y| !(this_year - 110..=this_year - 14).contains(&y)) {
            return Err(AppError::field(ErrorKey::Invalid, "birth_year"));
        }
        let member_id =
            optional_number(Some(&form.member_id), "member_id", ErrorKey::MemberNotFound)?;
        let left_behind_since = match form.left_behind_since.trim() {
            "" => None,
            month => Some(parse_month(month, this_year)?),
        };
        let husband_works = match form.husband_works.trim() {
            "" => None,
            word => Some(
                word.parse()
                    .map_err(|_| AppError::field(ErrorKey::Invalid, "husband_works"))?,
            ),
        };
        let count = |value: &str, field: &str| -> AppResult<Option<i64>> {
            let n = optional_number::<i64>(Some(value), field, ErrorKey::Invalid)?;
            if n.is_some_and(|n| !(0..=MAX_DEPENDANTS).contains(&n)) {
                return Err(AppError::field(ErrorKey::Invalid, field));
            }
            Ok(n)
        };
        let children_under_16 = count(&form.children_under_16, "children_under_16")?;
        let elderly_dependants = count(&form.elderly_dependants, "elderly_dependants")?;
        let ticked = [
            (form.living_hardship, Difficulty::LivingHardship),
            (form.disability, Difficulty::Disability),
            (form.serious_illness, Difficulty::SeriousIllness),
            (form.no_income, Difficulty::NoIncome),
            (form.safety_risk, Difficulty::SafetyRisk),
            (form.needs_legal_help, Difficulty::NeedsLegalHelp),
            (form.needs_care, Difficulty::NeedsCare),
            (form.wants_work, Difficulty::WantsWork),
        ];
        let difficulties = ticked
            .into_iter()
            .filter(|(box_, _)| box_.is_ticked())
            .map(|(_, d)| d)
            .collect::<Vec<_>>();
        let disability_grade = optional_number::<i64>(
            Some(&form.disability_grade),
            "disability_grade",
            ErrorKey::Invalid,
        )?;
        if disability_grade.is_some_and(|g| !(1..=4).contains(&g)) {
            return Err(AppError::field(ErrorKey::Invalid, "disability_grade"));
        }
        if disability_grade.is_some() && !difficulties.contains(&Difficulty::Disability) {
            return Err(AppError::field(ErrorKey::Invalid, "disability_grade"));
        }
        let assistance = [
            (form.dibao, Assistance::Dibao),
            (form.temporary_assistance, Assistance::TemporaryAssistance),
            (form.disability_allowance, Assistance::DisabilityAllowance),
            (form.other_assistance, Assistance::Other),
        ]
        .into_iter()
        .filter(|(box_, _)| box_.is_ticked())
        .map(|(_, a)| a)
        .collect();
        Ok(LedgerDraft {
            id,
            village_id,
            name,
            phone,
            birth_year,
            member_id,
            left_behind_since,
            husband_works,
            children_under_16,
            elderly_dependants,
            difficulties,
            disability_grade,
            skills: text(&form.skills, MAX_TEXT_CHARS, "skills")?,
            work_wanted: text(&form.work_wanted, MAX_TEXT_CHARS, "work_wanted")?,
            assistance,
            notes: text(&form.notes, MAX_NOTES_CHARS, "notes")?,
            // A new record has nothing masked to keep.
            sensitive_shown: id.is_none() || form.sensitive_shown.is_ticked(),
            consent,
        })
    }
}

/// `YYYY-MM`, not after this year.
fn parse_month(value: &str, this_year: i64) -> AppResult<String> {
    let invalid = || AppError::field(ErrorKey::Invalid, "left_behind_since");
    let (year, month) = value.split_once('-').ok_or_else(invalid)?;
    let year: i64 = year.parse().map_err(|_| invalid())?;
    let month: u32 = month.parse().map_err(|_| invalid())?;
    if !(1950..=this_year).contains(&year) || !(1..=12).contains(&month) {
        return Err(invalid());
    }
    Ok(format!("{year:04}-{month:02}"))
}

/// A record as the ledger list shows it: enough to find her and to see whom to visit, nothing
/// of her circumstances (opening the record is what the access log records).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct LedgerListItem {
    pub id: i64,
    pub name: String,
    pub village: String,
    pub last_visit: Option<i64>,
    pub next_visit_due: Option<i64>,
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub overdue: bool,
    pub closed_reason: Option<ClosedReason>,
    /// Requests of hers not yet answered.
    pub open_requests: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerVisit {
    pub id: i64,
    pub visited_on: i64,
    /// The visitor's display name; `None` once her account is gone.
    pub visitor: Option<String>,
    pub found: String,
    pub agreed: String,
    pub next_due: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerConsent {
    pub event: ConsentEvent,
    pub method: ConsentMethod,
    pub witness: Option<String>,
    pub notice_version: String,
    pub recorded_by: Option<String>,
    pub at: i64,
}

/// Her request about her record, and the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRequest {
    pub id: i64,
    pub kind: LedgerRequestKind,
    pub body: String,
    pub at: i64,
    pub outcome: Option<LedgerRequestOutcome>,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
}

/// What a record says. For a keeper, the sensitive parts not opened are left out and named in
/// `masked`; for her, nothing is masked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerContents {
    pub name: String,
    pub phone: Option<String>,
    pub birth_year: Option<i64>,
    pub left_behind_since: Option<String>,
    pub husband_works: Option<HusbandWorks>,
    pub children_under_16: Option<i64>,
    pub elderly_dependants: Option<i64>,
    pub difficulties: Vec<Difficulty>,
    pub disability_grade: Option<i64>,
    pub skills: String,
    pub work_wanted: String,
    pub assistance: Vec<Assistance>,
    pub notes: Option<String>,
    /// The sensitive fields not shown: always all those not opened, whether or not they hold
    /// anything (a mask that appeared only over something would tell).
    pub masked: Vec<SensitiveField>,
}

/// A record as its keepers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRecord {
    pub id: i64,
    pub village_id: i64,
    pub village: String,
    /// Her account, when linked: (id, display name).
    pub member: Option<(i64, String)>,
    /// An account with the record's number in the keeper's area, not yet linked: the keeper
    /// confirms before linking (never silently).
    pub suggested_member: Option<(i64, String)>,
    pub contents: LedgerContents,
    pub closed_reason: Option<ClosedReason>,
    pub closed_at: Option<i64>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub next_visit_due: Option<i64>,
    pub overdue: bool,
    pub visits: Vec<LedgerVisit>,
    pub consents: Vec<LedgerConsent>,
    pub requests: Vec<LedgerRequest>,
    /// She is an organizer: she answers the requests.
    pub may_answer: bool,
}

/// One look at her record, as she sees it: when, by which role, which sensitive fields were
/// opened. Never the viewer's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerAccess {
    pub at: i64,
    pub role: crate::account::Role,
    pub fields_opened: Vec<SensitiveField>,
}

/// Her own record, as her page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyLedgerRecord {
    pub id: i64,
    pub village: String,
    /// Empty once erased (she withdrew consent or her deletion request was granted).
    pub contents: Option<LedgerContents>,
    pub closed_reason: Option<ClosedReason>,
    pub created_at: i64,
    pub visits: Vec<LedgerVisit>,
    pub requests: Vec<LedgerRequest>,
}

/// `GET /api/me/ledger`: her record (or none) and who looked at it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyLedger {
    pub record: Option<MyLedgerRecord>,
    pub access: Vec<LedgerAccess>,
}

/// A count in figures that travel upward: exact at the village level, "<5" above it when
/// it is under five (so a small number cannot point at a woman).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    Exact(i64),
    FewerThanFive,
}

impl Figure {
    /// `n`, shown as "<5" when under five and `coarse` (above the village level).
    pub fn of(n: i64, coarse: bool) -> Figure {
        if coarse && n < 5 {
            Figure::FewerThanFive
        } else {
            Figure::Exact(n)
        }
    }
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Figure::Exact(n) => write!(f, "{n}"),
            Figure::FewerThanFive => f.write_str("<5"),
        }
    }
}

/// A number, or the string `"<5"`.
impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Figure::Exact(n) => s.serialize_i64(*n),
            Figure::FewerThanFive => s.serialize_str("<5"),
        }
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Sent {
            Number(i64),
            Text(String),
        }
        match Sent::deserialize(d)? {
            Sent::Number(n) => Ok(Figure::Exact(n)),
            Sent::Text(t) if t == "<5" => Ok(Figure::FewerThanFive),
            Sent::Text(t) => Err(serde::de::Error::custom(format!("not a figure: {t}"))),
        }
    }
}

/// The ledger's figures for one region: no names, only counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerFigureRow {
    pub region_id: i64,
    pub region: String,
    /// Women with an open record.
    pub women: Figure,
    /// Of them, visited in the last 90 days.
    pub visited_90_days: Figure,
    /// Women with each difficulty, in the vocabulary's order.
    pub by_difficulty: Vec<(Difficulty, Figure)>,
}

/// `GET /api/ledger/figures`: her area as a whole and the regions one level below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerFigures {
    pub total: LedgerFigureRow,
    pub rows: Vec<LedgerFigureRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> LedgerForm {
        LedgerForm {
            village_id: "3".into(),
            name: "张秀英".into(),
            consent_method: "written".into(),
            ..LedgerForm::default()
        }
    }

    fn err(form: &LedgerForm) -> (ErrorKey, Option<String>) {
        let e = LedgerDraft::parse(form, 2026).unwrap_err();
        (e.key, e.field)
    }

    #[test]
    fn small_counts_above_the_village_are_shown_as_fewer_than_five() {
        assert_eq!(Figure::of(4, true).to_string(), "<5");
        assert_eq!(Figure::of(0, true).to_string(), "<5");
        assert_eq!(Figure::of(5, true).to_string(), "5");
        assert_eq!(Figure::of(3, false).to_string(), "3");
        assert_eq!(
            serde_json::to_string(&Figure::of(2, true)).unwrap(),
            "\"<5\""
        );
        assert_eq!(serde_json::to_string(&Figure::of(7, true)).unwrap(), "7");
        let back: Figure = serde_json::from_str("\"<5\"").unwrap();
        assert_eq!(back, Figure::FewerThanFive);
    }

    #[test]
    fn a_record_is_not_created_without_her_consent() {
        let mut f = form();
        f.consent_method = String::new();
        assert_eq!(
            err(&f),
            (ErrorKey::ConsentRequired, Some("consent_method".into()))
        );
        f.consent_method = "nodded".into();
        assert_eq!(err(&f).0, ErrorKey::ConsentRequired);
        f.consent_method = "oral".into();
        assert_eq!(err(&f), (ErrorKey::ConsentRequired, Some("witness".into())));
        f.witness = "村妇联主席".into();
        let draft = LedgerDraft::parse(&f, 2026).unwrap();
        assert_eq!(
            draft.consent,
            Some((ConsentMethod::Oral, Some("村妇联主席".into())))
        );
        // An update needs none: the consent on record stands.
        let mut f = form();
        f.id = "9".into();
        f.consent_method = String::new();
        assert_eq!(LedgerDraft::parse(&f, 2026).unwrap().consent, None);
    }

    #[test]
    fn each_field_is_checked_and_named() {
        type Spoil = fn(&mut LedgerForm);
        let cases: [(Spoil, &str); 8] = [
            (|f| f.name = " ".into(), "name"),
            (|f| f.village_id = String::new(), "village_id"),
            (|f| f.phone = "12345".into(), "phone"),
            (|f| f.birth_year = "2020".into(), "birth_year"),
            (
                |f| f.left_behind_since = "2026-13".into(),
                "left_behind_since",
            ),
            (|f| f.children_under_16 = "-1".into(), "children_under_16"),
            (|f| f.disability_grade = "2".into(), "disability_grade"),
            (|f| f.notes = "字".repeat(MAX_NOTES_CHARS + 1), "notes"),
        ];
        for (spoil, field) in cases {
            let mut f = form();
            spoil(&mut f);
            assert_eq!(err(&f).1.as_deref(), Some(field), "{field}");
        }
    }

    #[test]
    fn ticked_boxes_become_difficulties_and_assistance() {
        let mut f = form();
        f.disability = Checkbox(true);
        f.disability_grade = "2".into();
        f.wants_work = Checkbox(true);
        f.dibao = Checkbox(true);
        f.left_behind_since = "2019-3".into();
        let d = LedgerDraft::parse(&f, 2026).unwrap();
        assert_eq!(
            d.difficulties,
            [Difficulty::Disability, Difficulty::WantsWork]
        );
        assert_eq!(d.assistance, [Assistance::Dibao]);
        assert_eq!(d.left_behind_since.as_deref(), Some("2019-03"));
        assert!(d.sensitive_shown, "a new record has nothing masked");
    }

    #[test]
    fn sensitive_fields_cover_health_disability_and_safety() {
        let sensitive: Vec<_> = Difficulty::VARIANTS
            .iter()
            .filter_map(|d| d.sensitive())
            .collect();
        assert_eq!(
            sensitive,
            [
                SensitiveField::Disability,
                SensitiveField::Health,
                SensitiveField::Safety
            ]
        );
        assert_eq!(
            SensitiveField::parse_list("notes, health,notes").unwrap(),
            [SensitiveField::Notes, SensitiveField::Health]
        );
        assert_eq!(SensitiveField::parse_list("all").unwrap().len(), 4);
        assert!(SensitiveField::parse_list("income").is_err());
        let stored = SensitiveField::join(&[SensitiveField::Safety, SensitiveField::Notes]);
        assert_eq!(
            SensitiveField::split(&stored),
            [SensitiveField::Safety, SensitiveField::Notes]
        );
    }
}
