//! Dutch labels for codes, parsed once: a report asks for hundreds of labels (every
//! distribution of every group), and `codes::label` parses the labels file per call.

use std::sync::OnceLock;

use crate::codes::{Code, LABELS_JSON};

fn labels() -> &'static serde_json::Value {
    static LABELS: OnceLock<serde_json::Value> = OnceLock::new();
    LABELS.get_or_init(|| serde_json::from_str(LABELS_JSON).unwrap_or_default())
}

/// The Dutch label of a code; the code itself if the labels file has none.
pub(crate) fn nl<C: Code>(code: C) -> String {
    labels()[C::LIST][code.as_str()]["nl"]
        .as_str()
        .unwrap_or(code.as_str())
        .to_owned()
}

/// The label shown for a missing value.
pub(crate) const UNKNOWN: &str = "onbekend";
