//! `TONGXIN_SMS_PROVIDER=aliyun`: Alibaba Cloud SMS (`dysmsapi`, API version 2017-05-25).
//! `SendSms` is called RPC style, its parameters signed with signature version 1.0
//! (HMAC-SHA1) exactly as the provider's "签名机制" page describes; the unit tests check that
//! page's worked example, so a change that breaks the signature fails here, not in production.

use base64::prelude::{Engine as _, BASE64_STANDARD};
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rand::RngCore;
use serde::Deserialize;
use sha1::Sha1;

use super::{Accepted, Outgoing, SendError, SmsProvider};
use crate::config::AliyunSettings;

/// RFC 3986 as the provider applies it: only the unreserved characters stay as they are.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The provider's flow control: the message may go later.
const THROTTLED: &[&str] = &[
    "isv.BUSINESS_LIMIT_CONTROL",
    "isv.DAY_LIMIT_CONTROL",
    "Throttling",
    "Throttling.User",
    "Throttling.Api",
];

/// Answers that no retry of this message can change.
const REJECTED: &[&str] = &[
    "isv.MOBILE_NUMBER_ILLEGAL",
    "isv.BLACK_KEY_CONTROL_LIMIT",
    "isv.TEMPLATE_MISSING_PARAMETERS",
    "isv.SMS_TEMPLATE_ILLEGAL",
    "isv.SMS_SIGNATURE_ILLEGAL",
    "isv.INVALID_PARAMETERS",
    "isv.PARAM_LENGTH_LIMIT",
    "isv.MOBILE_COUNT_OVER_LIMIT",
];

/// Admins read the reason in the outbox list: a provider's message is cut to this length.
const REASON_CHARS: usize = 80;

/// `s` percent-encoded as the signature needs it: `A-Z a-z 0-9 - _ . ~` kept, every other
/// byte of its UTF-8 as `%XX` in upper case (a space is `%20`, never `+`).
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, NOT_UNRESERVED).to_string()
}

/// The canonicalized query string: the parameters sorted by name, each name and value
/// percent-encoded, joined as `name=value` with `&`.
pub fn canonical_query(params: &[(&str, &str)]) -> String {
    let mut sorted = params.to_vec();
    // Names are plain ASCII, so sorting them raw gives the encoded names' byte order too.
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The request's `Signature` (base64, not yet percent-encoded) over `params`, which must not
/// contain `Signature` itself: HMAC-SHA1, keyed with `secret` and "&", of
/// `METHOD&%2F&percentEncode(canonical_query(params))`.
pub fn signature(method: &str, params: &[(&str, &str)], secret: &str) -> String {
    let string_to_sign = format!(
        "{method}&{}&{}",
        percent_encode("/"),
        percent_encode(&canonical_query(params))
    );
    // HMAC takes a key of any length, so this cannot fail; were it to, an empty signature is
    // refused by the provider (a retried, visible failure) rather than anything sent unsigned.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()) else {
        return String::new();
    };
    mac.update(string_to_sign.as_bytes());
    BASE64_STANDARD.encode(mac.finalize().into_bytes())
}

/// `secs` (UTC seconds since the epoch) as the `Timestamp` parameter: `2017-07-12T02:42:19Z`.
pub fn timestamp(secs: i64) -> String {
    // Only seconds beyond the year 262000 have no date; the provider would refuse the 1970
    // this falls back to, as it refuses any time more than 15 minutes off.
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Sends through Alibaba Cloud's `SendSms`.
#[derive(Debug)]
pub struct AliyunSms {
    settings: AliyunSettings,
    client: reqwest::Client,
}

impl AliyunSms {
    /// The adapter, with an HTTP client that gives up after the settings' time-out.
    pub fn new(settings: AliyunSettings) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .build()
            .map_err(|e| format!("the SMS client could not be built: {e}"))?;
        Ok(AliyunSms { settings, client })
    }

    /// The signed, form-encoded body of one `SendSms` request.
    fn body(
        &self,
        sms: &Outgoing<'_>,
        template_code: &str,
        nonce: &str,
        timestamp: &str,
    ) -> String {
        let template_param = serde_json::Value::Object(
            sms.params
                .iter()
                .map(|(name, value)| (name.clone(), serde_json::Value::String(value.clone())))
                .collect(),
        )
        .to_string();
        let out_id = sms.outbox_id.to_string();
        let mut params: Vec<(&str, &str)> = vec![
            ("AccessKeyId", self.settings.access_key_id.as_str()),
            ("Action", "SendSms"),
            ("Format", "JSON"),
            ("RegionId", "cn-hangzhou"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", nonce),
            ("SignatureVersion", "1.0"),
            ("Timestamp", timestamp),
            ("Version", "2017-05-25"),
            ("PhoneNumbers", sms.to),
            ("SignName", self.settings.sign_name.as_str()),
            ("TemplateCode", template_code),
            ("TemplateParam", template_param.as_str()),
            ("OutId", out_id.as_str()),
        ];
        let signed = signature("POST", &params, &self.settings.access_key_secret);
        params.push(("Signature", signed.as_str()));
        params
            .iter()
            .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// A fresh `SignatureNonce`: the provider refuses a nonce it has seen, so it must never repeat.
fn nonce() -> Result<String, SendError> {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|_| SendError::Transient("no randomness for the request nonce".into()))?;
    Ok(hex::encode(bytes))
}

/// The provider's answer; only `Code` is sure to be there.
#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(rename = "Code")]
    code: String,
    #[serde(rename = "Message", default)]
    message: String,
    #[serde(rename = "BizId", default)]
    biz_id: Option<String>,
}

/// What an answer means for the message. The reason is shown to admins: the provider's
/// message is cut short and the number, should it quote it, masked.
fn outcome(answer: Answer, to: &str) -> Result<Accepted, SendError> {
    if answer.code == "OK" {
        return Ok(Accepted {
            provider_id: answer.biz_id.filter(|id| !id.is_empty()),
        });
    }
    let message = if to.is_empty() {
        answer.message
    } else {
        answer.message.replace(to, &domain::phone::mask(to))
    };
    let reason = domain::sms::shorten(&format!("{}: {message}", answer.code), REASON_CHARS);
    let code = answer.code.as_str();
    Err(if THROTTLED.contains(&code) {
        SendError::Throttled(reason)
    } else if REJECTED.contains(&code) {
        SendError::Rejected(reason)
    } else {
        // Unknown codes and configuration errors (a wrong key or secret: SignatureDoesNotMatch,
        // InvalidAccessKeyId.NotFound; an empty balance) are retried, so that fixing the
        // configuration lets the waiting messages through.
        SendError::Transient(reason)
    })
}

/// A request that got no answer. reqwest's own text quotes the address; admins need less.
fn unanswered(err: &reqwest::Error) -> SendError {
    SendError::Transient(
        if err.is_timeout() {
            "no answer in time"
        } else if err.is_connect() {
            "could not connect to the provider"
        } else {
            "the request to the provider failed"
        }
        .into(),
    )
}

#[async_trait::async_trait]
impl SmsProvider for AliyunSms {
    fn name(&self) -> &'static str {
        "aliyun"
    }

    async fn send(&self, sms: &Outgoing<'_>) -> Result<Accepted, SendError> {
        let template_code = self.settings.template_code(sms.template).ok_or_else(|| {
            SendError::Rejected(format!("no template code for {}", sms.template.as_str()))
        })?;
        let body = self.body(sms, template_code, &nonce()?, &timestamp(crate::now()));
        let res = self
            .client
            .post(&self.settings.endpoint)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body)
            .send()
            .await
            .map_err(|e| unanswered(&e))?;
        let status = res.status();
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(SendError::Throttled("HTTP 429".into()));
        }
        if status.is_server_error() {
            return Err(SendError::Transient(format!("HTTP {}", status.as_u16())));
        }
        let text = res.text().await.map_err(|e| unanswered(&e))?;
        // Errors come as JSON too, with a 4xx status: the code says more than the status.
        let answer: Answer = serde_json::from_str(&text).map_err(|_| {
            SendError::Transient(format!("HTTP {}: not a SendSms answer", status.as_u16()))
        })?;
        outcome(answer, sms.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::sms::SmsTemplate;

    /// The worked example of the provider's "签名机制" page (GET, format XML).
    const EXAMPLE: &[(&str, &str)] = &[
        ("AccessKeyId", "testId"),
        ("Action", "SendSms"),
        ("Format", "XML"),
        ("OutId", "123"),
        ("PhoneNumbers", "15300000001"),
        ("RegionId", "cn-hangzhou"),
        ("SignName", "阿里云短信测试专用"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
        ("SignatureVersion", "1.0"),
        ("TemplateCode", "SMS_71390007"),
        ("TemplateParam", r#"{"customer":"test"}"#),
        ("Timestamp", "2017-07-12T02:42:19Z"),
        ("Version", "2017-05-25"),
    ];

    #[test]
    fn the_documented_example_is_signed_as_documented() {
        let mut shuffled = EXAMPLE.to_vec();
        shuffled.reverse();
        let query = canonical_query(&shuffled);
        assert!(
            query.starts_with(
                "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001\
                 &RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1\
                 %E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1"
            ),
            "{query}"
        );
        assert!(
            query.ends_with(
                "&TemplateParam=%7B%22customer%22%3A%22test%22%7D\
                 &Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25"
            ),
            "{query}"
        );
        assert_eq!(timestamp(1_499_827_339), "2017-07-12T02:42:19Z");
        let signed = signature("GET", &shuffled, "testSecret");
        assert_eq!(signed, "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
        assert_eq!(
            percent_encode(&signed),
            "zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D"
        );
    }

    #[test]
    fn percent_encoding_keeps_only_the_unreserved() {
        assert_eq!(percent_encode("aZ09-_.~"), "aZ09-_.~");
        assert_eq!(
            percent_encode("a b+c*d/e=f&g%"),
            "a%20b%2Bc%2Ad%2Fe%3Df%26g%25"
        );
        assert_eq!(percent_encode("同"), "%E5%90%8C");
    }

    fn settings() -> AliyunSettings {
        AliyunSettings {
            endpoint: "http://127.0.0.1:9/".into(),
            access_key_id: "testId".into(),
            access_key_secret: "testSecret".into(),
            sign_name: "同心".into(),
            templates: vec![(SmsTemplate::VerificationCode, "SMS_1".into())],
            timeout: std::time::Duration::from_secs(1),
        }
    }

    #[test]
    fn the_body_carries_every_parameter_and_a_signature_that_verifies() {
        let sms = AliyunSms::new(settings()).unwrap();
        let params = [("code".to_owned(), "123456".to_owned())];
        let out = Outgoing {
            outbox_id: 42,
            to: "13800000001",
            template: SmsTemplate::VerificationCode,
            params: &params,
        };
        let body = sms.body(&out, "SMS_1", "abc", "2024-01-02T03:04:05Z");
        let decoded: Vec<(String, String)> = body
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                let v = percent_encoding::percent_decode_str(v)
                    .decode_utf8()
                    .unwrap();
                (k.to_owned(), v.into_owned())
            })
            .collect();
        let get = |name: &str| {
            decoded
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .unwrap()
        };
        assert_eq!(get("PhoneNumbers"), "13800000001");
        assert_eq!(get("SignName"), "同心");
        assert_eq!(get("TemplateCode"), "SMS_1");
        assert_eq!(get("TemplateParam"), r#"{"code":"123456"}"#);
        assert_eq!(get("OutId"), "42");
        assert_eq!(get("Format"), "JSON");
        let unsigned: Vec<(&str, &str)> = decoded
            .iter()
            .filter(|(k, _)| k != "Signature")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(get("Signature"), signature("POST", &unsigned, "testSecret"));
        assert!(!body.contains("testSecret"));
    }

    fn answer(code: &str, message: &str) -> Answer {
        Answer {
            code: code.into(),
            message: message.into(),
            biz_id: Some("900619746936498440^0".into()),
        }
    }

    #[test]
    fn answers_map_to_outcomes() {
        let to = "13800000001";
        assert_eq!(
            outcome(answer("OK", "OK"), to),
            Ok(Accepted {
                provider_id: Some("900619746936498440^0".into())
            })
        );
        assert!(matches!(
            outcome(answer("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控"), to),
            Err(SendError::Throttled(_))
        ));
        assert!(matches!(
            outcome(answer("isv.DAY_LIMIT_CONTROL", "触发天级流控"), to),
            Err(SendError::Throttled(_))
        ));
        assert!(matches!(
            outcome(answer("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"), to),
            Err(SendError::Rejected(_))
        ));
        assert!(matches!(
            outcome(answer("SignatureDoesNotMatch", "bad"), to),
            Err(SendError::Transient(_))
        ));
        let Err(e) = outcome(
            answer(
                "isv.MOBILE_NUMBER_ILLEGAL",
                &format!("{to} {}", "x".repeat(200)),
            ),
            to,
        ) else {
            panic!("refused");
        };
        assert!(!e.reason().contains(to), "{e:?}");
        assert!(
            e.reason()
                .starts_with("isv.MOBILE_NUMBER_ILLEGAL: 138****0001"),
            "{e:?}"
        );
        assert!(e.reason().chars().count() <= REASON_CHARS, "{e:?}");
    }

    #[tokio::test]
    async fn a_template_without_a_code_is_refused_without_a_request() {
        let sms = AliyunSms::new(settings()).unwrap();
        let out = Outgoing {
            outbox_id: 1,
            to: "13800000001",
            template: SmsTemplate::Reminder,
            params: &[],
        };
        assert!(matches!(sms.send(&out).await, Err(SendError::Rejected(_))));
        assert_eq!(sms.name(), "aliyun");
    }
}
