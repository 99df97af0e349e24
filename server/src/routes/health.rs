//! `/healthz` (the process is up) and `/readyz` (it can reach its database), for load
//! balancers and monitoring.

use axum::extract::State;
use axum::routing::{get, MethodRouter};
use axum::Json;
use backend::Db;
use http::StatusCode;
use serde_json::{json, Value};

use crate::state::AppState;

pub const HEALTHZ: &str = "/healthz";
pub const READYZ: &str = "/readyz";

pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![(HEALTHZ, get(healthz)), (READYZ, get(readyz))]
}

async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

async fn readyz(State(db): State<Db>) -> (StatusCode, Json<Value>) {
    if db.ping().await {
        (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": db.backend().name() })),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "database": db.backend().name() })),
        )
    }
}
