//! Create, read, list, update and delete customers.

use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use aws_sdk_dynamodb::Client;

use crate::customer::{customer_from_item, customer_to_item, Customer};
use crate::error::{map_dynamo_error, StoreError};

/// Stores a new customer in `table`, only if no item with its `id` exists yet.
///
/// - One `PutItem` of [`customer_to_item`]'s item, guarded by a condition expression that the
///   `id` does not exist yet, so an existing customer is never overwritten.
/// - A failed condition is `StoreError::AlreadyExists` with the id; other errors go through
///   [`map_dynamo_error`].
pub async fn create_customer(
    client: &Client,
    table: &str,
    customer: &Customer,
) -> Result<(), StoreError> {
    todo!("a conditional PutItem: see docs/dynamodb.md, \"Conditional writes\"")
}

/// The customer with this `id`, or `Ok(None)` when there is none.
///
/// - One `GetItem` on `table` with the key `id` (a string).
/// - An item that is not a valid customer is `StoreError::BadItem`; errors go through
///   [`map_dynamo_error`].
pub async fn get_customer(
    client: &Client,
    table: &str,
    id: &str,
) -> Result<Option<Customer>, StoreError> {
    todo!("a GetItem by key, then customer_from_item")
}

/// Every customer in `table`, in the order DynamoDB returns them.
///
/// - `Scan` returns one page at a time. While a response has a `LastEvaluatedKey`, send the
///   next `Scan` with that key as its `ExclusiveStartKey`; stop at the first page without one.
/// - An item that is not a valid customer is `StoreError::BadItem`; errors go through
///   [`map_dynamo_error`].
pub async fn list_customers(client: &Client, table: &str) -> Result<Vec<Customer>, StoreError> {
    todo!("Scan page after page, following LastEvaluatedKey")
}

/// Changes the email of an existing customer and adds 1 to its `revision`, in one `UpdateItem`,
/// and returns the customer as stored after the update.
///
/// - The update expression sets `email` to the new value and adds 1 to `revision` atomically,
///   also when the stored item has no `revision` yet (which counts as 0): `ADD`, or `SET` with
///   `if_not_exists(revision, ..) + ..`; plain `SET revision = revision + ..` fails on such an
///   item. The new values travel as expression attribute values.
/// - A condition expression requires the `id` to exist: a missing customer is
///   `StoreError::NotFound` with the id, never a new item.
/// - Ask for `ReturnValues` `ALL_NEW` and read the returned attributes with
///   [`customer_from_item`]; other errors go through [`map_dynamo_error`].
pub async fn update_email(
    client: &Client,
    table: &str,
    id: &str,
    email: &str,
) -> Result<Customer, StoreError> {
    todo!("an UpdateItem with an update expression, a condition and ReturnValues ALL_NEW")
}

/// Deletes the customer with this `id` and returns it as it was, or `Ok(None)` if there was none.
///
/// - One `DeleteItem` with the key `id`, asking for `ReturnValues` `ALL_OLD`: the response
///   carries the deleted item's attributes, or none when nothing was deleted.
/// - Errors go through [`map_dynamo_error`].
pub async fn delete_customer(
    client: &Client,
    table: &str,
    id: &str,
) -> Result<Option<Customer>, StoreError> {
    todo!("a DeleteItem with ReturnValues ALL_OLD")
}
