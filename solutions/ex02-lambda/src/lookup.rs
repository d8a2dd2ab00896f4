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
    // stub: todo!("read payload[\"id\"], then fill the Reply from the context and the state")
    let customer_id = event
        .payload
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .ok_or(HandlerError::InvalidRequest)?
        .to_string();
    let remaining = event
        .context
        .deadline()
        .duration_since(SystemTime::now())
        .unwrap_or(Duration::ZERO);
    let invocation = state.invocations.fetch_add(1, Ordering::SeqCst) + 1;
    Ok(Reply {
        request_id: event.context.request_id.clone(),
        table: state.config.db_name.clone(),
        customer_id,
        remaining_ms: u64::try_from(remaining.as_millis()).unwrap_or(u64::MAX),
        invocation,
    })
}
