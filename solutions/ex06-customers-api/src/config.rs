//! The configuration, read once when the function starts (its cold start).

use aws_sdk_ssm::error::{ProvideErrorMetadata, SdkError};

use crate::types::{Config, ConfigError, PARAMETER_ROOT};

/// The full name of parameter `key` of `stage`: `/da-serverless/<stage>/<key>`, e.g.
/// `/da-serverless/dev/DB_NAME`.
pub fn parameter_name(stage: &str, key: &str) -> String {
    // stub: todo!("PARAMETER_ROOT, the stage and the key, joined by /")
    format!("{PARAMETER_ROOT}/{stage}/{key}")
}

/// Reads the configuration of `stage` with one `GetParameters` call for the two parameters
/// `DB_NAME` (the table) and `API_KEY` (a SecureString: ask for it decrypted).
///
/// - A name Parameter Store lists as invalid, or does not return: `ConfigError::Missing` with
///   that full name (if both are missing, either one).
/// - The call fails: `ConfigError::Unavailable` with the error's code (`"unknown"` if none).
pub async fn load_config(ssm: &aws_sdk_ssm::Client, stage: &str) -> Result<Config, ConfigError> {
    // stub: todo!("one GetParameters call for both names, decrypted, then each value by its name")
    let table_name = parameter_name(stage, "DB_NAME");
    let key_name = parameter_name(stage, "API_KEY");
    let output = ssm
        .get_parameters()
        .names(&table_name)
        .names(&key_name)
        .with_decryption(true)
        .send()
        .await
        .map_err(|error: SdkError<_>| ConfigError::Unavailable {
            code: error.code().unwrap_or("unknown").to_string(),
        })?;
    let value = |name: &str| {
        output
            .parameters()
            .iter()
            .find(|parameter| parameter.name() == Some(name))
            .and_then(|parameter| parameter.value())
            .map(str::to_string)
            .ok_or_else(|| ConfigError::Missing {
                name: name.to_string(),
            })
    };
    Ok(Config {
        table: value(&table_name)?,
        api_key: value(&key_name)?,
    })
}
