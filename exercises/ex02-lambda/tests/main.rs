//! The graded tests of exercise 2. Each test is one requirement; its points and hint are in
//! `exercises/course.toml`. Run them with `cargo test -p ex02`.

mod batch;
mod bootstrap;
mod config;
mod hidden;
mod lookup;
