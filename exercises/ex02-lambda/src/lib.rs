//! Exercise 2: Lambda. The customers function: a handler for `lambda_runtime`, its state and
//! configuration, an SQS batch handler, and the `bootstrap` binary Lambda runs.
//!
//! Read `docs/lambda.md` first, then complete the `todo!()`s: [`config`] (read once at cold
//! start), [`lookup`] (a synchronous invocation), [`batch`] (a batch of SQS messages with
//! partial failures) and [`serve`] (the runtime loop). `cargo test -p ex02` tells you what is left.
//!
//! Given, and always taken from the course when grading: this file and [`types`] (the types
//! the functions take and return). Write your code in the other modules.

// The stubs do not use their arguments and imports yet: this keeps the compiler quiet.
#![allow(unused_imports, unused_variables, dead_code)]

pub mod batch;
pub mod config;
pub mod lookup;
pub mod serve;
pub mod types;

pub use batch::handle_batch;
pub use config::config_from;
pub use lookup::handle_lookup;
pub use serve::run;
pub use types::{AppState, Config, ConfigError, HandlerError, Reply, DEFAULT_DB_NAME};
