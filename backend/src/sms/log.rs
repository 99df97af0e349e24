//! `TONGXIN_SMS_PROVIDER=log`, the default: each message is written to the server's log
//! (the number masked, the text in full, so a developer can read a code) and nothing is sent.

use super::{Accepted, Outgoing, SendError, SmsProvider};

#[derive(Clone, Copy, Debug, Default)]
pub struct LogProvider;

#[async_trait::async_trait]
impl SmsProvider for LogProvider {
    fn name(&self) -> &'static str {
        "log"
    }

    async fn send(&self, sms: &Outgoing<'_>) -> Result<Accepted, SendError> {
        tracing::info!(
            outbox_id = sms.outbox_id,
            to = %domain::phone::mask(sms.to),
            template = sms.template.as_str(),
            text = %sms.template.render(sms.params),
            "text message recorded, not sent (TONGXIN_SMS_PROVIDER=log)"
        );
        Ok(Accepted { provider_id: None })
    }
}
