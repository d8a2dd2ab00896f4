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
    // stub: todo!("BatchWriteItem in chunks of 25, retrying UnprocessedItems with backoff")
    for chunk in customers.chunks(BATCH_WRITE_LIMIT) {
        let mut pending: Vec<WriteRequest> = chunk.iter().map(put_request).collect();
        let mut attempts = 0;
        let mut delay = retry.first_delay;
        loop {
            attempts += 1;
            let output = client
                .batch_write_item()
                .request_items(table, pending)
                .send()
                .await
                .map_err(|error| map_dynamo_error(&error, table))?;
            pending = output
                .unprocessed_items
                .and_then(|mut unprocessed| unprocessed.remove(table))
                .unwrap_or_default();
            if pending.is_empty() {
                break;
            }
            if attempts > retry.max_retries {
                return Err(StoreError::Unprocessed {
                    count: pending.len(),
                    attempts,
                });
            }
            tokio::time::sleep(delay).await;
            delay *= 2;
        }
    }
    Ok(())
}

// stub-omit-start
fn put_request(customer: &Customer) -> WriteRequest {
    let put = PutRequest::builder()
        .set_item(Some(customer_to_item(customer)))
        .build()
        .expect("a put request with an item is complete");
    WriteRequest::builder().put_request(put).build()
}
// stub-omit-end
