//! `spil export`: an anonymised export to a file (CSV, XLSX or JSON).

use std::path::Path;

use spil_core::export::{Anonymisation, ExportFormat, ExportLevel, ExportParams, Granularity};

use super::{open, CliError, CliResult};

pub fn parse_level(s: &str) -> Result<ExportLevel, String> {
    match s {
        "aggregate" => Ok(ExportLevel::Aggregate),
        "records" => Ok(ExportLevel::Records),
        _ => Err("expected aggregate or records".into()),
    }
}

pub fn parse_format(s: &str) -> Result<ExportFormat, String> {
    match s {
        "csv" => Ok(ExportFormat::Csv),
        "xlsx" => Ok(ExportFormat::Xlsx),
        "json" => Ok(ExportFormat::Json),
        _ => Err("expected csv, xlsx or json".into()),
    }
}

pub fn parse_granularity(s: &str) -> Result<Granularity, String> {
    match s {
        "quarter" | "kwartaal" => Ok(Granularity::Quarter),
        "half-year" | "half_year" | "halfjaar" => Ok(Granularity::HalfYear),
        _ => Err("expected quarter or half-year".into()),
    }
}

pub struct ExportArgs<'a> {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub out: &'a Path,
    pub level: ExportLevel,
    /// `None`: from the file's extension, else CSV.
    pub format: Option<ExportFormat>,
    pub granularity: Granularity,
    pub profile: Option<String>,
}

pub fn run(dir: &Path, a: &ExportArgs) -> CliResult {
    let params = ExportParams {
        from: a.from,
        to: a.to,
        level: a.level,
        format: a
            .format
            .or_else(|| ExportFormat::from_extension(a.out))
            .unwrap_or_default(),
        granularity: a.granularity,
        profile: a.profile.clone(),
    };
    let mut vault = open(dir)?;
    let file = std::fs::File::create(a.out)
        .map_err(|e| CliError::msg(format!("cannot write {}: {}", a.out.display(), e.kind())))?;
    let result = vault.export(&params, std::io::BufWriter::new(file), |p| {
        if p.total >= 10_000 {
            eprint!("\r{} / {} records", p.written, p.total);
        }
    });
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            // Leave no half-written export behind.
            let _ = std::fs::remove_file(a.out);
            return Err(e.into());
        }
    };
    vault.close()?;
    match &summary.anonymisation {
        Some(an) => println!(
            "{} records ({} t/m {}) naar {}; {}",
            summary.records,
            summary.from,
            summary.to,
            a.out.display(),
            describe(an)
        ),
        None => {
            println!(
                "{} tabellen ({} t/m {}) naar {}; {} cellen geheim",
                summary.tables,
                summary.from,
                summary.to,
                a.out.display(),
                summary.suppressed_cells
            );
            if !summary.withheld.is_empty() {
                let names: Vec<&str> = summary.withheld.iter().map(|w| w.code.as_str()).collect();
                println!(
                    "weggelaten, per kern niet veilig genoeg te maken: {}",
                    names.join(", ")
                );
            }
            if let Some(l) = summary.loss {
                // A fixed, English line for scripts (make table-loss).
                println!(
                    "loss: cells={} zero={} hidden_small={} hidden_protecting={} rounded={} rounding_error={}",
                    l.cells, l.zero, l.hidden_small, l.hidden_protecting, l.rounded, l.rounding_error
                );
            }
        }
    }
    Ok(())
}

/// What anonymisation did, on one line: k and l reached, each attribute's level,
/// records suppressed, information loss.
pub fn describe(an: &Anonymisation) -> String {
    let reached = |v: Option<u64>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
    let levels: Vec<String> = an
        .generalisation
        .iter()
        .map(|g| {
            let name = serde_json::to_value(g.attribute)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            format!("{name}={}", g.level)
        })
        .collect();
    format!(
        "k = {} (minimaal {}), l = {} (minimaal {}); niveaus: {}; {} van {} records weggelaten; informatieverlies {:.3}",
        reached(an.k_reached),
        an.k,
        reached(an.l_reached),
        an.l,
        levels.join(", "),
        an.suppressed,
        an.records,
        an.loss
    )
}
