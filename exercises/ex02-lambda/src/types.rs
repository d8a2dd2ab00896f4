//! Given: the types this exercise's functions take and return, with their derives, messages
//! and the code that belongs to them. The course owns this file: grading always uses the
//! course's copy of it (and of `lib.rs`), so write your code in the other files.

use std::sync::atomic::AtomicU64;

use lambda_runtime::Diagnostic;
use serde::Serialize;

/// The table used when `DB_NAME` is not set: the class lab's.
pub const DEFAULT_DB_NAME: &str = "DA_Serverless";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The DynamoDB table the function works on.
    pub db_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "DB_NAME {value:?} is not a DynamoDB table name: 3 to 255 letters, digits, '_', '-' or '.'"
    )]
    InvalidDbName { value: String },
}

/// What the function keeps between invocations of one execution environment: made once at cold
/// start, shared by every invocation while the environment stays warm.
#[derive(Debug)]
pub struct AppState {
    pub config: Config,
    /// How many invocations this environment has served.
    pub invocations: AtomicU64,
}

impl AppState {
    pub fn new(config: Config) -> AppState {
        AppState {
            config,
            invocations: AtomicU64::new(0),
        }
    }
}

/// The reply to a lookup, as JSON with camelCase names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reply {
    /// The invocation's request id, from the context: it ties the reply to the logs.
    pub request_id: String,
    /// The table from the configuration.
    pub table: String,
    pub customer_id: String,
    /// Milliseconds left before the invocation's deadline (0 once it has passed).
    pub remaining_ms: u64,
    /// 1 for the first invocation of this environment, 2 for the second, and so on.
    pub invocation: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandlerError {
    #[error("the event must be a JSON object with a non-empty string \"id\"")]
    InvalidRequest,
}

/// How the runtime reports a [`HandlerError`] to Lambda, and so to the caller.
impl From<HandlerError> for Diagnostic {
    fn from(error: HandlerError) -> Diagnostic {
        Diagnostic {
            error_type: "InvalidRequest".to_string(),
            error_message: error.to_string(),
        }
    }
}
