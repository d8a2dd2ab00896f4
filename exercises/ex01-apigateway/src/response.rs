//! Proxy responses: what the function hands back to API Gateway.

use aws_lambda_events::apigw::ApiGatewayProxyResponse;
use aws_lambda_events::encodings::Body;
use aws_lambda_events::http::header::{ALLOW, CONTENT_TYPE};
use aws_lambda_events::http::HeaderValue;
use serde_json::{json, Value};

use crate::error::ApiError;

/// A response with status `status` and `body` as JSON text.
///
/// - Header `content-type: application/json`.
/// - `body` is `Body::Text` of the JSON; `isBase64Encoded` is false.
pub fn json_response(status: u16, body: &Value) -> ApiGatewayProxyResponse {
    todo!("ApiGatewayProxyResponse::default(), then status, content-type and a Text body")
}

/// A response carrying bytes, such as an image.
///
/// - Header `content-type` set to `content_type` (an invalid header value is
///   `application/octet-stream`).
/// - `body` is `Body::Binary` of the bytes and `isBase64Encoded` is true: API Gateway decodes the
///   base64 text before sending the bytes to the client.
pub fn binary_response(status: u16, content_type: &str, bytes: &[u8]) -> ApiGatewayProxyResponse {
    todo!("like json_response, with a Binary body and isBase64Encoded")
}

/// The response to `error`: [`json_response`] with `error.status()` and the body
/// `{"error": <error's message>}`, plus `"field": <name>` when `error.field()` names one.
///
/// `ApiError::MethodNotAllowed` also carries the header `allow` with the allowed methods joined by
/// `", "`, e.g. `OPTIONS, POST`.
pub fn error_response(error: &ApiError) -> ApiGatewayProxyResponse {
    todo!("json_response(error.status(), ..), the field, and an allow header for 405")
}
