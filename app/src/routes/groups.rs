//! Mutual-aid groups: `/groups` (those near her; organizers start new ones) and
//! `/groups/{id}` (join or leave; the board and members for members only).

use crate::components::layout::PageTitle;
use crate::islands::quick_exit::Exit;
use domain::group::{GroupNeed, GroupPage as Group, MembershipStatus};
use domain::VariantArray;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::activities::organizer_places;
use crate::api::auth::who_am_i;
use crate::api::groups::{can_create_groups, get_group, list_groups};
use crate::components::error_panel::{ErrorPanel, VisitorWelcome};
use crate::components::form::{invalid, kept_value, query_value, FormNotice};
use crate::components::user_text::UserText;
use crate::i18n::{use_texts, when_in_words};
use crate::routes::id_param;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(
        || (),
        |_| async {
            let role = who_am_i().await?.map(|me| me.role);
            // Organizers pick the place; a volunteer's groups belong to her township.
            let places = if role == Some(domain::account::Role::Organizer) {
                organizer_places().await.unwrap_or_default()
            } else {
                Vec::new()
            };
            Ok::<_, domain::AppError>((
                list_groups().await?,
                role,
                can_create_groups().await?,
                places,
            ))
        },
    );
    view! {
        <PageTitle text=format!("{} · {}", t.groups_heading, t.app_name) />
        <Exit />
        <h1 class="page-title">{t.groups_heading}</h1>
        <FormNotice />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    data.await.map(|(groups, role, can_create, places)| {
                        let empty = groups.is_empty();
                        view! {
                            {match (&role, empty) {
                                (None, _) => Some(view! { <VisitorWelcome heading=false /> }.into_any()),
                                (Some(_), true) => Some(view! { <p class="empty">{t.groups_empty}</p> }.into_any()),
                                _ => None,
                            }}
                            <ul class="cards">
                                {groups.into_iter().map(|g| view! {
                                    <li class="card">
                                        <span class="card-icon" aria-hidden="true">"🤲"</span>
                                        <div class="card-body">
                                            <h2 class="card-title"><a href=format!("/groups/{}", g.id)>{g.name}</a></h2>
                                            <p class="card-category">{(t.group_need)(g.need)}" · "{g.place}</p>
                                            <p>{g.purpose}</p>
                                            <p class="card-seats">{(t.group_members)(g.members, g.member_limit)}
                                                {g.my_status.map(|s| format!(" · {}", (t.group_status)(s)))}</p>
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                            {can_create.then(|| view! { <NewGroupForm places /> })}
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn NewGroupForm(places: Vec<domain::region::Place>) -> impl IntoView {
    let t = use_texts();
    view! {
        <details class="more-options" open=query_value("error").is_some()>
            <summary>{t.new_group_heading}</summary>
            <form method="post" action=crate::api::groups::CreateGroup::PATH class="form">
                <label for="name">{t.group_name_label}</label>
                <input id="name" name="name" type="text" required maxlength="60"
                    value=kept_value("name").unwrap_or_default() aria-invalid=invalid("name") />
                <label for="need">{t.group_need_label}</label>
                <select id="need" name="need">
                    {GroupNeed::VARIANTS.iter().map(|&n| view! { <option value=n.as_str()>{(t.group_need)(n)}</option> }).collect_view()}
                </select>
                {(!places.is_empty()).then(|| view! {
                    <label for="region_id">{t.group_place_label}</label>
                    <select id="region_id" name="region_id" aria-invalid=invalid("region_id")>
                        {places.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.label}</option> }).collect_view()}
                    </select>
                })}
                <label for="purpose">{t.group_purpose_label}</label>
                <textarea id="purpose" name="purpose" rows="3" maxlength="1000"></textarea>
                <label for="member_limit">{t.group_limit_label}</label>
                <input id="member_limit" name="member_limit" type="number" min="2" max="500" value="30" aria-invalid=invalid("member_limit") />
                <label class="check"><input type="checkbox" name="open" value="1" checked=true />{t.group_open_label}</label>
                <button type="submit">{t.create_group_button}</button>
            </form>
        </details>
    }
}

/// The group of the route's `:id`, for its page and its leave page.
fn group_of_route() -> Resource<Result<Group, domain::AppError>> {
    let id = id_param();
    Resource::new(id, |id| async move {
        match id {
            Some(id) => get_group(id).await,
            None => Err(domain::AppError::not_found()),
        }
    })
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let group = group_of_route();
    view! {
        <Exit />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move { group.await.map(|g| view! { <GroupView g /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn GroupView(g: Group) -> impl IntoView {
    let t = use_texts();
    let now = crate::server_now();
    let s = g.summary.clone();
    let id = s.id.to_string();
    let member = s.my_status == Some(MembershipStatus::Member);
    let pending = s.my_status == Some(MembershipStatus::Pending);
    view! {
        <PageTitle text=format!("{} · {}", s.name, t.app_name) />
        <h1 class="page-title">{s.name.clone()}</h1>
        <p class="card-category">{(t.group_need)(s.need)}" · "{s.place.clone()}" · "{(t.group_members)(s.members, s.member_limit)}</p>
        <UserText text=s.purpose.clone() />
        <FormNotice done=vec![
            ("joined", t.joining.group_joined),
            ("left", t.joining.group_left),
        ] />
        {if member || pending {
            view! {
                {pending.then(|| view! { <p class="notice" role="status">{t.group_pending_notice}</p> })}
                <p><a class="button secondary" href=format!("/groups/{id}/leave")>
                    {if pending { t.withdraw_request } else { t.leave_group }}
                </a></p>
            }.into_any()
        } else {
            view! {
                <form method="post" action=crate::api::groups::JoinGroup::PATH>
                    <input type="hidden" name="group_id" value=id.clone() />
                    <button type="submit">{if s.open { t.join_group } else { t.ask_to_join }}</button>
                </form>
            }.into_any()
        }}
        {(!g.pending.is_empty()).then(|| view! {
            <section aria-labelledby="requests-heading">
                <h2 id="requests-heading">{t.join_requests_heading}</h2>
                <ul class="roster">
                    {g.pending.iter().map(|(uid, name)| view! {
                        <li class="roster-line">
                            <span class="who">{name.clone()}</span>
                            <form method="post" action=crate::api::groups::ApproveMember::PATH class="inline">
                                <input type="hidden" name="group_id" value=id.clone() />
                                <input type="hidden" name="user_id" value=uid.to_string() />
                                <button type="submit">{t.approve_button}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(member || g.manager).then(|| view! {
            <section aria-labelledby="board-heading">
                <h2 id="board-heading">{t.group_board_heading}</h2>
                {member.then(|| view! {
                    <form method="post" action=crate::api::groups::PostInGroup::PATH class="form">
                        <input type="hidden" name="group_id" value=id.clone() />
                        <label for="body">{t.post_body_label}</label>
                        <textarea id="body" name="body" rows="3" required maxlength="5000" aria-invalid=invalid("body")></textarea>
                        <button type="submit">{t.post_button}</button>
                    </form>
                })}
                <ol class="posts">
                    {g.posts.iter().map(|p| view! {
                        <li class="post">
                            <p class="post-meta"><strong>{p.author.clone().unwrap_or_else(|| t.deleted_author.to_owned())}</strong>
                                " · "{when_in_words(t, p.created_at, now)}</p>
                            <UserText text=p.body.clone() />
                            {(p.mine || g.manager).then(|| view! {
                                <form method="post" action=crate::api::groups::DeleteGroupPost::PATH class="inline">
                                    <input type="hidden" name="post_id" value=p.id.to_string() />
                                    <button type="submit" class="secondary">{t.delete_post_short}</button>
                                </form>
                            })}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
            <section aria-labelledby="members-heading">
                <h2 id="members-heading">{t.group_members_heading}</h2>
                <p class="members">{g.members.join("、")}</p>
            </section>
        })}
    }
}

/// `/groups/{id}/leave`: asks once before she leaves a group or withdraws her request; the
/// button posts, so it works without JavaScript.
#[component]
pub fn LeaveGroupPage() -> impl IntoView {
    let group = group_of_route();
    view! {
        <Exit />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move { group.await.map(|g| view! { <ConfirmLeave g /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn ConfirmLeave(g: Group) -> impl IntoView {
    let t = use_texts();
    let s = g.summary;
    let back = format!("/groups/{}", s.id);
    let (heading, body, confirm) = match s.my_status {
        Some(MembershipStatus::Member) => (
            t.joining.group_leave_heading,
            t.joining.group_leave_body,
            t.joining.group_leave_confirm,
        ),
        Some(MembershipStatus::Pending) => (
            t.joining.group_withdraw_heading,
            t.joining.group_withdraw_body,
            t.joining.group_withdraw_confirm,
        ),
        // Nothing to leave: back to the group.
        _ => {
            return view! {
                <h1 class="page-title">{s.name.clone()}</h1>
                <p><a class="button secondary" href=back>{t.joining.back_to_group}</a></p>
            }
            .into_any()
        }
    };
    view! {
        <PageTitle text=format!("{heading} · {}", t.app_name) />
        <h1 class="page-title">{heading}</h1>
        <FormNotice />
        <p><strong>{s.name.clone()}</strong></p>
        <p>{body}</p>
        <form method="post" action=crate::api::groups::LeaveGroup::PATH class="form">
            <input type="hidden" name="group_id" value=s.id.to_string() />
            <button type="submit" class="danger">{confirm}</button>
        </form>
        <p><a class="button secondary" href=back>{t.joining.group_stay}</a></p>
    }
    .into_any()
}
