//! One request type for the events of both kinds of API.

use std::collections::HashMap;

use aws_lambda_events::apigw::{ApiGatewayProxyRequest, ApiGatewayV2httpRequest};
use aws_lambda_events::query_map::QueryMap;
use base64::Engine;

use crate::error::ApiError;

pub use crate::types::ApiRequest;

/// The request of a REST API (payload format 1.0) event.
///
/// - `method`: the event's `httpMethod`; `path`: its `path` (empty if absent).
/// - `query`: from `multiValueQueryStringParameters`, so repeated keys keep every value; when that
///   is empty, from `queryStringParameters`.
/// - `headers`, `path_parameters`: copied from the event (absent is empty).
/// - `body`: absent is empty; with `isBase64Encoded` it is decoded with the standard base64
///   alphabet, and text that is not base64 is `ApiError::BadBase64`; otherwise its UTF-8 bytes.
pub fn from_rest_event(event: &ApiGatewayProxyRequest) -> Result<ApiRequest, ApiError> {
    // stub: todo!("copy method, path, parameters and headers; read the query and decode the body")
    let query = if event.multi_value_query_string_parameters.is_empty() {
        query_of(&event.query_string_parameters)
    } else {
        query_of(&event.multi_value_query_string_parameters)
    };
    Ok(ApiRequest {
        method: event.http_method.clone(),
        path: event.path.clone().unwrap_or_default(),
        path_parameters: event.path_parameters.clone(),
        query,
        headers: event.headers.clone(),
        body: body_of(event.body.as_deref(), event.is_base64_encoded)?,
    })
}

/// The request of an HTTP API (payload format 2.0) event.
///
/// - `method`: `requestContext.http.method`.
/// - `path`: `rawPath` (empty if absent) without its stage. For a named stage API Gateway starts
///   `rawPath` with `/<stage>` (the stage is `requestContext.stage`): `/dev/customers` on stage
///   `dev` is the path `/customers`, and `/dev` alone is `/`. Only the `$default` stage puts no
///   stage in the path. A first segment that merely starts with the stage's name (`/devices` on
///   `dev`) is part of the path.
/// - `query`: from `queryStringParameters`, where API Gateway joins repeated keys with commas and
///   the SDK's types split them again.
/// - `headers`, `path_parameters` and `body` as for [`from_rest_event`].
pub fn from_http_event(event: &ApiGatewayV2httpRequest) -> Result<ApiRequest, ApiError> {
    // stub: todo!("as from_rest_event, with the method under requestContext.http")
    Ok(ApiRequest {
        method: event.request_context.http.method.clone(),
        path: path_without_stage(
            event.raw_path.as_deref().unwrap_or_default(),
            event.request_context.stage.as_deref(),
        ),
        path_parameters: event.path_parameters.clone(),
        query: query_of(&event.query_string_parameters),
        headers: event.headers.clone(),
        body: body_of(event.body.as_deref(), event.is_base64_encoded)?,
    })
}

// stub-omit-start
fn path_without_stage(raw_path: &str, stage: Option<&str>) -> String {
    let Some(stage) = stage.filter(|stage| *stage != "$default") else {
        return raw_path.to_string();
    };
    match raw_path
        .strip_prefix('/')
        .and_then(|rest| rest.strip_prefix(stage))
    {
        Some("") => "/".to_string(),
        Some(rest) if rest.starts_with('/') => rest.to_string(),
        _ => raw_path.to_string(),
    }
}

fn query_of(map: &QueryMap) -> HashMap<String, Vec<String>> {
    let mut query: HashMap<String, Vec<String>> = HashMap::new();
    for (key, value) in map.iter() {
        query
            .entry(key.to_string())
            .or_default()
            .push(value.to_string());
    }
    query
}

fn body_of(body: Option<&str>, base64_encoded: bool) -> Result<Vec<u8>, ApiError> {
    match body {
        None => Ok(Vec::new()),
        Some(text) if base64_encoded => base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|_| ApiError::BadBase64),
        Some(text) => Ok(text.as_bytes().to_vec()),
    }
}
// stub-omit-end
