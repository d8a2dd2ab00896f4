//! The runtime loop of the `bootstrap` binary.

use std::sync::Arc;

use aws_lambda_events::apigw::ApiGatewayProxyRequest;
use lambda_runtime::{service_fn, Error, LambdaEvent};

use crate::config::load_config;
use crate::handler::handle;
use crate::types::{App, Clients};

/// Serves the customers API until the process is stopped.
///
/// 1. At cold start, once: [`load_config`] of `stage` with `clients.ssm`. If it fails, return
///    the error: the process ends before it asks for an event, and Lambda reports the start as
///    failed (`Runtime.ExitError`).
/// 2. Make one [`App`] (the configuration, `clients.dynamodb`, `clients.kms` and `new_id`) and
///    run `lambda_runtime::run` with a `service_fn` that answers each event with [`handle`],
///    passing the invocation's request id (`event.context.request_id`). The handler always
///    answers, so the closure always returns `Ok`.
pub async fn serve(
    clients: Clients,
    stage: &str,
    new_id: Arc<dyn Fn() -> String + Send + Sync>,
) -> Result<(), Error> {
    todo!("the configuration once, then the runtime loop with one shared App")
}
