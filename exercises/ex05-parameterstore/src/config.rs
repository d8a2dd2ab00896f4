//! The lab's configuration, read from every parameter below a path.

use std::collections::HashMap;
use std::fmt;

use aws_sdk_ssm::Client;

use crate::error::{map_ssm_error, ParameterError};
use crate::parameter::parameter_from_sdk;

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

/// Reads every parameter below `path` (recursively, SecureStrings decrypted) into a [`LabConfig`].
///
/// - `GetParametersByPath` with `Path`, `Recursive` and `WithDecryption` set to true returns one
///   page at a time: while a response has a `NextToken`, send the same request with that token;
///   stop at the first page without one.
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
