//! One row, checked cell by cell: every bad cell becomes a row error naming its column.

use chrono::NaiveDate;

use crate::codes::{
    parse_code_or_label, ClosureReason, Code, Outcome, ProblemArea, Referrer, Triage,
};
use crate::model::{ClosureInput, PracticeInput, YouthInput};
use crate::Rule;
use crate::{validate, Error, Result, RowError};

/// One row, parsed and checked cell by cell.
pub(super) struct Row {
    pub(super) youth: YouthInput,
    pub(super) practice: PracticeInput,
    pub(super) referral_date: NaiveDate,
    pub(super) referrer: Option<Referrer>,
    pub(super) problem_areas: Vec<ProblemArea>,
    pub(super) first_contact: Option<NaiveDate>,
    pub(super) triage: Option<Triage>,
    pub(super) sessions: Vec<NaiveDate>,
    pub(super) closure: Option<ClosureInput>,
    pub(super) notes: Option<String>,
}

/// One record's cells by column name; a missing column reads as empty.
pub(super) struct Cells<'a> {
    pub(super) record: &'a csv::StringRecord,
    pub(super) index: &'a std::collections::HashMap<&'static str, Option<usize>>,
}

impl<'a> Cells<'a> {
    fn get(&self, name: &str) -> &'a str {
        self.index
            .get(name)
            .copied()
            .flatten()
            .and_then(|i| self.record.get(i))
            .unwrap_or("")
    }
}

/// Parse every cell of a row, collecting all problems rather than stopping at one.
pub(super) fn parse_row(cells: &Cells, line: u64) -> std::result::Result<Row, Vec<RowError>> {
    let cell = |c: &str| cells.get(c);
    let mut errors = Vec::new();
    let mut take = |column: &str, r: Result<()>| {
        if let Err(Error::Invalid(i)) = r {
            errors.push(RowError {
                line,
                column: column.into(),
                rule: i.rule,
                message: i.message,
            });
        }
    };
    let opt = |c: &str| Some(cell(c)).filter(|s| !s.is_empty()).map(str::to_owned);
    let mut date = |c: &str, required: bool| -> Option<NaiveDate> {
        let s = cell(c);
        if s.is_empty() {
            if required {
                take(c, Err(Error::invalid(c, Rule::Required, "required")));
            }
            return None;
        }
        match validate::sheet_date(c, s).and_then(|d| validate::not_future(c, d).map(|_| d)) {
            Ok(d) => Some(d),
            Err(e) => {
                take(c, Err(e));
                None
            }
        }
    };
    let referral_date = date("referral_date", true);
    let birth_date = date("birth_date", false);
    let first_contact = date("first_contact_date", false);
    let closed_date = date("closed_date", false);
    let mut sessions = Vec::new();
    for s in cell("session_dates")
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match validate::sheet_date("session_dates", s)
            .and_then(|d| validate::not_future("session_dates", d).map(|_| d))
        {
            Ok(d) => sessions.push(d),
            Err(e) => take("session_dates", Err(e)),
        }
    }
    fn code<C: Code>(cells: &Cells, c: &str, take: &mut dyn FnMut(&str, Result<()>)) -> Option<C> {
        let s = cells.get(c);
        if s.is_empty() {
            return None;
        }
        match parse_code_or_label::<C>(c, s) {
            Ok(v) => Some(v),
            Err(e) => {
                take(c, Err(e));
                None
            }
        }
    }
    let gender = code::<crate::codes::Gender>(cells, "gender", &mut take);
    let referrer = code::<Referrer>(cells, "referrer", &mut take);
    let triage = code::<Triage>(cells, "triage", &mut take);
    let outcome = code::<Outcome>(cells, "outcome", &mut take);
    let mut problem_areas = Vec::new();
    for s in cell("problem_areas")
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match parse_code_or_label::<ProblemArea>("problem_areas", s) {
            Ok(p) => problem_areas.push(p),
            Err(e) => take("problem_areas", Err(e)),
        }
    }
    let satisfaction = match cell("satisfaction") {
        "" => None,
        s => match s.parse::<u8>() {
            Ok(v @ 1..=10) => Some(v),
            _ => {
                take(
                    "satisfaction",
                    Err(Error::invalid(
                        "satisfaction",
                        Rule::OutOfRange,
                        "satisfaction is a mark from 1 to 10",
                    )),
                );
                None
            }
        },
    };
    let youth = YouthInput {
        youth_ref: opt("youth_ref"),
        given_name: opt("given_name"),
        family_name: opt("family_name"),
        birth_date,
        gender: gender.unwrap_or(crate::codes::Gender::Unknown),
        bsn: opt("bsn"),
        postcode: opt("postcode"),
        sibling_of: None,
    };
    let youth = youth
        .validated()
        .map_err(|e| take(column_of_err(&e).as_str(), Err(e)))
        .ok();
    let practice = PracticeInput {
        name: cell("practice").to_owned(),
        kern: opt("kern"),
        municipality_code: opt("municipality_code"),
        hours_per_week: None,
        in_practice: true,
        his: None,
    };
    let practice = practice
        .validated()
        .map_err(|e| take(column_of_err(&e).as_str(), Err(e)))
        .ok();
    if youth.as_ref().is_some_and(|y| y.youth_ref.is_none()) {
        take(
            "youth_ref",
            Err(Error::invalid("youth_ref", Rule::Required, "required")),
        );
    }
    let notes = validate::text("notes", Some(cell("notes")), 20_000);
    let notes = notes.map_err(|e| take("notes", Err(e))).ok().flatten();
    let closure = match (closed_date, outcome) {
        (Some(d), Some(o)) => Some(ClosureInput {
            closed_date: d,
            outcome: o,
            closure_reason: None::<ClosureReason>,
            satisfaction,
            gp_feedback_date: None,
        }),
        (Some(_), None) if cell("outcome").is_empty() => {
            take(
                "outcome",
                Err(Error::invalid(
                    "outcome",
                    Rule::Required,
                    "a closed trajectory needs an outcome",
                )),
            );
            None
        }
        (None, Some(_)) => {
            take(
                "closed_date",
                Err(Error::invalid(
                    "closed_date",
                    Rule::Required,
                    "an outcome needs a closing date",
                )),
            );
            None
        }
        _ => None,
    };
    if satisfaction.is_some() && closed_date.is_none() && cell("closed_date").is_empty() {
        take(
            "satisfaction",
            Err(Error::invalid(
                "satisfaction",
                Rule::TrajectoryOpen,
                "satisfaction is recorded at closure",
            )),
        );
    }
    match (errors.is_empty(), youth, practice, referral_date) {
        (true, Some(youth), Some(practice), Some(referral_date)) => Ok(Row {
            youth,
            practice,
            referral_date,
            referrer,
            problem_areas,
            first_contact,
            triage,
            sessions,
            closure,
            notes,
        }),
        _ => Err(errors),
    }
}

pub(super) fn column_of_err(e: &Error) -> String {
    match e {
        Error::Invalid(i) => column_of(&i.field),
        _ => String::new(),
    }
}

/// The CSV column a model field comes from.
pub(super) fn column_of(field: &str) -> String {
    match field {
        "name" => "practice",
        "date" => "session_dates",
        "decided_on" => "triage",
        "trajectory" => "closed_date",
        f => f,
    }
    .to_owned()
}
