use aws_sdk_dynamodb::operation::put_item::PutItemInput;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex03::{create_customer, customer_to_item, StoreError};
use lab_support::Requests;
use lab_support_dynamodb::expression::{condition_holds, Item, Placeholders};
use lab_support_dynamodb::{mock_client, response};

use crate::common::{ada, TABLE};

#[lab_harness::graded]
#[tokio::test]
async fn create_customer_puts_the_item_only_if_the_id_is_new() {
    let puts = Requests::<PutItemInput>::new();
    let rule = mock!(Client::put_item)
        .match_requests(puts.matcher())
        .then_http_response(|| response("put_item_created"));
    let client = mock_client(&[&rule]);

    let result = create_customer(&client, TABLE, &ada()).await;

    assert!(result.is_ok(), "expected Ok(()), got {result:?}");
    let put = puts.only("PutItem");
    assert_eq!(
        put.table_name(),
        Some(TABLE),
        "the item goes to the lab's table"
    );
    assert_eq!(
        put.item(),
        Some(&customer_to_item(&ada())),
        "the item written is customer_to_item(customer)"
    );
    let condition = put.condition_expression().unwrap_or("");
    let placeholders = Placeholders::of_put(&put);
    assert_eq!(
        condition_holds(condition, placeholders, None),
        Ok(true),
        "with no customer under this id yet, the condition {condition:?} must let the put through"
    );
    let existing = Item::from([("id".to_string(), AttributeValue::S("c-1001".into()))]);
    assert_eq!(
        condition_holds(condition, placeholders, Some(&existing)),
        Ok(false),
        "on an id that is taken, the condition {condition:?} must fail: without it, PutItem \
         silently replaces the existing customer"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn create_customer_rejects_a_duplicate_id() {
    let rule = mock!(Client::put_item).then_http_response(|| response("put_item_duplicate"));
    let client = mock_client(&[&rule]);

    let result = create_customer(&client, TABLE, &ada()).await;

    assert!(
        matches!(&result, Err(StoreError::AlreadyExists { id }) if id == "c-1001"),
        "DynamoDB answered ConditionalCheckFailedException: expected \
         Err(StoreError::AlreadyExists {{ id: \"c-1001\" }}), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn create_customer_passes_other_errors_through_the_mapping() {
    let rule = mock!(Client::put_item).then_http_response(|| response(crate::common::THROTTLED));
    let client = mock_client(&[&rule]);

    let result = create_customer(&client, TABLE, &ada()).await;

    assert!(
        matches!(result, Err(StoreError::Throttled)),
        "PutItem was throttled, which says nothing about the id: expected \
         Err(StoreError::Throttled) from map_dynamo_error, got {result:?}"
    );
}
