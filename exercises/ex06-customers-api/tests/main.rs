//! The graded tests of exercise 6. Each test is one requirement; its points and hint are in
//! `exercises/course.toml`. Run them with `cargo test -p ex06`.

mod common;

mod config;
mod crypto;
mod errors;
mod flow;
mod handler;
mod hidden;
mod request;
mod store;

// The emulator tier: `--features emulator`, beside a running emulator (see the module).
#[cfg(feature = "emulator")]
mod emulator;
