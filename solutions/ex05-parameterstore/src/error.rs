//! The errors of this exercise, and how Parameter Store's errors become them.

use aws_sdk_ssm::error::{ProvideErrorMetadata, SdkError};

pub use crate::types::ParameterError;

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
    // stub: todo!("map the error code to a ParameterError (see docs/parameter-store.md, \"Errors\")")
    match error.code() {
        Some("ParameterNotFound") => ParameterError::NotFound {
            name: name.to_string(),
        },
        Some("ParameterAlreadyExists") => ParameterError::AlreadyExists {
            name: name.to_string(),
        },
        Some("ThrottlingException") => ParameterError::Throttled,
        Some(code) => ParameterError::Service(format!(
            "{code}: {}",
            error.message().unwrap_or("no message")
        )),
        None => ParameterError::Service(format!("{error:?}")),
    }
}
