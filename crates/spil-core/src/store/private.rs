//! Files only their owner can read: a vault folder is `0700`, its files `0600`
//! (Unix). Applied when a vault is created, opened or restored (so a vault made by
//! an older version is tightened), and to every backup, inzage and export file Spil
//! writes.
//!
//! The binaries also set the process umask to `077`, so files that SQLite creates
//! (the `-wal` and `-shm` beside the database) are private from their first byte.
//!
//! **Windows.** Nothing here changes permissions on Windows: there are no mode bits,
//! and a new file or folder takes the access list of the folder it is made in. The
//! app's vault lives in the user's profile (`%APPDATA%\nl.spil.app\vault`), and
//! Windows' default access list for a profile grants the user, SYSTEM and the
//! Administrators group only; other standard accounts on the laptop cannot read it.
//! Backups and exports go to the user's Documents folder, inside the same profile.
//! A folder chosen elsewhere (another drive, a shared folder, a USB stick) keeps
//! whatever access that place gives: Spil does not set Windows access lists. The
//! vault is encrypted either way; this is a second layer, as on Unix.

use std::fs;
use std::path::Path;

use crate::Result;

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    Ok(())
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<()> {
    Ok(())
}

/// Make `path` a folder only its owner can enter (creating it and its parents).
pub fn dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path)?;
    set_mode(path, 0o700)
}

/// Make an existing file readable by its owner only.
pub fn file(path: &Path) -> Result<()> {
    set_mode(path, 0o600)
}

/// Write `bytes` to a new or truncated file that is private before anything is
/// written into it.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = create(path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

/// Open `path` for writing (created or truncated) with mode `0600` from the start.
pub fn create(path: &Path) -> Result<fs::File> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let f = opts.open(path)?;
    // An existing file keeps its old mode through `open`: tighten it.
    file(path)?;
    Ok(f)
}

/// Create a new file (failing if it exists) with mode `0600` from the start.
pub(crate) fn create_new(path: &Path) -> Result<fs::File> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    Ok(opts.open(path)?)
}

/// The vault folder and every file of the vault in it.
pub(crate) fn vault(dir_path: &Path) -> Result<()> {
    dir(dir_path)?;
    for entry in fs::read_dir(dir_path)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            file(&entry.path())?;
        }
    }
    Ok(())
}

/// Set the process umask to `077`: every file and folder this process creates from
/// now on is private to its user. Called first thing by the app and by `spil`.
pub fn restrict_umask() {
    #[cfg(unix)]
    {
        rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    }
}
