//! What an organizer types to post or edit an activity, and the checked values built from it.
//!
//! The form arrives as strings (an HTML form or an API client); [`ActivityDraft::parse`] is the
//! one place that decides what a valid activity is, naming the field at fault.

use serde::{Deserialize, Serialize};

use crate::form::{optional_number, Checkbox};

use crate::time::parse_local_datetime;
use crate::{AppError, AppResult, Category, ErrorKey};

pub const MAX_TITLE_CHARS: usize = 60;
pub const MAX_VENUE_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 5_000;
pub const MAX_CAPACITY: i64 = 10_000;
pub const MAX_COMPANIONS: i64 = 10;
pub const MAX_OCCURRENCES: u32 = 52;

/// The form as sent: every field a string, absent fields empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    pub title: String,
    pub category: String,
    pub description: String,
    pub venue: String,
    /// The village or township the venue is in; empty for the federation's own region.
    pub region_id: String,
    /// `YYYY-MM-DDTHH:MM`, China time.
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: String,
    pub companions_allowed: String,
    pub signup_deadline: String,
    pub cancel_cutoff: String,
    pub requires_approval: Checkbox,
    pub min_age: String,
    pub max_age: String,
    /// The area the activity is for; empty for the federation's whole area.
    pub audience_region_id: String,
    pub area_only: Checkbox,
    /// `weekly` or `monthly`; empty for a single activity.
    pub repeat: String,
    pub occurrences: String,
    pub draft: Checkbox,
}

crate::vocabulary! {
    /// How often a series repeats, as stored in `activity_series.frequency`.
    pub enum Frequency {
        Weekly,
        Monthly,
    }
}

crate::vocabulary! {
    /// Which dates of a series an edit or a cancellation applies to: this one only, this one
    /// and the later ones, or every date still to come (dates already over stay as they were).
    pub enum SeriesScope {
        One,
        ThisAndLater,
        AllComing,
    }
}

impl SeriesScope {
    /// The scope a form sent; none means this date only.
    pub fn from_form(value: Option<&str>) -> AppResult<SeriesScope> {
        match value.map(str::trim).unwrap_or_default() {
            "" => Ok(SeriesScope::One),
            word => word
                .parse()
                .map_err(|_| AppError::field(ErrorKey::Invalid, "scope")),
        }
    }
}

/// The other dates of an activity's series still to come (neither over nor cancelled).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct SeriesDates {
    /// All of them, before and after this one.
    pub coming: i64,
    /// Those after this one.
    pub later: i64,
}

impl ActivityDraft {
    /// The same changes for another date of the series that starts at `start`, moved by as
    /// much as this one was (`moved_by` seconds): the same length, and the deadline and cutoff
    /// at the same distance from its own start.
    pub fn for_date(&self, start: i64, moved_by: i64) -> ActivityDraft {
        let starts_at = start + moved_by;
        let from_start = |at: i64| at - self.starts_at + starts_at;
        ActivityDraft {
            starts_at,
            ends_at: from_start(self.ends_at),
            signup_deadline: self.signup_deadline.map(from_start),
            cancel_cutoff: self.cancel_cutoff.map(from_start),
            ..self.clone()
        }
    }
}

/// A valid activity, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityDraft {
    pub title: String,
    pub category: Category,
    pub description: String,
    pub venue: String,
    pub region_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub companions_allowed: i64,
    pub signup_deadline: Option<i64>,
    pub cancel_cutoff: Option<i64>,
    pub requires_approval: bool,
    pub min_age: Option<i64>,
    pub max_age: Option<i64>,
    pub audience_region_id: Option<i64>,
    pub area_only: bool,
    /// How often it repeats and how many activities that makes in all.
    pub repeat: Option<(Frequency, u32)>,
    pub draft: bool,
}

fn optional<T: std::str::FromStr>(s: &str, field: &str, key: ErrorKey) -> AppResult<Option<T>> {
    optional_number(Some(s), field, key)
}

fn when(s: &str, field: &str) -> AppResult<Option<i64>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    parse_local_datetime(s)
        .map(Some)
        .ok_or_else(|| AppError::field(ErrorKey::DatesInvalid, field))
}

impl ActivityDraft {
    /// Checks every field. `now` (UTC seconds) keeps new activities in the future; edits of
    /// an activity that already started pass `None`.
    pub fn parse(form: &ActivityForm, now: Option<i64>) -> AppResult<ActivityDraft> {
        let title = crate::text::strip_invisible(&form.title).trim().to_owned();
        if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
            return Err(AppError::field(ErrorKey::TitleInvalid, "title"));
        }
        let category = Category::parse(form.category.trim())
            .ok_or_else(|| AppError::field(ErrorKey::Invalid, "category"))?;
        let description = crate::text::strip_invisible(&form.description)
            .trim()
            .replace("\r\n", "\n");
        if description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(AppError::field(ErrorKey::Invalid, "description"));
        }
        let venue = crate::text::strip_invisible(&form.venue).trim().to_owned();
        if venue.is_empty() || venue.chars().count() > MAX_VENUE_CHARS {
            return Err(AppError::field(ErrorKey::VenueInvalid, "venue"));
        }
        let region_id = optional(&form.region_id, "region_id", ErrorKey::RegionInvalid)?;
        let starts_at = when(&form.starts_at, "starts_at")?
            .ok_or_else(|| AppError::field(ErrorKey::DatesInvalid, "starts_at"))?;
        let ends_at = when(&form.ends_at, "ends_at")?
            .ok_or_else(|| AppError::field(ErrorKey::DatesInvalid, "ends_at"))?;
        if ends_at < starts_at {
            return Err(AppError::field(ErrorKey::DatesInvalid, "ends_at"));
        }
        if now.is_some_and(|now| starts_at <= now) {
            return Err(AppError::field(ErrorKey::DatesInvalid, "starts_at"));
        }
        let signup_deadline = when(&form.signup_deadline, "signup_deadline")?;
        let cancel_cutoff = when(&form.cancel_cutoff, "cancel_cutoff")?;
        for (value, field) in [
            (signup_deadline, "signup_deadline"),
            (cancel_cutoff, "cancel_cutoff"),
        ] {
            if value.is_some_and(|v| v > starts_at) {
                return Err(AppError::field(ErrorKey::DatesInvalid, field));
            }
        }
        let capacity = optional::<i64>(&form.capacity, "capacity", ErrorKey::CapacityInvalid)?
            .ok_or_else(|| AppError::field(ErrorKey::CapacityInvalid, "capacity"))?;
        if !(1..=MAX_CAPACITY).contains(&capacity) {
            return Err(AppError::field(ErrorKey::CapacityInvalid, "capacity"));
        }
        let companions_allowed = optional::<i64>(
            &form.companions_allowed,
            "companions_allowed",
            ErrorKey::CapacityInvalid,
        )?
        .unwrap_or(0);
        if !(0..=MAX_COMPANIONS).contains(&companions_allowed) {
            return Err(AppError::field(
                ErrorKey::CapacityInvalid,
                "companions_allowed",
            ));
        }
        let min_age = optional::<i64>(&form.min_age, "min_age", ErrorKey::AgeRangeInvalid)?;
        let max_age = optional::<i64>(&form.max_age, "max_age", ErrorKey::AgeRangeInvalid)?;
        for (age, field) in [(min_age, "min_age"), (max_age, "max_age")] {
            if age.is_some_and(|a| !(0..=120).contains(&a)) {
                return Err(AppError::field(ErrorKey::AgeRangeInvalid, field));
            }
        }
        if let (Some(lo), Some(hi)) = (min_age, max_age) {
            if lo > hi {
                return Err(AppError::field(ErrorKey::AgeRangeInvalid, "max_age"));
            }
        }
        let audience_region_id = optional(
            &form.audience_region_id,
            "audience_region_id",
            ErrorKey::RegionInvalid,
        )?;
        let repeat = match form.repeat.trim() {
            "" | "none" => None,
            r => {
                let frequency = r
                    .parse::<Frequency>()
                    .map_err(|_| AppError::field(ErrorKey::Invalid, "repeat"))?;
                let n = optional::<u32>(&form.occurrences, "occurrences", ErrorKey::Invalid)?
                    .ok_or_else(|| AppError::field(ErrorKey::Invalid, "occurrences"))?;
                if !(2..=MAX_OCCURRENCES).contains(&n) {
                    return Err(AppError::field(ErrorKey::Invalid, "occurrences"));
                }
                Some((frequency, n))
            }
        };
        Ok(ActivityDraft {
            title,
            category,
            description,
            venue,
            region_id,
            starts_at,
            ends_at,
            capacity,
            companions_allowed,
            signup_deadline,
            cancel_cutoff,
            requires_approval: form.requires_approval.is_ticked(),
            min_age,
            max_age,
            audience_region_id,
            area_only: form.area_only.is_ticked(),
            repeat,
            draft: form.draft.is_ticked(),
        })
    }

    /// The start of each occurrence of a series (the first is this draft's own start).
    /// Monthly series skip months without the start's day (no 31 February).
    pub fn occurrence_starts(&self) -> Vec<i64> {
        match self.repeat {
            None => vec![self.starts_at],
            Some((Frequency::Weekly, n)) => (0..i64::from(n))
                .map(|i| self.starts_at + i * 7 * 86_400)
                .collect(),
            Some((Frequency::Monthly, n)) => (0..2 * n)
                .filter_map(|i| crate::time::add_months(self.starts_at, i))
                .take(n as usize)
                .collect(),
        }
    }
}

/// Her age in the year of `at` (UTC seconds) given her birth year — what an age range means.
pub fn age_in_year(birth_year: i64, at: i64) -> i64 {
    i64::from(crate::time::LocalDateTime::from_utc_secs(at).year) - birth_year
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ActivityForm {
        ActivityForm {
            title: " 手工编织培训 ".into(),
            category: "skills_training".into(),
            description: "第一行\r\n第二行".into(),
            venue: "村委会".into(),
            starts_at: "2027-03-01T14:00".into(),
            ends_at: "2027-03-01T16:00".into(),
            capacity: "20".into(),
            ..ActivityForm::default()
        }
    }

    fn field_of(f: &ActivityForm) -> (ErrorKey, String) {
        let e = ActivityDraft::parse(f, Some(0)).unwrap_err();
        (e.key, e.field.unwrap_or_default())
    }

    #[test]
    fn another_date_of_a_series_moves_as_this_one_did() {
        let mut f = form();
        f.signup_deadline = "2027-02-28T20:00".into();
        let draft = ActivityDraft::parse(&f, Some(0)).unwrap();
        let week = 7 * 86_400;
        // This date was moved an hour later; the next one (a week on) moves an hour too.
        let next = draft.for_date(draft.starts_at - 3_600 + week, 3_600);
        assert_eq!(next.starts_at, draft.starts_at + week);
        assert_eq!(next.ends_at - next.starts_at, 2 * 3_600, "the same length");
        assert_eq!(
            next.signup_deadline,
            Some(draft.signup_deadline.unwrap() + week)
        );
        assert_eq!(next.cancel_cutoff, None);
        assert_eq!((next.title.as_str(), next.capacity), ("手工编织培训", 20));
    }

    #[test]
    fn a_series_scope_is_one_of_three_and_this_date_when_none_is_sent() {
        assert_eq!(SeriesScope::from_form(None), Ok(SeriesScope::One));
        assert_eq!(SeriesScope::from_form(Some(" ")), Ok(SeriesScope::One));
        assert_eq!(
            SeriesScope::from_form(Some("this_and_later")),
            Ok(SeriesScope::ThisAndLater)
        );
        let e = SeriesScope::from_form(Some("everything")).unwrap_err();
        assert_eq!(
            (e.key, e.field.as_deref()),
            (ErrorKey::Invalid, Some("scope"))
        );
    }

    #[test]
    fn titles_lose_invisible_characters_and_dates_stay_in_1900_to_2100() {
        let mut f = form();
        f.title = "\u{202E}手工\u{200B}编织\u{FEFF}".into();
        assert_eq!(ActivityDraft::parse(&f, None).unwrap().title, "手工编织");
        let mut f = form();
        f.starts_at = "2101-01-01T09:00".into();
        assert_eq!(field_of(&f).0, ErrorKey::DatesInvalid);
    }

    #[test]
    fn a_plain_form_is_a_published_single_activity() {
        let d = ActivityDraft::parse(&form(), Some(0)).unwrap();
        assert_eq!(d.title, "手工编织培训");
        assert_eq!(d.description, "第一行\n第二行");
        assert_eq!(d.capacity, 20);
        assert_eq!(d.companions_allowed, 0);
        assert!(!d.draft && !d.requires_approval && d.repeat.is_none());
        assert_eq!(d.occurrence_starts(), vec![d.starts_at]);
    }

    #[test]
    fn each_mistake_names_its_field() {
        type Case = (fn(&mut ActivityForm), ErrorKey, &'static str);
        let cases: Vec<Case> = vec![
            (|f| f.title = "  ".into(), ErrorKey::TitleInvalid, "title"),
            (
                |f| f.title = "长".repeat(61),
                ErrorKey::TitleInvalid,
                "title",
            ),
            (
                |f| f.category = "party".into(),
                ErrorKey::Invalid,
                "category",
            ),
            (|f| f.venue = String::new(), ErrorKey::VenueInvalid, "venue"),
            (
                |f| f.starts_at = "明天".into(),
                ErrorKey::DatesInvalid,
                "starts_at",
            ),
            (
                |f| f.ends_at = "2027-03-01T13:00".into(),
                ErrorKey::DatesInvalid,
                "ends_at",
            ),
            (
                |f| f.signup_deadline = "2027-03-02T00:00".into(),
                ErrorKey::DatesInvalid,
                "signup_deadline",
            ),
            (
                |f| f.capacity = "0".into(),
                ErrorKey::CapacityInvalid,
                "capacity",
            ),
            (
                |f| f.capacity = "二十".into(),
                ErrorKey::CapacityInvalid,
                "capacity",
            ),
            (
                |f| f.companions_allowed = "11".into(),
                ErrorKey::CapacityInvalid,
                "companions_allowed",
            ),
            (
                |f| {
                    f.min_age = "60".into();
                    f.max_age = "18".into();
                },
                ErrorKey::AgeRangeInvalid,
                "max_age",
            ),
            (|f| f.repeat = "daily".into(), ErrorKey::Invalid, "repeat"),
            (
                |f| {
                    f.repeat = "weekly".into();
                    f.occurrences = "1".into();
                },
                ErrorKey::Invalid,
                "occurrences",
            ),
        ];
        for (change, key, field) in cases {
            let mut f = form();
            change(&mut f);
            assert_eq!(field_of(&f), (key, field.to_owned()), "{f:?}");
        }
    }

    #[test]
    fn new_activities_start_in_the_future() {
        let late = crate::time::parse_local_datetime("2027-03-01T15:00").unwrap();
        let e = ActivityDraft::parse(&form(), Some(late)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("starts_at"));
        assert!(
            ActivityDraft::parse(&form(), None).is_ok(),
            "edits may be late"
        );
    }

    #[test]
    fn series_repeat_weekly_and_monthly() {
        let mut f = form();
        f.repeat = "weekly".into();
        f.occurrences = "3".into();
        let d = ActivityDraft::parse(&f, Some(0)).unwrap();
        let starts = d.occurrence_starts();
        assert_eq!(starts.len(), 3);
        assert_eq!(starts[2] - starts[0], 14 * 86_400);

        f.repeat = "monthly".into();
        f.starts_at = "2027-01-31T09:00".into();
        f.ends_at = "2027-01-31T10:00".into();
        let d = ActivityDraft::parse(&f, Some(0)).unwrap();
        let shown: Vec<String> = d
            .occurrence_starts()
            .into_iter()
            .map(crate::time::format_local_datetime)
            .collect();
        assert_eq!(
            shown,
            ["2027-01-31T09:00", "2027-03-31T09:00", "2027-05-31T09:00"]
        );
    }

    #[test]
    fn checkboxes_and_ages() {
        let mut f = form();
        f.requires_approval = Checkbox(true);
        f.draft = Checkbox(true);
        f.area_only = Checkbox(false);
        f.min_age = "35".into();
        let d = ActivityDraft::parse(&f, Some(0)).unwrap();
        assert!(d.requires_approval && d.draft && !d.area_only);
        assert_eq!((d.min_age, d.max_age), (Some(35), None));
        let spring_2027 = crate::time::parse_local_datetime("2027-03-01T14:00").unwrap();
        assert_eq!(age_in_year(1990, spring_2027), 37);
    }
}
