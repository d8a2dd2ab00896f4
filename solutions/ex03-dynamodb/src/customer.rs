//! A customer, and its conversion to and from a DynamoDB item.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

pub use crate::types::{Customer, ItemError};

/// The DynamoDB type descriptor of a value: "S", "N", "BOOL", "M", "L", "NULL", "SS", "NS", "B", "BS".
pub fn attribute_type(value: &AttributeValue) -> &'static str {
    match value {
        AttributeValue::S(_) => "S",
        AttributeValue::N(_) => "N",
        AttributeValue::B(_) => "B",
        AttributeValue::Bool(_) => "BOOL",
        AttributeValue::Null(_) => "NULL",
        AttributeValue::M(_) => "M",
        AttributeValue::L(_) => "L",
        AttributeValue::Ss(_) => "SS",
        AttributeValue::Ns(_) => "NS",
        AttributeValue::Bs(_) => "BS",
        _ => "unknown",
    }
}

/// The item that stores `customer`.
///
/// - `id`, `firstname`: strings (`S`).
/// - `lastname`, `email`: strings (`S`), and only when present: an absent optional attribute is
///   left out of the item, never stored as an empty string or `NULL`.
/// - `revision`: a number (`N`), always written.
pub fn customer_to_item(customer: &Customer) -> HashMap<String, AttributeValue> {
    // stub: todo!("build the item: one AttributeValue per attribute")
    let mut item = HashMap::new();
    item.insert("id".to_string(), AttributeValue::S(customer.id.clone()));
    item.insert(
        "firstname".to_string(),
        AttributeValue::S(customer.firstname.clone()),
    );
    if let Some(lastname) = &customer.lastname {
        item.insert("lastname".to_string(), AttributeValue::S(lastname.clone()));
    }
    if let Some(email) = &customer.email {
        item.insert("email".to_string(), AttributeValue::S(email.clone()));
    }
    item.insert(
        "revision".to_string(),
        AttributeValue::N(customer.revision.to_string()),
    );
    item
}

/// Reads an item back into a [`Customer`].
///
/// - `id` and `firstname` must be present: otherwise `ItemError::Missing` naming the attribute.
/// - `lastname` and `email` may be absent (`None`); `revision` may be absent (0).
/// - An attribute of the wrong type is `ItemError::WrongType` with its name, the expected type
///   and the type found (see [`attribute_type`]); a `revision` that is not a whole number of
///   at least 0 is `ItemError::BadNumber`.
/// - Attributes other than these five are ignored.
pub fn customer_from_item(item: &HashMap<String, AttributeValue>) -> Result<Customer, ItemError> {
    // stub: todo!("read each attribute, checking its type")
    Ok(Customer {
        id: required_string(item, "id")?,
        firstname: required_string(item, "firstname")?,
        lastname: optional_string(item, "lastname")?,
        email: optional_string(item, "email")?,
        revision: optional_count(item, "revision")?,
    })
}

// stub-omit-start
fn required_string(
    item: &HashMap<String, AttributeValue>,
    name: &'static str,
) -> Result<String, ItemError> {
    optional_string(item, name)?.ok_or(ItemError::Missing { name })
}

fn optional_string(
    item: &HashMap<String, AttributeValue>,
    name: &'static str,
) -> Result<Option<String>, ItemError> {
    match item.get(name) {
        None => Ok(None),
        Some(AttributeValue::S(text)) => Ok(Some(text.clone())),
        Some(other) => Err(ItemError::WrongType {
            name,
            expected: "S",
            found: attribute_type(other),
        }),
    }
}

fn optional_count(
    item: &HashMap<String, AttributeValue>,
    name: &'static str,
) -> Result<u64, ItemError> {
    match item.get(name) {
        None => Ok(0),
        Some(AttributeValue::N(number)) => number.parse().map_err(|_| ItemError::BadNumber {
            name,
            value: number.clone(),
        }),
        Some(other) => Err(ItemError::WrongType {
            name,
            expected: "N",
            found: attribute_type(other),
        }),
    }
}
// stub-omit-end
