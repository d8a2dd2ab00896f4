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
    todo!("check each record's body; collect the message ids of those that fail")
}
