//! A synchronous invocation: the caller waits for the reply, and sees the error if there is one.

use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

use lambda_runtime::LambdaEvent;
use serde_json::Value;

pub use crate::types::{AppState, HandlerError, Reply};

/// Answers `{"id": "<customer id>"}` with a [`Reply`].
///
/// - The event's payload must be an object whose `id` is a non-empty string; otherwise
///   `HandlerError::InvalidRequest`, which `lambda_runtime` reports to the caller.
/// - `request_id` from `event.context.request_id`; `remaining_ms` from the context's deadline
///   (`event.context.deadline()`) minus now.
/// - `invocation`: add 1 to `state.invocations` and reply with the new count.
pub async fn handle_lookup(
    state: &AppState,
    event: LambdaEvent<Value>,
) -> Result<Reply, HandlerError> {
    todo!("read payload[\"id\"], then fill the Reply from the context and the state")
}
