//! The graded tests of exercise 5. Each test is one requirement; its points and hint are in
//! `exercises/course.toml`. Run them with `cargo test -p ex05`.

mod cache;
mod config;
mod hidden;
mod parameter;

// The emulator tier: `--features emulator`, beside a running emulator (see the module).
#[cfg(feature = "emulator")]
mod emulator;
