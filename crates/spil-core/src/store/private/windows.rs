//! Windows: a folder or file that only its user, the system and the machine's
//! administrators can open, the same people a user profile admits by default.
//!
//! Windows has no mode bits; who may open a file is the access list (DACL) in
//! its security descriptor. [`others`] reads that list and accepts it only
//! when every entry that allows anything names one of:
//!
//! - the user this process runs as (its token's user SID);
//! - SYSTEM (`S-1-5-18`) and the Administrators group (`S-1-5-32-544`), which
//!   can read everything on the machine anyway, as root can on Unix;
//! - CREATOR OWNER (`S-1-3-0`), a placeholder that becomes the user who creates
//!   a file inside the folder, which here is only ever this user.
//!
//! Entries that deny are harmless, and so are entries that grant none of the
//! rights that open the object ([`OPENS`]). An entry of any other kind (object or
//! callback entries, which files do not normally carry) counts as not private,
//! and so does a missing list, which grants everyone everything. Entries that
//! only pass on to children count too: they decide who can open the vault's
//! files.
//!
//! [`restrict`] leaves a private object alone (the profile's inherited list is
//! kept as it is), and otherwise gives it a protected list of those three
//! entries, so nothing more is inherited from the folder above. For a folder the
//! entries pass on to everything in it; Windows applies that to the files
//! already there.
#![allow(unsafe_code)] // Win32 security calls; each block says why it is sound.

use std::ffi::c_void;
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;
use std::ptr::{null, null_mut};

use windows_sys::core::PWSTR;
use windows_sys::Win32::Foundation::{
    CloseHandle, LocalFree, ERROR_INVALID_FUNCTION, ERROR_NOT_SUPPORTED, ERROR_SUCCESS, HANDLE,
    WIN32_ERROR,
};
use windows_sys::Win32::Security::Authorization::{
    ConvertSidToStringSidW, ConvertStringSecurityDescriptorToSecurityDescriptorW,
    GetNamedSecurityInfoW, SetNamedSecurityInfoW, SDDL_REVISION_1, SE_FILE_OBJECT,
};
use windows_sys::Win32::Security::{
    AclSizeInformation, GetAce, GetAclInformation, GetSecurityDescriptorDacl, GetTokenInformation,
    TokenUser, ACCESS_ALLOWED_ACE, ACE_HEADER, ACL, ACL_SIZE_INFORMATION,
    DACL_SECURITY_INFORMATION, PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, PSID,
    TOKEN_QUERY, TOKEN_USER,
};
use windows_sys::Win32::System::SystemServices::{ACCESS_ALLOWED_ACE_TYPE, ACCESS_DENIED_ACE_TYPE};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// SYSTEM, Administrators and CREATOR OWNER (see the module text).
const TRUSTED: [&str; 3] = ["S-1-5-18", "S-1-5-32-544", "S-1-3-0"];

/// The rights that open a file or folder: read, write, append or list its
/// contents, delete it or what is in it, change who may do so, or the generic
/// rights that include these. An entry granting only the others (reading
/// attributes, waiting on the file, traversing a folder) does not count.
const OPENS: u32 = 0x0001 // FILE_READ_DATA, FILE_LIST_DIRECTORY
    | 0x0002 // FILE_WRITE_DATA, FILE_ADD_FILE
    | 0x0004 // FILE_APPEND_DATA, FILE_ADD_SUBDIRECTORY
    | 0x0040 // FILE_DELETE_CHILD
    | 0x0001_0000 // DELETE
    | 0x0004_0000 // WRITE_DAC
    | 0x0008_0000 // WRITE_OWNER
    | 0x1000_0000 // GENERIC_ALL
    | 0x4000_0000 // GENERIC_WRITE
    | 0x8000_0000; // GENERIC_READ

/// Memory Windows allocated for us with `LocalAlloc`, freed when dropped.
struct Local(*mut c_void);

impl Drop for Local {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the pointer came from a Win32 call that documents
            // `LocalFree` as the way to release it, and it is freed once.
            unsafe { LocalFree(self.0) };
        }
    }
}

fn wide(text: &std::ffi::OsStr) -> Vec<u16> {
    text.encode_wide().chain(std::iter::once(0)).collect()
}

fn win32(code: WIN32_ERROR) -> io::Result<()> {
    if code == ERROR_SUCCESS {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(code as i32))
    }
}

/// The SID of the user this process runs as, in its `S-1-5-21-…` text form.
fn user_sid() -> io::Result<String> {
    let mut token: HANDLE = null_mut();
    // SAFETY: `token` is a valid place for the handle; the pseudo-handle of the
    // current process needs no closing.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let mut len = 0u32;
    // SAFETY: a size query: no buffer is written, `len` receives the size needed.
    unsafe { GetTokenInformation(token, TokenUser, null_mut(), 0, &mut len) };
    // u64 words: the buffer is aligned for TOKEN_USER's pointer.
    let mut buf = vec![0u64; (len as usize).div_ceil(8).max(1)];
    // SAFETY: `buf` holds at least `len` bytes; `token` is open until closed below.
    let filled =
        unsafe { GetTokenInformation(token, TokenUser, buf.as_mut_ptr().cast(), len, &mut len) };
    let error = io::Error::last_os_error();
    // SAFETY: `token` was opened above and is closed once.
    unsafe { CloseHandle(token) };
    if filled == 0 {
        return Err(error);
    }
    // SAFETY: the call succeeded, so `buf` starts with a TOKEN_USER whose SID
    // points into `buf`, which lives until the end of this function.
    let user = unsafe { &*buf.as_ptr().cast::<TOKEN_USER>() };
    sid_text(user.User.Sid)
}

/// A SID in its text form.
fn sid_text(sid: PSID) -> io::Result<String> {
    let mut text: PWSTR = null_mut();
    // SAFETY: `sid` points to a valid SID (callers pass one from Windows); `text`
    // receives a string Windows allocates, freed by `Local`.
    if unsafe { ConvertSidToStringSidW(sid, &mut text) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let _free = Local(text.cast());
    // SAFETY: Windows returned a NUL-terminated UTF-16 string at `text`.
    let units = unsafe {
        let len = (0..).take_while(|&i| *text.add(i) != 0).count();
        std::slice::from_raw_parts(text, len)
    };
    Ok(String::from_utf16_lossy(units))
}

/// Who else than this user (and SYSTEM and the administrators) can open `path`:
/// the first such entry's SID, or why the list admits anyone; `None` if nobody.
pub(super) fn others(path: &Path) -> io::Result<Option<String>> {
    others_than(path, &user_sid()?)
}

/// [`others`], for the user whose SID is `me`.
fn others_than(path: &Path, me: &str) -> io::Result<Option<String>> {
    let name = wide(path.as_os_str());
    let mut dacl: *mut ACL = null_mut();
    let mut descriptor: PSECURITY_DESCRIPTOR = null_mut();
    // SAFETY: `name` is NUL-terminated; `dacl` and `descriptor` receive pointers
    // into one allocation that `Local` frees after the last use of `dacl`.
    win32(unsafe {
        GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION,
            null_mut(),
            null_mut(),
            &mut dacl,
            null_mut(),
            &mut descriptor,
        )
    })?;
    let _free = Local(descriptor);
    if dacl.is_null() {
        return Ok(Some("everyone (the folder has no access list)".into()));
    }
    let mut size = ACL_SIZE_INFORMATION {
        AceCount: 0,
        AclBytesInUse: 0,
        AclBytesFree: 0,
    };
    // SAFETY: `dacl` is the valid list read above; `size` is the struct the
    // information class asks for, with its exact size.
    let ok = unsafe {
        GetAclInformation(
            dacl,
            (&mut size as *mut ACL_SIZE_INFORMATION).cast(),
            std::mem::size_of::<ACL_SIZE_INFORMATION>() as u32,
            AclSizeInformation,
        )
    };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    for index in 0..size.AceCount {
        let mut ace: *mut c_void = null_mut();
        // SAFETY: `index` is below the list's entry count.
        if unsafe { GetAce(dacl, index, &mut ace) } == 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: every entry starts with an ACE_HEADER.
        let kind = u32::from(unsafe { (*ace.cast::<ACE_HEADER>()).AceType });
        if kind == ACCESS_DENIED_ACE_TYPE {
            continue;
        }
        if kind != ACCESS_ALLOWED_ACE_TYPE {
            return Ok(Some(format!("an access entry of kind {kind}")));
        }
        let allowed = ace.cast::<ACCESS_ALLOWED_ACE>();
        // SAFETY: an ACCESS_ALLOWED_ACE has its mask after the header and keeps
        // its SID from `SidStart` on, inside the entry, which lives as long as
        // `descriptor`.
        let (mask, sid) = unsafe { ((*allowed).Mask, std::ptr::addr_of_mut!((*allowed).SidStart)) };
        if mask & OPENS == 0 {
            continue;
        }
        let who = sid_text(sid.cast())?;
        if who != me && !TRUSTED.contains(&who.as_str()) {
            return Ok(Some(format!("{who} (access mask {mask:#x})")));
        }
    }
    Ok(None)
}

/// Make `path` private (see the module text), unless it is already. A file
/// system without access lists (a FAT-formatted USB stick) cannot be made
/// private; that is not an error, as on such a stick nothing has an owner.
pub(super) fn restrict(path: &Path, folder: bool) -> io::Result<()> {
    let me = user_sid()?;
    match others_than(path, &me) {
        Ok(None) => return Ok(()),
        Ok(Some(_)) => {}
        Err(e) if unsupported(&e) => return Ok(()),
        Err(e) => return Err(e),
    }
    let inherit = if folder { "OICI" } else { "" };
    let sddl = format!("D:P(A;{inherit};FA;;;{me})(A;{inherit};FA;;;SY)(A;{inherit};FA;;;BA)");
    let sddl = wide(std::ffi::OsStr::new(&sddl));
    let mut descriptor: PSECURITY_DESCRIPTOR = null_mut();
    // SAFETY: `sddl` is NUL-terminated; the descriptor Windows allocates is freed
    // by `Local` after its last use.
    let made = unsafe {
        ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl.as_ptr(),
            SDDL_REVISION_1,
            &mut descriptor,
            null_mut(),
        )
    };
    if made == 0 {
        return Err(io::Error::last_os_error());
    }
    let _free = Local(descriptor);
    let (mut present, mut defaulted) = (0, 0);
    let mut dacl: *mut ACL = null_mut();
    // SAFETY: `descriptor` is the valid descriptor made above.
    let read =
        unsafe { GetSecurityDescriptorDacl(descriptor, &mut present, &mut dacl, &mut defaulted) };
    if read == 0 || present == 0 || dacl.is_null() {
        return Err(io::Error::other("no access list in the private descriptor"));
    }
    let name = wide(path.as_os_str());
    // SAFETY: `name` is NUL-terminated and `dacl` points into `descriptor`, alive
    // until `_free` drops after this call.
    let set = win32(unsafe {
        SetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            null_mut(),
            null_mut(),
            dacl,
            null(),
        )
    });
    match set {
        Err(e) if unsupported(&e) => Ok(()),
        other => other,
    }
}

/// The errors of a file system that keeps no access lists.
fn unsupported(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(code) if code == ERROR_NOT_SUPPORTED as i32 || code == ERROR_INVALID_FUNCTION as i32)
}
