//! How strong a new passphrase is. The app's strength meter shows this; the core
//! refuses anything below [`MIN_BITS`] when a vault is created or its passphrase
//! changed.

use serde::Serialize;

use crate::store::keyfile::Passphrase;
use crate::Rule;
use crate::{Error, Result};

pub const MIN_LENGTH: usize = 12;
pub const MIN_BITS: f64 = 50.0;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Strength {
    /// A rough entropy estimate in bits.
    pub bits: f64,
    /// 0 (very weak) to 4 (strong), for a meter.
    pub score: u8,
    pub acceptable: bool,
}

const COMMON: &[&str] = &[
    "password",
    "wachtwoord",
    "welkom",
    "qwerty",
    "azerty",
    "123456",
    "abcdef",
    "spil",
    "geheim",
    "letmein",
    "admin",
    "huisarts",
];

/// Estimate: length times the bits of the character pool, with repeats, runs and
/// common words counted as one character each.
pub fn strength(s: &str) -> Strength {
    let lower = s.to_lowercase();
    let mut effective = s.chars().count() as f64;
    for w in COMMON {
        if lower.contains(w) {
            effective -= (w.len() - 1) as f64;
        }
    }
    let chars: Vec<char> = s.chars().collect();
    for pair in chars.windows(2) {
        let (a, b) = (pair[0] as i64, pair[1] as i64);
        if a == b || (b - a).abs() == 1 {
            effective -= 0.5;
        }
    }
    let mut pool = 0.0;
    if chars.iter().any(|c| c.is_ascii_lowercase()) {
        pool += 26.0;
    }
    if chars.iter().any(|c| c.is_ascii_uppercase()) {
        pool += 26.0;
    }
    if chars.iter().any(|c| c.is_ascii_digit()) {
        pool += 10.0;
    }
    if chars.iter().any(|c| !c.is_ascii_alphanumeric()) {
        pool += 33.0;
    }
    let bits = if pool > 0.0 {
        effective.max(0.0) * f64::log2(pool)
    } else {
        0.0
    };
    let score = match bits {
        b if b < 28.0 => 0,
        b if b < 40.0 => 1,
        b if b < MIN_BITS => 2,
        b if b < 80.0 => 3,
        _ => 4,
    };
    Strength {
        bits: (bits * 10.0).round() / 10.0,
        score,
        acceptable: chars.len() >= MIN_LENGTH && bits >= MIN_BITS,
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
                "the passphrase is too weak: use at least {MIN_LENGTH} characters, for example four unrelated words"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_and_strong() {
        assert!(!strength("wachtwoord12").acceptable);
        assert!(!strength("aaaaaaaaaaaaaaaa").acceptable);
        assert!(!strength("kort").acceptable);
        assert!(strength("paard batterij niet plakband").acceptable);
        assert!(strength("Zomer!2026-fietsbel").acceptable);
        assert!(strength("paard batterij niet plakband").score >= 3);
    }
}
