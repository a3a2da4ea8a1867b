//! The Rust side of RustPgoApp: C functions the app calls through [LibraryImport].

/// Steps of the Collatz sequence from `n` down to 1: a branchy loop, the kind of code PGO speeds up.
#[unsafe(no_mangle)]
pub extern "C" fn collatz_steps(n: u64) -> u32 {
    let (mut n, mut steps) = (n.max(1), 0u32);
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}
