//! AWS failures, and the HTTP answers the API gives for them.

use aws_lambda_events::apigw::ApiGatewayProxyResponse;
use aws_lambda_events::http::header::RETRY_AFTER;
use aws_lambda_events::http::HeaderValue;
use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use serde_json::json;

use crate::types::{json_response, Failure, RETRY_AFTER_SECS};

/// The [`Failure`] an AWS error stands for, from its error code (any service's error, since
/// every SDK error provides its metadata):
///
/// - `ThrottlingException`, `ProvisionedThroughputExceededException` or
///   `RequestLimitExceeded`: `Failure::Throttled` with that code;
/// - `ConditionalCheckFailedException`: `Failure::Conflict`;
/// - any other code: `Failure::Aws` with it; no code at all (the call never got an answer, e.g.
///   a timeout): `Failure::Aws` with `"unknown"`.
pub fn failure_from(error: &impl ProvideErrorMetadata) -> Failure {
    // stub: todo!("the error code decides")
    match error.code() {
        Some(
            code @ ("ThrottlingException"
            | "ProvisionedThroughputExceededException"
            | "RequestLimitExceeded"),
        ) => Failure::Throttled {
            code: code.to_string(),
        },
        Some("ConditionalCheckFailedException") => Failure::Conflict,
        Some(code) => Failure::Aws {
            code: code.to_string(),
        },
        None => Failure::Aws {
            code: "unknown".to_string(),
        },
    }
}

/// The answer to `failure`, with [`json_response`]; `request_id` is the invocation's.
///
/// - `Throttled`: 503, with the header `Retry-After` set to [`RETRY_AFTER_SECS`];
/// - `Conflict`: 409;
/// - `Aws`: 500, and the body carries `"requestId": request_id`, so a caller can quote it.
///
/// Every body is an object with a `"message"` string of your choosing, which never contains
/// anything AWS said (no error code, no message): those are for the logs, not the caller.
pub fn failure_response(failure: &Failure, request_id: &str) -> ApiGatewayProxyResponse {
    // stub: todo!("a status per variant, Retry-After for 503, requestId for 500")
    match failure {
        Failure::Throttled { .. } => {
            let mut response = json_response(503, &json!({"message": "Service Unavailable"}));
            response
                .headers
                .insert(RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
            response
        }
        Failure::Conflict => json_response(409, &json!({"message": "Conflict"})),
        Failure::Aws { .. } => json_response(
            500,
            &json!({"message": "Internal Server Error", "requestId": request_id}),
        ),
    }
}
