use aws_sdk_dynamodb::operation::update_item::UpdateItemInput;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex03::{update_email, Customer, StoreError};
use lab_support::dynamodb::{expression_text, mock_client, response};
use lab_support::Requests;

use crate::common::{ada, TABLE};

/// The placeholder values of the request, as the names they stand for.
fn values_used(update: &UpdateItemInput) -> Vec<AttributeValue> {
    let mut values: Vec<_> = update
        .expression_attribute_values()
        .map(|values| values.values().cloned().collect())
        .unwrap_or_default();
    values.sort_by_key(|value| format!("{value:?}"));
    values
}

#[lab_harness::graded]
#[tokio::test]
async fn update_email_sets_the_email_bumps_the_revision_and_returns_all_new_values() {
    let updates = Requests::<UpdateItemInput>::new();
    let rule = mock!(Client::update_item)
        .match_requests(updates.matcher())
        .then_http_response(|| response("update_item_all_new"));
    let client = mock_client(&[&rule]);

    let result = update_email(&client, TABLE, "c-1001", "ada@example.org").await;

    let expected = Customer {
        email: Some("ada@example.org".into()),
        revision: 1,
        ..ada()
    };
    assert!(
        matches!(&result, Ok(customer) if *customer == expected),
        "expected Ok({expected:?}) read from the returned attributes, got {result:?}"
    );
    let update = updates.only("UpdateItem");
    assert_eq!(update.table_name(), Some(TABLE));
    assert_eq!(
        update.key().and_then(|key| key.get("id")),
        Some(&AttributeValue::S("c-1001".into()))
    );
    assert_eq!(
        update.return_values(),
        Some(&ReturnValue::AllNew),
        "ask for ALL_NEW to get the whole customer back"
    );
    let names = update.expression_attribute_names();
    let expression = expression_text(update.update_expression().unwrap_or(""), names);
    for attribute in ["email", "revision"] {
        assert!(
            expression.contains(attribute),
            "the update expression must change `{attribute}`: got {expression:?}"
        );
    }
    let values = values_used(&update);
    assert!(
        values.contains(&AttributeValue::S("ada@example.org".into())),
        "the new email travels as an expression attribute value: got {values:?}"
    );
    assert!(
        values.contains(&AttributeValue::N("1".into())),
        "the counter grows by 1, given as an expression attribute value: got {values:?}"
    );
    let condition = expression_text(update.condition_expression().unwrap_or(""), names);
    assert_eq!(
        condition, "attribute_exists(id)",
        "without this condition, UpdateItem creates a customer that never existed"
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
