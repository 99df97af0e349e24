//! The Alibaba Cloud adapter against the fake gateway, over real HTTP: what arrives, and how
//! each kind of answer (or no answer) becomes the outbox's `SendError`. No database needed.

use std::time::{Duration, Instant};

use crate::fake_sms::{FakeGateway, Mode};
use backend::config::AliyunSettings;
use backend::sms::aliyun::{percent_encode, signature, timestamp, AliyunSms};
use backend::sms::{Accepted, Outgoing, SendError, SmsProvider};
use domain::sms::SmsTemplate;

const SECRET: &str = "test-secret";
const PHONE: &str = "13800000042";

fn adapter(gateway: &FakeGateway, secret: &str, timeout: Duration) -> AliyunSms {
    AliyunSms::new(AliyunSettings {
        endpoint: gateway.url(),
        access_key_id: "testId".into(),
        access_key_secret: secret.into(),
        sign_name: "同心".into(),
        templates: vec![
            (SmsTemplate::Reminder, "SMS_100".into()),
            (SmsTemplate::VerificationCode, "SMS_200".into()),
        ],
        timeout,
    })
    .unwrap()
}

fn reminder_params() -> Vec<(String, String)> {
    [
        ("title", "剪纸课堂 & 茶话会"),
        ("time", "12月3日 09:00"),
        ("place", "村委会+活动室"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

async fn send(
    sms: &AliyunSms,
    outbox_id: i64,
    params: &[(String, String)],
) -> Result<Accepted, SendError> {
    sms.send(&Outgoing {
        outbox_id,
        to: PHONE,
        template: SmsTemplate::Reminder,
        params,
    })
    .await
}

#[tokio::test]
async fn a_message_arrives_with_its_number_template_params_and_outbox_id() {
    let gateway = FakeGateway::start(SECRET).await;
    let sms = adapter(&gateway, SECRET, Duration::from_secs(5));
    let params = reminder_params();

    let first = send(&sms, 7, &params).await.unwrap();
    assert_eq!(first.provider_id.as_deref(), Some("1^0"));
    // A second request signs with a fresh nonce, so the gateway takes it too.
    send(&sms, 8, &params).await.unwrap();

    let got = gateway.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].phone, PHONE);
    assert_eq!(got[0].template_code, "SMS_100");
    assert_eq!(got[0].sign_name, "同心");
    assert_eq!(got[0].params["title"], "剪纸课堂 & 茶话会");
    assert_eq!(got[0].params["time"], "12月3日 09:00");
    assert_eq!(got[0].params["place"], "村委会+活动室");
    assert_eq!(got[0].params.as_object().unwrap().len(), 3);
    assert_eq!((got[0].out_id.as_str(), got[1].out_id.as_str()), ("7", "8"));
    assert_eq!(gateway.bad_signatures(), 0);
}

/// A wrong secret is a configuration error, not this message's fault: Transient, so that the
/// messages waiting in the outbox go once the key is fixed. The reason names the code.
#[tokio::test]
async fn a_wrong_secret_fails_the_signature_check_and_is_retried() {
    let gateway = FakeGateway::start(SECRET).await;
    let sms = adapter(&gateway, "not-the-secret", Duration::from_secs(5));
    let err = send(&sms, 1, &reminder_params()).await.unwrap_err();
    assert!(
        matches!(&err, SendError::Transient(r) if r.starts_with("SignatureDoesNotMatch")),
        "{err:?}"
    );
    assert_eq!(gateway.bad_signatures(), 1);
    assert!(gateway.received().is_empty());
}

#[tokio::test]
async fn each_kind_of_answer_maps_to_its_error() {
    let gateway = FakeGateway::start(SECRET).await;
    let sms = adapter(&gateway, SECRET, Duration::from_secs(5));
    let params = reminder_params();

    gateway.set_mode(Mode::Fail);
    let err = send(&sms, 1, &params).await.unwrap_err();
    assert_eq!(err, SendError::Transient("HTTP 500".into()));

    gateway.set_mode(Mode::Throttle);
    let err = send(&sms, 2, &params).await.unwrap_err();
    assert!(
        matches!(&err, SendError::Throttled(r) if r.starts_with("isv.BUSINESS_LIMIT_CONTROL")),
        "{err:?}"
    );

    gateway.set_mode(Mode::Reject);
    let err = send(&sms, 3, &params).await.unwrap_err();
    assert!(
        matches!(&err, SendError::Rejected(r) if r.starts_with("isv.MOBILE_NUMBER_ILLEGAL")),
        "{err:?}"
    );
    assert!(!err.reason().contains(PHONE), "{err:?}");

    gateway.set_mode(Mode::Ok);
    send(&sms, 4, &params).await.unwrap();
    assert_eq!(
        gateway.received().len(),
        1,
        "only the accepted message is recorded"
    );
    assert_eq!(gateway.bad_signatures(), 0);
}

#[tokio::test]
async fn a_gateway_that_does_not_answer_is_given_up_after_the_timeout() {
    let gateway = FakeGateway::start(SECRET).await;
    let sms = adapter(&gateway, SECRET, Duration::from_secs(1));
    gateway.set_mode(Mode::Hang);
    let started = Instant::now();
    let err = send(&sms, 1, &reminder_params()).await.unwrap_err();
    assert!(matches!(err, SendError::Transient(_)), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn no_gateway_at_all_is_transient() {
    // Bind a port, then free it: nothing listens there any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let sms = AliyunSms::new(AliyunSettings {
        endpoint: format!("http://{addr}/"),
        access_key_id: "testId".into(),
        access_key_secret: SECRET.into(),
        sign_name: "同心".into(),
        templates: vec![(SmsTemplate::Reminder, "SMS_100".into())],
        timeout: Duration::from_secs(2),
    })
    .unwrap();
    let err = send(&sms, 1, &reminder_params()).await.unwrap_err();
    assert!(matches!(err, SendError::Transient(_)), "{err:?}");
}

#[tokio::test]
async fn a_template_without_a_code_is_rejected_before_any_request() {
    let gateway = FakeGateway::start(SECRET).await;
    let sms = adapter(&gateway, SECRET, Duration::from_secs(5));
    let err = sms
        .send(&Outgoing {
            outbox_id: 1,
            to: PHONE,
            template: SmsTemplate::MovedUp,
            params: &[],
        })
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Rejected(_)), "{err:?}");
    assert!(gateway.received().is_empty());
}

/// A request signed by hand, as the adapter signs it, with `timestamp` and `nonce`.
fn signed_body(timestamp: &str, nonce: &str) -> String {
    let mut params = vec![
        ("AccessKeyId", "testId"),
        ("Action", "SendSms"),
        ("Format", "JSON"),
        ("RegionId", "cn-hangzhou"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", nonce),
        ("SignatureVersion", "1.0"),
        ("Timestamp", timestamp),
        ("Version", "2017-05-25"),
        ("PhoneNumbers", PHONE),
        ("SignName", "同心"),
        ("TemplateCode", "SMS_200"),
        ("TemplateParam", r#"{"code":"123456"}"#),
    ];
    let signed = signature("POST", &params, SECRET);
    params.push(("Signature", &signed));
    params
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn post(gateway: &FakeGateway, body: String) -> (u16, serde_json::Value) {
    let res = reqwest::Client::new()
        .post(gateway.url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// The fake holds the adapter to the provider's other rules, so it must enforce them itself.
#[tokio::test]
async fn the_fake_refuses_a_replayed_nonce_and_a_stale_timestamp() {
    let gateway = FakeGateway::start(SECRET).await;
    let now = timestamp(backend::now());

    let (status, answer) = post(&gateway, signed_body(&now, "nonce-1")).await;
    assert_eq!(
        (status, answer["Code"].as_str()),
        (200, Some("OK")),
        "{answer}"
    );
    let (status, answer) = post(&gateway, signed_body(&now, "nonce-1")).await;
    assert_eq!(
        (status, answer["Code"].as_str()),
        (400, Some("SignatureNonceUsed")),
        "{answer}"
    );

    let stale = timestamp(backend::now() - 16 * 60);
    let (status, answer) = post(&gateway, signed_body(&stale, "nonce-2")).await;
    assert_eq!(
        (status, answer["Code"].as_str()),
        (400, Some("InvalidTimeStamp.Expired")),
        "{answer}"
    );

    let mut tampered = signed_body(&now, "nonce-3");
    tampered = tampered.replace("123456", "654321");
    let (status, answer) = post(&gateway, tampered).await;
    assert_eq!(
        (status, answer["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch")),
        "{answer}"
    );
    assert_eq!(gateway.bad_signatures(), 1);
    assert_eq!(gateway.received().len(), 1);
    assert_eq!(gateway.received()[0].params["code"], "123456");
}
