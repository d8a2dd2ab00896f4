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
    todo!("map the error code to a ParameterError (see docs/parameter-store.md, \"Errors\")")
}
