//! The runtime error every operation fails with. Its own module, below both
//! `value` and `ops`, so that neither depends on the other for it.

/// A runtime error message. Boxed (a thin pointer) so `Result<Value, Error>`
/// stays as small as a `Value` and is returned in registers.
#[allow(clippy::box_collection)]
pub struct Error(pub Box<String>);

pub type RtResult<T> = Result<T, Error>;

#[macro_export]
macro_rules! fail {
    ($($arg:tt)*) => {
        $crate::error::Error(Box::new(format!($($arg)*)))
    };
}
