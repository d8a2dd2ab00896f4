//! The runtime loop of the `bootstrap` binary.

use std::sync::Arc;

use lambda_runtime::{service_fn, Error, LambdaEvent};
use lambda_runtime_api_client::body::Body;
use serde_json::{json, Value};

use crate::config::config_from;
use crate::lookup::{handle_lookup, AppState};

/// Serves [`handle_lookup`] until the process is stopped.
///
/// 1. At cold start, read the configuration once with [`config_from`] over the process
///    environment. If it is invalid, report it with [`report_init_error`] (the message is the
///    error's `Display`) and return the error: Lambda then knows the function cannot start, and
///    never sends it an event.
/// 2. Make one [`AppState`] in an `Arc`, and run `lambda_runtime::run` with a `service_fn` whose
///    closure clones the `Arc` for each invocation, so every invocation shares the same state.
/// 3. The closure returns `handle_lookup`'s `Result` as it is, error type included: the runtime
///    reports an `Err` to the Runtime API with the `HandlerError`'s name as its `errorType`
///    (e.g. `InvalidRequest`), which is what the caller sees, and then takes the next event.
pub async fn run() -> Result<(), Error> {
    // stub: todo!("config_from(|name| std::env::var(name).ok()), then lambda_runtime::run(service_fn(..))")
    let config = match config_from(|name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(error) => {
            report_init_error(&error.to_string()).await?;
            return Err(error.into());
        }
    };
    let state = Arc::new(AppState::new(config));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let state = Arc::clone(&state);
        async move { handle_lookup(&state, event).await }
    }))
    .await
}

/// Tells the Runtime API that the function cannot start (`POST /runtime/init/error`), with
/// `message` as the error message.
pub async fn report_init_error(message: &str) -> Result<(), Error> {
    let client = lambda_runtime_api_client::Client::builder().build()?;
    let body = json!({"errorType": "Runtime.ConfigError", "errorMessage": message}).to_string();
    let request = lambda_runtime_api_client::build_request()
        .method("POST")
        .uri("/2018-06-01/runtime/init/error")
        .header("lambda-runtime-function-error-type", "Runtime.ConfigError")
        .body(Body::from(body))?;
    client.call(request).await?;
    Ok(())
}
