//! The care ledger's pages: `/ledger` (the keeper's list), `/ledger/new` and
//! `/ledger/:id/edit` (the record form), `/ledger/:id` (a record, its visits, consent and her
//! requests), and `/me/ledger` (her own record and who looked at it). Every page works without
//! JavaScript: plain forms posting to the server functions of `api::ledger`.

use domain::ledger::{
    Assistance, ConsentMethod, Difficulty, HusbandWorks, LedgerContents, LedgerListItem,
    LedgerRecord, LedgerRequest, LedgerRequestKind, LedgerRequestOutcome, LedgerVisit, MyLedger,
    SensitiveField,
};
use domain::region::Village;
use domain::VariantArray;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos_router::hooks::use_query_map;

use crate::api::ledger::{
    ledger_villages, list_records, my_record, record, record_page, AnswerRequest, AskAboutRecord,
    CloseRecord, LinkAccount, RecordVisit, SaveRecord, WithdrawConsent, LEDGER_PAGE,
};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{invalid, kept_value, query_value, FormNotice};
use crate::components::layout::PageTitle;
use crate::i18n::{date_in_words, use_texts, Texts};
use crate::routes::id_param;

#[component]
pub fn LedgerPage() -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let search = query_value("q");
    let closed = query_value("closed").is_some();
    let list = Resource::new(
        move || (search.clone(), closed),
        |(q, closed)| async move {
            let items = list_records(q, domain::form::Checkbox(closed)).await?;
            let organizer = crate::api::auth::who_am_i()
                .await?
                .is_some_and(|me| me.role == domain::account::Role::Organizer);
            Ok::<_, domain::AppError>((items, organizer))
        },
    );
    view! {
        <PageTitle text=format!("{} · {}", l.heading, t.app_name) />
        <h1 class="page-title">{l.heading}</h1>
        <FormNotice done=vec![("answered", l.done_answered)] />
        <p class="hint">{l.intro}</p>
        <p><a class="button" href=format!("{LEDGER_PAGE}/new")>{l.new_link}</a></p>
        <form method="get" action=LEDGER_PAGE class="form inline-search" role="search">
            <label for="ledger-q">{l.search_label}</label>
            <input id="ledger-q" name="q" type="search" maxlength="20" value=query_value("q") />
            {closed.then(|| view! { <input type="hidden" name="closed" value="on" /> })}
            <button type="submit" class="secondary">{l.search_button}</button>
        </form>
        <p>
            {if closed {
                view! { <a href=LEDGER_PAGE.to_owned()>{l.show_open}</a> }
            } else {
                view! { <a href=format!("{LEDGER_PAGE}?closed=on")>{l.show_closed}</a> }
            }}
        </p>
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    list.await.map(|(items, organizer)| view! {
                        {organizer.then(|| view! {
                            <p><a class="button secondary" href=format!("{LEDGER_PAGE}/figures")>{l.figures_link}</a></p>
                        })}
                        <RecordList items />
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
pub fn LedgerFiguresPage() -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let figures = Resource::new(
        || (),
        |_| async {
            Ok::<_, domain::AppError>((
                crate::api::ledger::figures().await?,
                crate::api::help::help_figures().await?,
            ))
        },
    );
    view! {
        <PageTitle text=format!("{} · {}", l.figures_heading, t.app_name) />
        <h1 class="page-title">{l.figures_heading}</h1>
        <p class="hint">{l.figures_intro}</p>
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    figures.await.map(|(f, help)| {
                        let rows = std::iter::once(f.total).chain(f.rows);
                        view! {
                            <h2>{l.heading}</h2>
                            {rows.map(|r| view! {
                                <section class="figures" aria-label=r.region.clone()>
                                    <h2>{r.region.clone()}</h2>
                                    <dl class="facts">
                                        <dt>{l.women_label}</dt><dd>{r.women.to_string()}</dd>
                                        <dt>{l.visited_label}</dt><dd>{r.visited_90_days.to_string()}</dd>
                                        {r.by_difficulty.iter().map(|(d, n)| view! {
                                            <dt>{(l.difficulty)(*d)}</dt><dd>{n.to_string()}</dd>
                                        }).collect_view()}
                                    </dl>
                                </section>
                            }).collect_view()}
                            <HelpFiguresView f=help />
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// The help requests' figures, region by region.
#[component]
fn HelpFiguresView(f: domain::help::HelpFigures) -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let h = &t.help;
    let rows = std::iter::once(f.total).chain(f.rows);
    view! {
        <h2>{l.help_figures_heading}</h2>
        {rows.map(|r| {
            let hours = |n: Option<i64>| n.map_or_else(|| "—".to_owned(), |n| (l.hours)(n));
            view! {
                <section class="figures" aria-label=format!("{} · {}", l.help_figures_heading, r.region)>
                    <h3>{r.region.clone()}</h3>
                    <dl class="facts">
                        <dt>{l.requests_label}</dt><dd>{r.requests.to_string()}</dd>
                        {r.by_state.iter().map(|(s, n)| view! {
                            <dt>{(h.state_words)(*s, None)}</dt><dd>{n.to_string()}</dd>
                        }).collect_view()}
                        {r.by_kind.iter().map(|(k, n)| view! {
                            <dt>{(h.kind)(*k)}</dt><dd>{n.to_string()}</dd>
                        }).collect_view()}
                        <dt>{l.median_acknowledge_label}</dt><dd>{hours(r.median_hours_to_acknowledge)}</dd>
                        <dt>{l.median_resolve_label}</dt><dd>{hours(r.median_hours_to_resolve)}</dd>
                        {r.referrals.iter().map(|(d, n)| view! {
                            <dt>{(l.referred_to)((h.department)(*d))}</dt><dd>{n.to_string()}</dd>
                        }).collect_view()}
                    </dl>
                </section>
            }
        }).collect_view()}
    }
}

#[component]
fn RecordList(items: Vec<LedgerListItem>) -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let empty = items.is_empty();
    view! {
        {empty.then(|| view! { <p class="empty">{l.none_yet}</p> })}
        <ul class="records ledger-list">
            {items.into_iter().map(|r| {
                let mut said = vec![r.village.clone()];
                if let Some(at) = r.last_visit {
                    said.push((l.last_visit)(&date_in_words(t, at)));
                }
                if let Some(at) = r.next_visit_due {
                    said.push((l.next_visit)(&date_in_words(t, at)));
                }
                if let Some(reason) = r.closed_reason {
                    said.push((l.closed_reason)(reason).to_owned());
                }
                if r.open_requests > 0 {
                    said.push((l.open_requests)(r.open_requests));
                }
                let name = if r.name.is_empty() { l.erased.to_owned() } else { r.name.clone() };
                view! {
                    <li id=format!("record-{}", r.id)>
                        <a href=record_page(r.id)><strong>{name}</strong></a>
                        {r.overdue.then(|| view! { " " <span class="badge warning">{l.overdue}</span> })}
                        <br />{said.join(" · ")}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The sensitive fields asked for in the address (`reveal`, one value per ticked box or a
/// comma-separated list) and the reason.
fn opening_from_address() -> (Option<String>, Option<String>) {
    let map = use_query_map().read_untracked();
    let fields = map
        .get_all("reveal")
        .unwrap_or_default()
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(",");
    (
        Some(fields).filter(|f| !f.is_empty()),
        map.get("reason").filter(|r| !r.is_empty()),
    )
}

/// The record of the page's `:id`, with what the address asks to open.
async fn opened_record(
    id: Option<i64>,
    reveal: Option<String>,
    reason: Option<String>,
) -> Result<LedgerRecord, domain::AppError> {
    match id {
        Some(id) => record(id, reveal, reason).await,
        None => Err(domain::AppError::not_found()),
    }
}

#[component]
pub fn LedgerRecordPage() -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let id = id_param();
    let (reveal, reason) = opening_from_address();
    let found = Resource::new(
        move || (id(), reveal.clone(), reason.clone()),
        |(id, reveal, reason)| opened_record(id, reveal, reason),
    );
    view! {
        <PageTitle text=format!("{} · {}", l.heading, t.app_name) />
        <h1 class="page-title">{l.heading}</h1>
        <FormNotice done=vec![
            ("saved", l.done_saved),
            ("visit", l.done_visit),
            ("closed", l.done_closed),
            ("withdrawn", l.done_withdrawn),
            ("linked", l.done_linked),
            ("answered", l.done_answered),
        ] />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    found.await.map(|r| view! { <Record r /> })
                })}
            </ErrorBoundary>
        </Suspense>
        <p><a href=LEDGER_PAGE>{l.heading}</a></p>
    }
}

#[component]
fn Record(r: LedgerRecord) -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let open = r.closed_reason.is_none();
    let erased = r.contents.name.is_empty();
    let id = r.id;
    let title = if erased {
        l.erased.to_owned()
    } else {
        r.contents.name.clone()
    };
    let created = (l.created)(
        r.created_by.as_deref().unwrap_or("—"),
        &date_in_words(t, r.created_at),
    );
    let masked = r.contents.masked.clone();
    view! {
        <section aria-labelledby="record-heading" class="ledger-record">
            <h2 id="record-heading">{title}" · "{r.village.clone()}</h2>
            {r.overdue.then(|| view! { <p class="notice warning">{l.overdue}</p> })}
            {r.closed_reason.map(|c| view! { <p class="notice">{(l.closed_reason)(c)}</p> })}
            <p class="hint">{created}</p>
            {r.member.as_ref().map(|(_, name)| view! { <p>{(l.linked_to)(name)}</p> })}
            {(!erased).then(|| view! { <Contents c=r.contents.clone() /> })}
            {(open && !erased).then(|| view! {
                <p><a class="button secondary" href=format!("{}/edit", record_page(id))>{l.edit_link}</a></p>
            })}
            {(!erased && !masked.is_empty()).then(|| view! { <RevealForm id masked /> })}
            {r.suggested_member.clone().filter(|_| open).map(|(member, name)| view! {
                <form method="post" action=LinkAccount::PATH class="form notice">
                    <p>{(l.link_suggest)(&name)}</p>
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="member_id" value=member.to_string() />
                    <button type="submit">{l.link_button}</button>
                </form>
            })}
        </section>
        <Visits id visits=r.visits.clone() open />
        <Requests id requests=r.requests.clone() organizer=r.may_answer />
        <section aria-labelledby="consents-heading">
            <h2 id="consents-heading">{l.consents_heading}</h2>
            <ul class="records">
                {r.consents.iter().map(|c| {
                    let mut how = (l.consent_method)(c.method).to_owned();
                    if let Some(w) = &c.witness {
                        how = format!("{how} · {w}");
                    }
                    if let Some(by) = &c.recorded_by {
                        how = format!("{how} · {by}");
                    }
                    view! { <li>{(l.consent_entry)(c.event, &how, &date_in_words(t, c.at))}" · v"{c.notice_version.clone()}</li> }
                }).collect_view()}
            </ul>
        </section>
        {open.then(|| view! { <CloseForms id /> })}
    }
}

/// What a record says, the sensitive parts not opened shown as hidden.
#[component]
fn Contents(c: LedgerContents) -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let none = || l.nothing.to_owned();
    let hidden: Vec<&str> = c.masked.iter().map(|f| (l.field)(*f)).collect();
    let mut difficulties: Vec<String> = c
        .difficulties
        .iter()
        .map(|d| match (d, c.disability_grade) {
            (Difficulty::Disability, Some(g)) => format!("{}（{g}）", (l.difficulty)(*d)),
            _ => (l.difficulty)(*d).to_owned(),
        })
        .collect();
    if !hidden.is_empty() {
        difficulties.push(format!("{}{}", hidden.join("、"), l.masked));
    }
    let rows: Vec<(&str, String)> = vec![
        (l.phone_label, c.phone.clone().unwrap_or_else(none)),
        (
            l.birth_year_label,
            c.birth_year.map(|y| y.to_string()).unwrap_or_else(none),
        ),
        (
            l.left_behind_since_label,
            c.left_behind_since.clone().unwrap_or_else(none),
        ),
        (
            l.husband_works_label,
            c.husband_works
                .map(|w| (l.husband_works)(w).to_owned())
                .unwrap_or_else(none),
        ),
        (
            l.children_label,
            c.children_under_16
                .map(|n| n.to_string())
                .unwrap_or_else(none),
        ),
        (
            l.elders_label,
            c.elderly_dependants
                .map(|n| n.to_string())
                .unwrap_or_else(none),
        ),
        (
            l.difficulties_legend,
            if difficulties.is_empty() {
                none()
            } else {
                difficulties.join("、")
            },
        ),
        (
            l.skills_label,
            Some(c.skills.clone())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(none),
        ),
        (
            l.work_wanted_label,
            Some(c.work_wanted.clone())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(none),
        ),
        (
            l.assistance_legend,
            if c.assistance.is_empty() {
                none()
            } else {
                c.assistance
                    .iter()
                    .map(|a| (l.assistance)(*a))
                    .collect::<Vec<_>>()
                    .join("、")
            },
        ),
        (
            l.notes_label,
            match &c.notes {
                Some(n) if !n.is_empty() => n.clone(),
                Some(_) => none(),
                None => l.masked.to_owned(),
            },
        ),
    ];
    view! {
        <dl class="facts">
            {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd class="user-text">{v}</dd> }).collect_view()}
        </dl>
    }
}

/// Opening sensitive parts: a plain GET form back to this page, with the reason.
#[component]
fn RevealForm(id: i64, masked: Vec<SensitiveField>) -> impl IntoView {
    let l = &use_texts().ledger;
    view! {
        <form method="get" action=record_page(id) class="form">
            <fieldset>
                <legend>{l.reveal_legend}</legend>
                <p class="form-hint">{l.reveal_hint}</p>
                {masked.into_iter().map(|f| view! {
                    <label class="check">
                        <input type="checkbox" name="reveal" value=f.as_str() />
                        {(l.field)(f)}
                    </label>
                }).collect_view()}
                <label for="reason">{l.reason_label}</label>
                <input id="reason" name="reason" type="text" required maxlength="200"
                    aria-invalid=invalid("reason") />
                <button type="submit" class="secondary">{l.reveal_button}</button>
            </fieldset>
        </form>
    }
}

#[component]
fn Visits(id: i64, visits: Vec<LedgerVisit>, open: bool) -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let empty = visits.is_empty();
    let today = domain::time::format_local_datetime(crate::server_now());
    let today = today.split('T').next().unwrap_or_default().to_owned();
    view! {
        <section aria-labelledby="visits-heading" id="visits">
            <h2 id="visits-heading">{l.visits_heading}</h2>
            {empty.then(|| view! { <p class="empty">{l.no_visits}</p> })}
            <ul class="records">
                {visits.into_iter().map(|v| view! { <VisitItem v with_next_due=true /> }).collect_view()}
            </ul>
            {open.then(|| view! {
                <form method="post" action=RecordVisit::PATH class="form" data-keep="">
                    <h3>{l.visit_heading}</h3>
                    <input type="hidden" name="id" value=id.to_string() />
                    <label for="visited_on">{l.visited_on_label}</label>
                    <input id="visited_on" name="visited_on" type="date" required max=today.clone()
                        value=kept_value("visited_on").unwrap_or(today.clone()) aria-invalid=invalid("visited_on") />
                    <label for="found">{l.found_label}</label>
                    <textarea id="found" name="found" required maxlength="1000" rows="3"
                        aria-invalid=invalid("found")>{kept_value("found")}</textarea>
                    <label for="agreed">{l.agreed_label}</label>
                    <textarea id="agreed" name="agreed" maxlength="1000" rows="2"
                        aria-invalid=invalid("agreed")>{kept_value("agreed")}</textarea>
                    <label for="next_due">{l.next_due_label}</label>
                    <input id="next_due" name="next_due" type="date" value=kept_value("next_due")
                        aria-invalid=invalid("next_due") />
                    <button type="submit">{l.visit_button}</button>
                </form>
            })}
        </section>
    }
}

/// One visit: when, who, what was found and agreed (and, for the keepers, the next one due).
#[component]
fn VisitItem(v: LedgerVisit, with_next_due: bool) -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    view! {
        <li>
            <strong>{(l.visit_by)(v.visitor.as_deref().unwrap_or("—"), &date_in_words(t, v.visited_on))}</strong>
            <p class="user-text">{v.found}</p>
            {(!v.agreed.is_empty()).then(|| view! { <p class="user-text">{l.agreed_label}"："{v.agreed.clone()}</p> })}
            {v.next_due.filter(|_| with_next_due).map(|d| view! { <p>{(l.next_visit)(&date_in_words(t, d))}</p> })}
        </li>
    }
}

/// Her requests about the record; an organizer answers those waiting.
#[component]
fn Requests(id: i64, requests: Vec<LedgerRequest>, organizer: bool) -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    (!requests.is_empty()).then(|| view! {
        <section aria-labelledby="requests-heading" id="requests">
            <h2 id="requests-heading">{l.requests_heading}</h2>
            <ul class="records">
                {requests.into_iter().map(|q| view! {
                    <li>
                        <strong>{(l.request_kind)(q.kind)}</strong>" · "{date_in_words(t, q.at)}
                        {(!q.body.is_empty()).then(|| view! { <p class="user-text">{q.body.clone()}</p> })}
                        {match (q.outcome, q.answer.clone()) {
                            (Some(o), answer) => view! {
                                <p>{(l.outcome)(o)}{answer.map(|a| format!("：{a}"))}</p>
                            }.into_any(),
                            (None, _) if organizer => view! { <AnswerForm id request=q.id /> }.into_any(),
                            (None, _) => view! { <p>{l.waiting}</p> }.into_any(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn AnswerForm(id: i64, request: i64) -> impl IntoView {
    let l = &use_texts().ledger;
    let field = format!("answer-{request}");
    view! {
        <form method="post" action=AnswerRequest::PATH class="form">
            <input type="hidden" name="request_id" value=request.to_string() />
            <input type="hidden" name="record_id" value=id.to_string() />
            <label for=field.clone()>{l.answer_label}</label>
            <textarea id=field name="answer" required maxlength="500" rows="2"></textarea>
            <div class="actions">
                <button type="submit" name="outcome" value=LedgerRequestOutcome::Done.as_str()>{l.grant_button}</button>
                <button type="submit" name="outcome" value=LedgerRequestOutcome::Declined.as_str() class="secondary">{l.decline_button}</button>
            </div>
        </form>
    }
}

/// Closing the record, or recording that she withdrew her consent.
#[component]
fn CloseForms(id: i64) -> impl IntoView {
    let l = &use_texts().ledger;
    view! {
        <section aria-labelledby="close-heading">
            <h2 id="close-heading">{l.close_heading}</h2>
            <p class="hint">{l.close_hint}</p>
            <form method="post" action=CloseRecord::PATH class="inline">
                <input type="hidden" name="id" value=id.to_string() />
                <button type="submit" class="secondary">{l.close_button}</button>
            </form>
        </section>
        <section aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">{l.withdraw_heading}</h2>
            <p class="hint">{l.withdraw_hint}</p>
            <form method="post" action=WithdrawConsent::PATH class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <ConsentMethodChoice name="method" />
                <label for="withdraw-witness">{l.witness_label}</label>
                <input id="withdraw-witness" name="witness" type="text" maxlength="20"
                    value=kept_value("witness") aria-invalid=invalid("witness") />
                <button type="submit" class="danger">{l.withdraw_button}</button>
            </form>
        </section>
    }
}

#[component]
fn ConsentMethodChoice(name: &'static str) -> impl IntoView {
    let l = &use_texts().ledger;
    let kept = kept_value(name).unwrap_or_default();
    view! {
        <fieldset aria-invalid=invalid(name)>
            <legend>{l.consent_method_label}</legend>
            {ConsentMethod::VARIANTS.iter().map(|m| view! {
                <label class="check big">
                    <input type="radio" name=name value=m.as_str() required checked=kept == m.as_str() />
                    {(l.consent_method)(*m)}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

#[component]
pub fn NewLedgerRecordPage() -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let villages = Resource::new(|| (), |_| ledger_villages());
    view! {
        <PageTitle text=format!("{} · {}", l.new_heading, t.app_name) />
        <h1 class="page-title">{l.new_heading}</h1>
        <FormNotice />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    villages.await.map(|villages| view! { <RecordForm record=None villages /> })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
pub fn EditLedgerRecordPage() -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let id = id_param();
    let (reveal, reason) = opening_from_address();
    let found = Resource::new(
        move || (id(), reveal.clone(), reason.clone()),
        |(id, reveal, reason)| async move {
            let record = opened_record(id, reveal, reason).await?;
            Ok::<_, domain::AppError>((record, ledger_villages().await?))
        },
    );
    view! {
        <PageTitle text=format!("{} · {}", l.edit_heading, t.app_name) />
        <h1 class="page-title">{l.edit_heading}</h1>
        <FormNotice />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    found.await.map(|(r, villages)| view! { <RecordForm record=Some(r) villages /> })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// The record form: short, large targets, what she typed kept when a post fails. On an edit
/// the sensitive parts appear only when they were opened; otherwise they stay as they were.
#[component]
fn RecordForm(record: Option<LedgerRecord>, villages: Vec<Village>) -> impl IntoView {
    let t: &'static Texts = use_texts();
    let l = &t.ledger;
    let c = record
        .as_ref()
        .map(|r| r.contents.clone())
        .unwrap_or_default();
    let failed = crate::components::form::error_field().is_some() || query_value("error").is_some();
    // After a refused post, what she typed; otherwise what the record says.
    let value = move |name: &'static str, stored: Option<String>| {
        if failed {
            kept_value(name)
        } else {
            stored
        }
    };
    let ticked = move |name: &'static str, stored: bool| {
        if failed {
            kept_value(name).is_some_and(|v| domain::form::is_ticked(&v))
        } else {
            stored
        }
    };
    let editing = record.is_some();
    let sensitive_shown = !editing || c.masked.is_empty();
    let husband = value(
        "husband_works",
        c.husband_works.map(|w| w.as_str().to_owned()),
    )
    .unwrap_or_default();
    // A keeper of one village has nothing to choose.
    let only = (villages.len() == 1).then(|| villages[0].id.to_string());
    let village = value(
        "village_id",
        record.as_ref().map(|r| r.village_id.to_string()).or(only),
    )
    .unwrap_or_default();
    view! {
        <form method="post" action=SaveRecord::PATH class="form ledger-form" data-keep="">
            {record.as_ref().map(|r| view! { <input type="hidden" name="id" value=r.id.to_string() /> })}
            {(editing && sensitive_shown).then(|| view! { <input type="hidden" name="sensitive_shown" value="on" /> })}
            <label for="ledger-name">{l.name_label}</label>
            <input id="ledger-name" name="name" type="text" required maxlength="20"
                value=value("name", Some(c.name.clone())) aria-invalid=invalid("name") />
            <label for="village_id">{t.village_label}</label>
            <select id="village_id" name="village_id" required aria-invalid=invalid("village_id")>
                <option value="" selected=village.is_empty()>{t.village_choose}</option>
                {villages.into_iter().map(|v| {
                    let id = v.id.to_string();
                    let selected = village == id;
                    view! { <option value=id selected=selected>{v.township}" · "{v.name}</option> }
                }).collect_view()}
            </select>
            <label for="ledger-phone">{l.phone_label}</label>
            <input id="ledger-phone" name="phone" type="tel" inputmode="tel" autocomplete="off"
                value=value("phone", c.phone.clone()) aria-invalid=invalid("phone") />
            <label for="ledger-birth-year">{l.birth_year_label}</label>
            <input id="ledger-birth-year" name="birth_year" type="number" inputmode="numeric" min="1900" max="2100"
                value=value("birth_year", c.birth_year.map(|y| y.to_string())) aria-invalid=invalid("birth_year") />
            <label for="left_behind_since">{l.left_behind_since_label}</label>
            <input id="left_behind_since" name="left_behind_since" type="month"
                value=value("left_behind_since", c.left_behind_since.clone()) aria-invalid=invalid("left_behind_since") />
            <label for="husband_works">{l.husband_works_label}</label>
            <select id="husband_works" name="husband_works" aria-invalid=invalid("husband_works")>
                <option value="" selected=husband.is_empty()>"—"</option>
                {HusbandWorks::VARIANTS.iter().map(|w| view! {
                    <option value=w.as_str() selected=husband == w.as_str()>{(l.husband_works)(*w)}</option>
                }).collect_view()}
            </select>
            <label for="children_under_16">{l.children_label}</label>
            <input id="children_under_16" name="children_under_16" type="number" inputmode="numeric" min="0" max="20"
                value=value("children_under_16", c.children_under_16.map(|n| n.to_string())) aria-invalid=invalid("children_under_16") />
            <label for="elderly_dependants">{l.elders_label}</label>
            <input id="elderly_dependants" name="elderly_dependants" type="number" inputmode="numeric" min="0" max="20"
                value=value("elderly_dependants", c.elderly_dependants.map(|n| n.to_string())) aria-invalid=invalid("elderly_dependants") />
            <fieldset>
                <legend>{l.difficulties_legend}</legend>
                {(!sensitive_shown).then(|| view! { <p class="form-hint">{l.sensitive_kept}</p> })}
                {sensitive_shown.then(|| view! { <p class="form-hint">{l.sensitive_hint}</p> })}
                {Difficulty::VARIANTS.iter().filter(|d| sensitive_shown || d.sensitive().is_none()).map(|d| {
                    let name: &'static str = d.as_str();
                    view! {
                        <label class="check big">
                            <input type="checkbox" name=name value="on" checked=ticked(name, c.difficulties.contains(d)) />
                            {(l.difficulty)(*d)}
                            {d.sensitive().map(|_| view! { " " <span class="badge">{l.sensitive_mark}</span> })}
                        </label>
                    }
                }).collect_view()}
                {sensitive_shown.then(|| view! {
                    <label for="disability_grade">{l.disability_grade_label}</label>
                    <input id="disability_grade" name="disability_grade" type="number" inputmode="numeric" min="1" max="4"
                        value=value("disability_grade", c.disability_grade.map(|g| g.to_string())) aria-invalid=invalid("disability_grade") />
                })}
            </fieldset>
            <label for="skills">{l.skills_label}</label>
            <input id="skills" name="skills" type="text" maxlength="200"
                value=value("skills", Some(c.skills.clone())) aria-invalid=invalid("skills") />
            <label for="work_wanted">{l.work_wanted_label}</label>
            <input id="work_wanted" name="work_wanted" type="text" maxlength="200"
                value=value("work_wanted", Some(c.work_wanted.clone())) aria-invalid=invalid("work_wanted") />
            <fieldset>
                <legend>{l.assistance_legend}</legend>
                {Assistance::VARIANTS.iter().filter(|a| sensitive_shown || a.sensitive().is_none()).map(|a| {
                    let name: &'static str = match a {
                        Assistance::Other => "other_assistance",
                        other => other.as_str(),
                    };
                    view! {
                        <label class="check big">
                            <input type="checkbox" name=name value="on" checked=ticked(name, c.assistance.contains(a)) />
                            {(l.assistance)(*a)}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {sensitive_shown.then(|| view! {
                <label for="notes">{l.notes_label}" "<span class="badge">{l.sensitive_mark}</span></label>
                <textarea id="notes" name="notes" maxlength="2000" rows="3"
                    aria-invalid=invalid("notes")>{value("notes", c.notes.clone())}</textarea>
            })}
            {(!editing).then(|| view! {
                <fieldset class="consent">
                    <legend>{l.consent_legend}</legend>
                    {l.notice.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                    <ConsentMethodChoice name="consent_method" />
                    <label for="witness">{l.witness_label}</label>
                    <input id="witness" name="witness" type="text" maxlength="20"
                        value=kept_value("witness") aria-invalid=invalid("witness") />
                </fieldset>
            })}
            <button type="submit">{l.save_button}</button>
        </form>
    }
}

#[component]
pub fn MyLedgerPage() -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let mine = Resource::new(|| (), |_| my_record());
    view! {
        <PageTitle text=format!("{} · {}", l.mine_heading, t.app_name) />
        <h1 class="page-title">{l.mine_heading}</h1>
        <FormNotice done=vec![("asked", l.done_asked)] />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    mine.await.map(|m| view! { <Mine m /> })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn Mine(m: MyLedger) -> impl IntoView {
    let t = use_texts();
    let l = &t.ledger;
    let Some(r) = m.record else {
        return view! { <p>{l.mine_none}</p> }.into_any();
    };
    let erasable = r.contents.is_some();
    view! {
        <p>{l.mine_intro}</p>
        <section aria-labelledby="mine-heading">
            <h2 id="mine-heading">{r.village.clone()}" · "{date_in_words(t, r.created_at)}</h2>
            {r.closed_reason.map(|c| view! { <p class="notice">{(l.closed_reason)(c)}</p> })}
            {match r.contents.clone() {
                Some(c) => view! { <Contents c /> }.into_any(),
                None => view! { <p>{l.erased}</p> }.into_any(),
            }}
        </section>
        {(!r.visits.is_empty()).then(|| view! {
            <section aria-labelledby="my-visits-heading">
                <h2 id="my-visits-heading">{l.visits_heading}</h2>
                <ul class="records">
                    {r.visits.iter().cloned().map(|v| view! { <VisitItem v with_next_due=false /> }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="access-heading">
            <h2 id="access-heading">{l.access_heading}</h2>
            {m.access.is_empty().then(|| view! { <p class="empty">{l.access_none}</p> })}
            <ul class="records">
                {m.access.iter().map(|a| {
                    let mut line = format!("{} · {}", date_in_words(t, a.at), (t.my_data.role)(a.role));
                    if !a.fields_opened.is_empty() {
                        let fields: Vec<&str> = a.fields_opened.iter().map(|f| (l.field)(*f)).collect();
                        line = format!("{line} · {}", (l.access_opened)(&fields.join("、")));
                    }
                    view! { <li>{line}</li> }
                }).collect_view()}
            </ul>
        </section>
        {(!r.requests.is_empty()).then(|| view! {
            <section aria-labelledby="my-requests-heading">
                <h2 id="my-requests-heading">{l.requests_heading}</h2>
                <ul class="records">
                    {r.requests.iter().map(|q| view! {
                        <li>
                            <strong>{(l.request_kind)(q.kind)}</strong>" · "{date_in_words(t, q.at)}
                            {(!q.body.is_empty()).then(|| view! { <p class="user-text">{q.body.clone()}</p> })}
                            <p>{match q.outcome {
                                Some(o) => format!("{}{}", (l.outcome)(o), q.answer.as_deref().map(|a| format!("：{a}")).unwrap_or_default()),
                                None => l.waiting.to_owned(),
                            }}</p>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {erasable.then(|| view! {
            <section aria-labelledby="ask-heading">
                <h2 id="ask-heading">{l.ask_heading}</h2>
                <form method="post" action=AskAboutRecord::PATH class="form">
                    <label for="ask-body">{l.ask_body_label}</label>
                    <textarea id="ask-body" name="body" maxlength="500" rows="3"
                        aria-invalid=invalid("body")>{kept_value("body")}</textarea>
                    <div class="actions">
                        <button type="submit" name="kind" value=LedgerRequestKind::Correction.as_str()>{l.ask_correction_button}</button>
                        <button type="submit" name="kind" value=LedgerRequestKind::Deletion.as_str() class="secondary">{l.ask_deletion_button}</button>
                    </div>
                </form>
            </section>
        })}
    }
    .into_any()
}
