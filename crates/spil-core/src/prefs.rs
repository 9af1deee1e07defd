//! The rules for the app's own preferences: how soon the vault locks itself and
//! where backups go. The preferences hold nothing about a client, so the app keeps
//! them in a plain file beside the vault; the rules live here with every other rule,
//! and the app only stores what passed them.
//!
//! The retention term and the backup reminder are not preferences: they belong to
//! the vault (see [`crate::rights`] and [`crate::backup`]).

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use crate::{Error, Result, Rule};

/// Minutes of inactivity before the vault locks itself.
pub const AUTO_LOCK_MINUTES: RangeInclusive<u32> = 1..=240;
/// The auto-lock a new installation starts with.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;

/// Check the auto-lock in minutes.
pub fn check_auto_lock_minutes(minutes: u32) -> Result<u32> {
    if AUTO_LOCK_MINUTES.contains(&minutes) {
        Ok(minutes)
    } else {
        Err(Error::invalid(
            "auto_lock_minutes",
            Rule::OutOfRange,
            format!(
                "auto-lock (minutes) must be between {} and {}",
                AUTO_LOCK_MINUTES.start(),
                AUTO_LOCK_MINUTES.end()
            ),
        ))
    }
}

/// The auto-lock to apply from a stored value that may have been edited by hand:
/// brought within [`AUTO_LOCK_MINUTES`], so the vault never stays open for want of
/// a valid setting.
pub fn applied_auto_lock_minutes(stored: u32) -> u32 {
    stored.clamp(*AUTO_LOCK_MINUTES.start(), *AUTO_LOCK_MINUTES.end())
}

/// Check a backup folder as typed (surrounding spaces are dropped): given, a full
/// path, and not inside `data_dir`, the folder that holds the vault (a backup there
/// is lost with the same disk). Returns the folder to store.
pub fn check_backup_folder(folder: &str, data_dir: &Path) -> Result<PathBuf> {
    let folder = Path::new(folder.trim());
    if folder.as_os_str().is_empty() {
        return Err(Error::invalid(
            "backup_folder",
            Rule::Required,
            "give a folder for backups",
        ));
    }
    if !folder.is_absolute() {
        return Err(Error::invalid(
            "backup_folder",
            Rule::NotAbsolute,
            "give the full path of the backup folder",
        ));
    }
    if folder.starts_with(data_dir) {
        return Err(Error::invalid(
            "backup_folder",
            Rule::InsideVault,
            "choose a folder outside Spil's data folder, preferably on another disk",
        ));
    }
    Ok(folder.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(r: Result<impl Sized>) -> Rule {
        match r {
            Err(Error::Invalid(i)) => i.rule,
            _ => panic!("expected a broken rule"),
        }
    }

    #[test]
    fn auto_lock_bounds() {
        assert_eq!(check_auto_lock_minutes(1).unwrap(), 1);
        assert_eq!(check_auto_lock_minutes(240).unwrap(), 240);
        assert_eq!(rule(check_auto_lock_minutes(0)), Rule::OutOfRange);
        assert_eq!(rule(check_auto_lock_minutes(241)), Rule::OutOfRange);
        assert_eq!(applied_auto_lock_minutes(0), 1);
        assert_eq!(applied_auto_lock_minutes(100_000), 240);
        assert_eq!(applied_auto_lock_minutes(30), 30);
    }

    #[test]
    fn backup_folder_rules() {
        let data = Path::new("/home/ojg/.local/share/nl.spil.app");
        assert_eq!(rule(check_backup_folder("  ", data)), Rule::Required);
        assert_eq!(
            rule(check_backup_folder("back-ups", data)),
            Rule::NotAbsolute
        );
        assert_eq!(
            rule(check_backup_folder(
                "/home/ojg/.local/share/nl.spil.app/b",
                data
            )),
            Rule::InsideVault
        );
        assert_eq!(
            check_backup_folder(" /media/usb/Spil back-ups ", data).unwrap(),
            PathBuf::from("/media/usb/Spil back-ups")
        );
    }
}
