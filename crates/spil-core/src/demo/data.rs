//! The fixed ingredients of a demo caseload: practices in the two pilot regions,
//! Dutch-looking names, the pilots' outcome proportions and text templates.
//! Every name and sentence is made up.

use crate::codes::{
    ClosureReason, Gender, Intervention, Mode, Outcome, ProblemArea, Referrer, Triage, Urgency,
};

/// Which pilot's outcome proportions a practice follows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Region {
    Groningen,
    Rheden,
}

pub(crate) struct PracticeSpec {
    pub name: &'static str,
    pub kern: &'static str,
    pub municipality_code: &'static str,
    pub hours_per_week: f64,
    pub his: &'static str,
    /// The four-digit part of postcodes around the practice.
    pub postcodes: &'static [u16],
    pub region: Region,
    /// Share of referrals.
    pub weight: u32,
}

pub(crate) const PRACTICES: &[PracticeSpec] = &[
    PracticeSpec {
        name: "Huisartsenpraktijk Oosterpoort",
        kern: "Groningen",
        municipality_code: "GM0014",
        hours_per_week: 16.0,
        his: "Medicom",
        postcodes: &[9711, 9712, 9724, 9726],
        region: Region::Groningen,
        weight: 22,
    },
    PracticeSpec {
        name: "Gezondheidscentrum Vinkhuizen",
        kern: "Groningen",
        municipality_code: "GM0014",
        hours_per_week: 12.0,
        his: "Promedico",
        postcodes: &[9741, 9742, 9744, 9746],
        region: Region::Groningen,
        weight: 18,
    },
    PracticeSpec {
        name: "Huisartsen Winsum",
        kern: "Winsum",
        municipality_code: "GM1966",
        hours_per_week: 8.0,
        his: "Medicom",
        postcodes: &[9951, 9953],
        region: Region::Groningen,
        weight: 9,
    },
    PracticeSpec {
        name: "Praktijk Zuidhorn",
        kern: "Zuidhorn",
        municipality_code: "GM1969",
        hours_per_week: 8.0,
        his: "MicroHIS",
        postcodes: &[9801, 9802],
        region: Region::Groningen,
        weight: 9,
    },
    PracticeSpec {
        name: "Huisartsenpraktijk De Linde",
        kern: "Dieren",
        municipality_code: "GM0275",
        hours_per_week: 16.0,
        his: "Medicom",
        postcodes: &[6951, 6952, 6953],
        region: Region::Rheden,
        weight: 18,
    },
    PracticeSpec {
        name: "Huisartsen Velp-Noord",
        kern: "Velp",
        municipality_code: "GM0275",
        hours_per_week: 12.0,
        his: "Promedico",
        postcodes: &[6881, 6882, 6883],
        region: Region::Rheden,
        weight: 15,
    },
    PracticeSpec {
        name: "Praktijk Rheden-De Steeg",
        kern: "Rheden",
        municipality_code: "GM0275",
        hours_per_week: 8.0,
        his: "MicroHIS",
        postcodes: &[6991, 6994],
        region: Region::Rheden,
        weight: 9,
    },
];

/// The pilot regions' outcome figures (Groningen, Rheden); the remainder goes to dropped out and other.
pub(crate) const OUTCOMES_GRONINGEN: &[(Outcome, u32)] = &[
    (Outcome::NoFurtherCare, 54),
    (Outcome::SpecialistMentalHealth, 20),
    (Outcome::MunicipalTeam, 12),
    (Outcome::IntellectualDisabilityCare, 5),
    (Outcome::BasicMentalHealth, 4),
    (Outcome::FreeAccessCare, 2),
    (Outcome::DroppedOut, 2),
    (Outcome::Other, 1),
];

pub(crate) const OUTCOMES_RHEDEN: &[(Outcome, u32)] = &[
    (Outcome::NoFurtherCare, 37),
    (Outcome::YouthCareLocal, 36),
    (Outcome::SocialBase, 11),
    (Outcome::YouthCareRegional, 10),
    (Outcome::DroppedOut, 3),
    (Outcome::Other, 3),
];

pub(crate) const REFERRERS: &[(Referrer, u32)] = &[
    (Referrer::Gp, 70),
    (Referrer::School, 8),
    (Referrer::YouthDoctor, 6),
    (Referrer::SelfReferred, 6),
    (Referrer::MunicipalTeam, 4),
    (Referrer::OtherProfessional, 3),
    (Referrer::MedicalSpecialist, 2),
    (Referrer::CertifiedInstitution, 1),
];

pub(crate) const PROBLEM_AREAS: &[(ProblemArea, u32)] = &[
    (ProblemArea::AnxietyMood, 24),
    (ProblemArea::Behaviour, 16),
    (ProblemArea::FamilyRelations, 12),
    (ProblemArea::Parenting, 10),
    (ProblemArea::SchoolLearning, 9),
    (ProblemArea::Psychosocial, 8),
    (ProblemArea::Sleep, 5),
    (ProblemArea::Development, 5),
    (ProblemArea::Psychosomatic, 4),
    (ProblemArea::Trauma, 3),
    (ProblemArea::SocialProblems, 2),
    (ProblemArea::SubstanceUse, 1),
    (ProblemArea::Other, 1),
];

pub(crate) const URGENCY: &[(Urgency, u32)] = &[
    (Urgency::Normal, 85),
    (Urgency::Soon, 12),
    (Urgency::Urgent, 3),
];

pub(crate) const GENDERS: &[(Gender, u32)] = &[
    (Gender::Female, 50),
    (Gender::Male, 47),
    (Gender::X, 1),
    (Gender::Unknown, 2),
];

/// Conversations per trajectory, 0–9: mean about 5, with the pilots' spread over the
/// 1, 2–7 and 8+ buckets.
pub(crate) const CONVERSATIONS: &[(usize, u32)] = &[
    (0, 2),
    (1, 8),
    (2, 9),
    (3, 11),
    (4, 13),
    (5, 14),
    (6, 13),
    (7, 11),
    (8, 10),
    (9, 9),
];

pub(crate) const MODES: &[(Mode, u32)] = &[
    (Mode::InPractice, 70),
    (Mode::Phone, 12),
    (Mode::Home, 10),
    (Mode::Video, 8),
];

pub(crate) const INTERVENTIONS: &[(Intervention, u32)] = &[
    (Intervention::Psychoeducation, 30),
    (Intervention::PsychosocialIntervention, 25),
    (Intervention::ParentingSupport, 20),
    (Intervention::BriefMentalHealthTreatment, 12),
    (Intervention::GpConsultation, 8),
    (Intervention::CareMediation, 5),
];

pub(crate) const CLOSURE_REASONS: &[(ClosureReason, u32)] = &[
    (ClosureReason::Planned, 76),
    (ClosureReason::EarlyAgreed, 10),
    (ClosureReason::EarlyClient, 7),
    (ClosureReason::EarlyExternal, 5),
    (ClosureReason::EarlyProvider, 2),
];

/// The triage that fits where a trajectory ends up.
pub(crate) fn triage_for(outcome: Outcome) -> &'static [(Triage, u32)] {
    match outcome {
        Outcome::NoFurtherCare | Outcome::DroppedOut | Outcome::Other => {
            &[(Triage::OjgSupport, 80), (Triage::OwnNetwork, 20)]
        }
        Outcome::SocialBase | Outcome::MunicipalTeam | Outcome::FreeAccessCare => {
            &[(Triage::SocialBase, 85), (Triage::OjgSupport, 15)]
        }
        _ => &[(Triage::ReferralNeeded, 85), (Triage::OjgSupport, 15)],
    }
}

pub(crate) const GIVEN_F: &[&str] = &[
    "Emma", "Julia", "Mila", "Sophie", "Tess", "Zoë", "Sara", "Nora", "Evi", "Anna", "Noor",
    "Saar", "Lotte", "Sanne", "Fleur", "Lisa", "Yara", "Liv", "Isa", "Fenna", "Amira", "Nina",
    "Roos", "Jasmijn", "Femke", "Ilse", "Merel", "Lieke", "Hanna", "Esmee", "Inaya", "Sofia",
];

pub(crate) const GIVEN_M: &[&str] = &[
    "Noah", "Daan", "Sem", "Lucas", "Levi", "Finn", "Luuk", "Milan", "Jesse", "Bram", "Thijs",
    "Ruben", "Sven", "Teun", "Jayden", "Mees", "Gijs", "Stijn", "Tim", "Lars", "Thomas", "Adam",
    "Mohammed", "Ilias", "Youssef", "Julian", "Hugo", "Siem", "Niels", "Koen", "Jurre", "Wessel",
];

pub(crate) const FAMILY: &[&str] = &[
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "Vermeulen",
    "Postma",
    "Huisman",
    "Kuipers",
    "Hoekstra",
    "Veenstra",
    "Bouma",
    "Wierenga",
    "Nijenhuis",
    "Schuurman",
    "Oosterhuis",
    "El Amrani",
    "Yilmaz",
    "Kaya",
    "Haddou",
    "Wijnen",
    "Arends",
    "Hofman",
    "Koster",
    "Prins",
    "Boersma",
    "Zijlstra",
    "Timmermans",
];

pub(crate) const REQUESTS: &[&str] = &[
    "Ouders maken zich zorgen over somberheid en terugtrekken sinds de zomer.",
    "Veel boze buien thuis en op school; ouders weten niet goed hoe ze moeten reageren.",
    "Slaapt slecht, piekert veel en heeft buikpijn zonder lichamelijke oorzaak.",
    "Spanningen rond de scheiding van ouders; wisselen tussen twee huizen valt zwaar.",
    "Verzuimt regelmatig van school; mentor heeft contact gezocht met de huisarts.",
    "Vraag of er sprake kan zijn van ADHD of autisme; concentratie is een probleem.",
    "Angstig om naar buiten te gaan, paniekaanvallen in de klas.",
    "Moeder vraagt ondersteuning bij opvoeding na de geboorte van een broertje.",
    "Blowt in het weekend en laat schoolwerk liggen.",
    "Heeft een ingrijpende gebeurtenis meegemaakt en heeft nachtmerries.",
];

pub(crate) const SUMMARIES: &[&str] = &[
    "Intake met ouders en jeugdige. Hulpvraag verhelderd, doelen samen opgesteld.",
    "Uitgebreide intake; gezinssituatie en schoolgang in kaart gebracht.",
    "Intake gehouden. Beschermende factoren: sportclub, betrokken grootouders.",
    "Intake met moeder; vader telefonisch gesproken. Afspraak om school te betrekken.",
];

pub(crate) const NOTES: &[&str] = &[
    "Gesprek over dagstructuur en slaapritme; huiswerk: slaapdagboek bijhouden.",
    "Psycho-educatie over angst gegeven; oefening met ademhaling gedaan.",
    "Ouders geven aan dat het thuis rustiger gaat. Volgende keer evaluatie.",
    "Contact gehad met mentor; school zorgt voor een rustige werkplek.",
    "Gesproken over de scheiding en loyaliteit; jeugdige voelt zich gehoord.",
    "Opvoedadviezen besproken: belonen, duidelijke afspraken, vaste momenten.",
    "Terugval na een ruzie op school; samen een plan gemaakt voor de komende weken.",
    "Overleg met huisarts over verwijzing; ouders staan open voor verdere hulp.",
    "Gewerkt aan zelfbeeld met een opdracht uit het werkboek.",
    "Evaluatie van de doelen; de meeste zijn bereikt, afronding in zicht.",
];

pub(crate) const CONSULTATION_TOPICS: &[&str] = &[
    "Adviesvraag over verwijzing naar basis-ggz.",
    "Overleg over een jongere met eetproblemen; wachttijden besproken.",
    "Vraag welke voorziening past bij opvoedvragen van jonge ouders.",
    "Consultatie over signalen van huiselijk geweld; route besproken.",
];
