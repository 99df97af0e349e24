//! The care ledger (`backend::services::ledger`): records kept by the keepers of a village and
//! the organizers above it, and a woman's own view of hers.

use domain::form::Checkbox;
use domain::ledger::{LedgerForm, LedgerListItem, LedgerRecord, MyLedger};
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// Where the ledger's list is.
pub const LEDGER_PAGE: &str = "/ledger";

/// A record's page.
pub fn record_page(id: i64) -> String {
    format!("{LEDGER_PAGE}/{id}")
}

/// What a save answers: the record's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub id: i64,
}

#[cfg(feature = "ssr")]
fn kept(form: &LedgerForm) -> Vec<(&'static str, String)> {
    let ticked = |c: Checkbox| if c.is_ticked() { "on" } else { "" }.to_owned();
    vec![
        ("village_id", form.village_id.clone()),
        ("name", form.name.clone()),
        ("phone", form.phone.clone()),
        ("birth_year", form.birth_year.clone()),
        ("left_behind_since", form.left_behind_since.clone()),
        ("husband_works", form.husband_works.clone()),
        ("children_under_16", form.children_under_16.clone()),
        ("elderly_dependants", form.elderly_dependants.clone()),
        ("living_hardship", ticked(form.living_hardship)),
        ("disability", ticked(form.disability)),
        ("disability_grade", form.disability_grade.clone()),
        ("serious_illness", ticked(form.serious_illness)),
        ("no_income", ticked(form.no_income)),
        ("safety_risk", ticked(form.safety_risk)),
        ("needs_legal_help", ticked(form.needs_legal_help)),
        ("needs_care", ticked(form.needs_care)),
        ("wants_work", ticked(form.wants_work)),
        ("skills", form.skills.clone()),
        ("work_wanted", form.work_wanted.clone()),
        ("dibao", ticked(form.dibao)),
        ("temporary_assistance", ticked(form.temporary_assistance)),
        ("disability_allowance", ticked(form.disability_allowance)),
        ("other_assistance", ticked(form.other_assistance)),
        ("notes", form.notes.clone()),
        ("consent_method", form.consent_method.clone()),
        ("witness", form.witness.clone()),
    ]
}

/// Creates a record (no `id`; `consent_method` `written` or `oral` required, with `witness`
/// for an oral one) or updates one (`id`). Fields as in `domain::ledger::LedgerForm`.
#[server(endpoint = "ledger/save", prefix = "/api")]
pub async fn save_record(#[server(flatten)] form: LedgerForm) -> Result<Saved, AppError> {
    use domain::ledger::LedgerDraft;
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        backend::policy::ledger::ledger_reach(&db, &user).await?;
        let this_year = i64::from(domain::time::LocalDateTime::from_utc_secs(backend::now()).year);
        let draft = LedgerDraft::parse(&form, this_year)?;
        let id = backend::services::ledger::save(&db, &user, &draft).await?;
        Ok(Saved { id })
    }
    .await;
    let success = result
        .as_ref()
        .ok()
        .map(|s| format!("{}?done=saved", record_page(s.id)));
    let kept = kept(&form);
    let keep: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (*k, v.as_str())).collect();
    crate::ssr::finish_form(result, success.as_deref(), &keep)
}

/// The villages whose ledger she keeps (for the record form).
#[server(endpoint = "ledger/villages", prefix = "/api", input = GetUrl)]
pub async fn ledger_villages() -> Result<Vec<domain::region::Village>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::ledger::villages(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// The figures of her area for the reports upward (organizers): counts only, "<5" above the
/// village level for anything under five.
#[server(endpoint = "ledger/figures", prefix = "/api", input = GetUrl)]
pub async fn figures() -> Result<domain::ledger::LedgerFigures, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::ledger::figures(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// The records of her reach (`q`: a piece of a name or village; `closed`: the closed ones).
#[server(endpoint = "ledger/list", prefix = "/api", input = GetUrl)]
pub async fn list_records(
    #[server(default)] q: Option<String>,
    #[server(default)] closed: Checkbox,
) -> Result<Vec<LedgerListItem>, AppError> {
    use backend::services::ledger::{self, ListFilter};
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            let filter = ListFilter {
                search: q,
                closed: closed.is_ticked(),
            };
            ledger::list(&crate::ssr::db()?, &user, &filter).await
        }
        .await,
    )
}

/// One record, its sensitive fields masked unless `reveal` names them (`health`,
/// `disability`, `safety`, `notes`, comma-separated, or `all`) with a `reason`. Every call is
/// written to the record's access log.
#[server(endpoint = "ledger/record", prefix = "/api", input = GetUrl)]
pub async fn record(
    id: i64,
    #[server(default)] reveal: Option<String>,
    #[server(default)] reason: Option<String>,
) -> Result<LedgerRecord, AppError> {
    use backend::services::ledger::{self, Opening};
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            let db = crate::ssr::db()?;
            // Who she is decides before what she asked: a member is refused, not told the
            // request was malformed.
            backend::policy::ledger::ledger_reach(&db, &user).await?;
            let opening = Opening::parse(reveal.as_deref(), reason.as_deref())?;
            ledger::read(&db, &user, id, &opening).await
        }
        .await,
    )
}

/// Records a visit (`visited_on` and `next_due` as `YYYY-MM-DD`; `found` required).
#[server(endpoint = "ledger/visit", prefix = "/api")]
pub async fn record_visit(
    id: i64,
    visited_on: String,
    found: String,
    #[server(default)] agreed: String,
    #[server(default)] next_due: String,
) -> Result<i64, AppError> {
    use backend::services::ledger::{self, VisitForm};
    let result = async {
        let user = crate::ssr::require_user().await?;
        let form = VisitForm {
            visited_on: visited_on.clone(),
            found: found.clone(),
            agreed: agreed.clone(),
            next_due: next_due.clone(),
        };
        ledger::record_visit(&crate::ssr::db()?, &user, id, &form).await
    }
    .await;
    let page = format!("{}?done=visit#visits", record_page(id));
    crate::ssr::finish_form(
        result,
        Some(&page),
        &[
            ("visited_on", &visited_on),
            ("found", &found),
            ("agreed", &agreed),
            ("next_due", &next_due),
        ],
    )
}

/// Closes a record she no longer needs (kept read-only until the retention period ends).
#[server(endpoint = "ledger/close", prefix = "/api")]
pub async fn close_record(id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::ledger::close(&crate::ssr::db()?, &user, id).await
    }
    .await;
    let page = format!("{}?done=closed", record_page(id));
    crate::ssr::finish_form(result, Some(&page), &[])
}

/// Records that she withdrew her consent (`method` `written` or `oral`, `witness` for an oral
/// one): the record is closed and its contents erased at once.
#[server(endpoint = "ledger/withdraw", prefix = "/api")]
pub async fn withdraw_consent(
    id: i64,
    #[server(default)] method: String,
    #[server(default)] witness: String,
) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        backend::policy::ledger::ledger_reach(&db, &user).await?;
        let method = method
            .trim()
            .parse()
            .map_err(|_| AppError::field(domain::ErrorKey::ConsentRequired, "method"))?;
        backend::services::ledger::withdraw_consent(&db, &user, id, method, Some(&witness)).await
    }
    .await;
    let page = format!("{}?done=withdrawn", record_page(id));
    crate::ssr::finish_form(result, Some(&page), &[("witness", &witness)])
}

/// Links the record to her account (`member_id`), as the keeper confirmed with her.
#[server(endpoint = "ledger/link", prefix = "/api")]
pub async fn link_account(id: i64, member_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::ledger::link(&crate::ssr::db()?, &user, id, member_id).await
    }
    .await;
    let page = format!("{}?done=linked", record_page(id));
    crate::ssr::finish_form(result, Some(&page), &[])
}

/// Makes a volunteer of her area a keeper of her village's ledger (`keep` ticked) or takes
/// it back. Organizers only.
#[server(endpoint = "ledger/keeper", prefix = "/api")]
pub async fn set_keeper(
    volunteer_id: i64,
    #[server(default)] keep: Checkbox,
) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::ledger::set_keeper(
            &crate::ssr::db()?,
            &user,
            volunteer_id,
            keep.is_ticked(),
        )
        .await
    }
    .await;
    crate::ssr::finish_form(result, Some("/organizer?done=keeper"), &[])
}

/// An organizer answers a woman's request about her record (`outcome` `done` or `declined`,
/// with an `answer` she reads). A granted deletion erases the record at once.
#[server(endpoint = "ledger/answer", prefix = "/api")]
pub async fn answer_request(
    request_id: i64,
    #[server(default)] outcome: String,
    #[server(default)] answer: String,
    #[server(default)] record_id: Option<i64>,
) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let outcome = outcome
            .trim()
            .parse()
            .map_err(|_| AppError::field(domain::ErrorKey::Invalid, "outcome"))?;
        backend::services::ledger::answer(&crate::ssr::db()?, &user, request_id, outcome, &answer)
            .await
    }
    .await;
    let page = record_id.map_or_else(
        || format!("{LEDGER_PAGE}?done=answered"),
        |id| format!("{}?done=answered", record_page(id)),
    );
    crate::ssr::finish_form(result, Some(&page), &[("answer", &answer)])
}

/// Her own record (or `null`) and who looked at it: `[{"at", "role", "fields_opened"}]`,
/// never the viewer's name.
#[server(endpoint = "me/ledger", prefix = "/api", input = GetUrl)]
pub async fn my_record() -> Result<MyLedger, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::ledger::mine(&crate::ssr::db()?, user.user_id).await
        }
        .await,
    )
}

/// She asks for a correction (`kind` `correction`, saying what is wrong in `body`) or for her
/// record's deletion (`kind` `deletion`). Her request's id.
#[server(endpoint = "me/ledger_request", prefix = "/api")]
pub async fn ask_about_record(
    #[server(default)] kind: String,
    #[server(default)] body: String,
) -> Result<i64, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let kind = kind
            .trim()
            .parse()
            .map_err(|_| AppError::field(domain::ErrorKey::Invalid, "kind"))?;
        backend::services::ledger::ask(&crate::ssr::db()?, user.user_id, kind, &body).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/me/ledger?done=asked"), &[("body", &body)])
}
