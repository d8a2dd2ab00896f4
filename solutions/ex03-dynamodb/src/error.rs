//! The errors of the customers store, and how the SDK's errors become them.

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};

use crate::customer::ItemError;

/// Everything that can go wrong in the customers store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("customer {id} already exists")]
    AlreadyExists { id: String },
    #[error("customer {id} does not exist")]
    NotFound { id: String },
    #[error("the request's condition expression was not met")]
    ConditionFailed,
    #[error("table {table} does not exist")]
    TableNotFound { table: String },
    #[error("DynamoDB throttled the request; try again later")]
    Throttled,
    #[error("{count} items were still unprocessed after {attempts} attempts")]
    Unprocessed { count: usize, attempts: u32 },
    #[error("a stored item is not a customer: {0}")]
    BadItem(#[from] ItemError),
    #[error("DynamoDB error: {0}")]
    Service(String),
}

/// Maps an error of any DynamoDB operation on `table` to a [`StoreError`], by its error code:
///
/// - `ConditionalCheckFailedException` -> `StoreError::ConditionFailed` (the caller knows what
///   the condition meant and may turn it into `AlreadyExists` or `NotFound`);
/// - `ProvisionedThroughputExceededException`, `ThrottlingException` and
///   `RequestLimitExceeded` -> `StoreError::Throttled`;
/// - `ResourceNotFoundException` -> `StoreError::TableNotFound` naming `table`;
/// - anything else, including errors that never reached DynamoDB -> `StoreError::Service` with
///   a description of the error.
pub fn map_dynamo_error<E>(error: &SdkError<E>, table: &str) -> StoreError
where
    E: ProvideErrorMetadata + std::fmt::Debug,
{
    // stub: todo!("map the error code to a StoreError (see docs/dynamodb.md, \"Errors\")")
    match error.code() {
        Some("ConditionalCheckFailedException") => StoreError::ConditionFailed,
        Some("ProvisionedThroughputExceededException")
        | Some("ThrottlingException")
        | Some("RequestLimitExceeded") => StoreError::Throttled,
        Some("ResourceNotFoundException") => StoreError::TableNotFound {
            table: table.to_string(),
        },
        Some(code) => StoreError::Service(format!(
            "{code}: {}",
            error.message().unwrap_or("no message")
        )),
        None => StoreError::Service(format!("{error:?}")),
    }
}
