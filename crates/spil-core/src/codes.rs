//! The stable code lists (docs/DESIGN.md, "Code lists").
//!
//! Codes are what the store, the import file and the exports carry. Their Dutch and
//! English labels live in `assets/codes.json`, not here; a test keeps the two in step.

use crate::Rule;
use serde::{Deserialize, Serialize};

/// Every code list implements this, so import, validation and labels treat them alike.
pub trait Code: Sized + Copy + 'static {
    /// The list's name as used in `assets/codes.json` and in error messages.
    const LIST: &'static str;
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident, $list:literal { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl Code for $name {
            const LIST: &'static str = $list;
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                <$name as Code>::parse(s).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(format!("unknown {} code", $list).into())
                })
            }
        }
    };
}

code_list!(
    /// Who referred (verwijzer).
    Referrer, "referrer" {
    Gp = "gp",
    YouthDoctor = "youth_doctor",
    MunicipalTeam = "municipal_team",
    School = "school",
    MedicalSpecialist = "medical_specialist",
    CertifiedInstitution = "certified_institution",
    Court = "court",
    SelfReferred = "self",
    OtherProfessional = "other_professional",
});

code_list!(
    /// Problem areas (probleemgebieden); a trajectory has one or more.
    ProblemArea, "problem_area" {
    Sleep = "sleep",
    Behaviour = "behaviour",
    AnxietyMood = "anxiety_mood",
    SubstanceUse = "substance_use",
    Parenting = "parenting",
    FamilyRelations = "family_relations",
    SchoolLearning = "school_learning",
    Development = "development",
    Psychosomatic = "psychosomatic",
    Trauma = "trauma",
    SocialProblems = "social_problems",
    Psychosocial = "psychosocial",
    Other = "other",
});

code_list!(
    /// The triage decision (afweging).
    Triage, "triage" {
    OwnNetwork = "own_network",
    SocialBase = "social_base",
    OjgSupport = "ojg_support",
    ReferralNeeded = "referral_needed",
});

code_list!(
    /// Where a closed trajectory went (uitstroom).
    Outcome, "outcome" {
    NoFurtherCare = "no_further_care",
    SocialBase = "social_base",
    FreeAccessCare = "free_access_care",
    MunicipalTeam = "municipal_team",
    BasicMentalHealth = "basic_mental_health",
    SpecialistMentalHealth = "specialist_mental_health",
    YouthCareLocal = "youth_care_local",
    YouthCareRegional = "youth_care_regional",
    IntellectualDisabilityCare = "intellectual_disability_care",
    DroppedOut = "dropped_out",
    Other = "other",
});

code_list!(
    /// Why a trajectory ended (reden beëindiging, CBS Beleidsinformatie Jeugd).
    ClosureReason, "closure_reason" {
    Planned = "planned",
    EarlyAgreed = "early_agreed",
    EarlyClient = "early_client",
    EarlyProvider = "early_provider",
    EarlyExternal = "early_external",
});

code_list!(
    /// Gender as registered (COD046).
    Gender, "gender" {
    Male = "m",
    Female = "f",
    X = "x",
    Unknown = "unknown",
});

code_list!(
    /// How soon the referral needs a first contact.
    Urgency, "urgency" {
    Normal = "normal",
    Soon = "soon",
    Urgent = "urgent",
});

code_list!(
    /// Who took part in a conversation or intake.
    Participant, "participant" {
    Youth = "youth",
    Parents = "parents",
    Family = "family",
    School = "school",
    Gp = "gp",
    Other = "other",
});

code_list!(
    /// Where or how a conversation took place.
    Mode, "mode" {
    InPractice = "in_practice",
    Home = "home",
    Phone = "phone",
    Video = "video",
});

code_list!(
    /// What the OJG did in a conversation (several per conversation).
    Intervention, "intervention" {
    TriageScreening = "triage_screening",
    Psychoeducation = "psychoeducation",
    ParentingSupport = "parenting_support",
    PsychosocialIntervention = "psychosocial_intervention",
    BriefMentalHealthTreatment = "brief_mental_health_treatment",
    CareMediation = "care_mediation",
    GpConsultation = "gp_consultation",
});

/// Parse a code or explain which codes are allowed.
pub fn parse_code<C: Code>(field: &str, s: &str) -> crate::Result<C> {
    C::parse(s.trim()).ok_or_else(|| {
        let allowed: Vec<&str> = C::ALL.iter().map(|c| c.as_str()).collect();
        crate::Error::invalid(
            field,
            Rule::UnknownCode,
            format!("unknown {} code; allowed: {}", C::LIST, allowed.join(", ")),
        )
    })
}

/// A code as a spreadsheet may hold it: the code itself (`gp`), or its label in
/// Dutch or English as the app shows it (`huisarts`, `GP`), or one part of a label
/// that names two things (`meisje` or `vrouw` of "meisje / vrouw"), or an alias the
/// labels file lists (`v`), in any case and with the spaces around it ignored.
/// Anything else is refused as [`parse_code`] does.
pub fn parse_code_or_label<C: Code>(field: &str, s: &str) -> crate::Result<C> {
    let s = s.trim();
    if let Some(c) = C::parse(s) {
        return Ok(c);
    }
    let wanted = s.to_lowercase();
    let labels: serde_json::Value = serde_json::from_str(LABELS_JSON).unwrap_or_default();
    let names = |c: C| -> Vec<String> {
        let entry = &labels[C::LIST][c.as_str()];
        let mut names = vec![c.as_str().to_owned()];
        for lang in ["nl", "en"] {
            if let Some(label) = entry[lang].as_str() {
                names.push(label.to_lowercase());
                names.extend(label.split(" / ").map(|p| p.trim().to_lowercase()));
            }
        }
        if let Some(aliases) = entry["aliases"].as_array() {
            names.extend(
                aliases
                    .iter()
                    .filter_map(|a| a.as_str())
                    .map(str::to_lowercase),
            );
        }
        names
    };
    C::ALL
        .iter()
        .copied()
        .find(|&c| names(c).contains(&wanted))
        .map_or_else(|| parse_code::<C>(field, s), Ok)
}

/// The labels file shipped in `assets/`.
pub const LABELS_JSON: &str = include_str!("../../../assets/codes.json");

/// The label of a code in a language (`nl` or `en`); the code itself if none.
pub fn label<C: Code>(code: C, lang: &str) -> String {
    let labels: serde_json::Value = serde_json::from_str(LABELS_JSON).unwrap_or_default();
    labels[C::LIST][code.as_str()][lang]
        .as_str()
        .unwrap_or(code.as_str())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_may_hold_a_code_or_its_label() {
        assert_eq!(
            parse_code_or_label::<Referrer>("r", "gp").unwrap(),
            Referrer::Gp
        );
        assert_eq!(
            parse_code_or_label::<Referrer>("r", " Huisarts ").unwrap(),
            Referrer::Gp
        );
        assert_eq!(
            parse_code_or_label::<Referrer>("r", "GP").unwrap(),
            Referrer::Gp
        );
        assert_eq!(
            parse_code_or_label::<Referrer>("r", "school").unwrap(),
            Referrer::School
        );
        assert_eq!(
            parse_code_or_label::<Gender>("g", "V").unwrap(),
            Gender::Female
        );
        assert_eq!(
            parse_code_or_label::<Gender>("g", "meisje").unwrap(),
            Gender::Female
        );
        assert_eq!(
            parse_code_or_label::<Gender>("g", "jongen").unwrap(),
            Gender::Male
        );
        let e = parse_code_or_label::<Referrer>("r", "buurvrouw").unwrap_err();
        assert!(matches!(e, crate::Error::Invalid(ref i) if i.rule == Rule::UnknownCode));
    }

    fn check<C: Code>(labels: &serde_json::Value) {
        let list = labels[C::LIST]
            .as_object()
            .unwrap_or_else(|| panic!("{} missing from codes.json", C::LIST));
        for code in C::ALL {
            for lang in ["nl", "en"] {
                assert!(
                    list[code.as_str()][lang].is_string(),
                    "{}:{} has no {lang} label",
                    C::LIST,
                    code.as_str()
                );
            }
        }
        assert_eq!(list.len(), C::ALL.len(), "{} has stray labels", C::LIST);
    }

    #[test]
    fn every_code_has_dutch_and_english_labels() {
        let labels: serde_json::Value = serde_json::from_str(LABELS_JSON).unwrap();
        check::<Referrer>(&labels);
        check::<ProblemArea>(&labels);
        check::<Triage>(&labels);
        check::<Outcome>(&labels);
        check::<ClosureReason>(&labels);
        check::<Gender>(&labels);
        check::<Urgency>(&labels);
        check::<Participant>(&labels);
        check::<Mode>(&labels);
        check::<Intervention>(&labels);
    }

    #[test]
    fn parse_explains_allowed_codes() {
        assert_eq!(Outcome::parse("social_base"), Some(Outcome::SocialBase));
        let err = parse_code::<Triage>("triage", "maybe").unwrap_err();
        assert!(err.to_string().contains("own_network"));
        assert_eq!(label(Referrer::Gp, "nl"), "huisarts");
    }
}
