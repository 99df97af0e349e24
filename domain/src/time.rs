//! Time as Tongxin shows it. Stored as UTC seconds since the epoch; shown in China time.
//!
//! China has used a fixed UTC+8 offset with no daylight saving since 1991, so a constant
//! offset is exact for every date Tongxin will handle.

/// Seconds east of UTC for Asia/Shanghai.
pub const CHINA_OFFSET_SECS: i64 = 8 * 3600;

/// A local (China time) calendar date and clock time, from UTC seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalDateTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    /// Days since 1970-01-01 in China time; used to compare calendar days.
    pub day_number: i64,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
}

impl LocalDateTime {
    pub fn from_utc_secs(secs: i64) -> LocalDateTime {
        let local = secs + CHINA_OFFSET_SECS;
        let day_number = local.div_euclid(86_400);
        let secs_of_day = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(day_number);
        LocalDateTime {
            year,
            month,
            day,
            hour: (secs_of_day / 3600) as u32,
            minute: (secs_of_day % 3600 / 60) as u32,
            day_number,
            // 1970-01-01 was a Thursday (index 3 with Monday = 0).
            weekday: ((day_number + 3).rem_euclid(7)) as u32,
        }
    }

    pub fn hhmm(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

/// UTC seconds for a China-time date and time; `None` for an impossible date or a year
/// outside 1900–2100 (`crate::account::YEARS`).
pub fn utc_secs_from_local(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Option<i64> {
    if !crate::account::YEARS.contains(&i64::from(year))
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 - CHINA_OFFSET_SECS)
}

/// Parses `YYYY-MM-DDTHH:MM` (what `<input type="datetime-local">` sends) as China time.
pub fn parse_local_datetime(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, time) = s.split_once('T').or_else(|| s.split_once(' '))?;
    let mut d = date.splitn(3, '-');
    let year = d.next()?.parse().ok()?;
    let month = d.next()?.parse().ok()?;
    let day = d.next()?.parse().ok()?;
    let mut t = time.splitn(3, ':');
    let hour = t.next()?.parse().ok()?;
    let minute = t.next()?.parse().ok()?;
    utc_secs_from_local(year, month, day, hour, minute)
}

/// The `YYYY-MM-DDTHH:MM` China-time form of UTC seconds (what a datetime-local input shows).
pub fn format_local_datetime(secs: i64) -> String {
    let t = LocalDateTime::from_utc_secs(secs);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute
    )
}

/// The same China-time clock time `months` calendar months later; `None` when that month has
/// no such day (a series on the 31st skips short months rather than drifting).
pub fn add_months(secs: i64, months: u32) -> Option<i64> {
    let t = LocalDateTime::from_utc_secs(secs);
    let index = t.year * 12 + (t.month as i32 - 1) + months as i32;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    utc_secs_from_local(year, month, t.day, t.hour, t.minute)
}

/// UTC seconds of the China-time midnight that begins the day of `secs`.
pub fn start_of_day(secs: i64) -> i64 {
    (secs + CHINA_OFFSET_SECS).div_euclid(86_400) * 86_400 - CHINA_OFFSET_SECS
}

/// UTC seconds of the China-time Monday midnight that begins the week of `secs`.
pub fn start_of_week(secs: i64) -> i64 {
    start_of_day(secs) - i64::from(LocalDateTime::from_utc_secs(secs).weekday) * 86_400
}

/// UTC seconds of the China-time midnight that begins the month of `secs`.
pub fn start_of_month(secs: i64) -> i64 {
    let t = LocalDateTime::from_utc_secs(secs);
    utc_secs_from_local(t.year, t.month, 1, 0, 0).unwrap_or(secs)
}

/// Parses `YYYY-MM-DD` (a date input) as the China-time midnight beginning that day.
pub fn parse_local_date(s: &str) -> Option<i64> {
    parse_local_datetime(&format!("{}T00:00", s.trim()))
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil algorithm, proleptic Gregorian calendar.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_outside_1900_to_2100_are_refused() {
        assert!(parse_local_datetime("2100-12-31T23:59").is_some());
        assert!(parse_local_datetime("1900-01-01T08:00").is_some());
        for s in [
            "2101-01-01T00:00",
            "1899-12-31T23:59",
            "0001-01-01T00:00",
            "99999-01-01T00:00",
        ] {
            assert_eq!(parse_local_datetime(s), None, "{s}");
        }
    }

    #[test]
    fn converts_both_ways() {
        // 2026-11-29 14:00 in China is 06:00 UTC.
        let secs = parse_local_datetime("2026-11-29T14:00").unwrap();
        assert_eq!(secs, 1_795_932_000);
        let local = LocalDateTime::from_utc_secs(secs);
        assert_eq!(
            (local.year, local.month, local.day, local.hhmm().as_str()),
            (2026, 11, 29, "14:00")
        );
        assert_eq!(local.weekday, 6, "2026-11-29 is a Sunday");
    }

    #[test]
    fn refuses_impossible_dates() {
        assert_eq!(parse_local_datetime("2026-02-29T10:00"), None);
        assert_eq!(parse_local_datetime("2026-13-01T10:00"), None);
        assert_eq!(parse_local_datetime("2026-01-01T24:00"), None);
        assert_eq!(parse_local_datetime("tomorrow"), None);
        assert!(parse_local_datetime("2028-02-29T10:00").is_some());
    }

    #[test]
    fn midnight_utc_is_eight_in_china() {
        let local = LocalDateTime::from_utc_secs(0);
        assert_eq!(
            (local.year, local.month, local.day, local.hour),
            (1970, 1, 1, 8)
        );
    }

    #[test]
    fn months_and_weeks() {
        let jan31 = parse_local_datetime("2027-01-31T09:30").unwrap();
        assert_eq!(add_months(jan31, 1), None, "no 31 February");
        assert_eq!(
            add_months(jan31, 2).map(format_local_datetime).as_deref(),
            Some("2027-03-31T09:30")
        );
        let dec = parse_local_datetime("2026-12-15T20:00").unwrap();
        assert_eq!(
            format_local_datetime(add_months(dec, 1).unwrap()),
            "2027-01-15T20:00"
        );
        // Sunday 2026-11-29 14:00 belongs to the week of Monday 2026-11-23.
        let sunday = parse_local_datetime("2026-11-29T14:00").unwrap();
        assert_eq!(
            format_local_datetime(start_of_week(sunday)),
            "2026-11-23T00:00"
        );
        assert_eq!(
            format_local_datetime(start_of_month(sunday)),
            "2026-11-01T00:00"
        );
        assert_eq!(parse_local_date("2026-11-29"), Some(start_of_day(sunday)));
    }
}
