//! Customers in the table: put once, read back.

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;

use crate::errors::failure_from;
use crate::types::{Failure, NewCustomer, StoredCustomer};

/// Puts customer `id` into `table` with one `PutItem` call, only if no item with that id exists.
///
/// The item: `id`, `firstname` and, when there is one, `lastname` as strings (`S`), and `email`
/// as the binary (`B`) `email_ciphertext`; no other attribute. A `ConditionExpression` makes the
/// put succeed only if no item with this id exists yet, written as you like (e.g.
/// `attribute_not_exists(id)`). A failed call is
/// [`failure_from`] of its error, so an existing id is `Failure::Conflict`.
pub async fn put_new_customer(
    dynamodb: &aws_sdk_dynamodb::Client,
    table: &str,
    id: &str,
    customer: &NewCustomer,
    email_ciphertext: &[u8],
) -> Result<(), Failure> {
    todo!("one PutItem of the item, with a condition")
}

/// Reads customer `id` from `table` with one `GetItem` call; `None` if there is no such item.
///
/// A failed call is [`failure_from`] of its error. An item whose `firstname` is not a string,
/// whose `email` is not binary, or whose `lastname` is there but not a string, is
/// `Failure::Aws` with `"InvalidItem"`: the table holds something this function did not write.
pub async fn get_customer(
    dynamodb: &aws_sdk_dynamodb::Client,
    table: &str,
    id: &str,
) -> Result<Option<StoredCustomer>, Failure> {
    todo!("one GetItem by key, then each attribute of the item")
}
