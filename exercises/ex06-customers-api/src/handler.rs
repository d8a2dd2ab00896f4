//! The API's routes: one REST proxy event in, one response out.

use aws_lambda_events::apigw::{ApiGatewayProxyRequest, ApiGatewayProxyResponse};
use aws_lambda_events::http::header::LOCATION;
use aws_lambda_events::http::{HeaderValue, Method};
use serde_json::json;

use crate::crypto::{decrypt_email, encrypt_email};
use crate::errors::failure_response;
use crate::request::{api_key_matches, parse_new_customer};
use crate::store::{get_customer, put_new_customer};
use crate::types::{json_response, App, Failure};

/// Answers one request of the customers API; `request_id` is the invocation's.
///
/// 1. The API key first: if [`api_key_matches`] fails on the event's headers and
///    `app.config.api_key`, answer 403, before any AWS call and whatever the route.
/// 2. The route is the event's method and `resource` (the API's resource path):
///    - `POST /customers`: [`parse_new_customer`] on the body (a refusal is 400, with the
///      refusal's `Display` as the body's `"message"`, before any AWS call); then a new id from
///      `app.new_id`, the email through [`encrypt_email`] and the customer through
///      [`put_new_customer`] into `app.config.table`. Answer 201 with the body `{"id": <id>}`
///      and the header `Location: /customers/<id>`.
///    - `GET /customers/{id}`, the id from the path parameter `id`: [`get_customer`]; no such
///      customer is 404; otherwise [`decrypt_email`] and 200 with the body `{"id", "firstname",
///      "lastname" (null when there is none), "email"}`, the email decrypted.
///    - Anything else: 404.
/// 3. A [`Failure`] of any step is answered by [`failure_response`] with `request_id`.
///
/// Every answer is a [`json_response`] whose body is a JSON object; the ones above that name
/// no body carry a `"message"` string.
pub async fn handle(
    app: &App,
    event: &ApiGatewayProxyRequest,
    request_id: &str,
) -> ApiGatewayProxyResponse {
    todo!("the API key, then match (method, resource)")
}
