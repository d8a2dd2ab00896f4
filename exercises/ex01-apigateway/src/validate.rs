//! The body of `POST /customers`, checked field by field.

use serde_json::{Map, Value};

use crate::error::ApiError;

pub use crate::types::{NewCustomer, MAX_BODY_BYTES};

/// Reads and checks the body of `POST /customers`.
///
/// In this order:
/// 1. A body over [`MAX_BODY_BYTES`] is `ApiError::TooLarge { limit: MAX_BODY_BYTES }`, before
///    any parsing.
/// 2. A body that is not JSON is `ApiError::MalformedJson` with the parser's message; JSON that is
///    not an object is `ApiError::NotAnObject`. Never a panic.
/// 3. `id` and `firstname` must be strings that are not empty (after trimming spaces);
///    `lastname` and `email` may be absent or null, and otherwise must be strings. A field that
///    breaks a rule is `ApiError::InvalidField` naming it, checked in the order id, firstname,
///    lastname, email; the reason says what is wrong ("is required", "must be a string",
///    "must not be empty", "is not an email address").
/// 4. An email must have exactly one `@`, something before it, and after it a domain with a dot
///    that is neither its first nor its last character; no spaces anywhere.
///
/// Other fields are ignored. Values are kept as sent (not trimmed).
pub fn parse_new_customer(body: &[u8]) -> Result<NewCustomer, ApiError> {
    todo!("size, then serde_json::from_slice, then each field (see the doc comment)")
}
