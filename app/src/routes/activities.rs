//! The home page: upcoming activities, with filters that work without JavaScript (a GET
//! form and plain links, so a filtered list can be bookmarked or shared in WeChat).

use crate::components::layout::PageTitle;
use domain::{Category, VariantArray};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::activities::{list_activities, ListQuery};
use crate::components::activity_card::ActivityCard;
use crate::components::error_panel::ErrorPanel;
use crate::components::form::FormNotice;
use crate::i18n::use_texts;
use crate::url::encode_query_value;

/// The filters of the current address.
fn current_query() -> ListQuery {
    let map = use_query_map().read_untracked();
    let get = |k: &str| map.get(k).filter(|v| !v.is_empty());
    ListQuery {
        category: get("category"),
        when: get("when"),
        date: get("date"),
        area: get("area"),
        free: get("free"),
        q: get("q"),
        after: get("after"),
    }
}

/// `/?…` for these filters (without the page position).
fn href(q: &ListQuery) -> String {
    let pairs = [
        ("category", &q.category),
        ("when", &q.when),
        ("date", &q.date),
        ("area", &q.area),
        ("free", &q.free),
        ("q", &q.q),
        ("after", &q.after),
    ];
    let query: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", encode_query_value(v))))
        .collect();
    if query.is_empty() {
        "/".to_owned()
    } else {
        format!("/?{}", query.join("&"))
    }
}

#[component]
pub fn ActivityListPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let list = Resource::new(
        move || {
            query.track();
            current_query()
        },
        list_activities,
    );
    view! {
        <PageTitle text=format!("{} · {}", t.activities_heading, t.app_name) />
        <h1 class="page-title">{t.activities_heading}</h1>
        <FormNotice done=vec![("deleted", t.done_deleted)] />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    let q = current_query();
                    let selected = q.category.as_deref().and_then(Category::parse);
                    list.await.map(|list| {
                        let now = list.now;
                        let empty = list.activities.is_empty();
                        let more = list.next.map(|next| href(&ListQuery { after: Some(next), ..q.clone() }));
                        let filtered = q.when.is_some() || q.area.is_some() || q.free.is_some() || q.q.is_some();
                        view! {
                            <CategoryChips selected counts=list.category_counts q=q.clone() />
                            <Filters q=q.clone() has_village=list.has_village />
                            <ul class="cards">
                                {list.activities.into_iter().map(|card| view! { <ActivityCard card now /> }).collect_view()}
                            </ul>
                            <Show when=move || empty>
                                <p class="empty">{if filtered { t.no_matching_activities } else { t.no_activities }}</p>
                            </Show>
                            {more.map(|href| view! { <p class="more"><a class="button secondary" href=href>{t.more_activities}</a></p> })}
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// Search, date, area and "has places" as one GET form, folded under "筛选" so the first
/// screen of a phone shows activities; open while a filter is on.
#[component]
fn Filters(q: ListQuery, has_village: bool) -> impl IntoView {
    let t = use_texts();
    let when = q.when.clone().unwrap_or_default();
    let area = q.area.clone().unwrap_or_default();
    let active = [&q.when, &q.area, &q.free, &q.q]
        .iter()
        .filter(|v| v.is_some())
        .count();
    let open = active > 0;
    let option = move |value: &'static str, label: &'static str, current: &str| {
        let selected = value == current;
        view! { <option value=value selected=selected>{label}</option> }
    };
    view! {
        <details class="filter-fold" open=open>
            <summary>
                {t.filter_button}
                {(active > 0).then(|| view! { <span class="chip-count">{active}</span> })}
            </summary>
            <form class="filters" method="get" action="/" role="search">
                {q.category.clone().map(|c| view! { <input type="hidden" name="category" value=c /> })}
                <label for="q">{t.search_label}</label>
                <input id="q" name="q" type="search" value=q.q.clone().unwrap_or_default() maxlength="50" />
                <label for="when">{t.when_filter_label}</label>
                <select id="when" name="when">
                    {option("", t.any_time, &when)}
                    {option("week", t.this_week, &when)}
                    {option("month", t.this_month, &when)}
                    {option("day", t.on_day, &when)}
                </select>
                <label for="date">{t.date_label}</label>
                <input id="date" name="date" type="date" value=q.date.clone().unwrap_or_default() />
                {has_village.then(|| view! {
                    <label for="area">{t.area_filter_label}</label>
                    <select id="area" name="area">
                        {option("", t.anywhere, &area)}
                        {option("village", t.my_village, &area)}
                        {option("township", t.my_township, &area)}
                        {option("county", t.my_county, &area)}
                    </select>
                })}
                <label class="check">
                    <input type="checkbox" name="free" value="1" checked=q.free.is_some() />
                    {t.has_places_filter}
                </label>
                <button type="submit">{t.filter_button}</button>
            </form>
        </details>
    }
}

/// Category filters as plain links that keep the other filters.
#[component]
fn CategoryChips(
    selected: Option<Category>,
    counts: Vec<(Category, i64)>,
    q: ListQuery,
) -> impl IntoView {
    let t = use_texts();
    let chip = move |href: String,
                     icon: &'static str,
                     label: &'static str,
                     count: Option<i64>,
                     active: bool| {
        view! {
            <li>
                <a class="chip" href=href aria-current=active.then_some("page")>
                    <span aria-hidden="true">{icon}</span>
                    <span>{label}</span>
                    {count.map(|n| view! { <span class="chip-count">{n}</span> })}
                </a>
            </li>
        }
    };
    let count_of = |c: Category| {
        counts
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    let with = move |category: Option<Category>| {
        href(&ListQuery {
            category: category.map(|c| c.slug().to_owned()),
            after: None,
            ..q.clone()
        })
    };
    view! {
        <nav class="chips" aria-label=t.category_filter_label>
            <ul>
                {chip(with(None), "✨", t.all_categories, None, selected.is_none())}
                {Category::VARIANTS
                    .iter()
                    .map(|&c| chip(with(Some(c)), c.icon(), (t.category)(c), Some(count_of(c)), selected == Some(c)))
                    .collect_view()}
            </ul>
        </nav>
    }
}
