//! `POST /hooks/sms/aliyun/up/{token}`: Alibaba Cloud's HTTP push of the replies women text
//! back (短信上行消息). A reply that asks for no more messages ("TD", "退订") turns her text
//! reminders off, as the switch on her page would. The address exists only when
//! `TONGXIN_SMS_REPLIES_TOKEN` is set, and only with that token in it: the provider signs
//! nothing, so the token is what keeps strangers from turning women's reminders off.

use axum::extract::{Path, State};
use axum::routing::{post, MethodRouter};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::state::AppState;
use domain::{AppError, AppResult};

pub const REPLIES: &str = "/hooks/sms/aliyun/up/{token}";

pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![(REPLIES, post(replies))]
}

/// One reply as the provider pushes it (other fields are ignored).
#[derive(Debug, Deserialize)]
struct Reply {
    phone_number: String,
    content: String,
}

async fn replies(
    State(state): State<AppState>,
    Path(token): Path<String>,
    body: axum::body::Bytes,
) -> AppResult<Json<Value>> {
    let expected = state.config.sms.replies_token.as_deref();
    if expected.is_none_or(|t| !same(t.as_bytes(), token.as_bytes())) {
        return Err(AppError::not_found());
    }
    let replies: Vec<Reply> = serde_json::from_slice(&body).map_err(|_| AppError::bad_request())?;
    let mut stopped = 0;
    for reply in replies {
        if domain::sms::is_unsubscribe(&reply.content)
            && backend::services::account::texts_off_by_reply(&state.db, reply.phone_number.trim())
                .await?
        {
            stopped += 1;
        }
    }
    if stopped > 0 {
        tracing::info!(stopped, "text reminders turned off by replies");
    }
    // The answer the provider expects, or it pushes the same replies again.
    Ok(Json(json!({ "code": 0, "msg": "成功" })))
}

/// Compares without stopping at the first difference, so the time taken says nothing.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
