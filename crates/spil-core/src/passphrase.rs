//! How strong a new passphrase is. The app's strength meter shows this; the core
//! refuses anything below [`MIN_SCORE`] (or shorter than [`MIN_LENGTH`]) when a
//! vault is created or its passphrase changed.
//!
//! The estimate is zxcvbn's (the maintained `zxcvbn` crate): it counts the guesses
//! an attacker needs who tries dictionary words, names, keyboard patterns, repeats,
//! sequences, dates and years, and common substitutions first. Its dictionaries are
//! English; Dutch words a worker is likely to reach for (months, days, seasons,
//! "wachtwoord", "welkom", town names of the region, the app's own vocabulary) are
//! given to it as user inputs, which it ranks as the most likely guesses of all. So
//! "Januari2025!" (a month, a year and a symbol) is refused.

use serde::Serialize;

use crate::store::keyfile::Passphrase;
use crate::Rule;
use crate::{Error, Result};

pub const MIN_LENGTH: usize = 12;
/// zxcvbn's top score: at least 10^10 guesses. A stolen vault is attacked offline,
/// where Argon2id slows each guess but does not stop a patient attacker; score 3
/// (10^8) still let "Zomer2026!!!" through.
pub const MIN_SCORE: u8 = 4;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Strength {
    /// log2 of the estimated number of guesses.
    pub bits: f64,
    /// 0 (very weak) to 4 (strong), for a meter.
    pub score: u8,
    pub acceptable: bool,
}

/// Dutch words and names that zxcvbn's English dictionaries lack; each is ranked as
/// a likely guess.
const DUTCH: &[&str] = &[
    // months and days
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    // seasons and holidays
    "lente",
    "voorjaar",
    "zomer",
    "herfst",
    "najaar",
    "winter",
    "kerst",
    "kerstmis",
    "pasen",
    "sinterklaas",
    "koningsdag",
    "vakantie",
    // the obvious ones
    "wachtwoord",
    "welkom",
    "welkom01",
    "geheim",
    "hallo",
    "hoi",
    "doei",
    "liefde",
    "schat",
    "lieverd",
    "schatje",
    "prinses",
    "voetbal",
    "ajax",
    "feyenoord",
    "psv",
    "oranje",
    "nederland",
    "holland",
    "amsterdam",
    "rotterdam",
    "utrecht",
    "groningen",
    "arnhem",
    "nijmegen",
    "zwolle",
    "eindhoven",
    "friesland",
    "drenthe",
    "gelderland",
    // the work and the app
    "spil",
    "kluis",
    "jeugd",
    "gezin",
    "jeugdhulp",
    "huisarts",
    "praktijk",
    "ondersteuner",
    "wijkteam",
    "gemeente",
    "kinderen",
    "ouders",
    "dossier",
    "traject",
    "zorg",
    "hulp",
    // keyboards and pets
    "azerty",
    "qwerty",
    "poes",
    "hond",
    "kat",
    "konijn",
    "paard",
];

/// zxcvbn's estimate with the Dutch list above.
pub fn strength(s: &str) -> Strength {
    if s.is_empty() {
        return Strength {
            bits: 0.0,
            score: 0,
            acceptable: false,
        };
    }
    let estimate = zxcvbn::zxcvbn(s, DUTCH);
    let score = u8::from(estimate.score());
    let bits = estimate.guesses_log10() * std::f64::consts::LOG2_10;
    Strength {
        bits: (bits * 10.0).round() / 10.0,
        score,
        acceptable: s.chars().count() >= MIN_LENGTH && score >= MIN_SCORE,
    }
}

/// Compare two typed passphrases (the "repeat" prompt) without exposing them.
pub fn same(a: &Passphrase, b: &Passphrase) -> bool {
    a.expose() == b.expose()
}

pub(crate) fn require_acceptable(p: &Passphrase) -> Result<()> {
    if strength(p.expose()).acceptable {
        Ok(())
    } else {
        Err(Error::invalid(
            "passphrase",
            Rule::WeakPassphrase,
            format!(
                "the passphrase is too easy to guess: use at least {MIN_LENGTH} characters, for example four unrelated words"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_common_patterns() {
        for weak in [
            "Januari2025!",
            "januari2025!",
            "Zomer2026!!!",
            "Welkom01welkom",
            "Wachtwoord123!",
            "wachtwoord12",
            "aaaaaaaaaaaaaaaa",
            "123456789012",
            "qwertyuiop12",
            "azertyuiop12",
            "Kerstmis2024!",
            "Maandag-01-12-2025",
            "Password2025!",
            "kort",
            "",
        ] {
            assert!(!strength(weak).acceptable, "accepted {weak:?}");
        }
    }

    #[test]
    fn accepts_unrelated_words() {
        for strong in [
            "paard batterij niet plakband",
            "kroket fluit wolkbreuk stoeptegel",
            "Zomer!2026-fietsbel-knalrood",
        ] {
            let s = strength(strong);
            assert!(s.acceptable, "refused {strong:?}: {s:?}");
            assert!(s.score >= MIN_SCORE);
        }
    }
}
