//! /admin: the region tree with its federations, organizer invitations, the audit log.

use crate::components::layout::PageTitle;
use leptos::prelude::*;

use crate::api::admin::{audit_log, regions, RegionRow};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{query_value, FormNotice};
use crate::i18n::{use_texts, when_in_words};

#[component]
pub fn AdminPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(
        || (),
        |_| async { Ok::<_, domain::AppError>((regions().await?, audit_log(None).await?)) },
    );
    let invitation = query_value("invitation");
    view! {
        <PageTitle text=format!("{} · {}", t.admin_heading, t.app_name) />
        <h1 class="page-title">{t.admin_heading}</h1>
        <FormNotice done=vec![("saved", t.done_saved)] />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || {
                    let invitation = invitation.clone();
                    Suspend::new(async move {
                        // Only an admin's page shows a code: a link with ?invitation=… must not
                        // let anyone print words on Tongxin's page.
                        data.await.map(|(tree, log)| view! {
                            {invitation.map(|code| view! {
                                <p class="notice" role="status">{t.invitation_created}" "<strong class="code">{code}</strong></p>
                            })}
                            <RegionTree tree />
                            <AuditLog log />
                        })
                    })
                }}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn RegionTree(tree: Vec<RegionRow>) -> impl IntoView {
    let t = use_texts();
    let options = tree
        .iter()
        .filter(|r| r.level != "village")
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
            <ul class="region-tree">
                {tree.into_iter().map(|r| view! {
                    <li class=format!("level-{}", r.level)>
                        {r.name}
                        {r.federation_name.map(|f| view! { " · " <span class="federation">{f}</span> })}
                    </li>
                }).collect_view()}
            </ul>
            <form method="post" action="/api/admin/add_region" class="form">
                <label for="parent_id">{t.parent_region_label}</label>
                <select id="parent_id" name="parent_id">
                    <option value="">{t.new_county}</option>
                    {options.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <label for="region_name">{t.region_name_label}</label>
                <input id="region_name" name="name" type="text" required maxlength="40" />
                <button type="submit">{t.add_region_button}</button>
            </form>
            <form method="post" action="/api/admin/add_federation" class="form">
                <label for="federation_region">{t.federation_region_label}</label>
                <select id="federation_region" name="region_id" required>
                    {without_federation.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <label for="federation_name">{t.federation_name_label}</label>
                <input id="federation_name" name="name" type="text" required maxlength="40" />
                <button type="submit">{t.add_federation_button}</button>
            </form>
            <form method="post" action="/api/admin/invite_organizer" class="form">
                <label for="invite_federation">{t.invite_federation_label}</label>
                <select id="invite_federation" name="federation_id" required>
                    {federations.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <button type="submit">{t.invite_button}</button>
            </form>
        </section>
    }
}

#[component]
fn AuditLog(log: Vec<crate::api::admin::AuditEntry>) -> impl IntoView {
    let t = use_texts();
    let now = backend_now();
    view! {
        <section aria-labelledby="audit-heading">
            <h2 id="audit-heading">{t.audit_heading}</h2>
            <ul class="audit-log">
                {log.into_iter().map(|e| view! {
                    <li>
                        <time>{when_in_words(t, e.at, now)}</time>" "
                        <strong>{e.actor_name.unwrap_or_default()}</strong>" "
                        <code>{e.action}</code>" "{e.subject}" "{e.detail}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The current time, on the server where this page renders.
fn backend_now() -> i64 {
    #[cfg(feature = "ssr")]
    {
        backend::now()
    }
    #[cfg(not(feature = "ssr"))]
    {
        0
    }
}
