//! Memory the app frees is wiped first.
//!
//! Locking drops the vault, and SQLCipher wipes its own buffers
//! (`cipher_memory_security`), but the app's Rust side handled names, notes and the
//! passphrase too: the JSON of every IPC request and answer, the strings of every
//! record. Freed, those bytes would stay in the heap until reused, and a memory dump
//! after lock would find them. [`Wiping`], the app's global allocator, zeroes every
//! block before it goes back to the system allocator (and the old block of a
//! reallocation), so freed Rust memory holds no client data.
//!
//! The C side of the process handled them too: GTK, and WebKit's half in this
//! process, which passes every answer on to the page. [`wipe_freed_c_heap`] starts
//! the app anew (once, at the very start) with settings that only take effect
//! when a process starts: glibc fills every freed block with a pattern
//! (`glibc.malloc.perturb`), keeps no per-thread cache of freed blocks, which it
//! would hand out again without filling them (`glibc.malloc.tcache_count=0`),
//! gives every block of 128 KiB or more its own mapping, returned to the system
//! as soon as it is freed (`glibc.malloc.mmap_threshold`), and WebKit allocates
//! through glibc instead of its own allocator (`Malloc=1`). The
//! web view's processes get none of them (see [`wipe_freed_c_heap`]); they need
//! none, since a lock ends the page's process, JavaScript heap and all
//! (`crate::page`).
//!
//! Freed memory also goes back to the system as each command ends
//! ([`give_back_freed`]), so the process does not keep the peak of every command
//! it ever ran.

use std::alloc::{GlobalAlloc, Layout, System};

use zeroize::Zeroize;

pub struct Wiping;

#[allow(unsafe_code)]
// SAFETY: every method forwards to `System` with the caller's own pointer and
// layout, as `GlobalAlloc` requires; the wipe writes only inside the block being
// freed (`layout.size()` bytes from `ptr`, which the caller owns until the free).
unsafe impl GlobalAlloc for Wiping {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` points to a live block of `layout.size()` bytes owned by
        // the caller; volatile writes (zeroize) are not elided before the free.
        unsafe {
            std::slice::from_raw_parts_mut(ptr, layout.size()).zeroize();
            System.dealloc(ptr, layout);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A fresh block and a copy, so the old block is wiped before it is freed
        // (the system's realloc would free it as it is).
        // SAFETY: `new_size` is non-zero and, rounded to `layout.align()`, does not
        // overflow (the caller's contract for `realloc`).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as above; the copy stays within both blocks.
        unsafe {
            let new = System.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

/// The glibc tunables that wipe freed C memory (see the module docs). A fixed
/// mmap threshold also keeps glibc from raising it each time a large block is
/// freed, as it does by default: the answers to the page (the caseload of
/// 5,000 trajectories is about half a megabyte of JSON) then came from the heap
/// and left it larger after every screen; `give_back_freed` could return only
/// the whole free pages among them. Over 320 screen switches the app process
/// grew 4 to 7 MiB with the default and about 1 MiB with the fixed threshold
/// (release build, single launches under Xvfb).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TUNABLES: &str =
    "glibc.malloc.perturb=165:glibc.malloc.tcache_count=0:glibc.malloc.mmap_threshold=131072";

/// Makes sure this process runs with freed C memory wiped: when the settings
/// are not in its environment yet, the app starts itself again with them (same
/// program, same arguments, same process id). Call first thing in `main`,
/// before any thread starts. Should that fail, the app goes on with glibc's
/// pattern fill alone, and says so.
pub fn wipe_freed_c_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;

        let tunables = std::env::var("GLIBC_TUNABLES").unwrap_or_default();
        let set =
            tunables.contains(TUNABLES) && std::env::var_os("Malloc").is_some_and(|v| v == "1");
        if !set {
            let mut args = std::env::args_os();
            // The program's own path, not `/proc/self/exe`, which would rename the
            // process to "exe".
            let program = std::env::current_exe().unwrap_or("/proc/self/exe".into());
            let mut again = std::process::Command::new(program);
            if let Some(name) = args.next() {
                again.arg0(name);
            }
            let tunables = if tunables.is_empty() {
                TUNABLES.to_owned()
            } else {
                format!("{tunables}:{TUNABLES}")
            };
            // exec only returns on failure.
            let error = again
                .args(args)
                .env("GLIBC_TUNABLES", tunables)
                .env("Malloc", "1")
                .exec();
            eprintln!("Spil: freed memory is wiped less thoroughly ({error})");
        }
        // The settings were read when this process started; the web view's
        // processes, started later, do not get them: WebKit's printing crashed
        // with the glibc ones, and with `Malloc=1` the page's process grew faster.
        // A lock ends that process instead (`crate::page`).
        let own = std::env::var("GLIBC_TUNABLES").unwrap_or_default();
        let theirs = own.replace(TUNABLES, "");
        let theirs = theirs.trim_matches(':');
        if theirs.is_empty() {
            std::env::remove_var("GLIBC_TUNABLES");
        } else {
            std::env::set_var("GLIBC_TUNABLES", theirs);
        }
        std::env::remove_var("Malloc");
        const M_PERTURB: libc::c_int = -6;
        #[allow(unsafe_code)]
        // SAFETY: mallopt only changes a setting of glibc's allocator; no memory is
        // passed, and no other thread runs yet.
        unsafe {
            libc::mallopt(M_PERTURB, 0xa5);
        }
    }
}

/// Hands the heap's free pages back to the system (glibc's `malloc_trim`): every
/// thread's arena, not only the top of the main heap. Each command allocates its
/// work and its answer on whichever pool thread ran it, and glibc keeps freed
/// pages for reuse, so the app held on to the largest command of every screen on
/// every thread. Measured under Xvfb with 5,000 trajectories (debug build, 160
/// screen switches), the app process grew 14 MiB without this and 5 MiB with it.
/// The pages were wiped when freed (see the module docs), and the system clears
/// them again before any process gets them. It runs after each command, outside the
/// vault's lock: about 0.6 ms as a rule, 1.4 ms for one command in ten, 10 ms at
/// worst (release build, 647 commands).
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: malloc_trim takes no pointer and only returns free pages; glibc
    // locks each arena while it trims it, so it is safe from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
