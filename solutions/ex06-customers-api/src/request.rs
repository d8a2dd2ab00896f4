//! What the function reads from a request before it calls AWS: the API key and the body.

use aws_lambda_events::http::HeaderMap;
use serde_json::Value;

use crate::types::{BadRequest, NewCustomer};

/// True if the request's `x-api-key` header (any letter case) is exactly `expected`.
///
/// A missing header, or one that is not valid text, does not match. Compare every byte whatever
/// the first difference, so the time taken does not tell a guesser how much of a key was right.
pub fn api_key_matches(headers: &HeaderMap, expected: &str) -> bool {
    // stub: todo!("headers.get(\"x-api-key\"), then a comparison that does not stop early")
    let Some(sent) = headers.get("x-api-key") else {
        return false;
    };
    let (sent, expected) = (sent.as_bytes(), expected.as_bytes());
    if sent.len() != expected.len() {
        return false;
    }
    sent.iter()
        .zip(expected)
        .fold(0u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

/// The customer that the body of `POST /customers` describes.
///
/// The body must be a JSON object (otherwise, or if absent, `BadRequest::NotAnObject`) with
/// - `firstname`: a string that is not empty once spaces are trimmed;
/// - `lastname`: optional; if present, a string (`null` counts as absent);
/// - `email`: a string with exactly one `@`, and text on both sides of it.
///
/// Otherwise `BadRequest::Field` names the first field that fails, in that order. Values are
/// kept as sent (not trimmed), and other fields, such as an `id`, are ignored: the function
/// chooses the id.
pub fn parse_new_customer(body: Option<&str>) -> Result<NewCustomer, BadRequest> {
    // stub: todo!("serde_json::from_str into a Value, then check each field in turn")
    let value: Value = body
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or(BadRequest::NotAnObject)?;
    let object = value.as_object().ok_or(BadRequest::NotAnObject)?;
    let firstname = object
        .get("firstname")
        .and_then(Value::as_str)
        .filter(|name| !name.trim().is_empty())
        .ok_or(BadRequest::Field { field: "firstname" })?;
    let lastname = match object.get("lastname") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name.clone()),
        Some(_) => return Err(BadRequest::Field { field: "lastname" }),
    };
    let email = object
        .get("email")
        .and_then(Value::as_str)
        .filter(|email| match email.split_once('@') {
            Some((user, domain)) => !user.is_empty() && !domain.is_empty() && !domain.contains('@'),
            None => false,
        })
        .ok_or(BadRequest::Field { field: "email" })?;
    Ok(NewCustomer {
        firstname: firstname.to_string(),
        lastname,
        email: email.to_string(),
    })
}
