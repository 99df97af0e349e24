//! Who asks for a page, found before the page renders (`app::ssr::PageFacts`): her session and
//! her unread count, looked up once here rather than by the header and the page at the same
//! time.

use app::ssr::page_facts as facts_of;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use backend::{Config, Db};

use super::is_page;

pub async fn page_facts(
    State((db, config)): State<(Db, Config)>,
    mut req: Request,
    next: Next,
) -> Response {
    // A visitor's facts cost nothing: without a session cookie nothing is looked up.
    if is_page(&req) {
        match facts_of(&db, &config, req.headers()).await {
            Ok(facts) => {
                req.extensions_mut().insert(facts);
            }
            // The page looks her up itself, and says what went wrong.
            Err(err) => tracing::warn!(key = err.key.as_str(), "who asks for a page is unknown"),
        }
    }
    next.run(req).await
}
