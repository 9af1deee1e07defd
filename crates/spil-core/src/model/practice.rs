//! GP practices (huisartsenpraktijken) the OJG works in.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Action, Event};
use crate::Rule;
use crate::{validate, Error, Result, Vault};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PracticeInput {
    pub name: String,
    pub kern: Option<String>,
    pub municipality_code: Option<String>,
    pub hours_per_week: Option<f64>,
    pub in_practice: bool,
    /// The practice's information system (HIS), e.g. "Medicom".
    pub his: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Practice {
    pub id: String,
    pub name: String,
    pub kern: Option<String>,
    pub municipality_code: Option<String>,
    pub hours_per_week: Option<f64>,
    pub in_practice: bool,
    pub his: Option<String>,
}

impl PracticeInput {
    pub(crate) fn validated(&self) -> Result<PracticeInput> {
        let hours = match self.hours_per_week {
            Some(h) if !(0.0..=60.0).contains(&h) || h.is_nan() => {
                return Err(Error::invalid(
                    "hours_per_week",
                    Rule::OutOfRange,
                    "hours per week must lie between 0 and 60",
                ))
            }
            h => h,
        };
        Ok(PracticeInput {
            name: validate::required("name", &self.name, 120)?,
            kern: validate::text("kern", self.kern.as_deref(), 80)?,
            municipality_code: self
                .municipality_code
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| validate::municipality_code("municipality_code", s))
                .transpose()?,
            hours_per_week: hours,
            in_practice: self.in_practice,
            his: validate::text("his", self.his.as_deref(), 80)?,
        })
    }
}

const COLUMNS: &str = "id, name, kern, municipality_code, hours_per_week, in_practice, his";

fn from_row(r: &Row) -> rusqlite::Result<Practice> {
    Ok(Practice {
        id: r.get(0)?,
        name: r.get(1)?,
        kern: r.get(2)?,
        municipality_code: r.get(3)?,
        hours_per_week: r.get(4)?,
        in_practice: r.get(5)?,
        his: r.get(6)?,
    })
}

/// Insert a validated practice inside a transaction (used by the API and the import).
pub(crate) fn insert(tx: &rusqlite::Connection, actor: &str, p: &PracticeInput) -> Result<String> {
    let taken: Option<String> = tx
        .query_row("SELECT id FROM practices WHERE name = ?1", [&p.name], |r| {
            r.get(0)
        })
        .optional()?;
    if taken.is_some() {
        return Err(Error::invalid(
            "name",
            Rule::Duplicate,
            "a practice with this name already exists",
        ));
    }
    let id = crate::new_id();
    let now = crate::now();
    tx.execute(
        "INSERT INTO practices (id, name, kern, municipality_code, hours_per_week, in_practice, his, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![id, p.name, p.kern, p.municipality_code, p.hours_per_week, p.in_practice, p.his, now],
    )?;
    audit::append(tx, actor, &Event::new(Action::Create, "practice"))?;
    Ok(id)
}

pub(crate) fn find_by_name(conn: &rusqlite::Connection, name: &str) -> Result<Option<Practice>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM practices WHERE name = ?1"),
            [name],
            from_row,
        )
        .optional()?)
}

impl Vault {
    pub fn add_practice(&mut self, input: &PracticeInput) -> Result<Practice> {
        let p = input.validated()?;
        let id = self.write(|tx, actor| insert(tx, actor, &p))?;
        self.practice(&id)
    }

    pub fn update_practice(&mut self, id: &str, input: &PracticeInput) -> Result<Practice> {
        let p = input.validated()?;
        self.write(|tx, actor| {
            let clash: Option<String> = tx
                .query_row(
                    "SELECT id FROM practices WHERE name = ?1 AND id <> ?2",
                    params![p.name, id],
                    |r| r.get(0),
                )
                .optional()?;
            if clash.is_some() {
                return Err(Error::invalid(
                    "name",
                    Rule::Duplicate,
                    "a practice with this name already exists",
                ));
            }
            let n = tx.execute(
                "UPDATE practices SET name = ?2, kern = ?3, municipality_code = ?4, hours_per_week = ?5,
                        in_practice = ?6, his = ?7, updated_at = ?8 WHERE id = ?1",
                params![id, p.name, p.kern, p.municipality_code, p.hours_per_week, p.in_practice, p.his, crate::now()],
            )?;
            if n == 0 {
                return Err(Error::NotFound("practice"));
            }
            audit::append(tx, actor, &Event::new(Action::Update, "practice"))
        })?;
        self.practice(id)
    }

    /// Practices hold no client data, so reading them is not an audit event.
    pub fn practice(&self, id: &str) -> Result<Practice> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM practices WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or(Error::NotFound("practice"))
    }

    pub fn practices(&self) -> Result<Vec<Practice>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM practices ORDER BY name"))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{practice_input, vault};

    #[test]
    fn add_update_and_refuse_bad_practices() {
        let (_dir, mut v) = vault();
        let p = v.add_practice(&practice_input("De Linde")).unwrap();
        assert_eq!(p.municipality_code.as_deref(), Some("GM0275"));
        let mut input = practice_input("De Linde");
        assert_eq!(v.add_practice(&input).unwrap_err().code(), "invalid");
        input.name = "De Linde-Noord".into();
        input.hours_per_week = Some(8.0);
        assert_eq!(
            v.update_practice(&p.id, &input).unwrap().hours_per_week,
            Some(8.0)
        );
        input.municipality_code = Some("0275".into());
        match v.add_practice(&input).unwrap_err() {
            Error::Invalid(i) => assert_eq!(i.field, "municipality_code"),
            e => panic!("{e}"),
        }
        input.municipality_code = None;
        input.hours_per_week = Some(99.0);
        assert!(v.add_practice(&input).is_err());
        input.name = "  ".into();
        assert!(v.add_practice(&input).is_err());
        assert_eq!(v.practices().unwrap().len(), 1);
    }
}
