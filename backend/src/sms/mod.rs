//! Text messages out of Tongxin: the providers, behind one trait, chosen by configuration
//! (`TONGXIN_SMS_PROVIDER`). The outbox (`services::outbox`) decides what is sent and when;
//! a provider only hands one message to its service and says how that went.

pub mod aliyun;
pub mod log;

use std::sync::Arc;

use domain::sms::SmsTemplate;

use crate::config::SmsConfig;

/// One message to hand over.
#[derive(Clone, Debug)]
pub struct Outgoing<'a> {
    /// The outbox row, passed on as the provider's own reference (`OutId`).
    pub outbox_id: i64,
    /// A mainland mobile number, 11 digits.
    pub to: &'a str,
    pub template: SmsTemplate,
    /// The template's parameters, by name.
    pub params: &'a [(String, String)],
}

/// The provider took the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The provider's id for it (Alibaba Cloud's `BizId`), when it gives one.
    pub provider_id: Option<String>,
}

/// Why a message did not go; the text is shown to admins as the outbox's `last_error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// Too many messages for now (the provider's flow control): try again later.
    Throttled(String),
    /// Refused for good (a number it will not text, a template it does not know): no retry.
    Rejected(String),
    /// Could not tell (network, time-out, a server error): try again.
    Transient(String),
}

impl SendError {
    pub fn reason(&self) -> &str {
        match self {
            SendError::Throttled(r) | SendError::Rejected(r) | SendError::Transient(r) => r,
        }
    }
}

/// A text-message service.
#[async_trait::async_trait]
pub trait SmsProvider: Send + Sync + std::fmt::Debug {
    /// `log`, `aliyun`: as `TONGXIN_SMS_PROVIDER` names it.
    fn name(&self) -> &'static str;
    /// Hands one message over.
    async fn send(&self, sms: &Outgoing<'_>) -> Result<Accepted, SendError>;
}

/// The provider the configuration names.
pub fn provider(config: &SmsConfig) -> Result<Arc<dyn SmsProvider>, String> {
    Ok(match &config.provider {
        crate::config::SmsProviderConfig::Log => Arc::new(log::LogProvider),
        crate::config::SmsProviderConfig::Aliyun(settings) => {
            Arc::new(aliyun::AliyunSms::new(settings.clone())?)
        }
    })
}
