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
    // stub: todo!("the API key, then match (method, resource)")
    if !api_key_matches(&event.headers, &app.config.api_key) {
        return json_response(403, &json!({"message": "Forbidden"}));
    }
    let answer = match (&event.http_method, event.resource.as_deref()) {
        (&Method::POST, Some("/customers")) => create(app, event).await,
        (&Method::GET, Some("/customers/{id}")) => match event.path_parameters.get("id") {
            Some(id) => read(app, id).await,
            None => Ok(not_found()),
        },
        _ => Ok(not_found()),
    };
    answer.unwrap_or_else(|failure| failure_response(&failure, request_id))
}

// stub-omit-start
async fn create(
    app: &App,
    event: &ApiGatewayProxyRequest,
) -> Result<ApiGatewayProxyResponse, Failure> {
    let customer = match parse_new_customer(event.body.as_deref()) {
        Ok(customer) => customer,
        Err(refusal) => return Ok(json_response(400, &json!({"message": refusal.to_string()}))),
    };
    let id = (app.new_id)();
    let ciphertext = encrypt_email(&app.kms, &id, &customer.email).await?;
    put_new_customer(
        &app.dynamodb,
        &app.config.table,
        &id,
        &customer,
        &ciphertext,
    )
    .await?;
    let mut response = json_response(201, &json!({"id": id}));
    if let Ok(location) = HeaderValue::from_str(&format!("/customers/{id}")) {
        response.headers.insert(LOCATION, location);
    }
    Ok(response)
}

async fn read(app: &App, id: &str) -> Result<ApiGatewayProxyResponse, Failure> {
    let Some(customer) = get_customer(&app.dynamodb, &app.config.table, id).await? else {
        return Ok(not_found());
    };
    let email = decrypt_email(&app.kms, id, &customer.email_ciphertext).await?;
    Ok(json_response(
        200,
        &json!({
            "id": customer.id,
            "firstname": customer.firstname,
            "lastname": customer.lastname,
            "email": email,
        }),
    ))
}

fn not_found() -> ApiGatewayProxyResponse {
    json_response(404, &json!({"message": "Not Found"}))
}
// stub-omit-end
