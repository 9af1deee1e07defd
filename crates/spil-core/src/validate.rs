//! Field rules shared by the API and the import: BSN, postcode, municipality code,
//! dates and text lengths.

use chrono::NaiveDate;

use crate::Rule;
use crate::{Error, Result};

/// The BSN "elfproef": 9 digits d1..d9 with 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11).
pub fn bsn(field: &str, s: &str) -> Result<String> {
    let digits: Vec<u32> = s.trim().chars().filter_map(|c| c.to_digit(10)).collect();
    let only_digits = s.trim().chars().all(|c| c.is_ascii_digit());
    let bad = || {
        Error::invalid(
            field,
            Rule::BsnInvalid,
            "not a valid BSN (9 digits, elfproef)",
        )
    };
    if !only_digits || !(8..=9).contains(&digits.len()) {
        return Err(bad());
    }
    // An 8-digit BSN had its leading zero dropped by a spreadsheet.
    let mut d = digits;
    if d.len() == 8 {
        d.insert(0, 0);
    }
    let sum: i64 = d[..8]
        .iter()
        .enumerate()
        .map(|(i, &x)| (9 - i as i64) * x as i64)
        .sum::<i64>()
        - d[8] as i64;
    if sum % 11 != 0 || d.iter().all(|&x| x == 0) {
        return Err(bad());
    }
    Ok(d.iter()
        .map(|x| char::from_digit(*x, 10).unwrap_or('0'))
        .collect())
}

/// A Dutch postcode, `1234 AB` or `1234AB`, stored as `1234AB`.
pub fn postcode(field: &str, s: &str) -> Result<String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.to_uppercase();
    let b = compact.as_bytes();
    let ok = b.len() == 6
        && b[0] != b'0'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_uppercase);
    if ok {
        Ok(compact)
    } else {
        Err(Error::invalid(
            field,
            Rule::PostcodeInvalid,
            "not a Dutch postcode (1234 AB)",
        ))
    }
}

/// A CBS municipality code, `GM` followed by four digits.
pub fn municipality_code(field: &str, s: &str) -> Result<String> {
    let up = s.trim().to_uppercase();
    let b = up.as_bytes();
    if b.len() == 6 && &b[..2] == b"GM" && b[2..].iter().all(u8::is_ascii_digit) {
        Ok(up)
    } else {
        Err(Error::invalid(
            field,
            Rule::MunicipalityCodeInvalid,
            "not a CBS municipality code (GM followed by four digits, e.g. GM0275)",
        ))
    }
}

/// An ISO date `YYYY-MM-DD`.
pub fn date(field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, Rule::DateInvalid, "not a date (YYYY-MM-DD)"))
}

/// A date as a spreadsheet holds it: ISO `YYYY-MM-DD`, or the Dutch day-first
/// `d-m-jjjj` (also with `/` or `.`, with or without leading zeros), which is how
/// Dutch Excel writes a date into a CSV file. A two-digit year is refused: it
/// cannot tell 1915 from 2015.
pub fn sheet_date(field: &str, s: &str) -> Result<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let day_first = match parts.as_slice() {
        [d, m, y]
            if (1..=2).contains(&d.len())
                && (1..=2).contains(&m.len())
                && y.len() == 4
                && [d, m, y]
                    .iter()
                    .all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            match (d.parse(), m.parse(), y.parse()) {
                (Ok(d), Ok(m), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d),
                _ => None,
            }
        }
        _ => None,
    };
    day_first.ok_or_else(|| {
        Error::invalid(
            field,
            Rule::DateInvalid,
            "not a date (dd-mm-jjjj or YYYY-MM-DD)",
        )
    })
}

/// Dates the worker records cannot lie in the future.
pub fn not_future(field: &str, d: NaiveDate) -> Result<()> {
    if d > crate::today() {
        Err(Error::invalid(
            field,
            Rule::DateInFuture,
            "the date lies in the future",
        ))
    } else {
        Ok(())
    }
}

/// `earlier` must not come after `later`.
pub fn order(field: &str, earlier: NaiveDate, later: NaiveDate, what: &str) -> Result<()> {
    if later < earlier {
        Err(Error::invalid(field, Rule::DateOrder, what.to_owned()))
    } else {
        Ok(())
    }
}

/// Trimmed text, `None` when empty, refused when longer than `max` characters.
pub fn text(field: &str, s: Option<&str>, max: usize) -> Result<Option<String>> {
    let Some(t) = s.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > max {
        return Err(Error::invalid(
            field,
            Rule::TooLong,
            format!("longer than {max} characters"),
        ));
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(Error::invalid(
            field,
            Rule::ControlCharacters,
            "contains control characters",
        ));
    }
    Ok(Some(t.to_owned()))
}

/// Like [`text`] but the field is required.
pub fn required(field: &str, s: &str, max: usize) -> Result<String> {
    text(field, Some(s), max)?.ok_or_else(|| Error::invalid(field, Rule::Required, "required"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elfproef() {
        assert_eq!(bsn("bsn", "111222333").unwrap(), "111222333");
        assert_eq!(bsn("bsn", "123456782").unwrap(), "123456782");
        assert_eq!(bsn("bsn", "11222335").unwrap(), "011222335");
        assert!(bsn("bsn", "123456789").is_err());
        assert!(bsn("bsn", "000000000").is_err());
        assert!(bsn("bsn", "12345678a").is_err());
        assert!(bsn("bsn", "1234567").is_err());
        let e = bsn("bsn", "123456789").unwrap_err();
        assert!(
            !e.to_string().contains("123456789"),
            "no value in the message"
        );
    }

    #[test]
    fn postcodes_and_municipalities() {
        assert_eq!(postcode("p", "6991 ab").unwrap(), "6991AB");
        assert!(postcode("p", "0123AB").is_err());
        assert!(postcode("p", "12345").is_err());
        assert_eq!(municipality_code("m", "gm0275").unwrap(), "GM0275");
        assert!(municipality_code("m", "0275").is_err());
    }

    #[test]
    fn dates_and_text() {
        assert!(date("d", "2024-02-30").is_err());
        assert!(date("d", "24-02-2024").is_err());
        let d = date("d", "2024-02-29").unwrap();
        assert!(order("d", d, d.pred_opt().unwrap(), "x").is_err());
        assert!(not_future("d", crate::today().succ_opt().unwrap()).is_err());
        assert_eq!(text("t", Some("  "), 5).unwrap(), None);
        assert!(text("t", Some("zesletters"), 5).is_err());
        assert!(text("t", Some("a\u{7}b"), 5).is_err());
        assert!(required("t", " ", 5).is_err());
    }
}
