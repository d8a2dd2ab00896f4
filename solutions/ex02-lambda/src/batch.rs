//! A batch from SQS: Lambda's event source mapping polls the queue and invokes the function
//! synchronously with a batch of messages; only the ones the function reports as failed are
//! retried.

use aws_lambda_events::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use lambda_runtime::LambdaEvent;
use serde_json::Value;

use crate::lookup::HandlerError;

/// Processes a batch of SQS messages and reports the ones that failed.
///
/// - A message succeeds when its body is a JSON object with a non-empty string `id`.
/// - Every other message (no body, not JSON, no `id`) is a failure: its `messageId` goes into
///   `batchItemFailures`, in the order of the batch, so SQS retries only those messages.
/// - Each message is processed on its own: one failure never fails the whole batch, and the
///   handler itself returns `Ok` (an `Err` would make SQS retry every message).
pub async fn handle_batch(event: LambdaEvent<SqsEvent>) -> Result<SqsBatchResponse, HandlerError> {
    // stub: todo!("check each record's body; collect the message ids of those that fail")
    let mut response = SqsBatchResponse::default();
    for record in &event.payload.records {
        let valid = record
            .body
            .as_deref()
            .and_then(|body| serde_json::from_str::<Value>(body).ok())
            .and_then(|value| value.get("id").and_then(Value::as_str).map(str::to_string))
            .is_some_and(|id| !id.is_empty());
        if !valid {
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = record.message_id.clone().unwrap_or_default();
            response.batch_item_failures.push(failure);
        }
    }
    Ok(response)
}
