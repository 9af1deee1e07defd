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
//! [`wipe_freed_c_heap`] asks glibc's allocator to do the same for C code in this
//! process and in the web view's processes (which inherit the setting): it fills
//! freed blocks with a pattern (glibc's `perturb` tunable). Memory managed by
//! WebKit's own allocator (bmalloc) and the JavaScript heap is outside both; the
//! lock reloads the page for that (see the UI's `main.ts`), and docs/SECURITY.md
//! says what a dump still finds.

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

/// glibc's malloc fills freed blocks with a byte pattern when asked (`M_PERTURB`):
/// set here for this process, and through the `GLIBC_TUNABLES` environment variable
/// for the web view's processes, which WebKit starts later and which inherit it.
/// Call first thing in `main`, before any thread starts.
pub fn wipe_freed_c_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const M_PERTURB: libc::c_int = -6;
        #[allow(unsafe_code)]
        // SAFETY: mallopt only changes a setting of glibc's allocator; no memory is
        // passed, and no other thread runs yet.
        unsafe {
            libc::mallopt(M_PERTURB, 0xa5);
        }
        if std::env::var_os("GLIBC_TUNABLES").is_none() {
            std::env::set_var("GLIBC_TUNABLES", "glibc.malloc.perturb=165");
        }
    }
}
