//! Text cells that a spreadsheet will not run as a formula.
//!
//! Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-`
//! or `@` as a formula, and a leading tab or carriage return can hide such a start.
//! A practice or kern named `=HYPERLINK("https://…","klik")` would otherwise become
//! a live link in the regional monitor's sheet. Every text cell Spil writes to CSV or
//! XLSX goes through [`safe`], which puts an apostrophe in front of such a value (the
//! spreadsheet convention for "this is text"); numbers are written as numbers and
//! never pass here.

use std::borrow::Cow;

/// `text`, with a leading `'` when it would start with `= + - @`, a tab or a CR.
pub fn safe(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn formulas_become_text() {
        for bad in [
            "=HYPERLINK(\"https://example.org\",\"klik\")",
            "+31 6",
            "-1+1",
            "@SUM(A1)",
            "\t=1+1",
            "\r=1+1",
        ] {
            let s = safe(bad);
            assert!(s.starts_with('\''), "{bad:?} -> {s:?}");
            assert_eq!(&s[1..], bad, "the text itself is kept");
        }
    }

    #[test]
    fn ordinary_text_is_untouched() {
        for ok in [
            "Dieren", "GM0275", "2026-Q1", "geheim", "", "0-3 jaar", "'quoted",
        ] {
            assert_eq!(safe(ok), ok);
        }
    }
}
