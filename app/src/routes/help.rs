//! Help requests: `/help/new` (her form; a helper's for a woman of her area), `/me/help` (her
//! requests in plain words), `/help/queue` (the queue of those who handle them) and
//! `/help/{id}` (one request: progress, internal notes, a volunteer, hand-overs).
//!
//! Choosing "personal safety" shows the numbers to call now before anything is sent: a CSS
//! `:has()` rule, so it works without JavaScript; the box is shown outright after a safety
//! request is sent and on `?kind=safety`.

use domain::account::Role;
use domain::help::{
    Department, HelpCase, HelpContact, HelpKind, HelpQueueItem, HelpState, MyHelpRequest, Urgency,
    SAFETY_NUMBERS,
};
use domain::VariantArray;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::help::{
    get_help_case, help_queue, my_help, AssignHelp, ReferHelp, ReferralOutcome, RequestHelp,
    UpdateHelp, WithdrawHelp, NEW_PAGE, QUEUE_PAGE,
};
use crate::components::error_panel::{ErrorPanel, VisitorWelcome};
use crate::components::form::{invalid, kept_value, query_value, Confirm, FormNotice};
use crate::components::layout::PageTitle;
use crate::i18n::{date_in_words, use_texts, when_in_words};
use crate::routes::id_param;

/// The numbers to call at once: large, each a `tel:` link. `shown`: always visible (after a
/// safety request, on `?kind=safety`); otherwise only while "personal safety" is chosen.
#[component]
pub fn SafetyNumbers(shown: bool) -> impl IntoView {
    let h = &use_texts().help;
    let [police, hotline] = SAFETY_NUMBERS;
    view! {
        <section class="safety-now" class:shown=shown aria-labelledby="safety-heading" id="safety">
            <h2 id="safety-heading">{h.safety_heading}</h2>
            <p>{h.safety_body}</p>
            <p class="safety-numbers">
                <a class="button call" href=format!("tel:{police}")>{h.call_police}</a>
                <a class="button call" href=format!("tel:{hotline}")>{h.call_hotline}</a>
            </p>
        </section>
    }
}

#[component]
pub fn NewHelpPage() -> impl IntoView {
    let t = use_texts();
    let h = &t.help;
    let who = Resource::new(
        || (),
        |_| async {
            let Some(me) = crate::api::me::my_profile().await? else {
                return Ok(None);
            };
            let people = if matches!(me.role, Role::Volunteer | Role::Organizer) {
                crate::api::roster::helper_members(None)
                    .await
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            Ok::<_, domain::AppError>(Some(people))
        },
    );
    view! {
        <PageTitle text=format!("{} · {}", h.new_heading, t.app_name) />
        <h1 class="page-title">{h.new_heading}</h1>
        <FormNotice />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    who.await.map(|who| match who {
                        None => view! {
                            // Before logging in she already sees whom to call in danger.
                            <SafetyNumbers shown=query_value("kind").as_deref() == Some("safety") />
                            <VisitorWelcome heading=false />
                        }.into_any(),
                        Some(people) => view! { <HelpForm people /> }.into_any(),
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// The request form: kind as large choices, the safety numbers, what happened, how to reach
/// her, how urgent; for a helper, whom it is for and her agreement.
#[component]
fn HelpForm(people: Vec<domain::account::AreaPerson>) -> impl IntoView {
    let t = use_texts();
    let h = &t.help;
    let kind = kept_value("kind").or_else(|| query_value("kind"));
    let contact = kept_value("contact").unwrap_or_else(|| HelpContact::Call.as_str().to_owned());
    let urgency = kept_value("urgency").unwrap_or_else(|| Urgency::Normal.as_str().to_owned());
    let for_member = kept_value("for_member").unwrap_or_default();
    let safety_chosen = kind.as_deref() == Some(HelpKind::Safety.as_str());
    let helper = !people.is_empty();
    view! {
        <p>{h.new_intro}</p>
        <form method="post" action=RequestHelp::PATH class="form help-form" data-keep="">
            <fieldset class="choices kinds" aria-invalid=invalid("kind")>
                <legend>{h.kind_legend}</legend>
                {HelpKind::VARIANTS.iter().map(|k| view! {
                    <label class="choice">
                        <input type="radio" name="kind" value=k.as_str() required
                            checked=kind.as_deref() == Some(k.as_str()) />
                        {(h.kind)(*k)}
                    </label>
                }).collect_view()}
            </fieldset>
            <SafetyNumbers shown=safety_chosen />
            <label for="description">{h.description_label}</label>
            <textarea id="description" name="description" required maxlength="1000"
                aria-describedby="description-hint" aria-invalid=invalid("description")>
                {kept_value("description").unwrap_or_default()}
            </textarea>
            <p class="form-hint" id="description-hint">{h.description_hint}</p>
            <fieldset class="choices" aria-invalid=invalid("contact")>
                <legend>{h.contact_legend}</legend>
                {HelpContact::VARIANTS.iter().map(|c| view! {
                    <label class="choice">
                        <input type="radio" name="contact" value=c.as_str() checked=contact == c.as_str() />
                        {(h.contact)(*c)}
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="choices" aria-invalid=invalid("urgency")>
                <legend>{h.urgency_legend}</legend>
                {Urgency::VARIANTS.iter().map(|u| view! {
                    <label class="choice">
                        <input type="radio" name="urgency" value=u.as_str() checked=urgency == u.as_str() />
                        {(h.urgency)(*u)}
                    </label>
                }).collect_view()}
            </fieldset>
            {helper.then(|| view! {
                <fieldset>
                    <legend>{h.for_her_legend}</legend>
                    <p class="form-hint">{h.for_her_hint}</p>
                    <label for="for_member">{t.pick_member_label}</label>
                    <select id="for_member" name="for_member" aria-invalid=invalid("for_member")>
                        <option value="" selected=for_member.is_empty()>{h.pick_her_none}</option>
                        {people.into_iter().map(|p| {
                            let id = p.user_id.to_string();
                            let chosen = id == for_member;
                            view! {
                                <option value=id selected=chosen>{format!("{} · {} · {}", p.display_name, p.village, p.phone_masked)}</option>
                            }
                        }).collect_view()}
                    </select>
                    <label class="check">
                        <input type="checkbox" name="agreed" value="on" aria-invalid=invalid("agreed") />
                        {h.agreed_label}
                    </label>
                </fieldset>
            })}
            <button type="submit">{h.submit}</button>
        </form>
    }
}

#[component]
pub fn MyHelpPage() -> impl IntoView {
    let t = use_texts();
    let h = &t.help;
    let list = Resource::new(|| (), |_| my_help());
    let safety = query_value("kind").as_deref() == Some(HelpKind::Safety.as_str());
    view! {
        <PageTitle text=format!("{} · {}", h.mine_heading, t.app_name) />
        <h1 class="page-title">{h.mine_heading}</h1>
        <FormNotice done=vec![("filed", h.done_filed), ("withdrawn", h.done_withdrawn)] />
        {safety.then(|| view! { <SafetyNumbers shown=true /> })}
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    list.await.map(|list| {
                        let empty = list.is_empty();
                        view! {
                            <p>{h.mine_intro}</p>
                            <p><a class="button" href=NEW_PAGE>{h.ask_link}</a></p>
                            {empty.then(|| view! { <p class="empty">{h.mine_empty}</p> })}
                            <ul class="help-list">
                                {list.into_iter().map(|r| view! { <MyRequest r /> }).collect_view()}
                            </ul>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn MyRequest(r: MyHelpRequest) -> impl IntoView {
    let t = use_texts();
    let h = &t.help;
    let now = crate::server_now();
    let id = r.id;
    let state = (h.state_words)(r.state, r.referred_to);
    view! {
        <li class="help-item" id=format!("help-{id}") data-state=r.state.as_str()>
            <h2 class="help-title">{(h.kind)(r.kind)}</h2>
            <p class="help-state"><strong>{state}</strong></p>
            <p class="help-meta">
                {(h.asked_on)(&date_in_words(t, r.created_at))}
                " · "{(h.contact)(r.contact)}
                {(r.urgency == Urgency::Urgent).then(|| format!(" · {}", h.urgent_mark))}
            </p>
            {r.filed_for_her.then(|| view! { <p class="hint">{h.filed_for_you}</p> })}
            <p class="user-text">{r.description.clone()}</p>
            {(!r.referrals.is_empty()).then(|| view! {
                <ul class="records">
                    {r.referrals.into_iter().map(|x| view! {
                        <li>
                            {(h.referred_line)(department_words(t, x.department), &date_in_words(t, x.referred_on))}
                            {x.outcome.filter(|o| !o.is_empty()).map(|o| view! { <br />{(h.outcome_line)(&o)} })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <ol class="help-updates">
                {r.updates.into_iter().map(|u| view! {
                    <li>
                        <span class="when">{when_in_words(t, u.at, now)}</span>" · "
                        {(h.actor)(u.by)}" · "{(h.state_words)(u.state, None)}
                        {(!u.note.is_empty()).then(|| view! { <p class="user-text">{u.note.clone()}</p> })}
                    </li>
                }).collect_view()}
            </ol>
            {r.state.may_withdraw().then(|| view! {
                <Confirm label=h.withdraw_button question=h.withdraw_question.to_owned()>
                    <form method="post" action=WithdrawHelp::PATH class="form">
                        <input type="hidden" name="id" value=id.to_string() />
                        <label for=format!("withdraw-note-{id}")>{h.withdraw_note_label}</label>
                        <input id=format!("withdraw-note-{id}") name="note" type="text" maxlength="500" />
                        <button type="submit" class="danger">{h.withdraw_button}</button>
                    </form>
                </Confirm>
            })}
        </li>
    }
}

fn department_words(t: &crate::i18n::Texts, d: Department) -> &'static str {
    (t.help.department)(d)
}

#[component]
pub fn HelpQueuePage() -> impl IntoView {
    let t = use_texts();
    let h = &t.help;
    let queue = Resource::new(|| (), |_| help_queue());
    view! {
        <PageTitle text=format!("{} · {}", h.queue_heading, t.app_name) />
        <h1 class="page-title">{h.queue_heading}</h1>
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    queue.await.map(|list| {
                        let empty = list.is_empty();
                        view! {
                            <p>{h.queue_intro}</p>
                            <p><a class="button secondary" href=NEW_PAGE>{h.ask_link}</a></p>
                            {empty.then(|| view! { <p class="empty">{h.queue_empty}</p> })}
                            <ul class="managed help-queue">
                                {list.into_iter().map(|r| view! { <QueueRow r /> }).collect_view()}
                            </ul>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn QueueRow(r: HelpQueueItem) -> impl IntoView {
    let t = use_texts();
    let h = &t.help;
    let now = crate::server_now();
    let mut said = vec![
        r.village.clone(),
        when_in_words(t, r.created_at, now),
        (h.state_words)(r.state, None),
    ];
    said.push(match &r.assignee_name {
        Some(name) => (h.assigned_to)(name),
        None => h.unassigned.to_owned(),
    });
    view! {
        <li class="help-row" class:overdue=r.overdue data-state=r.state.as_str()>
            <a class="row-link" href=format!("/help/{}", r.id)>
                {r.overdue.then(|| view! { <span class="badge overdue">{h.overdue_mark}</span>" " })}
                {r.escalated.then(|| view! { <span class="badge">{h.escalated_mark}</span>" " })}
                {(r.urgency == Urgency::Urgent).then(|| view! { <span class="badge urgent">{h.urgent_mark}</span>" " })}
                <strong>{(h.kind)(r.kind)}</strong>" · "{r.woman_name.clone()}
                <br />{said.join(" · ")}
            </a>
        </li>
    }
}

#[component]
pub fn HelpCasePage() -> impl IntoView {
    let id = id_param();
    let case = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_help_case(id).await,
            None => Err(domain::AppError::not_found()),
        }
    });
    view! {
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move { case.await.map(|c| view! { <CaseView c /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn CaseView(c: HelpCase) -> impl IntoView {
    let t = use_texts();
    let h = &t.help;
    let now = crate::server_now();
    let id = c.id;
    let referred_to = c.referrals.first().map(|x| x.department);
    let done = vec![
        ("filed", h.done_filed),
        ("updated", h.done_updated),
        ("assigned", h.done_assigned),
        ("referred", h.done_referred),
        ("outcome", h.done_outcome),
    ];
    view! {
        <PageTitle text=format!("{} · {}", h.case_heading, t.app_name) />
        <h1 class="page-title">{(h.kind)(c.kind)}" · "{c.woman_name.clone()}</h1>
        <FormNotice done />
        <p class="help-state">
            {c.overdue.then(|| view! { <span class="badge overdue">{h.overdue_mark}</span>" " })}
            {(c.urgency == Urgency::Urgent).then(|| view! { <span class="badge urgent">{h.urgent_mark}</span>" " })}
            <strong>{(h.state_words)(c.state, if c.state == HelpState::Referred { referred_to } else { None })}</strong>
        </p>
        {(c.kind == HelpKind::Safety).then(|| view! { <SafetyNumbers shown=true /> })}
        <dl class="record">
            <dt>{h.village_label}</dt><dd>{c.village.clone()}</dd>
            <dt>{h.contact_label}</dt><dd>{(h.contact)(c.contact)}</dd>
            {c.woman_phone.clone().map(|p| view! {
                <dt>{h.her_phone}</dt><dd><a href=format!("tel:{p}")>{p.clone()}</a></dd>
            })}
        </dl>
        <p class="help-meta">{(h.asked_on)(&when_in_words(t, c.created_at, now))}</p>
        {c.filed_by.clone().map(|who| view! {
            <p class="hint">{(h.filed_by)(&who, &c.agreed_at.map(|a| date_in_words(t, a)).unwrap_or_default())}</p>
        })}
        {c.escalated_at.map(|at| view! { <p class="hint">{(h.escalated_on)(&date_in_words(t, at))}</p> })}
        <p class="user-text">{c.description.clone()}</p>

        <UpdateForm id state=c.state next=c.next_states.clone() />
        <AssignForm c=c.clone() />
        <Referrals c=c.clone() />

        <section aria-labelledby="events-heading">
            <h2 id="events-heading">{h.events_heading}</h2>
            <ol class="help-updates">
                {c.events.into_iter().map(|e| view! {
                    <li class:internal=e.internal>
                        <span class="when">{when_in_words(t, e.at, now)}</span>" · "
                        {e.actor_name.clone().unwrap_or_else(|| h.unknown_actor.to_owned())}" · "
                        {(h.state_words)(e.state, None)}
                        {e.internal.then(|| view! { " · "<span class="badge">{h.internal_mark}</span> })}
                        {(!e.note.is_empty()).then(|| view! { <p class="user-text">{e.note.clone()}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <p><a href=QUEUE_PAGE>{h.queue_heading}</a></p>
    }
}

/// Progress: the next state (or none, a note only), the note, and whether it is internal.
#[component]
fn UpdateForm(id: i64, state: HelpState, next: Vec<HelpState>) -> impl IntoView {
    let t = use_texts();
    let h = &t.help;
    if state == HelpState::Withdrawn {
        return ().into_any();
    }
    let chosen = kept_value("state").unwrap_or_else(|| state.as_str().to_owned());
    let internal = kept_value("internal").is_some();
    view! {
        <section aria-labelledby="update-heading">
            <h2 id="update-heading">{h.update_heading}</h2>
            <form method="post" action=UpdateHelp::PATH class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <label for="state">{h.state_label}</label>
                <select id="state" name="state" aria-invalid=invalid("state")>
                    <option value=state.as_str() selected=chosen == state.as_str()>{(h.same_state)(state)}</option>
                    {next.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=chosen == s.as_str()>{(h.state_words)(s, None)}</option>
                    }).collect_view()}
                </select>
                <label for="note">{h.note_label}</label>
                <textarea id="note" name="note" required maxlength="500" aria-invalid=invalid("note")>
                    {kept_value("note").unwrap_or_default()}
                </textarea>
                <label class="check">
                    <input type="checkbox" name="internal" value="on" checked=internal aria-describedby="internal-hint" />
                    {h.internal_label}
                </label>
                <p class="form-hint" id="internal-hint">{h.internal_hint}</p>
                <button type="submit">{h.update_button}</button>
            </form>
        </section>
    }
    .into_any()
}

/// For organizers: the volunteer who follows it up.
#[component]
fn AssignForm(c: HelpCase) -> impl IntoView {
    let t = use_texts();
    let h = &t.help;
    // A volunteer sees no choices: only organizers give requests out.
    if c.assignable.is_empty() {
        return c
            .assignee_name
            .map(|name| view! { <p>{(h.assigned_to)(&name)}</p> })
            .into_any();
    }
    let current = c.assignee_id;
    view! {
        <section aria-labelledby="assign-heading">
            <h2 id="assign-heading">{h.assign_heading}</h2>
            <form method="post" action=AssignHelp::PATH class="form">
                <input type="hidden" name="id" value=c.id.to_string() />
                <label for="volunteer_id">{h.assign_label}</label>
                <select id="volunteer_id" name="volunteer_id" aria-invalid=invalid("volunteer_id")>
                    <option value="" selected=current.is_none()>{h.nobody}</option>
                    {c.assignable.into_iter().map(|v| view! {
                        <option value=v.user_id.to_string() selected=current == Some(v.user_id)>{v.display_name}</option>
                    }).collect_view()}
                </select>
                <button type="submit">{h.assign_button}</button>
            </form>
        </section>
    }
    .into_any()
}

/// Hand-overs: those recorded (with a form for each outcome still to come) and a new one.
#[component]
fn Referrals(c: HelpCase) -> impl IntoView {
    let t = use_texts();
    let h = &t.help;
    let may_refer = c.state == HelpState::Referred || c.state.can_become(HelpState::Referred);
    let chosen = kept_value("department").unwrap_or_default();
    view! {
        <section aria-labelledby="referrals" id="referrals-section">
            <h2 id="referrals">{h.referrals_heading}</h2>
            <ul class="records">
                {c.referrals.into_iter().map(|x| {
                    let outcome_id = format!("outcome-{}", x.id);
                    view! {
                        <li>
                            <strong>{(h.referred_line)((h.department)(x.department), &date_in_words(t, x.referred_on))}</strong>
                            {(!x.contact.is_empty()).then(|| format!(" · {}", x.contact))}
                            {x.recorded_by.clone().map(|who| format!(" · {who}"))}
                            <br />
                            {match x.outcome.clone() {
                                Some(o) => (h.outcome_line)(&o),
                                None => h.no_outcome_yet.to_owned(),
                            }}
                            {x.outcome.is_none().then(|| view! {
                                <form method="post" action=ReferralOutcome::PATH class="form">
                                    <input type="hidden" name="referral_id" value=x.id.to_string() />
                                    <label for=outcome_id.clone()>{h.outcome_label}</label>
                                    <input id=outcome_id.clone() name="outcome" type="text" required maxlength="500"
                                        aria-describedby="outcome-hint" />
                                    <p class="form-hint" id="outcome-hint">{h.outcome_hint}</p>
                                    <button type="submit" class="secondary">{h.outcome_button}</button>
                                </form>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {may_refer.then(|| view! {
                <details class="filter-fold" open=kept_value("department").is_some()>
                    <summary>{h.refer_heading}</summary>
                    <form method="post" action=ReferHelp::PATH class="form">
                        <input type="hidden" name="id" value=c.id.to_string() />
                        <label for="department">{h.department_label}</label>
                        <select id="department" name="department" required aria-invalid=invalid("department")>
                            <option value="" selected=chosen.is_empty()>{t.choose}</option>
                            {Department::VARIANTS.iter().map(|d| view! {
                                <option value=d.as_str() selected=chosen == d.as_str()>{(h.department)(*d)}</option>
                            }).collect_view()}
                        </select>
                        <label for="referred_on">{h.referred_on_label}</label>
                        <input id="referred_on" name="referred_on" type="date"
                            value=kept_value("referred_on").unwrap_or_default() aria-invalid=invalid("referred_on") />
                        <label for="referral-contact">{h.referral_contact_label}</label>
                        <input id="referral-contact" name="contact" type="text" maxlength="500"
                            value=kept_value("contact").unwrap_or_default() aria-invalid=invalid("contact") />
                        <button type="submit">{h.refer_button}</button>
                    </form>
                </details>
            })}
        </section>
    }
}
