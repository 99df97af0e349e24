//! /organizer: an organizer's tools for her area's accounts (who does what, and taking it
//! back); redeeming an invitation.

use crate::components::layout::PageTitle;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::activities::managed_activities;
use crate::api::circles::list_circles;
use crate::api::groups::list_groups;
use crate::api::organizer::{volunteers, Duty, Volunteer};
use crate::components::form::{invalid, kept_value, FormNotice};
use crate::i18n::use_texts;
use crate::routes::organizer_activities::{ManagedActivities, NeedsAttention};

#[component]
pub fn OrganizerPage() -> impl IntoView {
    let t = use_texts();
    let list = Resource::new(
        || (),
        |_| async {
            Ok::<_, domain::AppError>((
                volunteers().await?,
                list_circles().await?,
                list_groups().await?,
                managed_activities().await?,
            ))
        },
    );
    view! {
        <PageTitle text=format!("{} · {}", t.organizer_heading, t.app_name) />
        <h1 class="page-title">{t.organizer_heading}</h1>
        <FormNotice done=vec![
            ("appointed", t.done_appointed),
            ("assigned", t.done_assigned),
            ("unassigned", t.done_unassigned),
            ("volunteer_removed", t.done_volunteer_removed),
            ("keeper", t.ledger.done_keeper),
        ] />
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    // Not an organizer (yet): offer to redeem an invitation.
                    Err(_) => view! {
                        <p>{t.not_organizer}</p>
                        <form method="post" action=crate::api::organizer::RedeemInvitation::PATH class="form">
                            <label for="code">{t.invitation_code_label}</label>
                            <input id="code" name="code" type="text" required autocomplete="off" aria-invalid=invalid("code") />
                            <button type="submit">{t.redeem_button}</button>
                        </form>
                    }.into_any(),
                    Ok((list, circles, groups, managed)) => view! {
                        <p><a class="button secondary" href=crate::api::help::QUEUE_PAGE>{t.help.queue_link}</a></p>
                        <NeedsAttention list=managed.clone() />
                        <ManagedActivities list=managed />
                        <section aria-labelledby="volunteers-heading">
                            <h2 id="volunteers-heading">{t.volunteers_heading}</h2>
                            <ul class="volunteers">
                                {list.iter().cloned().map(|v| view! { <VolunteerCard v /> }).collect_view()}
                            </ul>
                            <form method="post" action=crate::api::organizer::AppointVolunteer::PATH class="form">
                                <label for="phone">{t.appoint_phone_label}</label>
                                <input id="phone" name="phone" type="tel" inputmode="tel" required
                                    value=kept_value("phone") aria-invalid=invalid("phone") />
                                <button type="submit">{t.appoint_button}</button>
                            </form>
                        </section>
                        <section aria-labelledby="assign-heading">
                            <h2 id="assign-heading">{t.assign_moderator_heading}</h2>
                            <form method="post" action=crate::api::moderation::AssignModerator::PATH class="form">
                                <label for="assign-user">{t.volunteer_label}</label>
                                <select id="assign-user" name="user_id" required>
                                    <option value="">{t.choose}</option>
                                    {volunteer_options(&list)}
                                </select>
                                <label for="assign-circle">{t.circle_label}</label>
                                <select id="assign-circle" name="circle_id" required>
                                    <option value="">{t.choose}</option>
                                    {circles.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name}</option> }).collect_view()}
                                </select>
                                <button type="submit">{t.assign_button}</button>
                            </form>
                            <form method="post" action=crate::api::groups::AllowGroupCreator::PATH class="form">
                                <label for="allow-user">{t.allow_group_creator_label}</label>
                                <select id="allow-user" name="user_id" required>
                                    <option value="">{t.choose}</option>
                                    {volunteer_options(&list)}
                                </select>
                                <button type="submit">{t.allow_button}</button>
                            </form>
                            <form method="post" action=crate::api::moderation::AssignModerator::PATH class="form">
                                <label for="assign-group-user">{t.volunteer_label}</label>
                                <select id="assign-group-user" name="user_id" required>
                                    <option value="">{t.choose}</option>
                                    {volunteer_options(&list)}
                                </select>
                                <label for="assign-group">{t.group_label}</label>
                                <select id="assign-group" name="group_id" required>
                                    <option value="">{t.choose}</option>
                                    {groups.into_iter().map(|g| view! { <option value=g.id.to_string()>{g.name}</option> }).collect_view()}
                                </select>
                                <button type="submit">{t.assign_button}</button>
                            </form>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One volunteer: who she is, where her tasks reach, what she moderates; each can be taken
/// back with a button (a plain form: works without JavaScript).
#[component]
fn VolunteerCard(v: Volunteer) -> impl IntoView {
    let t = use_texts();
    let id = v.person.user_id.to_string();
    let has_duties = !v.duties.is_empty() || v.may_start_groups;
    let duties = v.duties.into_iter().map(|duty| {
        let (field, place, name) = match duty {
            Duty::Circle { id, name } => ("circle_id", id, format!("{}{name}", t.duty_circle)),
            Duty::Group { id, name } => ("group_id", id, format!("{}{name}", t.duty_group)),
        };
        view! {
            <li>
                {name}
                <form method="post" action=crate::api::moderation::UnassignModerator::PATH class="inline">
                    <input type="hidden" name="user_id" value=id.clone() />
                    <input type="hidden" name=field value=place.to_string() />
                    <button type="submit" class="secondary">{t.unassign_button}</button>
                </form>
            </li>
        }
    }).collect_view();
    view! {
        <li class="volunteer">
            <p>
                <strong>{v.person.display_name}</strong>" · "{v.person.village}" · "
                <span class="phone">{v.person.phone_masked}</span>
            </p>
            <p class="hint">{t.volunteer_reach_label}{v.reach}</p>
            <ul class="duties" hidden=!has_duties>
                {duties}
                {v.may_start_groups.then(|| view! {
                    <li>
                        {t.duty_group_creator}
                        <form method="post" action=crate::api::groups::RevokeGroupCreator::PATH class="inline">
                            <input type="hidden" name="user_id" value=id.clone() />
                            <button type="submit" class="secondary">{t.unassign_button}</button>
                        </form>
                    </li>
                })}
            </ul>
            {v.keeps_ledger_of.as_deref().map(|village| view! { <p class="hint">{(t.ledger.keeper_of)(village)}</p> })}
            <form method="post" action=crate::api::ledger::SetKeeper::PATH class="inline">
                <input type="hidden" name="volunteer_id" value=id.clone() />
                {v.keeps_ledger_of.is_none().then(|| view! { <input type="hidden" name="keep" value="on" /> })}
                <button type="submit" class="secondary">
                    {if v.keeps_ledger_of.is_some() { t.ledger.unmake_keeper_button } else { t.ledger.make_keeper_button }}
                </button>
            </form>
            <form method="post" action=crate::api::organizer::RemoveVolunteer::PATH class="inline">
                <input type="hidden" name="user_id" value=id.clone() />
                <button type="submit" class="secondary">{t.remove_volunteer_button}</button>
            </form>
        </li>
    }
}

/// Her area's volunteers as the options of a picker.
fn volunteer_options(list: &[Volunteer]) -> impl IntoView {
    list.iter()
        .map(|v| {
            view! { <option value=v.person.user_id.to_string()>{v.person.display_name.clone()}" · "{v.person.village.clone()}</option> }
        })
        .collect_view()
}
