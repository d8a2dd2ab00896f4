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
    // stub: todo!("ApiGatewayProxyResponse::default(), then status, content-type and a Text body")
    let mut response = ApiGatewayProxyResponse::default();
    response.status_code = i64::from(status);
    response
        .headers
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response.body = Some(Body::Text(body.to_string()));
    response
}

/// A response carrying bytes, such as an image.
///
/// - Header `content-type` set to `content_type` (an invalid header value is
///   `application/octet-stream`).
/// - `body` is `Body::Binary` of the bytes and `isBase64Encoded` is true: API Gateway decodes the
///   base64 text before sending the bytes to the client.
pub fn binary_response(status: u16, content_type: &str, bytes: &[u8]) -> ApiGatewayProxyResponse {
    // stub: todo!("like json_response, with a Binary body and isBase64Encoded")
    let mut response = ApiGatewayProxyResponse::default();
    response.status_code = i64::from(status);
    let value = HeaderValue::from_str(content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    response.headers.insert(CONTENT_TYPE, value);
    response.body = Some(Body::Binary(bytes.to_vec()));
    response.is_base64_encoded = true;
    response
}

/// The response to `error`: [`json_response`] with `error.status()` and the body
/// `{"error": <error's message>}`, plus `"field": <name>` when `error.field()` names one.
///
/// `ApiError::MethodNotAllowed` also carries the header `allow` with the allowed methods joined by
/// `", "`, e.g. `OPTIONS, POST`.
pub fn error_response(error: &ApiError) -> ApiGatewayProxyResponse {
    // stub: todo!("json_response(error.status(), ..), the field, and an allow header for 405")
    let mut body = json!({ "error": error.to_string() });
    if let Some(field) = error.field() {
        body["field"] = json!(field);
    }
    let mut response = json_response(error.status(), &body);
    if let ApiError::MethodNotAllowed { allow } = error {
        let methods: Vec<&str> = allow.iter().map(|method| method.as_str()).collect();
        if let Ok(value) = HeaderValue::from_str(&methods.join(", ")) {
            response.headers.insert(ALLOW, value);
        }
    }
    response
}
