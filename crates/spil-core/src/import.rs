//! The caseload import (docs/DESIGN.md, "Caseload import").
//!
//! - UTF-8 with or without BOM; comma or semicolon, detected from the header row;
//!   header names are matched case-insensitively; unknown columns are refused.
//! - All or nothing: the file streams through one transaction; every bad cell is
//!   collected (line and column), and any error rolls the whole file back.
//! - Idempotent: `youth_ref` + `referral_date` identify a trajectory, so a row already
//!   in the vault is skipped and re-importing a file adds nothing.
//! - Each row runs in a savepoint, so one bad row cannot disturb the checks of the
//!   rows after it.

use std::io::{BufRead, BufReader, Read};

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audit::{self, Action, Event};
use crate::codes::{
    parse_code, ClosureReason, Code, Outcome, ProblemArea, Referrer, Triage, Urgency,
};
use crate::model::{conversation, practice, trajectory, youth};
use crate::model::{ClosureInput, ConversationInput, PracticeInput, ReferralInput, YouthInput};
use crate::Rule;
use crate::{validate, Error, Result, RowError, Vault};

pub const COLUMNS: [&str; 20] = [
    "youth_ref",
    "given_name",
    "family_name",
    "birth_date",
    "gender",
    "bsn",
    "postcode",
    "practice",
    "kern",
    "municipality_code",
    "referral_date",
    "referrer",
    "problem_areas",
    "first_contact_date",
    "triage",
    "session_dates",
    "closed_date",
    "outcome",
    "satisfaction",
    "notes",
];
const REQUIRED: [&str; 3] = ["youth_ref", "practice", "referral_date"];

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub rows: u64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub trajectories_created: u64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub youths_created: u64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub practices_created: u64,
    /// Rows whose trajectory was already in the vault (skipped).
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub already_present: u64,
}

/// Progress while a file streams in.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ImportProgress {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub bytes_read: u64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub rows: u64,
}

/// One row, parsed and checked cell by cell.
struct Row {
    youth: YouthInput,
    practice: PracticeInput,
    referral_date: NaiveDate,
    referrer: Option<Referrer>,
    problem_areas: Vec<ProblemArea>,
    first_contact: Option<NaiveDate>,
    triage: Option<Triage>,
    sessions: Vec<NaiveDate>,
    closure: Option<ClosureInput>,
    notes: Option<String>,
}

struct Counting<R> {
    inner: R,
    bytes: u64,
    hash: Sha256,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

impl Vault {
    /// Import a CSV caseload; see the module docs. `progress` is called every 500 rows.
    pub fn import_csv(
        &mut self,
        input: impl Read,
        mut progress: impl FnMut(ImportProgress),
    ) -> Result<ImportSummary> {
        let mut reader = BufReader::new(Counting {
            inner: input,
            bytes: 0,
            hash: Sha256::new(),
        });
        let delimiter = sniff(&mut reader)?;
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(reader);
        let headers = csv.headers().map_err(|e| file_error(1, e))?.clone();
        let index = header_index(&headers)?;

        let tx = self.conn.transaction()?;
        let actor = self.actor.clone();
        let mut errors: Vec<RowError> = Vec::new();
        let mut summary = ImportSummary::default();
        let mut seen = std::collections::HashSet::new();
        let mut record = csv::StringRecord::new();
        loop {
            let line = csv.position().line();
            match csv.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    errors.push(file_error(line, e).into_row_errors().remove(0));
                    continue;
                }
            }
            if record.iter().all(str::is_empty) {
                continue;
            }
            summary.rows += 1;
            let cells = Cells {
                record: &record,
                index: &index,
            };
            let row = match parse_row(&cells, line) {
                Ok(r) => r,
                Err(mut e) => {
                    errors.append(&mut e);
                    continue;
                }
            };
            let key = (row.youth.youth_ref.clone(), row.referral_date);
            if !seen.insert(key) {
                errors.push(RowError {
                    line,
                    column: "referral_date".into(),
                    rule: Rule::Duplicate,
                    message: "the same youth_ref and referral_date appear earlier in the file"
                        .into(),
                });
                continue;
            }
            tx.execute_batch("SAVEPOINT import_row")?;
            match store_row(&tx, &actor, &row, &mut summary) {
                Ok(()) => tx.execute_batch("RELEASE import_row")?,
                Err(Error::Invalid(i)) => {
                    tx.execute_batch("ROLLBACK TO import_row; RELEASE import_row")?;
                    errors.push(RowError {
                        line,
                        column: column_of(&i.field),
                        rule: i.rule,
                        message: i.message,
                    });
                }
                Err(e) => return Err(e),
            }
            if summary.rows % 500 == 0 {
                progress(ImportProgress {
                    bytes_read: csv.get_ref().get_ref().bytes,
                    rows: summary.rows,
                });
            }
        }
        if !errors.is_empty() {
            // Dropping the transaction rolls back every row.
            return Err(Error::Import(errors));
        }
        let counting = csv.into_inner().into_inner();
        progress(ImportProgress {
            bytes_read: counting.bytes,
            rows: summary.rows,
        });
        tx.execute(
            "INSERT INTO imports (id, sha256, rows, created, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                crate::new_id(),
                hex::encode(counting.hash.finalize()),
                summary.rows as i64,
                summary.trajectories_created as i64,
                crate::now()
            ],
        )?;
        audit::append(&tx, &actor, &Event::new(Action::Import, "caseload_csv"))?;
        tx.commit()?;
        Ok(summary)
    }
}

fn file_error(line: u64, e: csv::Error) -> Error {
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the file is not UTF-8 text (save it as CSV UTF-8)".to_owned()
        }
        csv::ErrorKind::Io(_) => "the file could not be read".to_owned(),
        _ => "the row could not be read as CSV".to_owned(),
    };
    let line = e.position().map_or(line, |p| p.line());
    Error::Import(vec![RowError {
        line,
        column: String::new(),
        rule: Rule::CsvInvalid,
        message,
    }])
}

impl Error {
    fn into_row_errors(self) -> Vec<RowError> {
        match self {
            Error::Import(v) => v,
            other => vec![RowError {
                line: 0,
                column: String::new(),
                rule: Rule::CsvInvalid,
                message: other.to_string(),
            }],
        }
    }
}

/// Skip a UTF-8 BOM and choose `;` or `,` by which occurs more in the header line.
fn sniff<R: Read>(reader: &mut BufReader<R>) -> Result<u8> {
    let buf = reader.fill_buf()?;
    if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.consume(3);
    }
    let buf = reader.fill_buf()?;
    let header = buf.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |c: u8| header.iter().filter(|&&b| b == c).count();
    Ok(if count(b';') > count(b',') {
        b';'
    } else {
        b','
    })
}

fn header_index(
    headers: &csv::StringRecord,
) -> Result<std::collections::HashMap<&'static str, Option<usize>>> {
    let mut index: std::collections::HashMap<&'static str, Option<usize>> =
        COLUMNS.iter().map(|c| (*c, None)).collect();
    let mut errors = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().to_lowercase();
        match COLUMNS.iter().find(|c| **c == h) {
            Some(c) if index[c].is_some() => errors.push(header_error(
                &h,
                Rule::Duplicate,
                "this column appears twice",
            )),
            Some(c) => {
                index.insert(c, Some(i));
            }
            None if h.is_empty() => {}
            None => errors.push(header_error(
                &h,
                Rule::UnknownColumn,
                &format!("unknown column; expected: {}", COLUMNS.join(", ")),
            )),
        }
    }
    for r in REQUIRED {
        if index[r].is_none() {
            errors.push(header_error(
                r,
                Rule::MissingColumn,
                "required column is missing",
            ));
        }
    }
    if errors.is_empty() {
        Ok(index)
    } else {
        Err(Error::Import(errors))
    }
}

fn header_error(column: &str, rule: Rule, message: &str) -> RowError {
    RowError {
        line: 1,
        column: column.into(),
        rule,
        message: message.into(),
    }
}

/// One record's cells by column name; a missing column reads as empty.
struct Cells<'a> {
    record: &'a csv::StringRecord,
    index: &'a std::collections::HashMap<&'static str, Option<usize>>,
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
fn parse_row(cells: &Cells, line: u64) -> std::result::Result<Row, Vec<RowError>> {
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
        match validate::date(c, s).and_then(|d| validate::not_future(c, d).map(|_| d)) {
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
        match validate::date("session_dates", s)
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
        match parse_code::<C>(c, s) {
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
        match parse_code::<ProblemArea>("problem_areas", s) {
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

fn column_of_err(e: &Error) -> String {
    match e {
        Error::Invalid(i) => column_of(&i.field),
        _ => String::new(),
    }
}

/// The CSV column a model field comes from.
fn column_of(field: &str) -> String {
    match field {
        "name" => "practice",
        "date" => "session_dates",
        "decided_on" => "triage",
        "trajectory" => "closed_date",
        f => f,
    }
    .to_owned()
}

fn store_row(
    tx: &rusqlite::Connection,
    actor: &str,
    row: &Row,
    summary: &mut ImportSummary,
) -> Result<()> {
    let youth_ref = row.youth.youth_ref.as_deref().unwrap_or_default();
    let youth_id = match youth::find_by_ref(tx, youth_ref)? {
        Some(y) => y.id,
        None => {
            summary.youths_created += 1;
            youth::insert(tx, actor, &row.youth)?
        }
    };
    let exists: Option<String> = rusqlite::OptionalExtension::optional(tx.query_row(
        "SELECT id FROM trajectories WHERE youth_id = ?1 AND referral_date = ?2",
        rusqlite::params![youth_id, row.referral_date],
        |r| r.get(0),
    ))?;
    if exists.is_some() {
        summary.already_present += 1;
        return Ok(());
    }
    let practice_id = match practice::find_by_name(tx, &row.practice.name)? {
        Some(p) => p.id,
        None => {
            summary.practices_created += 1;
            practice::insert(tx, actor, &row.practice)?
        }
    };
    let tid = trajectory::insert(
        tx,
        actor,
        &ReferralInput {
            youth_id,
            practice_id,
            referral_date: row.referral_date,
            referrer: row.referrer,
            request_for_help: None,
            problem_areas: crate::model::unique(row.problem_areas.clone()),
            urgency: Urgency::Normal,
        },
    )?;
    if let Some(notes) = &row.notes {
        tx.execute(
            "UPDATE trajectories SET notes = ?2 WHERE id = ?1",
            rusqlite::params![tid, notes],
        )?;
    }
    if let Some(fc) = row.first_contact {
        tx.execute(
            "UPDATE trajectories SET first_contact_date = ?2 WHERE id = ?1",
            rusqlite::params![tid, fc],
        )?;
    }
    let mut sessions = row.sessions.clone();
    sessions.sort();
    for d in sessions {
        conversation::insert(
            tx,
            actor,
            &tid,
            &ConversationInput {
                date: Some(d),
                ..Default::default()
            },
            None,
        )?;
    }
    if let Some(t) = row.triage {
        let on = row.first_contact.unwrap_or(row.referral_date);
        tx.execute(
            "INSERT INTO triage_decisions (id, trajectory_id, decided_on, decision, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![crate::new_id(), tid, on, t, crate::now()],
        )?;
    }
    trajectory::check_dates(tx, &tid)?;
    if let Some(c) = &row.closure {
        trajectory::close(tx, actor, &tid, c)?;
    }
    summary.trajectories_created += 1;
    Ok(())
}
