//! A synchronous invocation: the caller waits for the reply, and sees the error if there is one.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use lambda_runtime::{Diagnostic, LambdaEvent};
use serde::Serialize;
use serde_json::Value;

use crate::config::Config;

/// What the function keeps between invocations of one execution environment: made once at cold
/// start, shared by every invocation while the environment stays warm.
#[derive(Debug)]
pub struct AppState {
    pub config: Config,
    /// How many invocations this environment has served.
    pub invocations: AtomicU64,
}

impl AppState {
    pub fn new(config: Config) -> AppState {
        AppState {
            config,
            invocations: AtomicU64::new(0),
        }
    }
}

/// The reply to a lookup, as JSON with camelCase names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reply {
    /// The invocation's request id, from the context: it ties the reply to the logs.
    pub request_id: String,
    /// The table from the configuration.
    pub table: String,
    pub customer_id: String,
    /// Milliseconds left before the invocation's deadline (0 once it has passed).
    pub remaining_ms: u64,
    /// 1 for the first invocation of this environment, 2 for the second, and so on.
    pub invocation: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandlerError {
    #[error("the event must be a JSON object with a non-empty string \"id\"")]
    InvalidRequest,
}

/// How the runtime reports a [`HandlerError`] to Lambda, and so to the caller.
impl From<HandlerError> for Diagnostic {
    fn from(error: HandlerError) -> Diagnostic {
        Diagnostic {
            error_type: "InvalidRequest".to_string(),
            error_message: error.to_string(),
        }
    }
}

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
