//! The errors of this exercise, and how Parameter Store's errors become them.

use aws_sdk_ssm::error::{ProvideErrorMetadata, SdkError};

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

/// Maps an error of a Parameter Store operation on the parameter `name` to a [`ParameterError`]:
///
/// - `ParameterNotFound` -> `ParameterError::NotFound` naming `name`;
/// - `ParameterAlreadyExists` -> `ParameterError::AlreadyExists` naming `name`;
/// - `ThrottlingException` -> `ParameterError::Throttled`;
/// - anything else, including errors that never reached the service -> `ParameterError::Service`
///   with a description of the error.
pub fn map_ssm_error<E>(error: &SdkError<E>, name: &str) -> ParameterError
where
    E: ProvideErrorMetadata + std::fmt::Debug,
{
    todo!("map the error code to a ParameterError (see docs/parameter-store.md, \"Errors\")")
}
