//! The errors of the customers store, and how the SDK's errors become them.

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};

pub use crate::types::StoreError;

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
    todo!("map the error code to a StoreError (see docs/dynamodb.md, \"Errors\")")
}
