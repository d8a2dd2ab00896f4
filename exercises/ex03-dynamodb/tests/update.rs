use aws_sdk_dynamodb::operation::update_item::UpdateItemInput;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex03::{update_email, Customer, StoreError};
use lab_support::Requests;
use lab_support_dynamodb::expression::{apply_update, condition_holds, Item, Placeholders};
use lab_support_dynamodb::{mock_client, response};

use crate::common::{ada, TABLE};

/// The customer as stored before the update, with `revision` or without it.
fn stored(revision: Option<&str>) -> Item {
    let mut item = Item::from([
        ("id".to_string(), AttributeValue::S("c-1001".into())),
        ("firstname".to_string(), AttributeValue::S("Ada".into())),
        (
            "email".to_string(),
            AttributeValue::S("ada.moreira@example.com".into()),
        ),
    ]);
    if let Some(revision) = revision {
        item.insert("revision".to_string(), AttributeValue::N(revision.into()));
    }
    item
}

/// Calls `update_email` on a client that answers with the recorded update, and returns its
/// result and the one request it sent.
async fn update_sent() -> (Result<Customer, StoreError>, UpdateItemInput) {
    let updates = Requests::<UpdateItemInput>::new();
    let rule = mock!(Client::update_item)
        .match_requests(updates.matcher())
        .then_http_response(|| response("update_item_all_new"));
    let client = mock_client(&[&rule]);
    let result = update_email(&client, TABLE, "c-1001", "ada@example.org").await;
    (result, updates.only("UpdateItem"))
}

#[lab_harness::graded]
#[tokio::test]
async fn update_email_sets_the_email_bumps_the_revision_and_returns_all_new_values() {
    let (result, update) = update_sent().await;

    let expected = Customer {
        email: Some("ada@example.org".into()),
        revision: 1,
        ..ada()
    };
    assert!(
        matches!(&result, Ok(customer) if *customer == expected),
        "expected Ok({expected:?}) read from the returned attributes, got {result:?}"
    );
    assert_eq!(
        update.table_name(),
        Some(TABLE),
        "the request goes to the lab's table"
    );
    assert_eq!(
        update.key().and_then(|key| key.get("id")),
        Some(&AttributeValue::S("c-1001".into())),
        "the key is the customer's id, a string"
    );
    assert_eq!(
        update.return_values(),
        Some(&ReturnValue::AllNew),
        "ask for ALL_NEW to get the whole customer back"
    );
    let expression = update.update_expression().unwrap_or("");
    assert!(
        !expression.contains("ada@example.org"),
        "the new email travels as an expression attribute value, not in the text: {expression:?}"
    );
    let after = apply_update(
        expression,
        Placeholders::of_update(&update),
        &stored(Some("3")),
    )
    .unwrap_or_else(|error| panic!("the update expression {expression:?} fails: {error}"));
    assert_eq!(
        after.get("email"),
        Some(&AttributeValue::S("ada@example.org".into())),
        "the update sets the new email: {expression:?}"
    );
    assert_eq!(
        after.get("revision"),
        Some(&AttributeValue::N("4".into())),
        "the revision grows by 1, from 3 to 4, whatever it was: {expression:?}"
    );
    assert_eq!(
        after.get("firstname"),
        Some(&AttributeValue::S("Ada".into())),
        "attributes the update does not name stay as they were: {expression:?}"
    );
    let condition = update.condition_expression().unwrap_or("");
    assert_eq!(
        condition_holds(condition, Placeholders::of_update(&update), None),
        Ok(false),
        "on an id that does not exist, the condition {condition:?} must fail: without it, \
         UpdateItem creates a customer that never existed"
    );
    assert_eq!(
        condition_holds(
            condition,
            Placeholders::of_update(&update),
            Some(&stored(Some("3")))
        ),
        Ok(true),
        "on an existing customer, the condition {condition:?} must let the update through"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn update_email_counts_a_revision_the_item_lacks_as_zero() {
    let (_, update) = update_sent().await;

    let expression = update.update_expression().unwrap_or("");
    let after = apply_update(expression, Placeholders::of_update(&update), &stored(None))
        .unwrap_or_else(|error| {
            panic!(
                "on a customer stored without `revision` (which the contract counts as 0), \
                 {expression:?} fails: {error}. DynamoDB answers such an update with a \
                 ValidationException"
            )
        });
    assert_eq!(
        after.get("revision"),
        Some(&AttributeValue::N("1".into())),
        "a missing revision counts as 0, so it becomes 1: {expression:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn update_email_of_an_unknown_id_is_not_found() {
    let rule = mock!(Client::update_item).then_http_response(|| response("update_item_missing"));
    let client = mock_client(&[&rule]);

    let result = update_email(&client, TABLE, "c-9999", "nobody@example.org").await;

    assert!(
        matches!(&result, Err(StoreError::NotFound { id }) if id == "c-9999"),
        "the condition attribute_exists(id) failed: expected \
         Err(StoreError::NotFound {{ id: \"c-9999\" }}), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn update_email_passes_other_errors_through_the_mapping() {
    let rule = mock!(Client::update_item).then_http_response(|| response(crate::common::THROTTLED));
    let client = mock_client(&[&rule]);

    let result = update_email(&client, TABLE, "c-1001", "ada@example.org").await;

    assert!(
        matches!(result, Err(StoreError::Throttled)),
        "UpdateItem was throttled, which says nothing about the id: expected \
         Err(StoreError::Throttled) from map_dynamo_error, got {result:?}"
    );
}
