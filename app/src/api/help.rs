//! Help requests (`backend::services::help_requests`): a woman asks for help (or a helper for
//! her, with her agreement) and follows it on her own page; the organizers of her area and the
//! volunteer they assign handle it. Who may do what: `backend::policy::help`.

use domain::form::Checkbox;
use domain::help::{HelpCase, HelpQueueItem, MyHelpRequest};
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Her requests' page.
pub const MY_PAGE: &str = "/me/help";
/// The queue of those who handle requests.
pub const QUEUE_PAGE: &str = "/help/queue";
/// The form to ask for help.
pub const NEW_PAGE: &str = "/help/new";

/// A request just filed: its id (`{"id": …}`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filed {
    pub id: i64,
}

/// The running configuration (the defaults when none was given, as in some tests).
#[cfg(feature = "ssr")]
fn acknowledge_secs() -> Result<i64, AppError> {
    match use_context::<backend::Config>() {
        Some(config) => Ok(config.help_acknowledge_secs),
        None => backend::Config::from_lookup(|_| None)
            .map(|c| c.help_acknowledge_secs)
            .map_err(|_| AppError::internal()),
    }
}

/// Asks for help: `kind` (`legal`, `assistance`, `health`, `work`, `care`, `family`, `safety`,
/// `other`), `description`, `contact` (`call`, `visit`, `app`), `urgency` (`normal`,
/// `urgent`). A volunteer or organizer asking for a woman of her area adds `for_member` (her
/// id) and `agreed` (she agreed). Answers `{"id": …}`.
#[server(endpoint = "help/request", prefix = "/api")]
pub async fn request_help(
    #[server(default)] kind: Option<String>,
    #[server(default)] description: Option<String>,
    #[server(default)] contact: Option<String>,
    #[server(default)] urgency: Option<String>,
    #[server(default)] for_member: Option<String>,
    #[server(default)] agreed: Checkbox,
) -> Result<Filed, AppError> {
    use backend::services::help_requests::{self, Filing};
    use domain::help::{HelpDraft, HelpForm};
    let result = async {
        let user = crate::ssr::require_user().await?;
        let draft = HelpDraft::parse(&HelpForm {
            kind: kind.as_deref(),
            description: description.as_deref(),
            contact: contact.as_deref(),
            urgency: urgency.as_deref(),
        })?;
        let for_member = crate::api::form_number(
            for_member.as_deref(),
            "for_member",
            domain::ErrorKey::MemberNotFound,
        )?;
        let filing = Filing {
            draft,
            for_member,
            agreed: agreed.is_ticked(),
        };
        let id = help_requests::file(&crate::ssr::db()?, &user, &filing, backend::now()).await?;
        Ok((Filed { id }, filing))
    }
    .await;
    let to = result.as_ref().ok().map(|(filed, filing)| {
        let safety = filing.draft.kind == domain::help::HelpKind::Safety;
        match filing.for_member {
            Some(_) => format!("/help/{}?done=filed", filed.id),
            None if safety => format!("{MY_PAGE}?done=filed&kind=safety#help-{}", filed.id),
            None => format!("{MY_PAGE}?done=filed#help-{}", filed.id),
        }
    });
    let keep = [
        ("kind", kind.as_deref().unwrap_or_default()),
        ("description", description.as_deref().unwrap_or_default()),
        ("contact", contact.as_deref().unwrap_or_default()),
        ("urgency", urgency.as_deref().unwrap_or_default()),
        ("for_member", for_member.as_deref().unwrap_or_default()),
    ];
    crate::ssr::finish_form(result.map(|(filed, _)| filed), to.as_deref(), &keep)
}

/// Her own requests, newest first, with their states and what she may see of them (never an
/// internal note, never a handler's name).
#[server(endpoint = "me/help", prefix = "/api", input = GetUrl)]
pub async fn my_help() -> Result<Vec<MyHelpRequest>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::help_requests::mine(&crate::ssr::db()?, user.user_id).await
        }
        .await,
    )
}

/// The open requests she handles: an organizer's area, a volunteer's assigned requests;
/// overdue first, then urgent, then oldest.
#[server(endpoint = "help/queue", prefix = "/api", input = GetUrl)]
pub async fn help_queue() -> Result<Vec<HelpQueueItem>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::help_requests::queue(
                &crate::ssr::db()?,
                &user,
                backend::now(),
                acknowledge_secs()?,
            )
            .await
        }
        .await,
    )
}

/// The figures of her area for the reports upward (organizers): requests by state and kind,
/// median hours to acknowledge and resolve, hand-overs by department; "<5" above the village
/// level for anything under five.
#[server(endpoint = "help/figures", prefix = "/api", input = GetUrl)]
pub async fn help_figures() -> Result<domain::help::HelpFigures, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::help_requests::figures(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// One request for one who handles it: its events (internal notes too), referrals, the
/// states it may move to, whom it may be assigned to.
#[server(endpoint = "help/case", prefix = "/api", input = GetUrl)]
pub async fn get_help_case(id: i64) -> Result<HelpCase, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::help_requests::case(
                &crate::ssr::db()?,
                &user,
                id,
                backend::now(),
                acknowledge_secs()?,
            )
            .await
        }
        .await,
    )
}

/// Moves a request to `state` with a `note` (the same state: a note alone); `internal`
/// keeps the note from her.
#[server(endpoint = "help/update", prefix = "/api")]
pub async fn update_help(
    id: i64,
    #[server(default)] state: String,
    #[server(default)] note: Option<String>,
    #[server(default)] internal: Checkbox,
) -> Result<(), AppError> {
    use backend::services::help_requests::{self, parse_note, Change};
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        backend::policy::help::require_handler_of(&db, &user, id).await?;
        let change = Change {
            state: domain::help::parse_state(&state)?,
            note: parse_note(note.as_deref(), "note")?,
            internal: internal.is_ticked(),
        };
        help_requests::update(&db, &user, id, &change, backend::now()).await
    }
    .await;
    let to = format!("/help/{id}?done=updated");
    let keep = [
        ("state", state.as_str()),
        ("note", note.as_deref().unwrap_or_default()),
        ("internal", if internal.is_ticked() { "on" } else { "" }),
    ];
    crate::ssr::finish_form(result, Some(&to), &keep)
}

/// An organizer gives the request to a volunteer whose reach holds its village
/// (`volunteer_id`; empty takes it back).
#[server(endpoint = "help/assign", prefix = "/api")]
pub async fn assign_help(
    id: i64,
    #[server(default)] volunteer_id: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        // Volunteers follow requests up; only organizers give them out.
        if !backend::policy::help::handler(&db, &user)
            .await?
            .may_assign()
        {
            return Err(AppError::forbidden());
        }
        backend::policy::help::require_handler_of(&db, &user, id).await?;
        let volunteer = crate::api::form_number(
            volunteer_id.as_deref(),
            "volunteer_id",
            domain::ErrorKey::NotFound,
        )?;
        backend::services::help_requests::assign(&db, &user, id, volunteer, backend::now()).await
    }
    .await;
    let to = format!("/help/{id}?done=assigned");
    crate::ssr::finish_form(result, Some(&to), &[])
}

/// Records a hand-over to a `department` (`civil_affairs`, `legal_aid`, `health`,
/// `human_resources`, `public_security`, `womens_rights`) on `referred_on` (`YYYY-MM-DD`,
/// today when empty), with whom to ask there (`contact`); the request becomes `referred`.
/// The referral's id.
#[server(endpoint = "help/refer", prefix = "/api")]
pub async fn refer_help(
    id: i64,
    #[server(default)] department: Option<String>,
    #[server(default)] referred_on: Option<String>,
    #[server(default)] contact: Option<String>,
) -> Result<i64, AppError> {
    use backend::services::help_requests::{self, NewReferral};
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        backend::policy::help::require_handler_of(&db, &user, id).await?;
        let now = backend::now();
        let referral = NewReferral {
            department: domain::help::parse_department(department.as_deref())?,
            referred_on: match referred_on
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
            {
                None => domain::time::start_of_day(now),
                Some(d) => domain::time::parse_local_date(d)
                    .filter(|&day| day <= now)
                    .ok_or_else(|| {
                        AppError::field(domain::ErrorKey::DatesInvalid, "referred_on")
                    })?,
            },
            contact: domain::help::parse_text(
                contact.as_deref(),
                domain::help::NOTE_CHARS,
                false,
                domain::ErrorKey::NoteInvalid,
                "contact",
            )?,
        };
        help_requests::refer(&db, &user, id, &referral, now).await
    }
    .await;
    let to = format!("/help/{id}?done=referred#referrals");
    let keep = [
        ("department", department.as_deref().unwrap_or_default()),
        ("referred_on", referred_on.as_deref().unwrap_or_default()),
        ("contact", contact.as_deref().unwrap_or_default()),
    ];
    crate::ssr::finish_form(result, Some(&to), &keep)
}

/// Writes down what came back from a department (`outcome`; she sees it).
#[server(endpoint = "help/referral_outcome", prefix = "/api")]
pub async fn referral_outcome(
    referral_id: i64,
    #[server(default)] outcome: Option<String>,
) -> Result<(), AppError> {
    use backend::services::help_requests::{self, parse_note};
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        backend::policy::help::handler(&db, &user).await?;
        let outcome = parse_note(outcome.as_deref(), "outcome")?;
        help_requests::record_outcome(&db, &user, referral_id, &outcome, backend::now()).await
    }
    .await;
    let back = crate::ssr::referer_path()
        .map(|p| p.split('?').next().unwrap_or_default().to_owned())
        .filter(|p| p.starts_with("/help/"))
        .map(|p| format!("{p}?done=outcome#referrals"));
    crate::ssr::finish_form(
        result,
        back.as_deref().or(Some(QUEUE_PAGE)),
        &[("outcome", outcome.as_deref().unwrap_or_default())],
    )
}

/// She takes her own request back while it is open (`note`: why, if she wants to say).
#[server(endpoint = "help/withdraw", prefix = "/api")]
pub async fn withdraw_help(
    id: i64,
    #[server(default)] note: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let note = domain::help::parse_text(
            note.as_deref(),
            domain::help::NOTE_CHARS,
            false,
            domain::ErrorKey::NoteInvalid,
            "note",
        )?;
        backend::services::help_requests::withdraw(
            &crate::ssr::db()?,
            &user,
            id,
            &note,
            backend::now(),
        )
        .await
    }
    .await;
    let to = format!("{MY_PAGE}?done=withdrawn#help-{id}");
    crate::ssr::finish_form(result, Some(&to), &[])
}
