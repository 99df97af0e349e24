//! /admin: the region tree with its federations, organizer invitations, the audit log.

use crate::components::layout::PageTitle;
use domain::region::RegionLevel;
use domain::VariantArray;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::admin::{audit_log, organizers, regions, word_rules, OrganizerEntry, RegionRow};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{kept_value, FormNotice};
use crate::i18n::{use_texts, when_in_words};
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("before").and_then(|b| b.parse::<i64>().ok()),
                q.get("action").filter(|a| !a.is_empty()),
            )
        },
        |(before, action)| async move {
            let log = audit_log(before, action.clone()).await?;
            Ok::<_, domain::AppError>((
                regions().await?,
                organizers().await?,
                log,
                word_rules().await?,
                action,
            ))
        },
    );
    let invitation = kept_value("invitation");
    view! {
        <PageTitle text=format!("{} · {}", t.admin_heading, t.app_name) />
        <h1 class="page-title">{t.admin_heading}</h1>
        <FormNotice done=vec![("saved", t.done_saved), ("organizer_removed", t.done_organizer_removed)] />
        <p><a class="button secondary" href="/admin/outbox">{t.texting.outbox_link}</a></p>
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || {
                    let invitation = invitation.clone();
                    Suspend::new(async move {
                        // The code comes once, from the flash the invitation form left for
                        // this page: never from the address.
                        data.await.map(|(tree, people, log, words, action)| view! {
                            {invitation.map(|code| view! {
                                <p class="notice" role="status">{t.invitation_created}" "<strong class="code">{code}</strong></p>
                            })}
                            <RegionTree tree />
                            <Organizers people />
                            <WordLists words />
                            <AuditLog log action />
                        })
                    })
                }}
            </ErrorBoundary>
        </Suspense>
    }
}

/// /admin/outbox: the newest text messages with their state and, for those that did not go,
/// why; numbers masked, never the text. A row of links filters by state.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let t = use_texts();
    let x = &t.texting;
    let query = use_query_map();
    let chosen = move || query.read().get("state").filter(|s| !s.is_empty());
    let entries = Resource::new(chosen, crate::api::admin::outbox);
    view! {
        <PageTitle text=format!("{} · {}", x.outbox_heading, t.app_name) />
        <h1 class="page-title">{x.outbox_heading}</h1>
        <p>{x.outbox_intro}</p>
        <nav class="filters" aria-label=x.outbox_heading>
            <a href="/admin/outbox">{x.outbox_all}</a>
            {domain::sms::OutboxState::VARIANTS.iter().map(|s| view! {
                " · "<a href=format!("/admin/outbox?state={}", s.as_str())>{(x.state)(*s)}</a>
            }).collect_view()}
        </nav>
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    entries.await.map(|list| {
                        let now = crate::server_now();
                        let empty = list.is_empty();
                        view! {
                            {empty.then(|| view! { <p class="empty">{x.outbox_none}</p> })}
                            <ul class="records outbox">
                                {list.into_iter().map(|e| {
                                    let mut said = vec![
                                        (x.template)(e.template).to_owned(),
                                        e.to_masked.clone(),
                                        when_in_words(t, e.sent_at.unwrap_or(e.created_at), now),
                                    ];
                                    if e.attempts > 1 {
                                        said.push((x.tries)(e.attempts));
                                    }
                                    let reason = e.last_error.as_deref().map(x.reason);
                                    view! {
                                        <li id=format!("outbox-{}", e.id) data-state=e.state.as_str()>
                                            <strong>{(x.state)(e.state)}</strong>" · "{said.join(" · ")}
                                            {reason.map(|r| view! { <br /><span class="hint">{r}</span> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// Every organizer with her federation, each with a way to remove her from it.
#[component]
fn Organizers(people: Vec<OrganizerEntry>) -> impl IntoView {
    let t = use_texts();
    view! {
        <section aria-labelledby="organizers-heading">
            <h2 id="organizers-heading">{t.organizers_heading}</h2>
            <ul class="volunteers">
                {people.into_iter().map(|o| view! {
                    <li class="volunteer">
                        <strong>{o.display_name}</strong>" · "{o.federation}" · "
                        <span class="phone">{o.phone_masked}</span>" "
                        <form method="post" action=crate::api::admin::RemoveOrganizer::PATH class="inline">
                            <input type="hidden" name="user_id" value=o.user_id.to_string() />
                            <button type="submit" class="secondary">{t.remove_organizer_button}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The regions under `parent` as a nested list: county → township → village.
fn branch(tree: &[RegionRow], parent: Option<i64>) -> AnyView {
    let children: Vec<&RegionRow> = tree.iter().filter(|r| r.parent_id == parent).collect();
    if children.is_empty() {
        return ().into_any();
    }
    view! {
        <ul class="region-tree">
            {children.into_iter().map(|r| view! {
                <li class=format!("level-{}", r.level.as_str())>
                    {r.name.clone()}
                    {r.federation_name.clone().map(|f| view! { " · " <span class="federation">{f}</span> })}
                    {branch(tree, Some(r.id))}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn RegionTree(tree: Vec<RegionRow>) -> impl IntoView {
    let t = use_texts();
    let options = tree
        .iter()
        .filter(|r| r.level != RegionLevel::Village)
        .map(|r| (r.id, r.name.clone()))
        .collect::<Vec<_>>();
    let without_federation = tree
        .iter()
        .filter(|r| r.federation_id.is_none())
        .map(|r| (r.id, r.name.clone()))
        .collect::<Vec<_>>();
    let federations = tree
        .iter()
        .filter_map(|r| {
            r.federation_id
                .map(|f| (f, r.federation_name.clone().unwrap_or_default()))
        })
        .collect::<Vec<_>>();
    view! {
        <section aria-labelledby="regions-heading">
            <h2 id="regions-heading">{t.regions_heading}</h2>
            {branch(&tree, None)}
            <form method="post" action=crate::api::admin::AddRegion::PATH class="form">
                <label for="parent_id">{t.parent_region_label}</label>
                <select id="parent_id" name="parent_id">
                    <option value="">{t.new_county}</option>
                    {options.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <label for="region_name">{t.region_name_label}</label>
                <input id="region_name" name="name" type="text" required maxlength="40" />
                <button type="submit">{t.add_region_button}</button>
            </form>
            <form method="post" action=crate::api::admin::AddFederation::PATH class="form">
                <label for="federation_region">{t.federation_region_label}</label>
                <select id="federation_region" name="region_id" required>
                    {without_federation.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <label for="federation_name">{t.federation_name_label}</label>
                <input id="federation_name" name="name" type="text" required maxlength="40" />
                <button type="submit">{t.add_federation_button}</button>
            </form>
            <form method="post" action=crate::api::admin::InviteOrganizer::PATH class="form">
                <label for="invite_federation">{t.invite_federation_label}</label>
                <select id="invite_federation" name="federation_id" required>
                    {federations.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <button type="submit">{t.invite_button}</button>
            </form>
        </section>
    }
}

/// The installation's word lists, with a form to add a word and a button to remove one.
#[component]
fn WordLists(words: Vec<(String, String)>) -> impl IntoView {
    let t = use_texts();
    view! {
        <section aria-labelledby="words-heading">
            <h2 id="words-heading">{t.word_lists_heading}</h2>
            <p class="hint">{t.word_lists_hint}</p>
            <ul class="roster">
                {words.into_iter().map(|(word, action)| view! {
                    <li class="roster-line">
                        <span class="who"><strong>{word.clone()}</strong>" · "{if action == "block" { t.word_block } else { t.word_hold }}</span>
                        <form method="post" action=crate::api::admin::RemoveWordRule::PATH class="inline">
                            <input type="hidden" name="word" value=word />
                            <button type="submit" class="secondary">{t.remove_button}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
            <form method="post" action=crate::api::admin::SetWordRule::PATH class="form">
                <label for="word">{t.word_label}</label>
                <input id="word" name="word" type="text" required maxlength="30" />
                <label for="word-action">{t.word_action_label}</label>
                <select id="word-action" name="action">
                    <option value="hold">{t.word_hold}</option>
                    <option value="block">{t.word_block}</option>
                </select>
                <button type="submit">{t.save_button}</button>
            </form>
        </section>
    }
}

#[component]
fn AuditLog(log: Vec<crate::api::admin::AuditEntry>, action: Option<String>) -> impl IntoView {
    let t = use_texts();
    let older = (log.len() as i64 == crate::api::admin::AUDIT_PAGE)
        .then(|| log.last().map(|e| e.id))
        .flatten()
        .map(|id| match &action {
            Some(a) => format!("/admin?before={id}&action={a}#audit-heading"),
            None => format!("/admin?before={id}#audit-heading"),
        });
    let current = action.clone().unwrap_or_default();
    let now = crate::server_now();
    view! {
        <section aria-labelledby="audit-heading">
            <h2 id="audit-heading">{t.audit_heading}</h2>
            <form method="get" action="/admin" class="form inline-filter">
                <label for="audit-action">{t.audit_filter_label}</label>
                <select id="audit-action" name="action">
                    <option value="" selected=current.is_empty()>{t.all_categories}</option>
                    {domain::audit::AuditAction::VARIANTS.iter().map(|a| a.as_str()).map(|a| view! {
                        <option value=a selected=current == a>{a}</option>
                    }).collect_view()}
                </select>
                <button type="submit">{t.filter_button}</button>
            </form>
            <ul class="audit-log">
                {log.into_iter().map(|e| view! {
                    <li>
                        <time>{when_in_words(t, e.at, now)}</time>" "
                        <strong>{e.actor_name.unwrap_or_default()}</strong>" "
                        <code>{e.action.as_str()}</code>" "{e.subject}" "{e.detail}
                    </li>
                }).collect_view()}
            </ul>
            {older.map(|href| view! { <p class="more"><a class="button secondary" href=href>{t.older_entries}</a></p> })}
        </section>
    }
}
