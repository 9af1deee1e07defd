//! Files only their owner can read: a vault folder is `0700`, its files `0600`
//! (Unix). Applied when a vault is created, opened or restored (so a vault made by
//! an older version is tightened), and to every backup, inzage and export file Spil
//! writes.
//!
//! The binaries also set the process umask to `077`, so files that SQLite creates
//! (the `-wal` and `-shm` beside the database) are private from their first byte.
//!
//! **Windows** has no mode bits; the same promise is kept with access lists
//! ([`windows`]): a vault folder and every file Spil writes admit only the user,
//! SYSTEM and the machine's administrators. In the user's profile, where the app
//! keeps its vault (`%APPDATA%\nl.spil.app\vault`), that is already the inherited
//! default and is left as it is; a folder chosen elsewhere (another drive, a
//! shared folder) is given a protected list of those three. A FAT-formatted USB
//! stick keeps no access lists at all; there the encryption is the only layer.
//! The vault is encrypted either way; this is a second layer, as on Unix.

use std::fs;
use std::path::Path;

use crate::Result;

#[cfg(windows)]
mod windows;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Folder,
    File,
}

/// Make `path` private to its owner: `0700` or `0600`, or an access list.
fn restrict(path: &Path, kind: Kind) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if kind == Kind::Folder { 0o700 } else { 0o600 };
        fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    }
    #[cfg(windows)]
    windows::restrict(path, kind == Kind::Folder)?;
    #[cfg(not(any(unix, windows)))]
    let _ = (path, kind);
    Ok(())
}

/// Who else than the owner can open `path`, in words; `None` if nobody (Unix: no
/// group or other bits; Windows: see [`windows`]). `spil verify` reports it for
/// the vault folder.
pub fn others(path: &Path) -> Result<Option<String>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)?.permissions().mode() & 0o777;
        Ok((mode & 0o077 != 0).then(|| format!("group or others (mode {mode:o})")))
    }
    #[cfg(windows)]
    {
        Ok(windows::others(path)?)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = path;
        Ok(Some("unknown on this system".into()))
    }
}

/// Make `path` a folder only its owner can enter (creating it and its parents).
pub fn dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path)?;
    restrict(path, Kind::Folder)
}

/// Make an existing file readable by its owner only.
pub fn file(path: &Path) -> Result<()> {
    restrict(path, Kind::File)
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
