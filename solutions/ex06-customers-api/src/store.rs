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
    // stub: todo!("one PutItem of the item, with a condition")
    let mut request = dynamodb
        .put_item()
        .table_name(table)
        .item("id", AttributeValue::S(id.to_string()))
        .item("firstname", AttributeValue::S(customer.firstname.clone()))
        .item("email", AttributeValue::B(Blob::new(email_ciphertext)))
        .condition_expression("attribute_not_exists(id)");
    if let Some(lastname) = &customer.lastname {
        request = request.item("lastname", AttributeValue::S(lastname.clone()));
    }
    request.send().await.map_err(|error| failure_from(&error))?;
    Ok(())
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
    // stub: todo!("one GetItem by key, then each attribute of the item")
    let output = dynamodb
        .get_item()
        .table_name(table)
        .key("id", AttributeValue::S(id.to_string()))
        .send()
        .await
        .map_err(|error| failure_from(&error))?;
    let Some(item) = output.item else {
        return Ok(None);
    };
    let invalid = || Failure::Aws {
        code: "InvalidItem".to_string(),
    };
    let firstname = match item.get("firstname") {
        Some(AttributeValue::S(name)) => name.clone(),
        _ => return Err(invalid()),
    };
    let lastname = match item.get("lastname") {
        None => None,
        Some(AttributeValue::S(name)) => Some(name.clone()),
        Some(_) => return Err(invalid()),
    };
    let email_ciphertext = match item.get("email") {
        Some(AttributeValue::B(blob)) => blob.as_ref().to_vec(),
        _ => return Err(invalid()),
    };
    Ok(Some(StoredCustomer {
        id: id.to_string(),
        firstname,
        lastname,
        email_ciphertext,
    }))
}
