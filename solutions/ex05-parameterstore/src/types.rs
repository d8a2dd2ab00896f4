//! Given: the types this exercise's functions take and return, with their derives, messages
//! and the code that belongs to them. The course owns this file: grading always uses the
//! course's copy of it (and of `lib.rs`), so write your code in the other files.

use std::fmt;
use std::time::{Duration, Instant};

use aws_sdk_ssm::types::ParameterType;

/// One parameter as the application sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// The full name, e.g. `/da-serverless/dev/table_name`.
    pub name: String,
    /// The value; for a SecureString, the decrypted value.
    pub value: String,
    /// Starts at 1 and grows by 1 with every overwrite.
    pub version: i64,
    pub kind: ParameterType,
}

/// The most names one `GetParameters` request may carry.
pub const MAX_NAMES_PER_REQUEST: usize = 10;

/// What [`get_parameters`] found: the parameters, and the names that do not exist.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fetched {
    pub found: Vec<Parameter>,
    pub invalid: Vec<String>,
}

/// How many customers a page of the API returns when `limits/page_size` is not set.
pub const DEFAULT_PAGE_SIZE: u32 = 25;

/// The class lab's configuration, as stored below a path such as `/da-serverless/dev`:
///
/// | key below the path | field | required |
/// | --- | --- | --- |
/// | `table_name` | `table_name` | yes |
/// | `api_key` (a SecureString) | `api_key` | yes |
/// | `limits/page_size` | `page_size` | no, [`DEFAULT_PAGE_SIZE`] |
#[derive(Clone, PartialEq, Eq)]
pub struct LabConfig {
    pub table_name: String,
    pub api_key: String,
    pub page_size: u32,
}

/// Never prints the API key: configuration ends up in logs.
impl fmt::Debug for LabConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LabConfig")
            .field("table_name", &self.table_name)
            .field("api_key", &"[redacted]")
            .field("page_size", &self.page_size)
            .finish()
    }
}

/// Everything that can go wrong when reading or writing parameters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParameterError {
    #[error("parameter {name} does not exist")]
    NotFound { name: String },
    #[error("parameter {name} already exists; pass overwrite to replace it")]
    AlreadyExists { name: String },
    #[error("required parameters missing below {path}: {}", keys.join(", "))]
    MissingKeys { path: String, keys: Vec<String> },
    #[error("parameter {name} has an invalid value: {reason}")]
    BadValue { name: String, reason: String },
    #[error("{count} names asked at once; GetParameters takes at most 10")]
    TooManyNames { count: usize },
    #[error("Parameter Store throttled the request; try again later")]
    Throttled,
    #[error("Parameter Store answered without {0}")]
    Incomplete(&'static str),
    #[error("Parameter Store error: {0}")]
    Service(String),
}

/// A source of the current time, as the time elapsed since some fixed start.
pub trait Clock {
    fn now(&self) -> Duration;
}

/// The real clock: time since this clock was made.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    start: Instant,
}

impl SystemClock {
    pub fn new() -> SystemClock {
        SystemClock {
            start: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }
}
