//! Names compared as people read them: without regard to case, accents or extra
//! spaces ("José  de Vries" and "jose de vries" are the same name).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The form names are compared (and sorted) in: canonical decomposition with the
/// combining marks dropped, lower case, runs of white space as one space, trimmed.
pub(crate) fn fold(s: &str) -> String {
    let plain: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn case_accents_and_spaces_do_not_count() {
        assert_eq!(fold("  José  de VRIES "), "jose de vries");
        assert_eq!(fold("Zoë"), fold("zoe"));
        assert_eq!(fold("Müller-Çelik"), "muller-celik");
        // Precomposed and decomposed forms of the same letter are the same.
        assert_eq!(fold("e\u{301}"), fold("\u{e9}"));
        assert_ne!(fold("Jansen"), fold("Janssen"));
    }
}
