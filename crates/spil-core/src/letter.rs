//! The feedback letter to the GP (terugkoppeling), composed from a trajectory.
//!
//! GPs read consultation notes in the SOEP shape (Subjectief, Objectief, Evaluatie,
//! Plan), so the letter uses it too: S is the request for help as referred, O what
//! the OJG did and saw (intake, conversations), E the triage decision, P how the
//! trajectory ended or continues. It is always Dutch: it goes to a Dutch GP,
//! whatever language the app is shown in.
//!
//! The letter is a draft: the worker edits it before sending, and the notes of
//! single conversations are deliberately left out (they are the worker's working
//! notes, not the GP's). Composing it is a read of an already audited trajectory;
//! the worker's edited text is kept by [`crate::Vault::save_gp_letter_draft`]
//! (`model::letter_draft`), and the app records the sending date with
//! [`crate::Vault::record_gp_feedback`].

use chrono::NaiveDate;

use crate::codes::{label, Code};
use crate::model::TrajectoryDetail;

/// `2024-03-07` → `07-03-2024`, as Dutch readers expect.
fn date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

fn labels<C: Code>(codes: &[C]) -> String {
    codes
        .iter()
        .map(|c| label(*c, "nl"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn name(t: &TrajectoryDetail) -> String {
    let parts: Vec<&str> = [
        t.youth.given_name.as_deref(),
        t.youth.family_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        t.youth
            .youth_ref
            .clone()
            .unwrap_or_else(|| "de jeugdige".to_owned())
    } else {
        parts.join(" ")
    }
}

/// The draft letter, dated `today`.
pub fn gp_letter(t: &TrajectoryDetail, today: NaiveDate) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!("Aan: huisarts, {}", t.practice.name));
    line(format!("Datum: {}", date(today)));
    let birth = t
        .youth
        .birth_date
        .map(|d| format!(" (geboren {})", date(d)))
        .unwrap_or_default();
    line(format!("Betreft: {}{birth}", name(t)));
    line(String::new());
    line("Geachte collega,".to_owned());
    line(String::new());
    let referrer = t
        .referrer
        .map(|r| format!(" door {}", label(r, "nl")))
        .unwrap_or_default();
    line(format!(
        "Hierbij mijn terugkoppeling over de aanmelding van {}{referrer}.",
        date(t.referral_date)
    ));
    line(String::new());

    line("S (hulpvraag)".to_owned());
    line(
        t.request_for_help
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "Geen hulpvraag vastgelegd.".to_owned()),
    );
    if !t.problem_areas.is_empty() {
        line(format!("Probleemgebieden: {}.", labels(&t.problem_areas)));
    }
    line(String::new());

    line("O (bevindingen)".to_owned());
    match &t.intake {
        Some(i) => {
            let present = if i.present.is_empty() {
                String::new()
            } else {
                format!(" met {}", labels(&i.present))
            };
            line(format!("Intake op {}{present}.", date(i.date)));
            if let Some(s) = i.summary.as_deref().filter(|s| !s.trim().is_empty()) {
                line(s.to_owned());
            }
            if let Some(score) = i.screening_score {
                let instrument = i.screening_instrument.as_deref().unwrap_or("screening");
                line(format!("{instrument}: score {score}."));
            }
        }
        None => line("Nog geen intake.".to_owned()),
    }
    let n = t.conversations.len();
    if n > 0 {
        let first = t.conversations.iter().map(|c| c.date).min();
        let last = t.conversations.iter().map(|c| c.date).max();
        if let (Some(first), Some(last)) = (first, last) {
            let word = if n == 1 { "gesprek" } else { "gesprekken" };
            line(format!(
                "{n} {word} tussen {} en {}.",
                date(first),
                date(last)
            ));
        }
    }
    line(String::new());

    line("E (afweging)".to_owned());
    match t.triage_history.last() {
        Some(d) => {
            line(format!(
                "{} (besloten {}).",
                capitalise(&label(d.decision, "nl")),
                date(d.decided_on)
            ));
            if let Some(r) = d.rationale.as_deref().filter(|s| !s.trim().is_empty()) {
                line(r.to_owned());
            }
        }
        None => line("Nog geen afweging gemaakt.".to_owned()),
    }
    line(String::new());

    line("P (plan en uitstroom)".to_owned());
    match (t.closed_date, t.outcome) {
        (Some(closed), Some(outcome)) => {
            line(format!(
                "Traject afgesloten op {}. Uitstroom: {}.",
                date(closed),
                label(outcome, "nl")
            ));
            if let Some(reason) = t.closure_reason {
                line(format!("Reden beëindiging: {}.", label(reason, "nl")));
            }
        }
        _ => line("Het traject loopt nog; ik houd u op de hoogte.".to_owned()),
    }
    line(String::new());
    line("Met vriendelijke groet,".to_owned());
    line(String::new());
    line("Ondersteuner Jeugd en Gezin".to_owned());
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Outcome, Triage};
    use crate::model::{ClosureInput, IntakeInput, TriageInput};
    use crate::testutil::{date as d, with_referral};

    #[test]
    fn letter_follows_soep_and_names_the_outcome() {
        let (_dir, mut vault, id) = with_referral();
        vault.record_first_contact(&id, d("2024-03-04")).unwrap();
        vault
            .record_intake(
                &id,
                &IntakeInput {
                    date: d("2024-03-04"),
                    present: vec![],
                    summary: Some("Slaapt slecht sinds de verhuizing.".into()),
                    screening_instrument: Some("SDQ".into()),
                    screening_score: Some(14),
                },
            )
            .unwrap();
        vault
            .decide_triage(
                &id,
                &TriageInput {
                    decided_on: d("2024-03-05"),
                    decision: Triage::OjgSupport,
                    rationale: None,
                },
            )
            .unwrap();
        vault
            .close_trajectory(
                &id,
                &ClosureInput {
                    closed_date: d("2024-04-01"),
                    outcome: Outcome::NoFurtherCare,
                    closure_reason: None,
                    satisfaction: None,
                    gp_feedback_date: None,
                },
            )
            .unwrap();
        let detail = vault.trajectory(&id).unwrap();
        let letter = gp_letter(&detail, d("2024-04-02"));
        let s = letter.find("S (hulpvraag)").unwrap();
        let o = letter.find("O (bevindingen)").unwrap();
        let e = letter.find("E (afweging)").unwrap();
        let p = letter.find("P (plan en uitstroom)").unwrap();
        assert!(s < o && o < e && e < p, "{letter}");
        assert!(letter.contains("Datum: 02-04-2024"));
        assert!(letter.contains("Intake op 04-03-2024"));
        assert!(letter.contains("SDQ: score 14."));
        assert!(letter.contains("slaapt slecht"));
        assert!(
            letter.contains("Traject afgesloten op 01-04-2024"),
            "{letter}"
        );
        assert!(letter.contains(&label(Outcome::NoFurtherCare, "nl")));
    }
}
