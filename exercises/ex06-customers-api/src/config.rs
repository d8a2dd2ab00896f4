//! The configuration, read once when the function starts (its cold start).

use aws_sdk_ssm::error::{ProvideErrorMetadata, SdkError};

use crate::types::{Config, ConfigError, PARAMETER_ROOT};

/// The full name of parameter `key` of `stage`: `/da-serverless/<stage>/<key>`, e.g.
/// `/da-serverless/dev/DB_NAME`.
pub fn parameter_name(stage: &str, key: &str) -> String {
    todo!("PARAMETER_ROOT, the stage and the key, joined by /")
}

/// Reads the configuration of `stage` with one `GetParameters` call for the two parameters
/// `DB_NAME` (the table) and `API_KEY` (a SecureString: ask for it decrypted).
///
/// - A name Parameter Store lists as invalid, or does not return: `ConfigError::Missing` with
///   that full name (if both are missing, either one).
/// - The call fails: `ConfigError::Unavailable` with the error's code (`"unknown"` if none).
pub async fn load_config(ssm: &aws_sdk_ssm::Client, stage: &str) -> Result<Config, ConfigError> {
    todo!("one GetParameters call for both names, decrypted, then each value by its name")
}
