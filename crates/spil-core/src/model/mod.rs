//! The caseload model. Each module holds one entity: its types and the `impl Vault`
//! block that reads and writes it, with every rule and audit event.

pub mod caseload;
pub mod consultation;
pub mod conversation;
pub mod deletion;
pub mod duplicates;
pub mod letter_draft;
pub(crate) mod names;
pub mod practice;
pub mod print;
pub mod trajectory;
pub mod youth;

pub use caseload::{
    CaseloadFilter, CaseloadRow, SortDirection, SortKey, Status, StatusFilter, TrajectoryDetail,
};
pub use consultation::{GpConsultation, GpConsultationInput};
pub use conversation::{Conversation, ConversationInput};
pub use deletion::Deletion;
pub use duplicates::PossibleDuplicate;
pub use letter_draft::{GpLetter, SavedDraft};
pub use practice::{Practice, PracticeInput};
pub use print::Printed;
pub use trajectory::{
    ClosureInput, IntakeInput, ReferralInput, ReopenInput, TriageDecision, TriageInput,
};
pub use youth::{Youth, YouthInput};

/// Join codes for a text column (`a;b;c`).
pub(crate) fn join_codes<C: crate::codes::Code>(codes: &[C]) -> String {
    codes
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// Split a text column of codes; unknown codes are skipped (they cannot be written).
pub(crate) fn split_codes<C: crate::codes::Code>(s: &str) -> Vec<C> {
    s.split(';').filter_map(C::parse).collect()
}

/// Sort and de-duplicate a list of codes.
pub(crate) fn unique<C: crate::codes::Code + Ord>(mut v: Vec<C>) -> Vec<C> {
    v.sort();
    v.dedup();
    v
}

/// The names of the fields whose values differ between `$old` and `$new`, for the
/// audit event of a correction (names only, never values).
macro_rules! changed_fields {
    ($old:expr, $new:expr; $($field:ident),+ $(,)?) => {{
        let mut changed: Vec<&'static str> = Vec::new();
        $(if $old.$field != $new.$field { changed.push(stringify!($field)); })+
        changed
    }};
}
pub(crate) use changed_fields;
