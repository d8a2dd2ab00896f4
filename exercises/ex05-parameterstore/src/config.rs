//! The lab's configuration, read from every parameter below a path.

use std::collections::HashMap;

use aws_sdk_ssm::Client;

use crate::error::{map_ssm_error, ParameterError};
use crate::parameter::parameter_from_sdk;

pub use crate::types::{LabConfig, DEFAULT_PAGE_SIZE};

/// Reads every parameter below `path` (recursively, SecureStrings decrypted) into a [`LabConfig`].
///
/// - `GetParametersByPath` with `Path`, `Recursive` and `WithDecryption` set to true returns one
///   page at a time: while a response has a `NextToken`, send the same request with that token;
///   stop at the first page without one (a page may be empty and still carry one).
/// - A parameter's key is its name without `path` and the `/` after it: below `/da-serverless/dev`,
///   `/da-serverless/dev/limits/page_size` has the key `limits/page_size`. `path` may end with a
///   `/` or not. Keys other than the three of [`LabConfig`] are ignored.
/// - Every missing required key is reported at once: `ParameterError::MissingKeys` with `path` as
///   given and the missing keys in alphabetical order.
/// - A `page_size` that is not a whole number from 1 up is `ParameterError::BadValue` with the
///   parameter's full name.
/// - Errors go through [`map_ssm_error`] with `path` as the name.
pub async fn load_config(client: &Client, path: &str) -> Result<LabConfig, ParameterError> {
    todo!("GetParametersByPath page after page, then pick the keys out")
}
