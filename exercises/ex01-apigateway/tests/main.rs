//! The graded tests of exercise 1. Each test is one requirement; its points and hint are in
//! `exercises/course.toml`. Run them with `cargo test -p ex01`.

mod common;

mod auth;
mod handler;
mod hidden;
mod request;
mod response;
mod routing;
mod validate;
