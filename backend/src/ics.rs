//! iCalendar (RFC 5545) files for activities.

use domain::activity::ActivityDetail;

/// One VEVENT in a VCALENDAR. `site` is the origin used for the UID and URL.
pub fn activity_calendar(a: &ActivityDetail, site: &str, now: i64) -> String {
    calendar(std::slice::from_ref(a), site, now, None)
}

/// A VCALENDAR with one VEVENT per activity; `name` titles a subscribed feed.
pub fn calendar(activities: &[ActivityDetail], site: &str, now: i64, name: Option<&str>) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Tongxin//Tongxin 同心//ZH");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    if let Some(name) = name {
        line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
        // Calendar apps poll a subscribed feed; once an hour is plenty.
        line(&mut out, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    }
    for a in activities {
        event(&mut out, a, site, now);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn event(out: &mut String, a: &ActivityDetail, site: &str, now: i64) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:activity-{}@{}", a.id, host_of(site)));
    line(out, &format!("DTSTAMP:{}", utc(now)));
    line(out, &format!("LAST-MODIFIED:{}", utc(a.updated_at)));
    line(out, &format!("DTSTART:{}", utc(a.starts_at)));
    line(out, &format!("DTEND:{}", utc(a.ends_at)));
    line(out, &format!("SUMMARY:{}", escape(&a.title)));
    line(
        out,
        &format!(
            "LOCATION:{}",
            escape(&format!("{} · {}", a.venue, a.place_name))
        ),
    );
    line(out, &format!("DESCRIPTION:{}", escape(&a.description)));
    line(
        out,
        &format!(
            "ORGANIZER;CN={}:MAILTO:noreply@{}",
            param(&a.federation_name),
            host_of(site)
        ),
    );
    line(
        out,
        &format!("URL:{}/activities/{}", site.trim_end_matches('/'), a.id),
    );
    line(
        out,
        if a.is_cancelled() {
            "STATUS:CANCELLED"
        } else {
            "STATUS:CONFIRMED"
        },
    );
    line(out, "END:VEVENT");
}

fn host_of(site: &str) -> &str {
    site.split("://")
        .nth(1)
        .unwrap_or(site)
        .split('/')
        .next()
        .unwrap_or("tongxin")
        .split(':')
        .next()
        .unwrap_or("tongxin")
}

/// `20261130T060000Z`
fn utc(secs: i64) -> String {
    let t = domain::time::LocalDateTime::from_utc_secs(secs - domain::time::CHINA_OFFSET_SECS);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}00Z",
        t.year, t.month, t.day, t.hour, t.minute
    )
}

/// TEXT escaping: backslash, semicolon, comma, newline.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
        .replace('\r', "")
}

/// A parameter value: quoted, without quotes or control characters inside.
fn param(s: &str) -> String {
    format!(
        "\"{}\"",
        s.chars()
            .filter(|c| *c != '"' && !c.is_control())
            .collect::<String>()
    )
}

/// Appends a content line folded at 75 octets (never inside a UTF-8 character), CRLF-ended.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Category;

    fn sample() -> ActivityDetail {
        ActivityDetail {
            id: 7,
            title: "“两癌”免费筛查; 第一期, 清河镇".into(),
            description: "请带身份证。\n空腹前来。".repeat(10),
            category: Category::HealthScreening,
            venue: "清河镇卫生院".into(),
            place_name: "清河镇".into(),
            federation_name: "同心县妇女联合会".into(),
            starts_at: 1_795_932_000,
            ends_at: 1_795_939_200,
            capacity: 80,
            seats_taken: 0,
            companions_allowed: 0,
            status: domain::activity::ActivityStatus::Published,
            updated_at: 1_795_000_000,
            waiting: 0,
            rules: domain::activity::JoinRules::default(),
        }
    }

    #[test]
    fn lines_are_folded_crlf_and_escaped() {
        let ics = activity_calendar(&sample(), "https://tongxin.example", 1_795_900_000);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert!(ics.contains("DTSTART:20261129T060000Z\r\n"));
        assert!(ics.contains("UID:activity-7@tongxin.example\r\n"));
        let unfolded = ics.replace("\r\n ", "");
        assert!(
            unfolded.contains("SUMMARY:“两癌”免费筛查\\; 第一期\\, 清河镇\r\n"),
            "{unfolded}"
        );
        assert!(unfolded.contains("请带身份证。\\n空腹前来。"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare newlines");
    }
}
