//! What the function reads from a request before it calls AWS: the API key and the body.

use aws_lambda_events::http::HeaderMap;
use serde_json::Value;

use crate::types::{BadRequest, NewCustomer};

/// True if the request's `x-api-key` header (any letter case) is exactly `expected`.
///
/// A missing header, or one that is not valid text, does not match. Compare every byte whatever
/// the first difference, so the time taken does not tell a guesser how much of a key was right.
pub fn api_key_matches(headers: &HeaderMap, expected: &str) -> bool {
    todo!("headers.get(\"x-api-key\"), then a comparison that does not stop early")
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
    todo!("serde_json::from_str into a Value, then check each field in turn")
}
