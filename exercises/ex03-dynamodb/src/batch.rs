//! Writing many customers at once with `BatchWriteItem`.

use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
use aws_sdk_dynamodb::Client;

use crate::customer::{customer_to_item, Customer};
use crate::error::{map_dynamo_error, StoreError};

pub use crate::types::{BatchRetry, BATCH_WRITE_LIMIT};

/// Writes every customer to `table` with `BatchWriteItem` (put requests only).
///
/// - Customers are sent in chunks of at most [`BATCH_WRITE_LIMIT`], in order, each customer
///   exactly once (as [`customer_to_item`]'s item).
/// - A response may return some requests as `UnprocessedItems`. Send exactly those again, and
///   only those, until none remain: wait `first_delay` before the first retry of a chunk, and
///   before each later retry twice the wait before it (wait with `tokio::time::sleep`).
/// - After `max_retries` retries of one chunk with items still unprocessed, stop and return
///   `StoreError::Unprocessed` with how many items remain and how many attempts were made
///   (`max_retries + 1`).
/// - Errors go through [`map_dynamo_error`].
pub async fn batch_put_customers(
    client: &Client,
    table: &str,
    customers: &[Customer],
    retry: &BatchRetry,
) -> Result<(), StoreError> {
    todo!("BatchWriteItem in chunks of 25, retrying UnprocessedItems with backoff")
}
