//! Runtime values and the heap they point into.
//!
//! `Value` is a small `Copy` type: numbers, booleans and nil are stored
//! inline; strings, arrays and maps are handles into the `Heap` of the
//! current run. A run's heap is freed as a whole when the run ends (scripts
//! are short-lived), so there is no garbage collector, only a size limit.

use crate::fail;
use crate::error::{Error, RtResult};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

/// Index of an object in the heap.
pub type Handle = u32;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Handle),
    Array(Handle),
    Map(Handle),
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Map(_) => "map",
        }
    }
}

/// A map: like a Lua table it keeps integer keys and string keys apart, so
/// a lookup by string can borrow the key instead of building one.
#[derive(Default)]
pub struct Table {
    pub ints: HashMap<i64, Value, FxBuild>,
    pub strs: HashMap<Box<str>, Value, FxBuild>,
}

impl Table {
    pub fn len(&self) -> usize {
        self.ints.len() + self.strs.len()
    }
}

pub enum Object {
    Str(Box<str>),
    Array(Vec<Value>),
    Map(Table),
}

/// Most objects one run may allocate, and most string bytes.
const MAX_OBJECTS: usize = 1 << 24;
const MAX_STRING_BYTES: usize = 1 << 28;

#[derive(Default)]
pub struct Heap {
    objects: Vec<Object>,
    string_bytes: usize,
}

impl Heap {
    pub fn new() -> Self {
        Heap::default()
    }

    fn alloc(&mut self, o: Object) -> RtResult<Handle> {
        if self.objects.len() >= MAX_OBJECTS {
            return Err(out_of_memory());
        }
        self.objects.push(o);
        Ok((self.objects.len() - 1) as Handle)
    }

    pub fn new_str(&mut self, s: &str) -> RtResult<Value> {
        self.string_bytes += s.len();
        if self.string_bytes > MAX_STRING_BYTES {
            return Err(out_of_memory());
        }
        Ok(Value::Str(self.alloc(Object::Str(Box::from(s)))?))
    }

    pub fn new_array(&mut self, items: Vec<Value>) -> RtResult<Value> {
        Ok(Value::Array(self.alloc(Object::Array(items))?))
    }

    pub fn new_map(&mut self) -> RtResult<Value> {
        Ok(Value::Map(self.alloc(Object::Map(Table::default()))?))
    }

    // Handles always point at the kind of object their `Value` variant
    // names; anything else is a bug in the VM, not in the script.
    pub fn str(&self, h: Handle) -> &str {
        match &self.objects[h as usize] {
            Object::Str(s) => s,
            _ => unreachable!("handle {h} is not a string"),
        }
    }

    pub fn array(&self, h: Handle) -> &Vec<Value> {
        match &self.objects[h as usize] {
            Object::Array(a) => a,
            _ => unreachable!("handle {h} is not an array"),
        }
    }

    pub fn array_mut(&mut self, h: Handle) -> &mut Vec<Value> {
        match &mut self.objects[h as usize] {
            Object::Array(a) => a,
            _ => unreachable!("handle {h} is not an array"),
        }
    }

    pub fn map(&self, h: Handle) -> &Table {
        match &self.objects[h as usize] {
            Object::Map(m) => m,
            _ => unreachable!("handle {h} is not a map"),
        }
    }

    /// The map `m` and, at the same time, read access to the string `key`.
    pub fn map_and_key(&mut self, m: Handle, key: Handle) -> (&mut Table, &str) {
        let (m, key) = (m as usize, key as usize);
        assert_ne!(m, key, "a map cannot be its own key");
        // split the object list so both borrows are disjoint
        let (low, high) = self.objects.split_at_mut(m.max(key));
        let (map_obj, key_obj) = if m < key {
            (&mut low[m], &high[0])
        } else {
            (&mut high[0], &low[key])
        };
        match (map_obj, key_obj) {
            (Object::Map(t), Object::Str(s)) => (t, s),
            _ => unreachable!("bad map or key handle"),
        }
    }

    pub fn map_mut(&mut self, h: Handle) -> &mut Table {
        match &mut self.objects[h as usize] {
            Object::Map(m) => m,
            _ => unreachable!("handle {h} is not a map"),
        }
    }

    /// Equality used by `==`: numbers compare by value across int/float,
    /// strings by content, arrays and maps by identity.
    pub fn equals(&self, a: Value, b: Value) -> bool {
        match (a, b) {
            (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => x as f64 == y,
            (Value::Str(x), Value::Str(y)) => x == y || self.str(x) == self.str(y),
            (a, b) => a == b,
        }
    }

    /// Text form used by `str()`, `join()` and the result of a run.
    pub fn display(&self, v: Value) -> String {
        let mut out = String::new();
        self.write(&mut out, v, true);
        out
    }

    fn write(&self, out: &mut String, v: Value, top: bool) {
        match v {
            Value::Nil => out.push_str("nil"),
            Value::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => {
                let _ = write!(out, "{f}");
            }
            Value::Str(s) if top => out.push_str(self.str(s)),
            Value::Str(s) => {
                let _ = write!(out, "{:?}", self.str(s));
            }
            // nested containers print shallowly (they may contain themselves)
            Value::Array(_) | Value::Map(_) if !top => {
                let _ = write!(out, "<{}>", v.type_name());
            }
            Value::Array(a) => {
                out.push('[');
                for (i, item) in self.array(a).iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write(out, *item, false);
                }
                out.push(']');
            }
            Value::Map(m) => {
                let _ = write!(out, "<map of {}>", self.map(m).len());
            }
        }
    }
}

#[cold]
fn out_of_memory() -> Error {
    fail!("out of memory: the script allocated too much")
}

/// FxHash (as used inside rustc): fast and, unlike `RandomState`,
/// deterministic, so map iteration order is the same in every process.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_i64(&mut self, i: i64) {
        self.add(i as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;

/// FNV-1a over the values a program `emit`s: the checksum the host prints.
pub struct Checksum {
    pub hash: u64,
    pub count: u64,
}

impl Checksum {
    pub fn new() -> Self {
        Checksum {
            hash: 0xcbf2_9ce4_8422_2325,
            count: 0,
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.hash ^= b as u64;
            self.hash = self.hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Mixes one value in. Containers are hashed by content (up to a depth
    /// limit, so cyclic structures terminate); maps in key order, integer
    /// keys first.
    pub fn add(&mut self, heap: &Heap, v: Value) {
        self.count += 1;
        self.mix(heap, v, 0);
    }

    fn mix_str(&mut self, s: &str) {
        self.bytes(&[4]);
        self.bytes(s.as_bytes());
    }

    fn mix(&mut self, heap: &Heap, v: Value, depth: u32) {
        match v {
            Value::Nil => self.bytes(&[0]),
            Value::Bool(b) => self.bytes(&[1, b as u8]),
            Value::Int(i) => {
                self.bytes(&[2]);
                self.bytes(&i.to_le_bytes());
            }
            Value::Float(x) => {
                self.bytes(&[3]);
                self.bytes(&x.to_bits().to_le_bytes());
            }
            Value::Str(s) => self.mix_str(heap.str(s)),
            Value::Array(a) => {
                self.bytes(&[5]);
                if depth < 8 {
                    for item in heap.array(a) {
                        self.mix(heap, *item, depth + 1);
                    }
                }
            }
            Value::Map(m) => {
                self.bytes(&[6]);
                if depth < 8 {
                    let table = heap.map(m);
                    let mut ints: Vec<_> = table.ints.iter().collect();
                    ints.sort_by_key(|e| *e.0);
                    for (k, item) in ints {
                        self.mix(heap, Value::Int(*k), depth + 1);
                        self.mix(heap, *item, depth + 1);
                    }
                    let mut strs: Vec<_> = table.strs.iter().collect();
                    strs.sort_by(|a, b| a.0.cmp(b.0));
                    for (k, item) in strs {
                        self.mix_str(k);
                        self.mix(heap, *item, depth + 1);
                    }
                }
            }
        }
    }
}
