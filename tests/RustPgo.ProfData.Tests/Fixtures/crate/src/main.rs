// A tiny workload for profile fixtures: branches, loops, an indirect call
// through `dyn Trait`, calls through fn pointers, and variable-size copies.
use std::env;

trait Shape {
    fn area(&self) -> u64;
}

struct Square(u64);
struct Rect(u64, u64);
struct Tri(u64, u64);

impl Shape for Square {
    fn area(&self) -> u64 { self.0 * self.0 }
}
impl Shape for Rect {
    fn area(&self) -> u64 { self.0 * self.1 }
}
impl Shape for Tri {
    fn area(&self) -> u64 { self.0 * self.1 / 2 }
}

fn double(x: u64) -> u64 { x.wrapping_mul(2) }
fn square(x: u64) -> u64 { x.wrapping_mul(x) }
fn negate(x: u64) -> u64 { x.wrapping_neg() }

#[inline(never)]
fn apply(f: fn(u64) -> u64, x: u64) -> u64 { f(x) }

#[cfg(variant)]
#[inline(never)]
fn collatz(n: u64) -> u64 {
    // A different body: same symbol, different structural hash.
    let mut steps = 0;
    let mut m = n;
    while m > 1 {
        if m % 2 == 0 { m /= 2; } else if m % 3 == 0 { m = m / 3 * 4 + 1; } else { m = 3 * m + 1; }
        steps += 1;
        if steps > 1000 { break; }
    }
    steps
}

#[cfg(not(variant))]
#[inline(never)]
fn collatz(mut n: u64) -> u64 {
    let mut steps = 0;
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}

#[inline(never)]
fn total_area(shapes: &[Box<dyn Shape>]) -> u64 {
    shapes.iter().map(|s| s.area()).sum()
}

#[inline(never)]
fn copy_prefix(src: &[u8], dst: &mut [u8], len: usize) {
    dst[..len].copy_from_slice(&src[..len]);
}

#[inline(never)]
fn never_called(x: u64) -> u64 { x + 42 }

fn main() {
    let mode = env::args().nth(1).unwrap_or_else(|| "all".to_string());
    let n: u64 = env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(100);
    let mut acc = 0u64;
    if mode == "math" || mode == "all" {
        for i in 1..n { acc = acc.wrapping_add(collatz(i)); }
        let fns: [fn(u64) -> u64; 3] = [double, square, negate];
        for i in 0..n { acc = acc.wrapping_add(apply(fns[(i % 3) as usize], i)); }
    }
    if mode == "shapes" || mode == "all" {
        let mut shapes: Vec<Box<dyn Shape>> = Vec::new();
        for i in 0..n {
            match i % 5 {
                0 | 1 => shapes.push(Box::new(Square(i))),
                2 | 3 => shapes.push(Box::new(Rect(i, i + 1))),
                _ => shapes.push(Box::new(Tri(i, 3))),
            }
        }
        acc = acc.wrapping_add(total_area(&shapes));
    }
    if mode == "copy" || mode == "all" {
        let src = vec![7u8; 4096];
        let mut dst = vec![0u8; 4096];
        for i in 0..n { copy_prefix(&src, &mut dst, ((i * 37) % 300) as usize); }
        acc = acc.wrapping_add(dst.iter().map(|&b| b as u64).sum::<u64>());
    }
    if mode == "never" { acc = never_called(acc); }
    println!("{}", acc);
}
