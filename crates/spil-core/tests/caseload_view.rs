//! The overview's status filter (including "past retention") and its ordering, on
//! a real encrypted vault with trajectories closed at various dates. Which files
//! are past retention is worked out here by calendar arithmetic of the test's own,
//! not by the core's query.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod caseload;
mod common;

use caseload::{closed, import, Row};
use chrono::{Datelike, NaiveDate};
use spil_core::model::{CaseloadFilter, SortDirection, SortKey, StatusFilter};
use spil_core::store::tamper_for_tests;
use spil_core::{Passphrase, Vault};

/// `years` whole years before `today` (29 February falls back to the 28th).
fn years_before(today: NaiveDate, years: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(today.year() - years, today.month(), today.day())
        .or_else(|| NaiveDate::from_ymd_opt(today.year() - years, today.month(), 28))
        .unwrap()
}

/// Past a term of `term` years: the term, counted from the last change, ended before today.
fn past(last_change: NaiveDate, term: i32, today: NaiveDate) -> bool {
    (
        last_change.year() + term,
        last_change.month(),
        last_change.day(),
    ) < (today.year(), today.month(), today.day())
}

struct File {
    youth_ref: &'static str,
    family_name: &'static str,
    /// Closed this many years (and a month) ago; `None`: still open.
    closed_years_ago: Option<i32>,
}

const FILES: [File; 6] = [
    File {
        youth_ref: "C35",
        family_name: "Aalders",
        closed_years_ago: Some(35),
    },
    File {
        youth_ref: "C23",
        family_name: "Ötzürk",
        closed_years_ago: Some(23),
    },
    File {
        youth_ref: "C21",
        family_name: "de Boer",
        closed_years_ago: Some(21),
    },
    File {
        youth_ref: "C15",
        family_name: "Zijlstra",
        closed_years_ago: Some(15),
    },
    File {
        youth_ref: "C01",
        family_name: "Mulder",
        closed_years_ago: Some(1),
    },
    File {
        youth_ref: "OPEN",
        family_name: "Visser",
        closed_years_ago: None,
    },
];

fn refs(v: &mut Vault, filter: &CaseloadFilter) -> Vec<String> {
    v.caseload(filter)
        .unwrap()
        .into_iter()
        .map(|r| r.youth_ref.unwrap())
        .collect()
}

#[test]
fn past_retention_and_sorting_over_a_real_vault() {
    let today = spil_core::today();
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let mut closing = Vec::new();
    let rows: Vec<Row> = FILES
        .iter()
        .map(|f| {
            let mut r = closed(f.youth_ref, "no_further_care");
            r.family_name = f.family_name.into();
            // Unknown: a birth date before a referral 35 years ago would be too old
            // for a youth today.
            r.birth_date = String::new();
            match f.closed_years_ago {
                Some(y) => {
                    let end = years_before(today, y) - chrono::Days::new(31);
                    let start = end - chrono::Days::new(60);
                    r.referral_date = start.to_string();
                    r.first_contact = start.to_string();
                    r.sessions = vec![start.to_string(), end.to_string()];
                    r.closed = end.to_string();
                    closing.push((f.youth_ref, end));
                }
                None => {
                    let start = today - chrono::Days::new(20);
                    r.referral_date = start.to_string();
                    r.first_contact = start.to_string();
                    r.sessions = vec![start.to_string()];
                    r.closed = String::new();
                    r.outcome = String::new();
                    r.satisfaction = String::new();
                }
            }
            r
        })
        .collect();
    import(&mut v, &rows);
    v.close().unwrap();

    // An import stamps every row with today; age each closed file to its closing
    // day, as if it had last been changed then.
    let mut sql = String::new();
    for (youth_ref, end) in &closing {
        let at = format!("'{end}T12:00:00.000Z'");
        let of_youth = format!("(SELECT id FROM youths WHERE youth_ref = '{youth_ref}')");
        let of_trajectories = format!("(SELECT id FROM trajectories WHERE youth_id = {of_youth})");
        sql += &format!(
            "UPDATE youths SET updated_at = {at} WHERE id = {of_youth};
             UPDATE trajectories SET updated_at = {at} WHERE youth_id = {of_youth};
             UPDATE intakes SET updated_at = {at} WHERE trajectory_id IN {of_trajectories};
             UPDATE conversations SET created_at = {at} WHERE trajectory_id IN {of_trajectories};
             UPDATE triage_decisions SET created_at = {at} WHERE trajectory_id IN {of_trajectories};"
        );
    }
    tamper_for_tests(dir.path(), &Passphrase::new(common::PASS), &sql).unwrap();
    let mut v = common::open(dir.path());

    let past_retention = CaseloadFilter {
        status: Some(StatusFilter::PastRetention),
        ..Default::default()
    };
    for term in [20, 22, 30, 40] {
        v.set_retention_years(term as u32).unwrap();
        let mut expected: Vec<&str> = closing
            .iter()
            .filter(|(_, end)| past(*end, term, today))
            .map(|(r, _)| *r)
            .collect();
        let mut got = refs(&mut v, &past_retention);
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "term {term}");
    }
    v.set_retention_years(20).unwrap();
    // Past retention agrees with the list of files due for destruction.
    let mut due: Vec<String> = v
        .retention_due()
        .unwrap()
        .into_iter()
        .map(|i| i.youth_ref.unwrap())
        .collect();
    due.sort();
    let mut got = refs(&mut v, &past_retention);
    got.sort();
    assert_eq!(got, due);
    assert_eq!(got, ["C21", "C23", "C35"]);

    // The other statuses; without `all` only recently closed files are listed.
    let status = |s| CaseloadFilter {
        status: Some(s),
        ..Default::default()
    };
    assert_eq!(refs(&mut v, &status(StatusFilter::Active)), ["OPEN"]);
    assert!(refs(&mut v, &status(StatusFilter::Waiting)).is_empty());
    assert!(refs(&mut v, &status(StatusFilter::Closed)).is_empty());
    let every_closed = CaseloadFilter {
        all: true,
        ..status(StatusFilter::Closed)
    };
    assert_eq!(
        refs(&mut v, &every_closed),
        ["C01", "C15", "C21", "C23", "C35"],
        "newest closure first"
    );

    // Ordering: the expected orders are sorted here from the fixture.
    let sorted = |key, direction| CaseloadFilter {
        all: true,
        sort: Some(key),
        direction,
        ..Default::default()
    };
    // Family names as a reader files them: no case, no accents.
    let mut by_name: Vec<(String, &str)> = FILES
        .iter()
        .map(|f| {
            (
                f.family_name
                    .replace('Ö', "O")
                    .replace('ü', "u")
                    .to_lowercase(),
                f.youth_ref,
            )
        })
        .collect();
    by_name.sort();
    let names: Vec<&str> = by_name.iter().map(|(_, r)| *r).collect();
    assert_eq!(
        refs(&mut v, &sorted(SortKey::Name, SortDirection::Ascending)),
        names
    );
    let mut reversed = names.clone();
    reversed.reverse();
    assert_eq!(
        refs(&mut v, &sorted(SortKey::Name, SortDirection::Descending)),
        reversed
    );

    let mut by_closing = closing.clone();
    by_closing.sort_by_key(|(_, end)| *end);
    let mut oldest_first: Vec<&str> = by_closing.iter().map(|(r, _)| *r).collect();
    oldest_first.push("OPEN");
    assert_eq!(
        refs(
            &mut v,
            &sorted(SortKey::ClosedDate, SortDirection::Ascending)
        ),
        oldest_first,
        "open files last"
    );
    let mut newest_first: Vec<&str> = by_closing.iter().rev().map(|(r, _)| *r).collect();
    newest_first.push("OPEN");
    assert_eq!(
        refs(
            &mut v,
            &sorted(SortKey::ClosedDate, SortDirection::Descending)
        ),
        newest_first,
        "open files last in either direction"
    );

    // Sorting applies within a status filter too.
    let past_by_name = CaseloadFilter {
        sort: Some(SortKey::Name),
        direction: SortDirection::Descending,
        ..past_retention.clone()
    };
    assert_eq!(refs(&mut v, &past_by_name), ["C23", "C21", "C35"]);
}
