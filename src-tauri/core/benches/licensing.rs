//! P6 placeholder while the module is written.
fn main() {}
