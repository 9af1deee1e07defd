//! Writing record exports one record at a time, in CSV, JSON or XLSX.
//!
//! JSON: the header's fields, then `records` streamed, then `gp_consultations`.
//! CSV: one table of records (UTF-8 BOM, `;`); consultations are not records, so they
//! are in the JSON and XLSX only. XLSX: a constant-memory sheet of records, a sheet of
//! consultations and a sheet explaining the export.

use std::borrow::Cow;
use std::io::{Seek, Write};

use rust_xlsxwriter::{Workbook, Worksheet};

use super::cell::safe;
use super::record::{ExportRecord, COLUMNS};
use super::Header;
use crate::report::ConsultationCount;
use crate::{Error, Result};

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Io(std::io::Error::other(e.to_string()))
}

pub(crate) fn csv_error(e: csv::Error) -> Error {
    Error::Io(std::io::Error::other(e.to_string()))
}

const NUMERIC: [&str; 8] = [
    "referred_in_period",
    "closed_in_period",
    "conversations",
    "waiting_weeks",
    "duration_weeks",
    "satisfaction",
    "recurred_6m",
    "recurred_12m",
];

pub(crate) enum Sink<'w, W: Write> {
    Csv(Box<csv::Writer<&'w mut W>>),
    Json {
        out: &'w mut W,
        first: bool,
    },
    Xlsx {
        book: Box<Workbook>,
        row: u32,
        out: &'w mut W,
        header: Box<Header>,
    },
}

impl<'w, W: Write> Sink<'w, W> {
    pub(crate) fn begin(
        format: super::ExportFormat,
        header: &Header,
        out: &'w mut W,
    ) -> Result<Self> {
        Ok(match format {
            super::ExportFormat::Csv => {
                out.write_all(BOM)?;
                let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
                w.write_record(COLUMNS).map_err(csv_error)?;
                Sink::Csv(Box::new(w))
            }
            super::ExportFormat::Json => {
                let head = serde_json::to_string(header).map_err(|e| Error::Io(e.into()))?;
                // The header object stays open: records and consultations follow.
                out.write_all(head.trim_end_matches('}').as_bytes())?;
                out.write_all(b",\"records\":[")?;
                Sink::Json { out, first: true }
            }
            super::ExportFormat::Xlsx => {
                let mut book = Workbook::new();
                let sheet = book
                    .add_worksheet_with_constant_memory()
                    .map_err(xlsx_error)?;
                sheet.set_name("records").map_err(xlsx_error)?;
                for (j, c) in COLUMNS.iter().enumerate() {
                    sheet.write_string(0, j as u16, *c).map_err(xlsx_error)?;
                }
                Sink::Xlsx {
                    book: Box::new(book),
                    row: 1,
                    out,
                    header: Box::new(header.clone()),
                }
            }
        })
    }

    pub(crate) fn push(&mut self, r: &ExportRecord) -> Result<()> {
        match self {
            Sink::Csv(w) => {
                let cells = r.cells();
                let safe_cells = cells.iter().zip(COLUMNS).map(|(value, name)| {
                    if NUMERIC.contains(&name) {
                        Cow::Borrowed(value.as_str())
                    } else {
                        safe(value)
                    }
                });
                w.write_record(safe_cells.map(|c| c.into_owned()))
                    .map_err(csv_error)
            }
            Sink::Json { out, first } => {
                if !*first {
                    out.write_all(b",")?;
                }
                *first = false;
                serde_json::to_writer(&mut **out, r).map_err(|e| Error::Io(e.into()))
            }
            Sink::Xlsx { book, row, .. } => {
                let sheet = book.worksheet_from_index(0).map_err(xlsx_error)?;
                write_row(sheet, *row, &r.cells())?;
                *row += 1;
                Ok(())
            }
        }
    }

    pub(crate) fn finish(self, consultations: &[ConsultationCount]) -> Result<()> {
        match self {
            Sink::Csv(mut w) => w.flush().map_err(Error::Io),
            Sink::Json { out, .. } => {
                out.write_all(b"],\"gp_consultations\":")?;
                serde_json::to_writer(&mut *out, consultations).map_err(|e| Error::Io(e.into()))?;
                out.write_all(b"}")?;
                Ok(())
            }
            Sink::Xlsx {
                mut book,
                out,
                header,
                ..
            } => {
                let sheet = book.add_worksheet();
                sheet.set_name("consultaties").map_err(xlsx_error)?;
                let cols = ["month", "practice", "kern", "municipality", "count"];
                for (j, c) in cols.iter().enumerate() {
                    sheet.write_string(0, j as u16, *c).map_err(xlsx_error)?;
                }
                for (i, c) in consultations.iter().enumerate() {
                    let row = i as u32 + 1;
                    let texts = [
                        Some(c.month.to_string()),
                        c.practice.clone(),
                        c.kern.clone(),
                        c.municipality.clone(),
                    ];
                    for (j, t) in texts.iter().enumerate() {
                        sheet
                            .write_string(row, j as u16, safe(t.as_deref().unwrap_or("")))
                            .map_err(xlsx_error)?;
                    }
                    sheet
                        .write_number(row, 4, c.count as f64)
                        .map_err(xlsx_error)?;
                }
                explanation(&mut book, &header)?;
                save(&mut book, out)
            }
        }
    }
}

fn write_row(sheet: &mut Worksheet, row: u32, cells: &[String]) -> Result<()> {
    for (j, (value, name)) in cells.iter().zip(COLUMNS).enumerate() {
        match value.parse::<f64>() {
            Ok(n) if NUMERIC.contains(&name) => sheet.write_number(row, j as u16, n),
            _ if value.is_empty() => continue,
            _ => sheet.write_string(row, j as u16, safe(value)),
        }
        .map_err(xlsx_error)?;
    }
    Ok(())
}

/// A sheet saying what the file is: period, export id, rules applied.
pub(crate) fn explanation(book: &mut Workbook, h: &Header) -> Result<()> {
    let sheet = book.add_worksheet();
    sheet.set_name("toelichting").map_err(xlsx_error)?;
    let json = serde_json::to_value(h).map_err(|e| Error::Io(e.into()))?;
    let mut row = 0;
    let mut put = |k: &str, v: String| -> Result<()> {
        sheet.write_string(row, 0, k).map_err(xlsx_error)?;
        sheet.write_string(row, 1, v).map_err(xlsx_error)?;
        row += 1;
        Ok(())
    };
    put("Spil-export", "geanonimiseerd; 'geheim' = aantal van 1 tot 7, of verborgen zodat het niet terug te rekenen is".into())?;
    for (k, v) in json.as_object().into_iter().flatten() {
        put(k, v.to_string().trim_matches('"').to_owned())?;
    }
    Ok(())
}

/// rust_xlsxwriter needs a `Send` writer: build the file in an (anonymised) temp file
/// and copy it out, so memory stays flat however many records there are.
pub(crate) fn save(book: &mut Workbook, out: &mut impl Write) -> Result<()> {
    let mut tmp = tempfile::tempfile()?;
    book.save_to_writer(&mut tmp).map_err(xlsx_error)?;
    tmp.rewind()?;
    std::io::copy(&mut tmp, out)?;
    Ok(())
}
