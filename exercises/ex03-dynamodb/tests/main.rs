//! The graded tests of exercise 3. Each test is one requirement; its points and hint are in
//! `exercises/course.toml`. Run them with `cargo test -p ex03`.

mod common;

mod batch;
mod create;
mod customer_item;
mod delete;
mod hidden;
mod list;
mod read;
mod update;

// The emulator tier: `--features emulator`, beside a running emulator (see the module).
#[cfg(feature = "emulator")]
mod emulator;
