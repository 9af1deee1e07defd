//! Youths (jeugdigen) and their families (gezinnen).
//!
//! A family is a link between siblings: registering a youth as `sibling_of` another
//! puts both in one family (created on first use). Families carry no data of their
//! own beyond that link.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Action, Event};
use crate::codes::Gender;
use crate::model::changed_fields;
use crate::model::trajectory::check_dates;
use crate::Rule;
use crate::{validate, Error, Result, Vault};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YouthInput {
    /// The worker's own reference, unique in the vault (e.g. "J24-017").
    pub youth_ref: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub gender: Gender,
    pub bsn: Option<String>,
    pub postcode: Option<String>,
    /// Put this youth in the same family as an existing youth.
    pub sibling_of: Option<String>,
}

impl Default for YouthInput {
    fn default() -> Self {
        YouthInput {
            youth_ref: None,
            given_name: None,
            family_name: None,
            birth_date: None,
            gender: Gender::Unknown,
            bsn: None,
            postcode: None,
            sibling_of: None,
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Youth {
    pub id: String,
    pub youth_ref: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub gender: Gender,
    pub bsn: Option<String>,
    pub postcode: Option<String>,
    pub family_id: Option<String>,
}

impl YouthInput {
    pub(crate) fn validated(&self) -> Result<YouthInput> {
        let birth_date = match self.birth_date {
            Some(d) => {
                validate::not_future("birth_date", d)?;
                if d < NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(d) {
                    return Err(Error::invalid(
                        "birth_date",
                        Rule::OutOfRange,
                        "the birth date is too long ago for youth support",
                    ));
                }
                Some(d)
            }
            None => None,
        };
        let youth = YouthInput {
            youth_ref: validate::text("youth_ref", self.youth_ref.as_deref(), 40)?,
            given_name: validate::text("given_name", self.given_name.as_deref(), 80)?,
            family_name: validate::text("family_name", self.family_name.as_deref(), 80)?,
            birth_date,
            gender: self.gender,
            bsn: nonempty(&self.bsn)
                .map(|s| validate::bsn("bsn", s))
                .transpose()?,
            postcode: nonempty(&self.postcode)
                .map(|s| validate::postcode("postcode", s))
                .transpose()?,
            sibling_of: self.sibling_of.clone(),
        };
        if youth.youth_ref.is_none() && youth.given_name.is_none() && youth.family_name.is_none() {
            return Err(Error::invalid(
                "given_name",
                Rule::Required,
                "give a name or an own reference",
            ));
        }
        Ok(youth)
    }
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(crate) const COLUMNS: &str =
    "id, youth_ref, given_name, family_name, birth_date, gender, bsn, postcode, family_id";

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Youth> {
    Ok(Youth {
        id: r.get(0)?,
        youth_ref: r.get(1)?,
        given_name: r.get(2)?,
        family_name: r.get(3)?,
        birth_date: r.get(4)?,
        gender: r.get(5)?,
        bsn: r.get(6)?,
        postcode: r.get(7)?,
        family_id: r.get(8)?,
    })
}

pub(crate) fn get(conn: &rusqlite::Connection, id: &str) -> Result<Youth> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM youths WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(Error::NotFound("youth"))
}

pub(crate) fn find_by_ref(conn: &rusqlite::Connection, youth_ref: &str) -> Result<Option<Youth>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM youths WHERE youth_ref = ?1"),
            [youth_ref],
            from_row,
        )
        .optional()?)
}

fn check_unique_ref(conn: &rusqlite::Connection, y: &YouthInput, except: &str) -> Result<()> {
    if let Some(r) = &y.youth_ref {
        let clash: Option<String> = conn
            .query_row(
                "SELECT id FROM youths WHERE youth_ref = ?1 AND id <> ?2",
                params![r, except],
                |row| row.get(0),
            )
            .optional()?;
        if clash.is_some() {
            return Err(Error::invalid(
                "youth_ref",
                Rule::Duplicate,
                "another youth already has this reference",
            ));
        }
    }
    Ok(())
}

/// The family to put a new youth in: the sibling's, created if the sibling had none.
fn family_for(tx: &rusqlite::Connection, sibling_of: Option<&str>) -> Result<Option<String>> {
    let Some(sibling) = sibling_of else {
        return Ok(None);
    };
    let s = get(tx, sibling)
        .map_err(|_| Error::invalid("sibling_of", Rule::NotFound, "the sibling does not exist"))?;
    if let Some(f) = s.family_id {
        return Ok(Some(f));
    }
    let f = crate::new_id();
    tx.execute(
        "INSERT INTO families (id, created_at) VALUES (?1, ?2)",
        params![f, crate::now()],
    )?;
    tx.execute(
        "UPDATE youths SET family_id = ?1 WHERE id = ?2",
        params![f, sibling],
    )?;
    Ok(Some(f))
}

/// Insert a validated youth inside a transaction (used by the API and the import).
pub(crate) fn insert(tx: &rusqlite::Connection, actor: &str, y: &YouthInput) -> Result<String> {
    check_unique_ref(tx, y, "")?;
    let family = family_for(tx, y.sibling_of.as_deref())?;
    let id = crate::new_id();
    let now = crate::now();
    tx.execute(
        "INSERT INTO youths (id, youth_ref, given_name, family_name, birth_date, gender, bsn, postcode, family_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![id, y.youth_ref, y.given_name, y.family_name, y.birth_date, y.gender, y.bsn, y.postcode, family, now],
    )?;
    audit::append(tx, actor, &Event::new(Action::Create, "youth").youth(&id))?;
    Ok(id)
}

impl Vault {
    pub fn add_youth(&mut self, input: &YouthInput) -> Result<Youth> {
        let y = input.validated()?;
        let id = self.write(|tx, actor| insert(tx, actor, &y))?;
        get(&self.conn, &id)
    }

    /// Correct a youth's details. `sibling_of` links the youth into that family.
    /// The same rules as for a new youth apply, and every trajectory of the youth
    /// must still have its dates in order (no birth date after a referral). The audit
    /// event names the fields that changed (`family` for a new sibling link); when
    /// none did, nothing is written. A youth may be corrected while a trajectory is
    /// closed: the record of the person must be right whatever the state of a file.
    pub fn update_youth(&mut self, id: &str, input: &YouthInput) -> Result<Youth> {
        let y = input.validated()?;
        self.write(|tx, actor| {
            let current = get(tx, id)?;
            check_unique_ref(tx, &y, id)?;
            let family = match y.sibling_of.as_deref() {
                Some(s) if s == id => {
                    return Err(Error::invalid(
                        "sibling_of",
                        Rule::Invalid,
                        "a youth cannot be their own sibling",
                    ))
                }
                Some(s) => family_for(tx, Some(s))?,
                None => current.family_id.clone(),
            };
            let mut fields = changed_fields!(current, y; youth_ref, given_name, family_name,
                birth_date, gender, bsn, postcode);
            if family != current.family_id {
                fields.push("family");
            }
            if fields.is_empty() {
                return Ok(());
            }
            tx.execute(
                "UPDATE youths SET youth_ref = ?2, given_name = ?3, family_name = ?4, birth_date = ?5,
                        gender = ?6, bsn = ?7, postcode = ?8, family_id = ?9, updated_at = ?10
                 WHERE id = ?1",
                params![id, y.youth_ref, y.given_name, y.family_name, y.birth_date, y.gender, y.bsn, y.postcode, family, crate::now()],
            )?;
            audit::append(
                tx,
                actor,
                &Event::new(Action::Update, "youth").youth(id).fields(&fields),
            )?;
            let trajectories = {
                let mut stmt = tx.prepare("SELECT id FROM trajectories WHERE youth_id = ?1")?;
                let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            for t in &trajectories {
                check_dates(tx, t)?;
            }
            Ok(())
        })?;
        get(&self.conn, id)
    }

    /// One youth's details (an audited read).
    pub fn youth(&mut self, id: &str) -> Result<Youth> {
        let y = get(&self.conn, id)?;
        self.audited(Event::new(Action::Read, "youth").youth(id))?;
        Ok(y)
    }

    /// Youths whose name or own reference contains `query` (an audited search).
    pub fn find_youths(&mut self, query: &str) -> Result<Vec<Youth>> {
        let q = format!("%{}%", query.trim().replace(['%', '_'], ""));
        let found = {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT {COLUMNS} FROM youths
                 WHERE youth_ref LIKE ?1 OR given_name LIKE ?1 OR family_name LIKE ?1
                    OR (given_name || ' ' || family_name) LIKE ?1
                 ORDER BY family_name, given_name LIMIT 50"
            ))?;
            let rows = stmt.query_map([q], from_row)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        self.audited(Event::new(Action::Search, "youths"))?;
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{vault, youth_input};

    #[test]
    fn siblings_share_a_family() {
        let (_dir, mut v) = vault();
        let a = v.add_youth(&youth_input("J1")).unwrap();
        assert_eq!(a.family_id, None);
        let mut b = youth_input("J2");
        b.sibling_of = Some(a.id.clone());
        let b = v.add_youth(&b).unwrap();
        let a = v.youth(&a.id).unwrap();
        assert!(a.family_id.is_some());
        assert_eq!(a.family_id, b.family_id);
    }

    #[test]
    fn refuses_bad_youths() {
        let (_dir, mut v) = vault();
        v.add_youth(&youth_input("J1")).unwrap();
        let field = |r: Result<Youth>| match r.unwrap_err() {
            Error::Invalid(i) => i.field,
            e => panic!("{e}"),
        };
        assert_eq!(field(v.add_youth(&youth_input("J1"))), "youth_ref");
        let mut y = youth_input("J3");
        y.bsn = Some("123456789".into());
        assert_eq!(field(v.add_youth(&y)), "bsn");
        let mut y = youth_input("J3");
        y.postcode = Some("ABCD12".into());
        assert_eq!(field(v.add_youth(&y)), "postcode");
        let mut y = youth_input("J3");
        y.birth_date = Some(crate::today().succ_opt().unwrap());
        assert_eq!(field(v.add_youth(&y)), "birth_date");
        let empty = YouthInput::default();
        assert_eq!(field(v.add_youth(&empty)), "given_name");
    }

    #[test]
    fn search_finds_by_name_and_reference() {
        let (_dir, mut v) = vault();
        v.add_youth(&youth_input("J-100")).unwrap();
        assert_eq!(v.find_youths("J-1").unwrap().len(), 1);
        assert_eq!(v.find_youths("Jansen").unwrap().len(), 1);
        assert_eq!(v.find_youths("Pietersen").unwrap().len(), 0);
    }
}
