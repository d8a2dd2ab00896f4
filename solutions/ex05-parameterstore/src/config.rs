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
    // stub: todo!("GetParametersByPath page after page, then pick the keys out")
    let prefix = format!("{}/", path.trim_end_matches('/'));
    let mut values: HashMap<String, String> = HashMap::new();
    let mut token = None;
    loop {
        let page = client
            .get_parameters_by_path()
            .path(path)
            .recursive(true)
            .with_decryption(true)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| map_ssm_error(&error, path))?;
        for parameter in page.parameters() {
            let parameter = parameter_from_sdk(parameter)?;
            if let Some(key) = parameter.name.strip_prefix(&prefix) {
                values.insert(key.to_string(), parameter.value);
            }
        }
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    let mut missing: Vec<String> = ["api_key", "table_name"]
        .into_iter()
        .filter(|key| !values.contains_key(*key))
        .map(str::to_string)
        .collect();
    if !missing.is_empty() {
        missing.sort();
        return Err(ParameterError::MissingKeys {
            path: path.to_string(),
            keys: missing,
        });
    }
    let page_size = match values.get("limits/page_size") {
        None => DEFAULT_PAGE_SIZE,
        Some(text) => match text.parse::<u32>() {
            Ok(size) if size >= 1 => size,
            _ => {
                return Err(ParameterError::BadValue {
                    name: format!("{prefix}limits/page_size"),
                    reason: format!("{text:?} is not a whole number from 1 up"),
                })
            }
        },
    };
    Ok(LabConfig {
        table_name: values.remove("table_name").unwrap_or_default(),
        api_key: values.remove("api_key").unwrap_or_default(),
        page_size,
    })
}
