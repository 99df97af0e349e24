//! Women a volunteer or organizer adds in person, codes given in person, and a woman setting
//! her password with one (`backend::services::helped_accounts`).

use domain::form::Checkbox;
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Where the helper's page is.
pub const HELPER_PAGE: &str = "/helper/women";

/// Adds a woman of the helper's area who has no account, with her consent heard in person
/// (`consent` ticked); under 14, also `guardian_name` and `relation` (`mother`, `father`,
/// `grandparent`, `other`) of the guardian who consented. Her id.
#[server(endpoint = "helped/add", prefix = "/api")]
pub async fn add_woman(
    display_name: String,
    #[server(default)] phone: Option<String>,
    #[server(default)] village_id: Option<String>,
    #[server(default)] birth_year: Option<String>,
    #[server(default)] consent: Checkbox,
    #[server(default)] guardian_name: Option<String>,
    #[server(default)] relation: Option<String>,
) -> Result<i64, AppError> {
    use backend::services::helped_accounts::{self, NewWoman, NewWomanForm};
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        backend::policy::helper_area(&db, &user).await?;
        let woman = NewWoman::parse(
            &NewWomanForm {
                display_name: &display_name,
                phone: phone.as_deref(),
                village_id: village_id.as_deref(),
                birth_year: birth_year.as_deref(),
                consent: consent.is_ticked(),
                guardian_name: guardian_name.as_deref(),
                relation: relation.as_deref(),
            },
            i64::from(domain::time::LocalDateTime::from_utc_secs(backend::now()).year),
        )?;
        helped_accounts::add(&db, &user, &woman).await
    }
    .await;
    let to = result
        .as_ref()
        .ok()
        .map(|id| format!("{HELPER_PAGE}?done=added#woman-{id}"));
    let keep = [
        ("display_name", display_name.as_str()),
        ("phone", phone.as_deref().unwrap_or_default()),
        ("village_id", village_id.as_deref().unwrap_or_default()),
        ("birth_year", birth_year.as_deref().unwrap_or_default()),
        (
            "guardian_name",
            guardian_name.as_deref().unwrap_or_default(),
        ),
        ("relation", relation.as_deref().unwrap_or_default()),
    ];
    crate::ssr::finish_form(result, to.as_deref(), &keep)
}

/// The women she added, newest first.
#[server(endpoint = "helped/women", prefix = "/api", input = GetUrl)]
pub async fn added_women() -> Result<Vec<domain::helped::AddedWoman>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::helped_accounts::added_by(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// What a helper reads aloud to the woman: her name and the code.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GivenCode {
    pub name: String,
    pub code: String,
}

/// Gives a woman of her area (`member_id`: one she added, or any member or volunteer living
/// there) a one-time code to set her password: shown once, valid 30 minutes, audited.
#[server(endpoint = "helped/give_code", prefix = "/api")]
pub async fn give_code(member_id: i64) -> Result<GivenCode, AppError> {
    use backend::services::helped_accounts::Whom;
    let result = given(Whom::Id(member_id)).await;
    show_once(result, &[])
}

/// The same for the woman with this number (she forgot her password).
#[server(endpoint = "helped/give_code_by_phone", prefix = "/api")]
pub async fn give_code_by_phone(phone: String) -> Result<GivenCode, AppError> {
    use backend::services::helped_accounts::Whom;
    let result = given(Whom::Phone(phone.clone())).await;
    show_once(result, &[("phone", &phone)])
}

#[cfg(feature = "ssr")]
async fn given(whom: backend::services::helped_accounts::Whom) -> Result<GivenCode, AppError> {
    let user = crate::ssr::require_user().await?;
    let (code, name) =
        backend::services::helped_accounts::give_code(&crate::ssr::db()?, &user, whom).await?;
    Ok(GivenCode { name, code })
}

/// Without JavaScript the page shows the code once, from the flash (never in the address).
#[cfg(feature = "ssr")]
fn show_once(
    result: Result<GivenCode, AppError>,
    keep: &[(&str, &str)],
) -> Result<GivenCode, AppError> {
    let success = result.as_ref().ok().map(|given| {
        crate::ssr::flash("code", &given.code);
        crate::ssr::flash("code_for", &given.name);
        format!("{HELPER_PAGE}#code")
    });
    crate::ssr::finish_form(result, success.as_deref(), keep)
}

/// She sets her password with a code given in person, and is logged in (her other sessions
/// end). A wrong, used or expired code answers 400 `code_invalid`.
#[server(endpoint = "auth/claim", prefix = "/api")]
pub async fn claim(phone: String, code: String, password: String) -> Result<i64, AppError> {
    use backend::services::helped_accounts::{self, Claim};
    let result = async {
        let client = crate::ssr::client()?;
        let db = crate::ssr::db()?;
        let logged_in = helped_accounts::claim(
            &db,
            Claim {
                phone: phone.clone(),
                code,
                password,
            },
            &client,
        )
        .await?;
        crate::ssr::start_session(&logged_in.token);
        Ok(logged_in.user_id)
    }
    .await;
    crate::ssr::finish_form(result, Some("/me?done=claimed"), &[("phone", &phone)])
}
