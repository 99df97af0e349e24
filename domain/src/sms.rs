//! Text messages: the templates a provider has approved, and the outbox as an admin sees it.
//!
//! Providers send only approved templates: Tongxin's own wording is here, one sentence per
//! template, and each must fit one message (70 characters with the signature). The installer
//! registers exactly these texts with the provider (README, "Text messages").

use serde::{Deserialize, Serialize};

crate::vocabulary! {
    /// Which approved text a message uses (`outbox.template`).
    pub enum SmsTemplate {
        /// The day before an activity she holds a place in.
        Reminder,
        /// A place freed up and she moved from the waitlist into it.
        MovedUp,
        /// The time or place of an activity she signed up to changed.
        ActivityChanged,
        /// An activity she signed up to was cancelled.
        ActivityCancelled,
        /// A help request of hers changed state.
        HelpRequestUpdated,
        /// A one-time code: to set a password, or to prove a number before registering.
        VerificationCode,
    }
}

crate::vocabulary! {
    /// Where a message is on its way out (`outbox.state`).
    pub enum OutboxState {
        /// Waiting for its time (quiet hours, a retry) or for a worker.
        Pending,
        /// A worker has claimed it and is handing it to the provider.
        Sending,
        /// The provider accepted it.
        Sent,
        /// The provider refused it, or every retry failed; `last_error` says why.
        Failed,
        /// Not sent on purpose: she turned texts off, the day's limit for her number was
        /// reached, or it came too late to matter; `last_error` says which.
        Skipped,
    }
}

crate::vocabulary! {
    /// What a code sent by text is for (`phone_codes.purpose`).
    pub enum CodePurpose {
        /// Setting a password: a forgotten one, or the first one of an account added for her.
        Password,
        /// Proving the number is hers before her account is made.
        Registration,
    }
}

/// A code sent by text: six digits …
pub const CODE_DIGITS: usize = 6;
/// … valid ten minutes …
pub const CODE_SECS: i64 = 600;
/// … and five tries.
pub const CODE_TRIES: i64 = 5;

/// The signature every message starts with (providers add the approved one; it counts).
pub const SIGNATURE: &str = "【同心】";
/// One message: 70 characters, signature included.
pub const MAX_CHARS: usize = 70;
/// Longest activity title a message carries (longer ones end in "…").
pub const TITLE_CHARS: usize = 12;
/// Longest venue a message carries.
pub const PLACE_CHARS: usize = 10;

impl SmsTemplate {
    /// The parameters the template fills in, in the provider's `${name}` form.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            SmsTemplate::Reminder | SmsTemplate::ActivityChanged => &["title", "time", "place"],
            SmsTemplate::MovedUp | SmsTemplate::ActivityCancelled => &["title", "time"],
            SmsTemplate::HelpRequestUpdated => &["state"],
            SmsTemplate::VerificationCode => &["code"],
        }
    }

    /// The approved wording, `${name}` where a parameter goes (without the signature).
    pub fn wording(self) -> &'static str {
        match self {
            SmsTemplate::Reminder => {
                "您报名的「${title}」将于${time}开始，地点${place}。去不了请在同心里取消。"
            }
            SmsTemplate::MovedUp => "有人退出，您已从候补转为「${title}」的正式名额，${time}开始。",
            SmsTemplate::ActivityChanged => {
                "您报名的「${title}」有变动：${time}，地点${place}。请打开同心查看。"
            }
            SmsTemplate::ActivityCancelled => {
                "很抱歉，您报名的「${title}」（${time}）已取消。请打开同心查看。"
            }
            SmsTemplate::HelpRequestUpdated => {
                "您的求助有了新进展：${state}。请打开同心查看，工作人员也会联系您。"
            }
            SmsTemplate::VerificationCode => {
                "验证码${code}，10分钟内有效。请勿告诉任何人，工作人员不会向您索要。"
            }
        }
    }

    /// Codes go out at any hour and even to a woman who turned texts off: she asked for them.
    pub fn is_code(self) -> bool {
        self == SmsTemplate::VerificationCode
    }

    /// The message as the phone shows it: signature and wording with `params` filled in.
    pub fn render(self, params: &[(String, String)]) -> String {
        let mut text = self.wording().to_owned();
        for (name, value) in params {
            text = text.replace(&format!("${{{name}}}"), value);
        }
        format!("{SIGNATURE}{text}")
    }
}

/// `text` cut to `max` characters, the last one "…" when it was longer.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// No message but a code goes out from 21:00 …
pub const QUIET_FROM_HOUR: u32 = 21;
/// … until 08:00 China time.
pub const QUIET_UNTIL_HOUR: u32 = 8;
/// A message is tried this many times before it is marked failed.
pub const MAX_ATTEMPTS: i64 = 6;

/// The earliest moment from `now` a message that is not a code may go out: `now` itself, or
/// the next 08:00 China time when `now` is in the quiet hours.
pub fn next_sending_time(now: i64) -> i64 {
    let hour = crate::time::LocalDateTime::from_utc_secs(now).hour;
    let morning = crate::time::start_of_day(now) + i64::from(QUIET_UNTIL_HOUR) * 3600;
    if hour < QUIET_UNTIL_HOUR {
        morning
    } else if hour >= QUIET_FROM_HOUR {
        morning + 86_400
    } else {
        now
    }
}

/// How long to wait after the `attempts`-th failed try: 30 s, doubling, at most an hour.
pub fn retry_delay(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 20) - 1;
    (30_i64 << doublings).min(3600)
}

/// The text message that goes with an in-app notification, if any: only what she must not
/// miss about an activity she holds or awaits a place in.
pub fn for_notification(kind: crate::notification::NotificationKind) -> Option<SmsTemplate> {
    use crate::notification::NotificationKind as K;
    match kind {
        K::Reminder => Some(SmsTemplate::Reminder),
        K::Promoted => Some(SmsTemplate::MovedUp),
        K::ActivityChanged => Some(SmsTemplate::ActivityChanged),
        K::ActivityCancelled => Some(SmsTemplate::ActivityCancelled),
        _ => None,
    }
}

/// An activity's start as a message writes it: "12月3日 09:00".
pub fn time_in_words(starts_at: i64) -> String {
    let t = crate::time::LocalDateTime::from_utc_secs(starts_at);
    format!("{}月{}日 {}", t.month, t.day, t.hhmm())
}

/// Whether a reply she texted back asks for no more messages: "TD" (the providers' usual
/// word), "T", "N", "退订", "退" or "取消", in any case and with spaces or punctuation around.
pub fn is_unsubscribe(reply: &str) -> bool {
    let word: String = reply
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !"。，！".contains(*c))
        .collect::<String>()
        .to_uppercase();
    matches!(word.as_str(), "TD" | "T" | "N" | "退订" | "退" | "取消")
}

/// One message in the outbox, as the admin page lists it (the number masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub to_masked: String,
    pub template: SmsTemplate,
    pub state: OutboxState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    /// When it is due (quiet hours, the next retry), while pending.
    pub next_attempt_at: i64,
    pub sent_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    /// The longest value each parameter can take.
    fn longest(name: &str) -> String {
        match name {
            "title" => "长".repeat(TITLE_CHARS),
            "place" => "长".repeat(PLACE_CHARS),
            // "12月31日 23:59" is the longest time a message writes.
            "time" => "12月31日 23:59".to_owned(),
            // The help request's states, the longest of them.
            "state" => "已转介到相关部门".to_owned(),
            "code" => "888888".to_owned(),
            other => panic!("no longest value for {other}"),
        }
    }

    #[test]
    fn every_template_fits_one_message() {
        for &template in SmsTemplate::VARIANTS {
            let params: Vec<(String, String)> = template
                .params()
                .iter()
                .map(|p| (p.to_string(), longest(p)))
                .collect();
            let text = template.render(&params);
            assert!(
                !text.contains("${"),
                "{template:?} left a parameter: {text}"
            );
            let chars = text.chars().count();
            assert!(
                chars <= MAX_CHARS,
                "{template:?} is {chars} characters: {text}"
            );
        }
    }

    #[test]
    fn every_parameter_is_in_its_wording() {
        for &template in SmsTemplate::VARIANTS {
            for p in template.params() {
                assert!(
                    template.wording().contains(&format!("${{{p}}}")),
                    "{template:?} {p}"
                );
            }
        }
    }

    #[test]
    fn long_titles_are_shortened() {
        assert_eq!(shorten("两癌筛查", TITLE_CHARS), "两癌筛查");
        let short = shorten(&"长".repeat(20), TITLE_CHARS);
        assert_eq!(short.chars().count(), TITLE_CHARS);
        assert!(short.ends_with('…'));
    }

    /// UTC seconds of a China-time moment.
    fn china(day: u32, hour: u32, minute: u32) -> i64 {
        crate::time::utc_secs_from_local(2026, 12, day, hour, minute).unwrap()
    }

    #[test]
    fn quiet_hours_hold_messages_until_eight() {
        assert_eq!(next_sending_time(china(2, 8, 0)), china(2, 8, 0));
        assert_eq!(next_sending_time(china(2, 20, 59)), china(2, 20, 59));
        assert_eq!(next_sending_time(china(2, 21, 0)), china(3, 8, 0));
        assert_eq!(next_sending_time(china(2, 23, 30)), china(3, 8, 0));
        assert_eq!(next_sending_time(china(3, 0, 10)), china(3, 8, 0));
        assert_eq!(next_sending_time(china(3, 7, 59)), china(3, 8, 0));
    }

    #[test]
    fn retries_back_off_up_to_an_hour() {
        let delays: Vec<i64> = (1..=9).map(retry_delay).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }

    #[test]
    fn times_are_written_in_china_time() {
        assert_eq!(time_in_words(china(31, 23, 59)), "12月31日 23:59");
        assert_eq!(time_in_words(china(3, 9, 5)), "12月3日 09:05");
    }

    #[test]
    fn replies_that_unsubscribe() {
        for yes in ["TD", "td", " T ", "退订", "退订。", "N", "取消"] {
            assert!(is_unsubscribe(yes), "{yes:?}");
        }
        for no in ["好的", "谢谢", "TDD", "我要退订活动吗", ""] {
            assert!(!is_unsubscribe(no), "{no:?}");
        }
    }

    #[test]
    fn only_codes_ignore_quiet_hours() {
        let codes: Vec<_> = SmsTemplate::VARIANTS
            .iter()
            .filter(|t| t.is_code())
            .collect();
        assert_eq!(codes, [&SmsTemplate::VerificationCode]);
    }
}
