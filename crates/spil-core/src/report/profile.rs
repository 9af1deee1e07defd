//! Region profiles: a crosswalk from Spil's outcome (and referrer) codes onto the
//! reporting categories of a region, so one caseload can be shown in the Groningen
//! table and in the Rheden table. A category has the region's own Dutch words (what
//! files and reports carry) and an English translation for the app's English screens.
//!
//! Profiles are TOML files in `assets/regions/`, compiled into the binary (Spil opens
//! no files or network to report). Adding a region is adding a file and a line to
//! [`SHIPPED`]; the tests check that every code lands in exactly one category.

use serde::{Deserialize, Serialize};

use crate::codes::{Code, Outcome, Referrer};
use crate::Rule;
use crate::{Error, Result};

/// Every shipped profile: (name, TOML text).
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "groningen",
        include_str!("../../../../assets/regions/groningen.toml"),
    ),
    (
        "gelderland-midden",
        include_str!("../../../../assets/regions/gelderland-midden.toml"),
    ),
];

/// One reporting category of a region and the Spil codes it takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category<C> {
    pub code: String,
    pub label: String,
    pub label_en: String,
    pub maps: Vec<C>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionProfile {
    pub name: String,
    pub title: String,
    pub title_en: String,
    pub source: String,
    pub outcomes: Vec<Category<Outcome>>,
    /// Optional: a region that reports referrers in its own categories.
    #[serde(default)]
    pub referrers: Vec<Category<Referrer>>,
    /// The CBS codes of the region's municipalities: where a record export that
    /// generalises location to the region finds the region of a municipality.
    #[serde(default)]
    pub municipalities: Vec<String>,
}

/// Name, title and the categories' words in both languages: what a screen needs to
/// label a profile's figures in the language it shows.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileInfo {
    pub name: String,
    pub title: String,
    pub title_en: String,
    pub source: String,
    pub outcomes: Vec<CategoryLabel>,
    pub referrers: Vec<CategoryLabel>,
}

/// A category's code with its Dutch and English words.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryLabel {
    pub code: String,
    pub nl: String,
    pub en: String,
}

fn labels<C>(categories: &[Category<C>]) -> Vec<CategoryLabel> {
    categories
        .iter()
        .map(|c| CategoryLabel {
            code: c.code.clone(),
            nl: c.label.clone(),
            en: c.label_en.clone(),
        })
        .collect()
}

impl RegionProfile {
    /// A shipped profile by name.
    pub fn named(name: &str) -> Result<RegionProfile> {
        let (_, text) = SHIPPED.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            let names: Vec<&str> = SHIPPED.iter().map(|(n, _)| *n).collect();
            Error::invalid(
                "profile",
                Rule::UnknownProfile,
                format!("unknown region profile; known: {}", names.join(", ")),
            )
        })?;
        RegionProfile::parse(text)
    }

    /// Parse and check a profile: every code in exactly one category.
    pub fn parse(text: &str) -> Result<RegionProfile> {
        let p: RegionProfile = toml::from_str(text)
            .map_err(|e| Error::invalid("profile", Rule::ProfileInvalid, e.message().to_owned()))?;
        check_total(&p.outcomes)?;
        if !p.referrers.is_empty() {
            check_total(&p.referrers)?;
        }
        Ok(p)
    }

    pub fn info(&self) -> ProfileInfo {
        ProfileInfo {
            name: self.name.clone(),
            title: self.title.clone(),
            title_en: self.title_en.clone(),
            source: self.source.clone(),
            outcomes: labels(&self.outcomes),
            referrers: labels(&self.referrers),
        }
    }

    /// The category of an outcome code (every code has one; checked on parse).
    pub fn outcome_category(&self, o: Outcome) -> Option<&Category<Outcome>> {
        self.outcomes.iter().find(|c| c.maps.contains(&o))
    }

    pub fn referrer_category(&self, r: Referrer) -> Option<&Category<Referrer>> {
        self.referrers.iter().find(|c| c.maps.contains(&r))
    }
}

/// The region (profile name) a municipality belongs to, if a shipped profile lists it.
pub fn region_of(municipality: &str) -> Option<&'static str> {
    static REGIONS: std::sync::OnceLock<Vec<(String, Vec<String>)>> = std::sync::OnceLock::new();
    REGIONS
        .get_or_init(|| {
            SHIPPED
                .iter()
                .filter_map(|(_, text)| RegionProfile::parse(text).ok())
                .map(|p| (p.name, p.municipalities))
                .collect()
        })
        .iter()
        .find(|(_, ms)| ms.iter().any(|m| m == municipality))
        .map(|(name, _)| name.as_str())
}

/// The profiles a worker can choose from.
pub fn shipped_profiles() -> Vec<ProfileInfo> {
    SHIPPED
        .iter()
        .filter_map(|(_, text)| RegionProfile::parse(text).ok())
        .map(|p| p.info())
        .collect()
}

fn check_total<C: Code + PartialEq>(cats: &[Category<C>]) -> Result<()> {
    for code in C::ALL {
        let n = cats.iter().filter(|c| c.maps.contains(code)).count();
        if n != 1 {
            return Err(Error::invalid(
                "profile",
                Rule::ProfileInvalid,
                format!(
                    "{} code '{}' is in {n} categories; it must be in exactly one",
                    C::LIST,
                    code.as_str()
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_profiles_cover_every_code_once() {
        for (name, text) in SHIPPED {
            let p = RegionProfile::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(&p.name, name);
            assert!(!p.referrers.is_empty());
            assert!(p
                .municipalities
                .iter()
                .all(|m| m.len() == 6 && m.starts_with("GM")));
        }
        assert_eq!(region_of("GM0275"), Some("gelderland-midden"));
        assert_eq!(region_of("GM0014"), Some("groningen"));
        assert_eq!(region_of("GM0363"), None);
        assert_eq!(shipped_profiles().len(), SHIPPED.len());
    }

    #[test]
    fn the_pilot_tables_are_there() {
        let g = RegionProfile::named("groningen").unwrap();
        let cat = |o| g.outcome_category(o).unwrap().label.clone();
        assert_eq!(
            cat(Outcome::NoFurtherCare),
            "Hulp OJG voldoende, geen verwijzing nodig"
        );
        assert_eq!(cat(Outcome::SpecialistMentalHealth), "Specialistische ggz");
        let r = RegionProfile::named("gelderland-midden").unwrap();
        assert_eq!(
            r.outcome_category(Outcome::YouthCareRegional).unwrap().code,
            "regionale_jeugdhulp"
        );
        assert_eq!(
            r.referrer_category(Referrer::MunicipalTeam).unwrap().code,
            "incluzio"
        );
    }

    #[test]
    fn every_shipped_category_has_english_words() {
        for (name, _) in SHIPPED {
            let info = RegionProfile::named(name).unwrap().info();
            assert!(!info.title_en.trim().is_empty(), "{name}");
            assert_ne!(info.title_en, info.title, "{name}: title not translated");
            for c in info.outcomes.iter().chain(&info.referrers) {
                assert!(!c.en.trim().is_empty(), "{name}: {} has no English", c.code);
            }
        }
        // A profile without them is refused, so a new region cannot forget them.
        let text = SHIPPED[0].1.replace("title_en = ", "# title_en = ");
        assert!(RegionProfile::parse(&text).is_err());
    }

    #[test]
    fn refuses_gaps_doubles_and_unknown_names() {
        let gap = "name='x'\ntitle='x'\ntitle_en='x'\nsource='x'\n[[outcomes]]\ncode='a'\nlabel='A'\nlabel_en='A'\nmaps=['no_further_care']";
        assert!(RegionProfile::parse(gap)
            .unwrap_err()
            .to_string()
            .contains("social_base"));
        let g = SHIPPED[0].1.replace(
            "maps = [\"basic_mental_health\"]",
            "maps = [\"basic_mental_health\", \"no_further_care\"]",
        );
        assert!(RegionProfile::parse(&g).is_err());
        assert_eq!(RegionProfile::named("venlo").unwrap_err().code(), "invalid");
    }
}
