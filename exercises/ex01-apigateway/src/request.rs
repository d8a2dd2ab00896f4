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
    todo!("copy method, path, parameters and headers; read the query and decode the body")
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
    todo!("as from_rest_event, with the method under requestContext.http")
}
