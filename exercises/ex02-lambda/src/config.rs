//! Configuration, read once when the function starts (its cold start).

pub use crate::types::{Config, ConfigError, DEFAULT_DB_NAME};

/// The configuration, from the environment as `lookup` sees it (`lookup("DB_NAME")` is the
/// variable's value, if set; the binary passes `|name| std::env::var(name).ok()`, tests pass
/// their own).
///
/// - `DB_NAME` unset: [`DEFAULT_DB_NAME`].
/// - `DB_NAME` set: it must be a valid DynamoDB table name, 3 to 255 characters, each an ASCII
///   letter or digit, `_`, `-` or `.`; otherwise `ConfigError::InvalidDbName` with the value.
///   An empty value is invalid, not a default.
pub fn config_from(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
    todo!("lookup(\"DB_NAME\"), the default when unset, and the table-name rules")
}
