//! The Rust side of RustPgoLib: C functions the library calls through [LibraryImport].

/// The number of whitespace-separated words in `length` bytes of UTF-8 at `text`.
///
/// # Safety
/// `text` points to `length` readable bytes (a .NET byte[] pinned for the call).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn count_words(text: *const u8, length: usize) -> usize {
    if text.is_null() {
        return 0;
    }
    let bytes = unsafe { std::slice::from_raw_parts(text, length) };
    let (mut words, mut in_word) = (0, false);
    for &b in bytes {
        let space = b == b' ' || b == b'\t' || b == b'\n' || b == b'\r';
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
    }
    words
}
