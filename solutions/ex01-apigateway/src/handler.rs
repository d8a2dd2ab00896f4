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
    // stub: todo!("route, check the key, act, and add access-control-allow-origin to every answer")
    let mut response =
        answer(request, api_key, customers).unwrap_or_else(|error| error_response(&error));
    response
        .headers
        .insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

/// [`handle`] for a REST API event: an event that cannot be read (a bad base64 body) is answered
/// with [`error_response`] and `access-control-allow-origin: *`.
pub fn handle_rest_event(
    event: &ApiGatewayProxyRequest,
    api_key: &str,
    customers: &mut CustomerDirectory,
) -> ApiGatewayProxyResponse {
    // stub: todo!("from_rest_event, then handle")
    match from_rest_event(event) {
        Ok(request) => handle(&request, api_key, customers),
        Err(error) => {
            let mut response = error_response(&error);
            response
                .headers
                .insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            response
        }
    }
}

// stub-omit-start
fn answer(
    request: &ApiRequest,
    api_key: &str,
    customers: &mut CustomerDirectory,
) -> Result<ApiGatewayProxyResponse, ApiError> {
    let route = match route(request) {
        Ok(Route::Preflight { allow }) => return Ok(preflight(&allow)),
        other => {
            check_api_key(request, api_key)?;
            other?
        }
    };
    match route {
        Route::CreateCustomer => {
            let customer = parse_new_customer(&request.body)?;
            if customers.contains_key(&customer.id) {
                return Err(ApiError::AlreadyExists { id: customer.id });
            }
            let mut response = json_response(201, &json!(customer));
            if let Ok(location) = HeaderValue::from_str(&format!("/customers/{}", customer.id)) {
                response.headers.insert(LOCATION, location);
            }
            customers.insert(customer.id.clone(), customer);
            Ok(response)
        }
        Route::GetCustomer { id } => match customers.get(&id) {
            Some(customer) => Ok(json_response(200, &json!(customer))),
            None => Err(ApiError::NoSuchCustomer { id }),
        },
        Route::Preflight { allow } => Ok(preflight(&allow)),
    }
}

fn preflight(allow: &[aws_lambda_events::http::Method]) -> ApiGatewayProxyResponse {
    let mut response = ApiGatewayProxyResponse::default();
    response.status_code = 204;
    let methods: Vec<&str> = allow.iter().map(|method| method.as_str()).collect();
    if let Ok(value) = HeaderValue::from_str(&methods.join(", ")) {
        response.headers.insert(ACCESS_CONTROL_ALLOW_METHODS, value);
    }
    response.headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type, x-api-key"),
    );
    response
        .headers
        .insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    response
}
// stub-omit-end
