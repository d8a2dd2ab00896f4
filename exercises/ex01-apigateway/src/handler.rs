//! The customers API, from request to response.

use aws_lambda_events::apigw::{ApiGatewayProxyRequest, ApiGatewayProxyResponse};
use aws_lambda_events::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_MAX_AGE, LOCATION,
};
use aws_lambda_events::http::HeaderValue;
use serde_json::json;

use crate::auth::check_api_key;
use crate::error::ApiError;
use crate::request::{from_rest_event, ApiRequest};
use crate::response::{error_response, json_response};
use crate::routing::{route, Route};
use crate::validate::parse_new_customer;

pub use crate::types::CustomerDirectory;

/// Answers one request of the customers API.
///
/// 1. A preflight ([`Route::Preflight`]) needs no API key (browsers never send one on a
///    preflight): 204 with no body and the headers `access-control-allow-methods` (the route's
///    methods joined by `", "`), `access-control-allow-headers: content-type, x-api-key` and
///    `access-control-max-age: 600`.
/// 2. Every other request first passes [`check_api_key`] with `api_key`, then [`route`].
/// 3. `POST /customers`: [`parse_new_customer`] on the body; an id already in `customers` is
///    `ApiError::AlreadyExists`; otherwise store it and answer 201 with the customer as JSON and
///    a `location: /customers/<id>` header.
/// 4. `GET /customers/{id}`: 200 with the stored customer as JSON, or `ApiError::NoSuchCustomer`.
/// 5. Every error becomes [`error_response`]. Every response, errors included, carries
///    `access-control-allow-origin: *`.
pub fn handle(
    request: &ApiRequest,
    api_key: &str,
    customers: &mut CustomerDirectory,
) -> ApiGatewayProxyResponse {
    todo!("route, check the key, act, and add access-control-allow-origin to every answer")
}

/// [`handle`] for a REST API event: an event that cannot be read (a bad base64 body) is answered
/// with [`error_response`] and `access-control-allow-origin: *`.
pub fn handle_rest_event(
    event: &ApiGatewayProxyRequest,
    api_key: &str,
    customers: &mut CustomerDirectory,
) -> ApiGatewayProxyResponse {
    todo!("from_rest_event, then handle")
}
