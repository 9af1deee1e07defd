//! The region file, as the app's merge screen and `spil merge` make it: each chosen
//! export checked on its own ([`preview_files`]), the region's protected figures
//! shown before anything is written, and the file written in one step
//! ([`write_region`]).
//!
//! A preview answers per file: accepted (its period, record count and export id) or
//! refused with the rule it broke. A refused file leaves the others in: the region
//! is made from the files accepted. The figures a preview carries are the region
//! file's own: the protected aggregate tables and what re-protecting the merged
//! records did. It carries neither the unprotected report the merge computes nor
//! the reasons per hidden cell that a worker's own export preview shows; those
//! would tell a reader which hidden cells are small.
//!
//! Writing reads and merges the files again, refusing if any one is refused, so
//! the file written never depends on what a page held. It goes to a temporary file
//! beside the target, private (`0600`) from its first byte, is synced and then
//! renamed over the target: a crash leaves the old file or the new one, never half
//! of one. The target may not be one of the inputs.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::aggregate::{Aggregates, Granularity};
use super::kanon::Anonymisation;
use super::merge::{combine, read_one, Accepted, MergeParams, RegionalMerge};
use crate::audit::{Action, Event};
use crate::report::YearMonth;
use crate::{Error, Result, Rule, Vault};

/// Why a file was left out of the region.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub rule: Rule,
    /// English, for logs and the command line; the app shows its own words for `rule`.
    pub message: String,
}

/// One chosen file: what it holds, or why it was refused.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileCheck {
    /// The path as given.
    pub path: String,
    /// The file's name without its folder: what the region file and refusals call it.
    pub name: String,
    /// `None` when the file was refused before its contents were known.
    pub from: Option<YearMonth>,
    pub to: Option<YearMonth>,
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub records: Option<u64>,
    pub export_id: Option<String>,
    pub refused: Option<Refusal>,
}

/// What the region file will hold: only protected figures.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionFigures {
    /// The period of the tables (whole quarters or half-years).
    pub from: YearMonth,
    pub to: YearMonth,
    pub granularity: Granularity,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub files: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub records: u64,
    /// What re-protecting the merged records did (k and l, generalised, suppressed).
    pub anonymisation: Anonymisation,
    pub aggregates: Aggregates,
}

/// Every chosen file checked, and the region over those accepted (none when no
/// file was accepted).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionPreview {
    pub files: Vec<FileCheck>,
    pub region: Option<RegionFigures>,
}

/// A region file written.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionWritten {
    pub path: String,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub files: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub records: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub bytes: u64,
}

/// The name a file goes by in the region file and in refusals: no folder.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Opens a chosen file, refusing what is not there, not a file, or not readable.
fn open(name: &str, path: &Path) -> Result<File> {
    let file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Error::invalid(name, Rule::FileMissing, "there is no file at this path")
        }
        std::io::ErrorKind::IsADirectory => {
            Error::invalid(name, Rule::NotAFile, "this path is a folder, not a file")
        }
        kind => Error::invalid(name, Rule::FileUnreadable, format!("cannot read: {kind}")),
    })?;
    if !file.metadata()?.is_file() {
        return Err(Error::invalid(
            name,
            Rule::NotAFile,
            "this path is a folder, not a file",
        ));
    }
    Ok(file)
}

fn refusal(e: Error) -> Refusal {
    match e {
        Error::Invalid(i) => Refusal {
            rule: i.rule,
            message: i.message,
        },
        other => Refusal {
            rule: Rule::FileUnreadable,
            message: other.to_string(),
        },
    }
}

/// Checks every file on its own and merges those accepted. A file is refused
/// for what it is (not there, not an export, out of range) or for how it fits
/// with the files before it (the same export twice, another period, the same
/// trajectories); the refusal names the rule, and the other files stay in.
pub fn preview_files(paths: &[PathBuf], p: &MergeParams) -> Result<RegionPreview> {
    let mut accepted = Accepted::default();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let name = file_name(path);
        let mut check = FileCheck {
            path: path.display().to_string(),
            name: name.clone(),
            from: None,
            to: None,
            records: None,
            export_id: None,
            refused: None,
        };
        match open(&name, path).and_then(|f| read_one(&name, BufReader::new(f))) {
            Ok(doc) => {
                check.from = Some(doc.header.from);
                check.to = Some(doc.header.to);
                check.records = Some(doc.records.len() as u64);
                check.export_id = Some(doc.header.export_id.clone());
                check.refused = accepted.add(name, doc).err().map(refusal);
            }
            Err(e) => check.refused = Some(refusal(e)),
        }
        files.push(check);
    }
    let region = if accepted.is_empty() {
        None
    } else {
        Some(figures(&combine(accepted, p)?))
    };
    Ok(RegionPreview { files, region })
}

/// What of a merge may be shown: the region file's own figures.
pub fn figures(m: &RegionalMerge) -> RegionFigures {
    RegionFigures {
        from: m.aggregate.header.from,
        to: m.aggregate.header.to,
        granularity: m.aggregate.header.granularity.unwrap_or_default(),
        files: m.sources.len() as u64,
        records: m.sources.iter().map(|s| s.records).sum(),
        anonymisation: m.anonymisation.clone(),
        aggregates: m.aggregate.aggregates.clone(),
    }
}

/// Reads and merges the files; any refused file refuses the merge.
pub fn merge_files(paths: &[PathBuf], p: &MergeParams) -> Result<RegionalMerge> {
    let mut accepted = Accepted::default();
    for path in paths {
        let name = file_name(path);
        let doc = read_one(&name, BufReader::new(open(&name, path)?))?;
        accepted.add(name, doc)?;
    }
    combine(accepted, p)
}

/// True when `a` and `b` name the same file (by its identity where both exist).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return (x.dev(), x.ino()) == (y.dev(), y.ino());
        }
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Writes the region file to `out` (see the module docs: atomic, `0600`), refusing
/// a target that is one of `inputs`.
pub fn write_region(
    region: &RegionalMerge,
    out: &Path,
    inputs: &[PathBuf],
) -> Result<RegionWritten> {
    let field = "out";
    if inputs.iter().any(|i| same_file(i, out)) {
        return Err(Error::invalid(
            field,
            Rule::OverwritesInput,
            "the region file would replace one of the exports it is made from",
        ));
    }
    if out.is_dir() {
        return Err(Error::invalid(
            field,
            Rule::NotAFile,
            "this path is a folder, not a file",
        ));
    }
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let text = serde_json::to_vec_pretty(region)
        .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
    // `tempfile` creates the file with mode 0600 on Unix.
    let mut tmp = tempfile::Builder::new()
        .prefix(".spil-region-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(&text)?;
    tmp.as_file().sync_all()?;
    tmp.persist(out).map_err(|e| Error::Io(e.error))?;
    crate::store::private::file(out)?;
    Ok(RegionWritten {
        path: out.display().to_string(),
        files: region.sources.len() as u64,
        records: region.sources.iter().map(|s| s.records).sum(),
        bytes: text.len() as u64,
    })
}

impl Vault {
    /// Records in the audit log that this vault's user wrote a region file: how
    /// many files and records, never their paths or names.
    pub fn record_region_merge(&mut self, written: &RegionWritten) -> Result<()> {
        let what = format!(
            "region_merge:files={},records={}",
            written.files, written.records
        );
        self.audited(Event::new(Action::Export, &what))
    }
}
