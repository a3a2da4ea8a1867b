//! Linked into every instrumented library RustPgo.Sdk ships (RustPgoInstrumented=true): the two exports
//! RustPgo.Runtime's RustPgoProfile calls. LLVM's profiler runtime keeps its own entry points hidden inside
//! the library, so they are reached through these. Compiled by the crate's own rustc; no C compiler needed.
#![no_std]

use core::ffi::c_char;

unsafe extern "C" {
    fn __llvm_profile_write_file() -> i32;
    fn __llvm_profile_reset_counters();
    fn getenv(name: *const c_char) -> *const c_char;
}

/// Writes the library's raw profile now; 0 on success.
///
/// With a `%m` (or `%Nm`) in the file pattern, as in rustc's default one, LLVM adds a write's counts into
/// the file (online merging): the counters then start afresh, so that a later write (the one at exit
/// among them) adds only what came after. Without `%m`, each write replaces the file with every count so
/// far, and the counters are kept.
#[unsafe(no_mangle)]
pub extern "C" fn rustpgo_profile_write() -> i32 {
    let status = unsafe { __llvm_profile_write_file() };
    if status == 0 && merges_into_file() {
        unsafe { __llvm_profile_reset_counters() };
    }
    status
}

/// Zeroes the library's counters (to profile one phase of a process); 0 on success.
#[unsafe(no_mangle)]
pub extern "C" fn rustpgo_profile_reset() -> i32 {
    unsafe { __llvm_profile_reset_counters() };
    0
}

/// Whether the file pattern in force merges: LLVM_PROFILE_FILE's when set, else the compiled-in one
/// (rustc's `<dir>/default_%m.profraw`, which always does).
fn merges_into_file() -> bool {
    let pattern = unsafe { getenv(c"LLVM_PROFILE_FILE".as_ptr()) };
    if pattern.is_null() || unsafe { *pattern } == 0 {
        return true;
    }
    let mut i = 0;
    loop {
        let c = unsafe { *pattern.add(i) } as u8;
        if c == 0 {
            return false;
        }
        if c == b'%' {
            let mut j = i + 1;
            while (unsafe { *pattern.add(j) } as u8).is_ascii_digit() {
                j += 1;
            }
            if unsafe { *pattern.add(j) } as u8 == b'm' {
                return true;
            }
        }
        i += 1;
    }
}
