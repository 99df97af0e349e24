//! The fields of the organizer's activity form, shared by "new" and "edit". The rarely used
//! options sit in a `<details>` so the form stays short on a phone.

use domain::activity_form::{ActivityForm, SeriesDates, SeriesScope};
use domain::form::{is_ticked, Checkbox};
use domain::region::Place;
use domain::{Category, VariantArray};
use leptos::prelude::*;

use crate::components::form::{invalid, kept_value, query_value};
use crate::i18n::use_texts;

/// The form's values: what the server kept after a failed post (nothing typed is lost, and
/// nothing typed is in the address), else `stored` (the activity being edited, or the defaults of a new one).
pub fn values_after_error(stored: ActivityForm) -> ActivityForm {
    if query_value("error").is_none() {
        return stored;
    }
    let get = |name: &'static str| kept_value(name).unwrap_or_default();
    let tick = |name: &'static str| Checkbox(is_ticked(&get(name)));
    ActivityForm {
        title: get("title"),
        category: get("category"),
        description: get("description"),
        venue: get("venue"),
        region_id: get("region_id"),
        starts_at: get("starts_at"),
        ends_at: get("ends_at"),
        capacity: get("capacity"),
        companions_allowed: get("companions_allowed"),
        signup_deadline: get("signup_deadline"),
        cancel_cutoff: get("cancel_cutoff"),
        requires_approval: tick("requires_approval"),
        min_age: get("min_age"),
        max_age: get("max_age"),
        audience_region_id: get("audience_region_id"),
        area_only: tick("area_only"),
        repeat: get("repeat"),
        occurrences: get("occurrences"),
        draft: tick("draft"),
    }
}

#[component]
pub fn ActivityFields(
    values: ActivityForm,
    places: Vec<Place>,
    /// A new activity may repeat and start as a draft; an existing one may not.
    is_new: bool,
) -> impl IntoView {
    let t = use_texts();
    let v = values;
    let place_options = move |current: String, none_label: Option<&'static str>| {
        let places = places.clone();
        view! {
            {none_label.map(|label| view! { <option value="" selected=current.is_empty()>{label}</option> })}
            {places.into_iter().map(|p| {
                let selected = p.id.to_string() == current;
                view! { <option value=p.id.to_string() selected=selected>{p.label}</option> }
            }).collect_view()}
        }
    };
    view! {
        <label for="title">{t.title_label}</label>
        <input id="title" name="title" type="text" required maxlength="60" value=v.title.clone() aria-invalid=invalid("title") />

        <label for="category">{t.category_label}</label>
        <select id="category" name="category" aria-invalid=invalid("category")>
            {Category::VARIANTS.iter().map(|&c| view! {
                <option value=c.slug() selected=v.category == c.slug()>{c.icon()}" "{(t.category)(c)}</option>
            }).collect_view()}
        </select>

        <label for="venue">{t.venue_label}</label>
        <input id="venue" name="venue" type="text" required maxlength="100" value=v.venue.clone() aria-invalid=invalid("venue") />

        <label for="region_id">{t.venue_place_label}</label>
        <select id="region_id" name="region_id" aria-invalid=invalid("region_id")>
            {place_options(v.region_id.clone(), None)}
        </select>

        <label for="starts_at">{t.starts_label}</label>
        <input id="starts_at" name="starts_at" type="datetime-local" required value=v.starts_at.clone() aria-invalid=invalid("starts_at") />
        <label for="ends_at">{t.ends_label}</label>
        <input id="ends_at" name="ends_at" type="datetime-local" required value=v.ends_at.clone() aria-invalid=invalid("ends_at") />

        <label for="capacity">{t.capacity_label}</label>
        <input id="capacity" name="capacity" type="number" inputmode="numeric" min="1" max="10000" required value=v.capacity.clone() aria-invalid=invalid("capacity") />

        <label for="description">{t.description_label}</label>
        <textarea id="description" name="description" rows="6" maxlength="5000" aria-invalid=invalid("description")>{v.description.clone()}</textarea>

        <details class="more-options" open=!is_new>
            <summary>{t.more_options}</summary>
            <label for="companions_allowed">{t.companions_allowed_label}</label>
            <input id="companions_allowed" name="companions_allowed" type="number" inputmode="numeric" min="0" max="10" value=v.companions_allowed.clone() aria-invalid=invalid("companions_allowed") />
            <label for="signup_deadline">{t.signup_deadline_label}</label>
            <input id="signup_deadline" name="signup_deadline" type="datetime-local" value=v.signup_deadline.clone() aria-invalid=invalid("signup_deadline") />
            <label for="cancel_cutoff">{t.cancel_cutoff_label}</label>
            <input id="cancel_cutoff" name="cancel_cutoff" type="datetime-local" value=v.cancel_cutoff.clone() aria-invalid=invalid("cancel_cutoff") />
            <label class="check">
                <input type="checkbox" name="requires_approval" value="on" checked=v.requires_approval.is_ticked() />
                {t.requires_approval_label}
            </label>
            <fieldset>
                <legend>{t.age_range_legend}</legend>
                <label for="min_age">{t.min_age_label}</label>
                <input id="min_age" name="min_age" type="number" inputmode="numeric" min="0" max="120" value=v.min_age.clone() aria-invalid=invalid("min_age") />
                <label for="max_age">{t.max_age_label}</label>
                <input id="max_age" name="max_age" type="number" inputmode="numeric" min="0" max="120" value=v.max_age.clone() aria-invalid=invalid("max_age") />
            </fieldset>
            <label for="audience_region_id">{t.audience_label}</label>
            <select id="audience_region_id" name="audience_region_id" aria-invalid=invalid("audience_region_id")>
                {place_options(v.audience_region_id.clone(), Some(t.whole_area))}
            </select>
            <label class="check">
                <input type="checkbox" name="area_only" value="on" checked=v.area_only.is_ticked() />
                {t.area_only_label}
            </label>
            {is_new.then(|| view! {
                <label for="repeat">{t.repeat_label}</label>
                <select id="repeat" name="repeat" aria-invalid=invalid("repeat")>
                    <option value="" selected=v.repeat.is_empty()>{t.repeat_none}</option>
                    <option value="weekly" selected=v.repeat == "weekly">{t.repeat_weekly}</option>
                    <option value="monthly" selected=v.repeat == "monthly">{t.repeat_monthly}</option>
                </select>
                <label for="occurrences">{t.occurrences_label}</label>
                <input id="occurrences" name="occurrences" type="number" inputmode="numeric" min="2" max="52" value=v.occurrences.clone() aria-invalid=invalid("occurrences") />
            })}
        </details>
        {is_new.then(|| view! {
            <label class="check">
                <input type="checkbox" name="draft" value="on" checked=v.draft.is_ticked() />
                {t.save_as_draft}
            </label>
        })}
    }
}

/// For a date of a series: whether an edit or a cancellation is for this date only, this one
/// and the later ones, or every date still to come. This date only is chosen until she
/// chooses otherwise.
#[component]
pub fn SeriesScopeChoice(dates: SeriesDates, legend: &'static str) -> impl IntoView {
    let w = &use_texts().workbench;
    let choices = [
        (SeriesScope::One, w.scope_one.to_owned(), true),
        (
            SeriesScope::ThisAndLater,
            (w.scope_this_and_later)(dates.later),
            dates.later > 0,
        ),
        (
            SeriesScope::AllComing,
            (w.scope_all_coming)(dates.coming + 1),
            true,
        ),
    ];
    view! {
        <fieldset class="series-scope">
            <legend>{legend}</legend>
            {choices.into_iter().filter(|(_, _, offered)| *offered).map(|(scope, label, _)| view! {
                <label>
                    <input type="radio" name="scope" value=scope.as_str() checked=scope == SeriesScope::One />
                    {label}
                </label>
            }).collect_view()}
            <p class="hint">{w.scope_hint}</p>
        </fieldset>
    }
}
