//! The region tree, for pickers.

use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

pub use domain::region::Village;

/// Every village with its township and county, ordered for a grouped picker.
#[server(endpoint = "regions/villages", prefix = "/api", input = GetUrl)]
pub async fn villages() -> Result<Vec<Village>, AppError> {
    crate::ssr::respond(
        async { backend::services::regions::villages(&crate::ssr::db()?).await }.await,
    )
}
