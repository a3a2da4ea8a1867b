//! `vm`: a small scripting language compiled to bytecode and run on a stack
//! VM, exported through a C ABI for the BytecodeVm .NET sample.
//!
//! Pipeline: `lexer::tokenize` -> `parser::Parser` (AST) ->
//! `compiler::compile` (bytecode) -> `vm::run` (dispatch loop), with value
//! operations in `ops`, builtins in `builtins`, values plus their heap in
//! `value` and the runtime error in `error`.
//!
//! The language: `let` variables, `fn` functions (recursive, top level
//! only), `if`/`else`, `while`, `return`; ints, floats, strings, bools, nil,
//! arrays (`[1, 2]`, `a[i]`) and maps (`map()`, `m[k]`); builtins such as
//! `len`, `str`, `push`, `split`, `emit`. Values passed to `emit` are hashed
//! into the checksum the host receives.

mod builtins;
mod compiler;
mod error;
mod lexer;
mod ops;
mod parser;
mod value;
mod vm;

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Status codes returned by `vm_run`.
pub const VM_OK: i32 = 0;
pub const VM_INVALID_ARGUMENT: i32 = 1;
pub const VM_COMPILE_ERROR: i32 = 2;
pub const VM_RUNTIME_ERROR: i32 = 3;
pub const VM_INTERNAL_ERROR: i32 = 4;

/// Filled in by `vm_run` on success.
#[repr(C)]
pub struct VmOutput {
    /// FNV-1a hash of every value the program emitted, then its result.
    pub checksum: u64,
    /// Number of values mixed into `checksum`.
    pub emitted: u64,
}

thread_local! {
    /// Error message and result text of the last `vm_run` on this thread.
    static LAST: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

/// Outcome of running one program: (checksum, emitted, result text).
pub fn run_source(src: &str) -> Result<(u64, u64, String), (i32, String)> {
    let tokens = lexer::tokenize(src).map_err(|e| (VM_COMPILE_ERROR, e))?;
    let ast = parser::Parser::new(tokens)
        .parse_program()
        .map_err(|e| (VM_COMPILE_ERROR, e))?;
    let program = compiler::compile(&ast).map_err(|e| (VM_COMPILE_ERROR, e))?;
    let mut sum = value::Checksum::new();
    let result = vm::run(&program, &mut sum).map_err(|e| (VM_RUNTIME_ERROR, e))?;
    Ok((sum.hash, sum.count, result))
}

/// Compiles and runs `len` bytes of UTF-8 source at `src`.
///
/// Returns `VM_OK` and fills `*out`, or an error status; the message is then
/// available from `vm_last_error`. Never unwinds into the caller.
///
/// # Safety
/// `src` must point to `len` readable bytes and `out` to a writable
/// `VmOutput` (or be null).
#[no_mangle]
pub unsafe extern "C" fn vm_run(src: *const u8, len: usize, out: *mut VmOutput) -> i32 {
    if src.is_null() && len != 0 {
        return set_last(
            VM_INVALID_ARGUMENT,
            "source pointer is null".into(),
            String::new(),
        );
    }
    let bytes = if len == 0 {
        &[][..]
    } else {
        std::slice::from_raw_parts(src, len)
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return set_last(
                VM_INVALID_ARGUMENT,
                format!("source is not UTF-8: {e}"),
                String::new(),
            )
        }
    };
    match catch_unwind(AssertUnwindSafe(|| run_source(text))) {
        Ok(Ok((checksum, emitted, result))) => {
            if !out.is_null() {
                *out = VmOutput { checksum, emitted };
            }
            set_last(VM_OK, String::new(), result)
        }
        Ok(Err((status, msg))) => set_last(status, msg, String::new()),
        Err(_) => set_last(
            VM_INTERNAL_ERROR,
            "internal error: the VM panicked".into(),
            String::new(),
        ),
    }
}

fn set_last(status: i32, error: String, result: String) -> i32 {
    LAST.with(|l| *l.borrow_mut() = (error, result));
    status
}

/// Copies `text` into `buf` (up to `cap` bytes, no terminator) and returns
/// its full length, so callers can retry with a larger buffer.
unsafe fn copy_out(text: &str, buf: *mut u8, cap: usize) -> usize {
    if !buf.is_null() {
        let n = text.len().min(cap);
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf, n);
    }
    text.len()
}

/// The error message of the last failed `vm_run` on this thread.
///
/// # Safety
/// `buf` must point to `cap` writable bytes (or be null).
#[no_mangle]
pub unsafe extern "C" fn vm_last_error(buf: *mut u8, cap: usize) -> usize {
    LAST.with(|l| copy_out(&l.borrow().0, buf, cap))
}

/// The printed result value (top-level `return`) of the last successful run.
///
/// # Safety
/// `buf` must point to `cap` writable bytes (or be null).
#[no_mangle]
pub unsafe extern "C" fn vm_last_result(buf: *mut u8, cap: usize) -> usize {
    LAST.with(|l| copy_out(&l.borrow().1, buf, cap))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(src: &str) -> String {
        run_source(src)
            .map(|r| r.2)
            .unwrap_or_else(|e| panic!("{}", e.1))
    }

    fn error(src: &str) -> (i32, String) {
        run_source(src).err().expect("expected an error")
    }

    #[test]
    fn arithmetic_and_precedence() {
        assert_eq!(result("return 1 + 2 * 3 - 4 / 2;"), "5");
        assert_eq!(result("return (1 + 2) * 3 % 4;"), "1");
        assert_eq!(result("return 1.5 * 2;"), "3");
        assert_eq!(result("return -2 - -3;"), "1");
        assert_eq!(result("return 1 < 2 && 3 >= 3 || false;"), "true");
    }

    #[test]
    fn functions_recursion_and_loops() {
        let src = "fn fib(n) { if n < 2 { return n; } return fib(n - 1) + fib(n - 2); }
                   let i = 0; let s = 0; while i < 10 { s = s + fib(i); i = i + 1; } return s;";
        assert_eq!(result(src), "88");
    }

    #[test]
    fn strings_arrays_maps() {
        assert_eq!(
            result(r#"return "ab" + str(12) + substr("xyz", 1, 2);"#),
            "ab12yz"
        );
        assert_eq!(
            result("let a = [3, 1, 2]; push(a, 9); a[0] = len(a); return a;"),
            "[4, 1, 2, 9]"
        );
        assert_eq!(
            result(r#"let m = map(); m["x"] = 1; m[2] = 3; return keys(m);"#),
            r#"[2, "x"]"#
        );
        assert_eq!(result(r#"return join(split("a,b,c", ","), "-");"#), "a-b-c");
    }

    #[test]
    fn errors_are_reported() {
        assert_eq!(error("let x = ;").0, VM_COMPILE_ERROR);
        assert_eq!(error("return y;").0, VM_COMPILE_ERROR);
        let (status, msg) = error("let a = 1;\nreturn a / 0;");
        assert_eq!(status, VM_RUNTIME_ERROR);
        assert!(
            msg.contains("line 2") && msg.contains("division by zero"),
            "{msg}"
        );
        assert!(error(r#"return 1 + "a";"#).1.contains("type error"));
        assert!(error("fn f(n) { return f(n + 1); } return f(0);")
            .1
            .contains("stack overflow"));
        assert!(error("return [1][5];").1.contains("out of bounds"));
        let deep = "(".repeat(5000) + "1" + &")".repeat(5000);
        assert_eq!(error(&format!("return {deep};")).0, VM_COMPILE_ERROR);
    }

    #[test]
    fn runtime_errors_name_the_line() {
        let cases = [
            (
                "let m = map();\nreturn m[\"missing\"];",
                "line 2",
                "key not found",
            ),
            (
                "fn f() { return g; }\nreturn f();",
                "",
                "undefined variable",
            ),
            ("let x = 1;\nif x { }", "line 2", "condition must be a bool"),
            ("return pop([]);", "line 1", "empty array"),
            ("return substr(\"abc\", 2, 5);", "line 1", "out of range"),
            ("return int(\"12x\");", "line 1", "cannot parse"),
            ("return -\"a\";", "line 1", "cannot negate"),
            ("return [1] < [2];", "line 1", "type error"),
        ];
        for (src, line, text) in cases {
            let (_, msg) = error(src);
            assert!(msg.contains(line) && msg.contains(text), "{src:?} -> {msg}");
        }
    }

    #[test]
    fn heap_values_behave_like_references() {
        // arrays are shared, strings compare by content
        assert_eq!(
            result("let a = [1]; let b = a; push(b, 2); return a;"),
            "[1, 2]"
        );
        assert_eq!(result(r#"return "ab" + "c" == "a" + "bc";"#), "true");
        assert_eq!(
            result(r#"let m = map(); m["k" + "1"] = 5; return m["k1"] + len(m);"#),
            "6"
        );
        assert_eq!(result(r#"return "ab" * 3 + "abc"[1];"#), "abababb");
        assert_eq!(
            result("let a = array(3, 0); a[1] = 2.5; return a;"),
            "[0, 2.5, 0]"
        );
    }

    #[test]
    fn checksum_is_deterministic() {
        let src = r#"let m = map(); let i = 0; while i < 100 { m[str(i)] = i * i; i = i + 1; } emit(m); emit(1.5);"#;
        let a = run_source(src).unwrap();
        let b = run_source(src).unwrap();
        assert_eq!(a.0, b.0);
        assert_eq!(a.1, 3);
    }
}
