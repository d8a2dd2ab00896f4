//! The graded tests of exercise 4. Each test is one requirement; its points and hint are in
//! `exercises/course.toml`. Run them with `cargo test -p ex04`.

mod common;

mod envelope;
mod errors;
mod hidden;
mod secret;

// The emulator tier: `--features emulator`, beside a running emulator (see the module).
#[cfg(feature = "emulator")]
mod emulator;
