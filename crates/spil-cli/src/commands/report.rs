//! `spil report`: the monitoring report, as a readable Dutch table or as JSON (the same
//! data the app's monitoring screen shows).

use std::path::Path;

use spil_core::report::{Count, Figures, GroupBy, Report, ReportParams, Summary};

use super::{open, CliError, CliResult};

/// `--by practice|kern|municipality`.
pub fn parse_group_by(s: &str) -> Result<GroupBy, String> {
    match s {
        "practice" | "praktijk" => Ok(GroupBy::Practice),
        "kern" => Ok(GroupBy::Kern),
        "municipality" | "gemeente" => Ok(GroupBy::Municipality),
        _ => Err("expected practice, kern or municipality".into()),
    }
}

pub fn run(dir: &Path, params: &ReportParams, json: bool) -> CliResult {
    let mut vault = open(dir)?;
    let mut params = params.clone();
    params.savings = vault.savings_params()?;
    let report = vault.report(&params)?;
    vault.close()?;
    if json {
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::msg(e.to_string()))?;
        println!("{text}");
    } else {
        print!("{}", table(&report));
    }
    Ok(())
}

/// A decimal with a comma, as Dutch readers expect.
fn dec(v: Option<f64>, digits: usize) -> String {
    v.map(|x| format!("{x:.digits$}").replace('.', ","))
        .unwrap_or_else(|| "–".into())
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{}%", dec(Some(x * 100.0), 0)))
        .unwrap_or_else(|| "–".into())
}

/// Euros with a thousands dot: € 99.036.
fn euro(x: f64) -> String {
    let whole = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    format!("€ {}{out}", if x < 0.0 { "-" } else { "" })
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

type Line = (&'static str, fn(&Figures) -> String);

const LINES: &[Line] = &[
    ("Aanmeldingen", |f| f.referrals.to_string()),
    ("Unieke jeugdigen", |f| f.unique_youths.to_string()),
    ("Gezinnen", |f| f.families.to_string()),
    ("Wachtend op einddatum", |f| f.waiting_at_end.to_string()),
    ("In begeleiding op einddatum", |f| {
        f.active_at_end.to_string()
    }),
    ("Open op einddatum", |f| f.open_at_end.to_string()),
    ("Afgesloten in periode", |f| f.closed.to_string()),
    ("Wachttijd mediaan (dagen)", |f| {
        dec(f.waiting_days.median, 1)
    }),
    ("Wachttijd p90 (dagen)", |f| dec(f.waiting_days.p90, 0)),
    ("Gesprekken per traject (gem.)", |f| {
        dec(f.conversations.mean, 1)
    }),
    ("  0 gesprekken", |f| f.conversations.zero.to_string()),
    ("  1 gesprek", |f| f.conversations.one.to_string()),
    ("  2–7 gesprekken", |f| {
        f.conversations.two_to_seven.to_string()
    }),
    ("  8 of meer", |f| f.conversations.eight_plus.to_string()),
    ("  1–5 gesprekken", |f| {
        f.conversations.one_to_five.to_string()
    }),
    ("  6 of meer", |f| f.conversations.six_plus.to_string()),
    ("Duur mediaan (dagen)", |f| dec(f.duration_days.median, 1)),
    ("Tevredenheid (gem.)", |f| summary_mean(&f.satisfaction)),
    ("Terugkeer binnen 6 mnd", |f| {
        pct(f.recurrence.within_6_months.share)
    }),
    ("Terugkeer binnen 12 mnd", |f| {
        pct(f.recurrence.within_12_months.share)
    }),
    ("Consultaties huisarts", |f| f.gp_consultations.to_string()),
    ("Geen vervolg nodig", |f| {
        pct(f.savings.share_no_further_care)
    }),
    ("Geschatte besparing", |f| euro(f.savings.estimate_eur)),
];

fn summary_mean(s: &Summary) -> String {
    dec(s.mean, 1)
}

/// The human report: figures in columns (total, then each group), then distributions.
pub fn table(r: &Report) -> String {
    let mut out = String::new();
    let period = match r.from {
        Some(f) => format!("{} t/m {}", date(f), date(r.to)),
        None => format!("tot en met {}", date(r.to)),
    };
    out.push_str(&format!(
        "Monitoring Ondersteuner Jeugd en Gezin — {period}\n"
    ));
    if let Some(p) = &r.profile {
        out.push_str(&format!("Regio: {}\n", p.title));
    }
    out.push('\n');
    let mut columns: Vec<(&str, &Figures)> = vec![("Totaal", &r.overall)];
    columns.extend(r.groups.iter().map(|g| (g.label.as_str(), &g.figures)));
    out.push_str(&format!("{:<32}", ""));
    for (name, _) in &columns {
        out.push_str(&format!("{:>14}", truncate(name, 13)));
    }
    out.push('\n');
    for (label, value) in LINES {
        out.push_str(&format!("{label:<32}"));
        for (_, f) in &columns {
            out.push_str(&format!("{:>14}", value(f)));
        }
        out.push('\n');
    }
    let s = &r.savings_parameters;
    out.push_str(&format!(
        "\nBesparing = afgesloten × aandeel geen vervolg × {} (zou de huisarts verwijzen) × {} (gem. kosten maatwerkvoorziening)\n",
        pct(Some(s.share_gp_would_refer)),
        euro(s.average_cost_eur)
    ));
    let f = &r.overall;
    distribution(&mut out, "Uitstroom", &f.outcomes);
    if let Some(region) = &f.region_outcomes {
        distribution(&mut out, "Uitstroom (regiotabel)", region);
    }
    distribution(&mut out, "Verwijzer", &f.referrers);
    if let Some(region) = &f.region_referrers {
        distribution(&mut out, "Verwijzer (regiotabel)", region);
    }
    distribution(&mut out, "Probleemgebieden", &f.problem_areas);
    distribution(&mut out, "Leeftijd bij aanmelding", &f.age_bands);
    distribution(&mut out, "Geslacht", &f.genders);
    distribution(&mut out, "Afweging", &f.triage);
    out
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn distribution(out: &mut String, title: &str, list: &[Count]) {
    out.push_str(&format!("\n{title}\n"));
    for c in list {
        out.push_str(&format!(
            "  {:<44}{:>8}{:>8}\n",
            truncate(&c.label, 43),
            c.count,
            pct(c.share)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers() {
        assert_eq!(euro(99_035.8), "€ 99.036");
        assert_eq!(euro(2414.0), "€ 2.414");
        assert_eq!(euro(12.0), "€ 12");
        assert_eq!(pct(Some(0.37)), "37%");
        assert_eq!(dec(Some(6.25), 1), "6,2");
        assert_eq!(parse_group_by("kern"), Ok(GroupBy::Kern));
        assert!(parse_group_by("street").is_err());
    }
}
