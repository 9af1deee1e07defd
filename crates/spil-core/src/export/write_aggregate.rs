//! Writing aggregate exports.
//!
//! CSV is one long ("tidy") table that Excel, DuckDB and R all read:
//! `table;row;row_label;column;column_label;value`, totals as row or column `total`,
//! suppressed values as `geheim`, decimals with a comma (Dutch Excel). XLSX has one
//! sheet per table laid out as printed, plus statistics and an explanation. JSON is
//! the header followed by `tables`, `statistics`, `savings` and `withheld` (tables by
//! kern left out to keep the rest protected; CSV rows `withheld;<name>;<title>;;;weggelaten`,
//! an XLSX sheet `weggelaten`). Every text cell of
//! CSV and XLSX passes [`safe`], so no name is ever run as a formula.

use std::io::Write;

use rust_xlsxwriter::Workbook;

use super::aggregate::{Aggregates, Table};
use super::cell::safe;
use super::write_records::{csv_error, explanation, save, xlsx_error, BOM};
use super::{ExportFormat, Header};
use crate::{Error, Result};

pub(crate) const SECRET: &str = "geheim";
/// A table by kern left out because protection could not be met with it.
const WITHHELD: &str = "weggelaten";

pub(crate) fn suppressed_cells(a: &Aggregates) -> u64 {
    a.tables
        .iter()
        .map(|t| {
            let cells = t
                .cells
                .iter()
                .flatten()
                .chain(&t.row_totals)
                .chain(&t.column_totals);
            cells
                .chain(std::iter::once(&t.total))
                .filter(|c| c.is_none())
                .count() as u64
        })
        .sum()
}

pub(crate) fn write(
    format: ExportFormat,
    header: &Header,
    a: &Aggregates,
    out: &mut impl Write,
) -> Result<()> {
    match format {
        ExportFormat::Json => {
            let mut doc = serde_json::to_value(header).map_err(|e| Error::Io(e.into()))?;
            let body = serde_json::to_value(a).map_err(|e| Error::Io(e.into()))?;
            if let (Some(d), Some(b)) = (doc.as_object_mut(), body.as_object()) {
                d.extend(b.clone());
            }
            serde_json::to_writer(out, &doc).map_err(|e| Error::Io(e.into()))
        }
        ExportFormat::Csv => csv(a, out),
        ExportFormat::Xlsx => xlsx(header, a, out),
    }
}

/// Every cell of a table with its row and column, totals included.
fn long(t: &Table) -> Vec<[String; 5]> {
    let total = || ("total".to_owned(), "totaal".to_owned());
    let mut out = Vec::new();
    let rows = t
        .rows
        .iter()
        .map(|r| (r.code.clone(), r.label.clone()))
        .chain([total()]);
    for (i, (rc, rl)) in rows.enumerate() {
        let cols = t
            .columns
            .iter()
            .map(|c| (c.code.clone(), c.label.clone()))
            .chain([total()]);
        for (j, (cc, cl)) in cols.enumerate() {
            let v = match (i < t.rows.len(), j < t.columns.len()) {
                (true, true) => t.cells[i][j],
                (true, false) => t.row_totals[i],
                (false, true) => t.column_totals[j],
                (false, false) => t.total,
            };
            out.push([
                rc.clone(),
                rl.clone(),
                cc,
                cl,
                v.map_or(SECRET.to_owned(), |n| n.to_string()),
            ]);
        }
    }
    out
}

fn decimal(v: Option<f64>) -> String {
    v.map(|x| format!("{:.1}", x).replace('.', ","))
        .unwrap_or_default()
}

fn statistic_rows(a: &Aggregates) -> Vec<[String; 5]> {
    let mut out = Vec::new();
    for s in &a.statistics {
        for (name, label, v) in [
            (
                "waiting_days_median",
                "wachttijd mediaan (dagen)",
                s.waiting_days_median,
            ),
            (
                "waiting_days_p90",
                "wachttijd p90 (dagen)",
                s.waiting_days_p90,
            ),
            (
                "duration_days_median",
                "duur mediaan (dagen)",
                s.duration_days_median,
            ),
            (
                "conversations_mean",
                "gesprekken gemiddeld",
                s.conversations_mean,
            ),
            (
                "satisfaction_mean",
                "tevredenheid gemiddeld",
                s.satisfaction_mean,
            ),
        ] {
            out.push([
                s.group.clone(),
                s.label.clone(),
                name.into(),
                label.into(),
                decimal(v),
            ]);
        }
    }
    if let Some(sv) = &a.savings {
        for (name, label, v) in [
            ("closed", "afgesloten trajecten", sv.closed.to_string()),
            (
                "share_no_further_care",
                "aandeel geen vervolg",
                decimal(sv.share_no_further_care),
            ),
            (
                "share_gp_would_refer",
                "aandeel dat de huisarts zou verwijzen",
                decimal(Some(sv.share_gp_would_refer)),
            ),
            (
                "average_cost_eur",
                "gemiddelde kosten maatwerk (EUR)",
                decimal(Some(sv.average_cost_eur)),
            ),
            (
                "estimate_eur",
                "geschatte besparing (EUR)",
                decimal(Some(sv.estimate_eur)),
            ),
        ] {
            out.push([
                "total".into(),
                "savings".into(),
                name.into(),
                label.into(),
                v,
            ]);
        }
    }
    out
}

fn csv(a: &Aggregates, out: &mut impl Write) -> Result<()> {
    out.write_all(BOM)?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    w.write_record([
        "table",
        "row",
        "row_label",
        "column",
        "column_label",
        "value",
    ])
    .map_err(csv_error)?;
    for t in &a.tables {
        for line in long(t) {
            w.write_record(
                std::iter::once(safe(&t.name).into_owned())
                    .chain(line.iter().map(|c| safe(c).into_owned())),
            )
            .map_err(csv_error)?;
        }
    }
    for line in statistic_rows(a) {
        w.write_record(
            std::iter::once("statistics".to_owned())
                .chain(line.iter().map(|c| safe(c).into_owned())),
        )
        .map_err(csv_error)?;
    }
    for t in &a.withheld {
        w.write_record([
            "withheld".to_owned(),
            safe(&t.code).into_owned(),
            safe(&t.label).into_owned(),
            String::new(),
            String::new(),
            WITHHELD.to_owned(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()?;
    Ok(())
}

fn xlsx(header: &Header, a: &Aggregates, out: &mut impl Write) -> Result<()> {
    let mut book = Workbook::new();
    for t in &a.tables {
        let sheet = book.add_worksheet();
        // Sheet names are at most 31 characters in Excel.
        sheet
            .set_name(t.name.chars().take(31).collect::<String>())
            .map_err(xlsx_error)?;
        sheet
            .write_string(0, 0, safe(&t.title))
            .map_err(xlsx_error)?;
        for (j, c) in t.columns.iter().enumerate() {
            sheet
                .write_string(1, j as u16 + 1, safe(&c.label))
                .map_err(xlsx_error)?;
        }
        sheet
            .write_string(1, t.columns.len() as u16 + 1, "totaal")
            .map_err(xlsx_error)?;
        let mut put = |row: u32, col: usize, v: Option<u64>| match v {
            Some(n) => sheet.write_number(row, col as u16, n as f64).map(drop),
            None => sheet.write_string(row, col as u16, SECRET).map(drop),
        };
        let last = t.columns.len() + 1;
        for i in 0..t.rows.len() {
            let row = i as u32 + 2;
            for (j, v) in t.cells[i].iter().enumerate() {
                put(row, j + 1, *v).map_err(xlsx_error)?;
            }
            put(row, last, t.row_totals[i]).map_err(xlsx_error)?;
        }
        let total_row = t.rows.len() as u32 + 2;
        for (j, v) in t.column_totals.iter().enumerate() {
            put(total_row, j + 1, *v).map_err(xlsx_error)?;
        }
        put(total_row, last, t.total).map_err(xlsx_error)?;
        for (i, r) in t.rows.iter().enumerate() {
            sheet
                .write_string(i as u32 + 2, 0, safe(&r.label))
                .map_err(xlsx_error)?;
        }
        sheet
            .write_string(total_row, 0, "totaal")
            .map_err(xlsx_error)?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name("statistieken").map_err(xlsx_error)?;
    for (i, line) in statistic_rows(a).iter().enumerate() {
        for (j, v) in [&line[1], &line[3], &line[4]].iter().enumerate() {
            sheet
                .write_string(i as u32, j as u16, safe(v))
                .map_err(xlsx_error)?;
        }
    }
    if !a.withheld.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(WITHHELD).map_err(xlsx_error)?;
        for (i, t) in a.withheld.iter().enumerate() {
            sheet
                .write_string(i as u32, 0, safe(&t.label))
                .map_err(xlsx_error)?;
        }
    }
    explanation(&mut book, header)?;
    save(&mut book, out)
}
