//! Reading and writing single parameters.

use aws_sdk_ssm::types::ParameterType;
use aws_sdk_ssm::Client;

use crate::error::{map_ssm_error, ParameterError};

pub use crate::types::{Fetched, Parameter, MAX_NAMES_PER_REQUEST};

/// Converts a parameter of the SDK into ours.
///
/// `name` and `value` must be present (otherwise `ParameterError::Incomplete("Name")` or
/// `ParameterError::Incomplete("Value")`); a missing `type` is `ParameterType::String`.
pub fn parameter_from_sdk(
    parameter: &aws_sdk_ssm::types::Parameter,
) -> Result<Parameter, ParameterError> {
    todo!("copy name, value, version and type, checking that name and value are there")
}

/// The parameter `name`, with a SecureString's value decrypted.
///
/// - One `GetParameter` request with `Name` and `WithDecryption` set to true.
/// - A missing parameter is `ParameterError::NotFound` naming it; errors go through
///   [`map_ssm_error`]; a response without a parameter is `ParameterError::Incomplete("Parameter")`.
pub async fn get_parameter(client: &Client, name: &str) -> Result<Parameter, ParameterError> {
    todo!("a GetParameter request with decryption, then parameter_from_sdk")
}

/// Several parameters in one request, with SecureStrings decrypted.
///
/// - More than [`MAX_NAMES_PER_REQUEST`] names is `ParameterError::TooManyNames`, before any
///   request is sent.
/// - One `GetParameters` request with every name and `WithDecryption` set to true.
/// - Names that do not exist do not make the call fail: AWS lists them in `InvalidParameters`,
///   and so does [`Fetched::invalid`]. Errors go through [`map_ssm_error`] (with the names
///   joined by ", " as the name).
pub async fn get_parameters(client: &Client, names: &[&str]) -> Result<Fetched, ParameterError> {
    todo!("check the count, then one GetParameters request with decryption")
}

/// Stores `value` under `name` as a parameter of type `kind`, and returns its new version.
///
/// - One `PutParameter` request with `Name`, `Value`, `Type` and `Overwrite` set to `overwrite`.
/// - Without overwrite, an existing name is `ParameterError::AlreadyExists`; errors go through
///   [`map_ssm_error`].
pub async fn put_parameter(
    client: &Client,
    name: &str,
    value: &str,
    kind: ParameterType,
    overwrite: bool,
) -> Result<i64, ParameterError> {
    todo!("a PutParameter request; the response carries the new version")
}
