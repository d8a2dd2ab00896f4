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
    todo!("build the item: one AttributeValue per attribute")
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
    todo!("read each attribute, checking its type")
}
