//! Exercise 2: Lambda. The customers function: a handler for `lambda_runtime`, its state and
//! configuration, an SQS batch handler, and the `bootstrap` binary Lambda runs.
//!
//! Read `docs/lambda.md` first, then complete the `todo!()`s: [`config`] (read once at cold
//! start), [`lookup`] (a synchronous invocation), [`batch`] (an asynchronous SQS batch with
//! partial failures) and [`serve`] (the runtime loop). `cargo test -p ex02` tells you what is left.

// The stubs do not use their arguments and imports yet: delete this line once they do.
#![allow(unused_imports, unused_variables, dead_code)]

pub mod batch;
pub mod config;
pub mod lookup;
pub mod serve;

pub use batch::handle_batch;
pub use config::{config_from, Config, ConfigError, DEFAULT_DB_NAME};
pub use lookup::{handle_lookup, AppState, HandlerError, Reply};
pub use serve::run;
