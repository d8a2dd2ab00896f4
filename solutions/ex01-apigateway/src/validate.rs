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
    // stub: todo!("size, then serde_json::from_slice, then each field (see the doc comment)")
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::TooLarge {
            limit: MAX_BODY_BYTES,
        });
    }
    let value: Value = serde_json::from_slice(body).map_err(|error| ApiError::MalformedJson {
        reason: error.to_string(),
    })?;
    let Value::Object(fields) = value else {
        return Err(ApiError::NotAnObject);
    };
    let id = required_text(&fields, "id")?;
    let firstname = required_text(&fields, "firstname")?;
    let lastname = optional_text(&fields, "lastname")?;
    let email = optional_text(&fields, "email")?;
    if let Some(address) = &email {
        if !looks_like_email(address) {
            return Err(invalid("email", "is not an email address"));
        }
    }
    Ok(NewCustomer {
        id,
        firstname,
        lastname,
        email,
    })
}

// stub-omit-start
fn invalid(field: &'static str, reason: &str) -> ApiError {
    ApiError::InvalidField {
        field,
        reason: reason.to_string(),
    }
}

fn required_text(fields: &Map<String, Value>, field: &'static str) -> Result<String, ApiError> {
    match optional_text(fields, field)? {
        None => Err(invalid(field, "is required")),
        Some(text) if text.trim().is_empty() => Err(invalid(field, "must not be empty")),
        Some(text) => Ok(text),
    }
}

fn optional_text(
    fields: &Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, ApiError> {
    match fields.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(invalid(field, "must be a string")),
    }
}

fn looks_like_email(address: &str) -> bool {
    if address.contains(char::is_whitespace) {
        return false;
    }
    let mut parts = address.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
}
// stub-omit-end
