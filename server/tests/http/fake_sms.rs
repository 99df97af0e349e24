//! A fake Alibaba Cloud SMS gateway: a real HTTP server on a free port that checks each
//! `SendSms` request as the provider does (the signature recomputed with the shared secret,
//! the timestamp within 15 minutes, a nonce never seen before), keeps what it accepted for the
//! test to read, and answers as the test tells it (`Mode`). The adapter is thus tested over
//! real HTTP without a key pair or a network.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Form, Json, Router};
use serde_json::{json, Value};

/// How the gateway answers a well-signed request, until told otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Accepted (`Code` OK, a `BizId`), and recorded.
    Ok,
    /// HTTP 500.
    Fail,
    /// HTTP 200 with `isv.BUSINESS_LIMIT_CONTROL`, the provider's flow control.
    Throttle,
    /// HTTP 200 with `isv.MOBILE_NUMBER_ILLEGAL`.
    Reject,
    /// No answer for a minute: longer than any client time-out a test sets.
    Hang,
}

/// One message the gateway accepted.
#[derive(Clone, Debug)]
pub struct Received {
    pub phone: String,
    pub template_code: String,
    pub sign_name: String,
    /// `TemplateParam`, parsed.
    pub params: Value,
    pub out_id: String,
}

/// Requests older or newer than this are refused, as the provider refuses them.
const TIMESTAMP_SLACK_SECS: i64 = 15 * 60;
const HANG: Duration = Duration::from_secs(60);

/// Parameters every `SendSms` request carries (`OutId` and `TemplateParam` are optional).
const REQUIRED: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Format",
    "RegionId",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
    "PhoneNumbers",
    "SignName",
    "TemplateCode",
    "Signature",
];

struct Inner {
    secret: String,
    mode: Mutex<Mode>,
    received: Mutex<Vec<Received>>,
    nonces: Mutex<HashSet<String>>,
    bad_signatures: AtomicUsize,
}

pub struct FakeGateway {
    addr: SocketAddr,
    inner: Arc<Inner>,
    server: tokio::task::JoinHandle<()>,
}

impl FakeGateway {
    /// A gateway that knows `secret` (the key pair's secret), answering `Mode::Ok`.
    pub async fn start(secret: &str) -> FakeGateway {
        let inner = Arc::new(Inner {
            secret: secret.to_owned(),
            mode: Mutex::new(Mode::Ok),
            received: Mutex::new(Vec::new()),
            nonces: Mutex::new(HashSet::new()),
            bad_signatures: AtomicUsize::new(0),
        });
        let router = Router::new()
            .route("/", post(send_sms))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        FakeGateway {
            addr,
            inner,
            server,
        }
    }

    /// The endpoint to put in `AliyunSettings`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// How the following requests are answered.
    pub fn set_mode(&self, mode: Mode) {
        *self.inner.mode.lock().unwrap() = mode;
    }

    /// Every message accepted so far, in order of arrival.
    pub fn received(&self) -> Vec<Received> {
        self.inner.received.lock().unwrap().clone()
    }

    /// How many requests were refused for a signature that did not match.
    pub fn bad_signatures(&self) -> usize {
        self.inner.bad_signatures.load(Ordering::SeqCst)
    }
}

impl Drop for FakeGateway {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The provider's error answer.
fn refuse(status: StatusCode, code: &str, message: &str) -> (StatusCode, Json<Value>) {
    (
        status,
        Json(json!({ "Code": code, "Message": message, "RequestId": "fake-request" })),
    )
}

async fn send_sms(
    State(gateway): State<Arc<Inner>>,
    Form(form): Form<Vec<(String, String)>>,
) -> (StatusCode, Json<Value>) {
    let get = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    for name in REQUIRED {
        if get(name).is_none() {
            return refuse(StatusCode::BAD_REQUEST, &format!("Missing{name}"), name);
        }
    }
    for (name, expected) in [
        ("Action", "SendSms"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("Version", "2017-05-25"),
    ] {
        if get(name) != Some(expected) {
            return refuse(
                StatusCode::BAD_REQUEST,
                &format!("InvalidParameter.{name}"),
                name,
            );
        }
    }

    let unsigned: Vec<(&str, &str)> = form
        .iter()
        .filter(|(k, _)| k != "Signature")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let expected = backend::sms::aliyun::signature("POST", &unsigned, &gateway.secret);
    if get("Signature") != Some(expected.as_str()) {
        gateway.bad_signatures.fetch_add(1, Ordering::SeqCst);
        return refuse(
            StatusCode::BAD_REQUEST,
            "SignatureDoesNotMatch",
            "Specified signature is not matched with our calculation.",
        );
    }

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    match get("Timestamp").and_then(unix_secs) {
        Some(at) if (now - at).abs() <= TIMESTAMP_SLACK_SECS => {}
        Some(_) => {
            return refuse(StatusCode::BAD_REQUEST, "InvalidTimeStamp.Expired", "stale");
        }
        None => {
            return refuse(StatusCode::BAD_REQUEST, "InvalidTimeStamp.Format", "format");
        }
    }
    // Checked after the signature, so that a forged request cannot use up a nonce.
    let nonce = get("SignatureNonce").unwrap_or_default().to_owned();
    if !gateway.nonces.lock().unwrap().insert(nonce) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        );
    }

    let mode = *gateway.mode.lock().unwrap();
    match mode {
        Mode::Ok => {}
        Mode::Fail => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                "fake failure",
            );
        }
        Mode::Throttle => {
            return refuse(
                StatusCode::OK,
                "isv.BUSINESS_LIMIT_CONTROL",
                "触发分钟级流控",
            );
        }
        Mode::Reject => {
            return refuse(StatusCode::OK, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
        }
        Mode::Hang => {
            tokio::time::sleep(HANG).await;
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "hung");
        }
    }

    let params = match get("TemplateParam").map(serde_json::from_str::<Value>) {
        None => json!({}),
        Some(Ok(params)) if params.is_object() => params,
        Some(_) => {
            return refuse(StatusCode::OK, "isv.INVALID_JSON_PARAM", "TemplateParam");
        }
    };
    let mut received = gateway.received.lock().unwrap();
    received.push(Received {
        phone: get("PhoneNumbers").unwrap_or_default().to_owned(),
        template_code: get("TemplateCode").unwrap_or_default().to_owned(),
        sign_name: get("SignName").unwrap_or_default().to_owned(),
        params,
        out_id: get("OutId").unwrap_or_default().to_owned(),
    });
    (
        StatusCode::OK,
        Json(json!({
            "Code": "OK",
            "Message": "OK",
            "BizId": format!("{}^0", received.len()),
            "RequestId": "fake-request",
        })),
    )
}

/// `2017-07-12T02:42:19Z` as seconds since the epoch (the server crate has no chrono).
fn unix_secs(ts: &str) -> Option<i64> {
    let b = ts.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| ts.get(from..to)?.parse::<i64>().ok();
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, min, s) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    // Days from 1970-01-01 to the civil date (Howard Hinnant's `days_from_civil`).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + min * 60 + s)
}

#[test]
fn timestamps_are_read_as_utc() {
    assert_eq!(unix_secs("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(unix_secs("2017-07-12T02:42:19Z"), Some(1_499_827_339));
    assert_eq!(unix_secs("2024-02-29T23:59:59Z"), Some(1_709_251_199));
    assert_eq!(unix_secs("2017-07-12 02:42:19"), None);
}
