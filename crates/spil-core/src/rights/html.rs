//! The inzage document as a self-contained HTML page for reading and printing.
//!
//! Dutch, as the client reads it. Every value passes through [`esc`]: notes and names
//! are the client's and the worker's free text and must never become markup. The page
//! has no scripts and loads nothing, so it prints the same on any machine.

use std::fmt::Write;

use chrono::NaiveDate;

use super::InzageDocument;
use crate::codes::{label, Code};
use crate::model::TrajectoryDetail;

const STYLE: &str = "body{font-family:sans-serif;max-width:52em;margin:2em auto;color:#111}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #999}\
h3{font-size:1em}table{border-collapse:collapse;width:100%;margin:.5em 0}\
th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}\
th{background:#eee;width:14em}.text{white-space:pre-wrap}\
@media print{h2{break-before:auto}table{break-inside:avoid}}";

/// Escape text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn nl<C: Code>(c: C) -> String {
    label(c, "nl")
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d-%m-%Y").to_string())
        .unwrap_or_default()
}

/// An audit time (RFC 3339, UTC) as the reader's local `dd-mm-jjjj uu:mm`; text that
/// is not such a time is shown as it is.
fn moment(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%d-%m-%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_owned())
}

/// What an audit action means, in the reader's words.
fn handling(action: &str) -> &str {
    match action {
        "create" => "vastgelegd",
        "read" => "ingezien",
        "update" => "gewijzigd",
        "delete" => "verwijderd",
        "import" => "geïmporteerd",
        "export" => "geëxporteerd (geanonimiseerd)",
        "print" => "afgedrukt of opgeslagen",
        "backup" => "back-up gemaakt",
        "restore" => "back-up teruggezet",
        "search" => "gezocht",
        "unlock" => "kluis geopend",
        "unlock_failed" => "mislukte poging de kluis te openen",
        "lock" => "kluis gesloten",
        other => other,
    }
}

fn list<C: Code>(codes: &[C]) -> String {
    codes.iter().map(|c| nl(*c)).collect::<Vec<_>>().join(", ")
}

/// A two-column table of label and (already formatted, unescaped) value; empty
/// values are left out.
fn rows(out: &mut String, pairs: &[(&str, String)]) {
    out.push_str("<table>");
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = write!(
            out,
            "<tr><th>{}</th><td class=\"text\">{}</td></tr>",
            esc(k),
            esc(v)
        );
    }
    out.push_str("</table>");
}

/// Render the document as one HTML page.
pub fn inzage_html(doc: &InzageDocument) -> String {
    let y = &doc.youth;
    let mut out = String::new();
    let name = [y.given_name.as_deref(), y.family_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">\
         <title>Inzage dossier {}</title><style>{STYLE}</style></head><body>\
         <h1>Inzage dossier {}</h1><p>Gemaakt op {} door {}. Dit overzicht bevat alle \
         gegevens die in Spil over deze jeugdige zijn vastgelegd, en wie het dossier \
         heeft ingezien of gewijzigd.</p><h2>Persoonsgegevens</h2>",
        esc(&name),
        esc(&name),
        esc(&moment(&doc.generated_at)),
        esc(&doc.generated_by)
    );
    rows(
        &mut out,
        &[
            ("Eigen referentie", y.youth_ref.clone().unwrap_or_default()),
            ("Voornaam", y.given_name.clone().unwrap_or_default()),
            ("Achternaam", y.family_name.clone().unwrap_or_default()),
            ("Geboortedatum", date(y.birth_date)),
            ("Geslacht", nl(y.gender)),
            ("BSN", y.bsn.clone().unwrap_or_default()),
            ("Postcode", y.postcode.clone().unwrap_or_default()),
        ],
    );
    for (i, t) in doc.trajectories.iter().enumerate() {
        let _ = write!(
            out,
            "<h2>Traject {} (aangemeld {})</h2>",
            i + 1,
            date(Some(t.referral_date))
        );
        trajectory(&mut out, t);
        if let Some(d) = doc
            .gp_letter_drafts
            .iter()
            .find(|d| d.trajectory_id == t.id)
        {
            out.push_str("<h3>Concept brief aan de huisarts</h3>");
            rows(
                &mut out,
                &[("Bewaard", moment(&d.saved_at)), ("Tekst", d.text.clone())],
            );
        }
    }
    out.push_str("<h2>Toegang tot het dossier</h2><table><tr><th>Tijdstip</th><th>Wie</th><th>Handeling</th><th>Onderdeel</th></tr>");
    for e in &doc.access_history {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&moment(&e.at)),
            esc(&e.actor),
            esc(handling(&e.action)),
            esc(&e.what)
        );
    }
    out.push_str("</table></body></html>\n");
    out
}

fn trajectory(out: &mut String, t: &TrajectoryDetail) {
    out.push_str("<h3>Aanmelding</h3>");
    rows(
        out,
        &[
            ("Praktijk", t.practice.name.clone()),
            ("Verwijzer", t.referrer.map(nl).unwrap_or_default()),
            ("Hulpvraag", t.request_for_help.clone().unwrap_or_default()),
            ("Probleemgebieden", list(&t.problem_areas)),
            ("Urgentie", nl(t.urgency)),
            ("Eerste contact", date(t.first_contact_date)),
            ("Notities", t.notes.clone().unwrap_or_default()),
        ],
    );
    if let Some(i) = &t.intake {
        out.push_str("<h3>Intake</h3>");
        rows(
            out,
            &[
                ("Datum", date(Some(i.date))),
                ("Aanwezig", list(&i.present)),
                ("Samenvatting", i.summary.clone().unwrap_or_default()),
                (
                    "Screening",
                    match (&i.screening_instrument, i.screening_score) {
                        (Some(n), Some(s)) => format!("{n}: {s}"),
                        (Some(n), None) => n.clone(),
                        (None, Some(s)) => s.to_string(),
                        (None, None) => String::new(),
                    },
                ),
            ],
        );
    }
    for d in &t.triage_history {
        out.push_str("<h3>Afweging</h3>");
        rows(
            out,
            &[
                ("Datum", date(Some(d.decided_on))),
                ("Besluit", nl(d.decision)),
                ("Toelichting", d.rationale.clone().unwrap_or_default()),
            ],
        );
    }
    for c in &t.conversations {
        out.push_str("<h3>Gesprek</h3>");
        rows(
            out,
            &[
                ("Datum", date(Some(c.date))),
                (
                    "Minuten",
                    c.minutes.map(|m| m.to_string()).unwrap_or_default(),
                ),
                ("Met", list(&c.participants)),
                ("Vorm", c.mode.map(nl).unwrap_or_default()),
                ("Interventies", list(&c.interventions)),
                ("Notities", c.notes.clone().unwrap_or_default()),
            ],
        );
    }
    for d in &t.deleted_conversations {
        out.push_str("<h3>Gesprek verwijderd</h3>");
        rows(
            out,
            &[
                ("Datum gesprek", date(Some(d.record_date))),
                ("Reden", d.reason.clone()),
            ],
        );
    }
    for r in &t.reopenings {
        out.push_str("<h3>Heropend</h3>");
        rows(
            out,
            &[
                ("Datum", date(Some(r.reopened_on))),
                ("Reden", r.reason.clone()),
                ("Eerder afgesloten", date(Some(r.prev_closed_date))),
                ("Eerdere uitstroom", nl(r.prev_outcome)),
            ],
        );
    }
    if t.closed_date.is_some() || t.gp_feedback_date.is_some() {
        out.push_str("<h3>Afsluiting</h3>");
        rows(
            out,
            &[
                ("Datum", date(t.closed_date)),
                ("Uitstroom", t.outcome.map(nl).unwrap_or_default()),
                ("Reden", t.closure_reason.map(nl).unwrap_or_default()),
                (
                    "Tevredenheid",
                    t.satisfaction.map(|s| s.to_string()).unwrap_or_default(),
                ),
                ("Terugkoppeling huisarts", date(t.gp_feedback_date)),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{esc, handling, moment};
    use crate::audit::ALL_ACTIONS;

    #[test]
    fn times_are_local_dutch_and_actions_are_words() {
        let at = "2024-03-04T09:05:00.000Z";
        let local = chrono::DateTime::parse_from_rfc3339(at)
            .unwrap()
            .with_timezone(&chrono::Local);
        assert_eq!(moment(at), local.format("%d-%m-%Y %H:%M").to_string());
        assert_eq!(moment(at).len(), "04-03-2024 09:05".len());
        assert_eq!(moment("gisteren"), "gisteren");
        for a in ALL_ACTIONS {
            assert_ne!(
                handling(a.as_str()),
                a.as_str(),
                "{a:?} has no Dutch wording"
            );
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
