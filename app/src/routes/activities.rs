//! The home page: upcoming activities, filterable by category.

use domain::Category;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::activities::list_activities;
use crate::components::activity_card::ActivityCard;
use crate::components::error_panel::ErrorPanel;
use crate::components::form::FormNotice;
use crate::i18n::use_texts;

#[component]
pub fn ActivityListPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let category = move || query.read().get("category").filter(|c| !c.is_empty());
    let list = Resource::new(category, list_activities);
    view! {
        <Title text=format!("{} · {}", t.activities_heading, t.app_name) />
        <h1 class="page-title">{t.activities_heading}</h1>
        <FormNotice done=vec![("deleted", t.done_deleted)] />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    let selected = category().and_then(|c| Category::parse(&c));
                    list.await.map(|list| {
                        let now = list.now;
                        let empty = list.activities.is_empty();
                        view! {
                            <CategoryChips selected counts=list.category_counts />
                            <ul class="cards">
                                {list.activities.into_iter().map(|card| view! { <ActivityCard card now /> }).collect_view()}
                            </ul>
                            <Show when=move || empty>
                                <p class="empty">{t.no_activities}</p>
                            </Show>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// Category filters as plain links: they work without JavaScript and can be bookmarked.
#[component]
fn CategoryChips(selected: Option<Category>, counts: Vec<(Category, i64)>) -> impl IntoView {
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
    view! {
        <nav class="chips" aria-label=t.category_filter_label>
            <ul>
                {chip("/".to_owned(), "✨", t.all_categories, None, selected.is_none())}
                {Category::ALL
                    .into_iter()
                    .map(|c| chip(format!("/?category={}", c.slug()), c.icon(), (t.category)(c), Some(count_of(c)), selected == Some(c)))
                    .collect_view()}
            </ul>
        </nav>
    }
}
