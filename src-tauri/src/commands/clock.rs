//! The worker's local clock, for the page.
//!
//! The page shows dates and times as the worker's clock reads them: today's date
//! as the default of date fields and the monitoring periods, and the local time of
//! audit events and backups. JavaScript's local-time methods ask ICU for the time
//! zone, and WebKit's page process then keeps ICU's time-zone data and code in
//! memory for as long as it lives (about 1.4 MiB, read from its memory map under
//! Xvfb). The app knows the zone already: chrono reads it from the system, as the
//! core does for its own "today". So the app hands the page the zone's offsets
//! from UTC, as a table of stretches from 2000 to two years ahead, and the page
//! works out local dates and times with UTC arithmetic alone. Outside the table
//! the page falls back to JavaScript's own local time.

use chrono::{DateTime, Local, Utc};
use serde::Serialize;
use specta::Type;

use crate::error::AppResult;

/// A stretch of time over which local time is UTC plus one fixed offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ZoneStretch {
    /// Its first minute, counted from 1970-01-01 00:00 UTC.
    pub from_minute: i32,
    /// Local time minus UTC, in minutes (60 in a Dutch winter, 120 in summer).
    pub offset_minutes: i32,
}

/// The local zone's offsets from UTC over the years the page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LocalClock {
    /// In time order; the first starts the table, each runs until the next.
    pub stretches: Vec<ZoneStretch>,
    /// The first minute the table no longer covers.
    pub until_minute: i32,
}

/// 2000-01-01 00:00 UTC, in minutes since 1970: the table's start. The app
/// shows no moment before it (audit events and backups are the vault's own).
const TABLE_START: i64 = 946_684_800 / 60;
const DAY: i64 = 24 * 60;
/// How far ahead of now the table runs: two years, longer than the app runs
/// between two starts.
const AHEAD: i64 = 731 * DAY;

/// The local zone's offsets from UTC, from 2000 to two years from now.
#[tauri::command]
#[specta::specta]
pub async fn local_clock() -> AppResult<LocalClock> {
    let now = Utc::now().timestamp().div_euclid(60);
    Ok(zone_table(local_offset, TABLE_START, now + AHEAD))
}

/// Local time minus UTC at `minute` (since 1970), as the system's zone says.
fn local_offset(minute: i64) -> i32 {
    DateTime::from_timestamp(minute.saturating_mul(60), 0).map_or(0, |at| {
        at.with_timezone(&Local).offset().local_minus_utc() / 60
    })
}

fn minute_i32(minute: i64) -> i32 {
    i32::try_from(minute).unwrap_or(i32::MAX)
}

/// The stretches of `offset_at` from `from` up to `until` (minutes since 1970).
/// It looks a day at a time, as no zone changes its offset twice within a day,
/// and finds each change to the minute by halving the day it falls in.
pub(crate) fn zone_table(offset_at: impl Fn(i64) -> i32, from: i64, until: i64) -> LocalClock {
    let mut stretches = vec![ZoneStretch {
        from_minute: minute_i32(from),
        offset_minutes: offset_at(from),
    }];
    let mut current = offset_at(from);
    let mut at = from;
    while at + 1 < until {
        let next = (at + DAY).min(until - 1);
        if offset_at(next) != current {
            // offset_at(lo) is the current offset, offset_at(hi) is not.
            let (mut lo, mut hi) = (at, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_at(mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            current = offset_at(hi);
            stretches.push(ZoneStretch {
                from_minute: minute_i32(hi),
                offset_minutes: current,
            });
        }
        at = next;
    }
    LocalClock {
        stretches,
        until_minute: minute_i32(until),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate, TimeZone, Weekday};

    /// The European Union's summer time, written from the rule itself: from
    /// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
    /// October, one hour more than the standard offset.
    fn eu_rule(standard: i32) -> impl Fn(i64) -> i32 {
        move |minute| {
            let at = Utc.timestamp_opt(minute * 60, 0).unwrap();
            let last_sunday = |month: u32| {
                let first_of_next = NaiveDate::from_ymd_opt(at.year(), month + 1, 1).unwrap();
                let mut day = first_of_next.pred_opt().unwrap();
                while day.weekday() != Weekday::Sun {
                    day = day.pred_opt().unwrap();
                }
                day.and_hms_opt(1, 0, 0).unwrap().and_utc()
            };
            if at >= last_sunday(3) && at < last_sunday(10) {
                standard + 60
            } else {
                standard
            }
        }
    }

    /// The offset the table gives for `minute`, looked up as the page does.
    fn table_offset(table: &LocalClock, minute: i64) -> i32 {
        let i = table
            .stretches
            .partition_point(|s| i64::from(s.from_minute) <= minute);
        table.stretches[i - 1].offset_minutes
    }

    #[test]
    fn finds_every_summer_time_change_to_the_minute() {
        let rule = eu_rule(60);
        let until = TABLE_START + 30 * 366 * DAY;
        let table = zone_table(&rule, TABLE_START, until);
        // Winter on 1 January 2000, then two changes a year.
        assert_eq!(table.stretches[0].offset_minutes, 60);
        assert_eq!(table.stretches.len(), 1 + 2 * 30);
        // 2025: 30 March and 26 October, at 01:00 UTC.
        let at = |s: &str| (s.parse::<DateTime<Utc>>().unwrap().timestamp() / 60) as i32;
        assert!(table.stretches.contains(&ZoneStretch {
            from_minute: at("2025-03-30T01:00:00Z"),
            offset_minutes: 120
        }));
        assert!(table.stretches.contains(&ZoneStretch {
            from_minute: at("2025-10-26T01:00:00Z"),
            offset_minutes: 60
        }));
        for pair in table.stretches.windows(2) {
            let change = i64::from(pair[1].from_minute);
            assert_eq!(rule(change - 1), pair[0].offset_minutes);
            assert_eq!(rule(change), pair[1].offset_minutes);
        }
        // And at minutes spread over the whole table.
        let mut minute = TABLE_START;
        while minute < until {
            assert_eq!(
                table_offset(&table, minute),
                rule(minute),
                "minute {minute}"
            );
            minute += 7_919;
        }
    }

    #[test]
    fn a_zone_without_summer_time_is_one_stretch() {
        let table = zone_table(|_| -180, TABLE_START, TABLE_START + 10 * DAY);
        assert_eq!(
            table.stretches,
            vec![ZoneStretch {
                from_minute: TABLE_START as i32,
                offset_minutes: -180
            }]
        );
        assert_eq!(table.until_minute, (TABLE_START + 10 * DAY) as i32);
    }

    #[test]
    fn the_system_zone_matches_chrono_at_any_minute_of_the_table() {
        let now = Utc::now().timestamp() / 60;
        let table = zone_table(local_offset, TABLE_START, now + AHEAD);
        assert!(table.until_minute as i64 > now);
        let mut minute = TABLE_START;
        while minute < now + AHEAD {
            assert_eq!(table_offset(&table, minute), local_offset(minute));
            minute += 104_729;
        }
    }
}
