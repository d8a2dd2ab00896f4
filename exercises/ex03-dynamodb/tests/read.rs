use aws_sdk_dynamodb::operation::get_item::GetItemInput;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex03::{get_customer, Customer, StoreError};
use lab_support::{Fixture, Requests};
use lab_support_dynamodb::{mock_client, response};

use crate::common::{ada, TABLE};

#[lab_harness::graded]
#[tokio::test]
async fn get_customer_asks_for_the_id_and_returns_the_customer() {
    let gets = Requests::<GetItemInput>::new();
    let rule = mock!(Client::get_item)
        .match_requests(gets.matcher())
        .then_http_response(|| response("get_item_found"));
    let client = mock_client(&[&rule]);

    let result = get_customer(&client, TABLE, "c-1001").await;

    assert!(
        matches!(&result, Ok(Some(customer)) if *customer == ada()),
        "expected Ok(Some(the recorded customer c-1001)), got {result:?}"
    );
    let get = gets.only("GetItem");
    assert_eq!(
        get.table_name(),
        Some(TABLE),
        "the request goes to the lab's table"
    );
    let key = get.key().cloned().unwrap_or_default();
    assert_eq!(
        key.get("id"),
        Some(&AttributeValue::S("c-1001".into())),
        "the key is the partition key `id`, a string: got {key:?}"
    );
    assert_eq!(
        key.len(),
        1,
        "the table's key has one attribute, got {key:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_customer_of_an_unknown_id_is_none() {
    let rule = mock!(Client::get_item).then_http_response(|| response("get_item_absent"));
    let client = mock_client(&[&rule]);

    let result = get_customer(&client, TABLE, "c-9999").await;

    assert!(
        matches!(result, Ok(None)),
        "GetItem answered without an Item: expected Ok(None), got {result:?}"
    );
}

/// `get_customer` of c-1001 on a client whose GetItem is answered with `answer`.
async fn get_answered_by(answer: Fixture) -> Result<Option<Customer>, StoreError> {
    let rule = mock!(Client::get_item).then_http_response(move || answer.http_response());
    let client = mock_client(&[&rule]);
    get_customer(&client, TABLE, "c-1001").await
}

#[lab_harness::graded]
#[tokio::test]
async fn get_customer_maps_throughput_exceeded_to_throttled() {
    let result = get_answered_by(Fixture::expect("dynamodb", "get_item_throttled")).await;

    assert!(
        matches!(result, Err(StoreError::Throttled)),
        "DynamoDB answered ProvisionedThroughputExceededException: expected \
         Err(StoreError::Throttled), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_customer_maps_every_throttling_code_to_throttled() {
    for code in ["ThrottlingException", "RequestLimitExceeded"] {
        let answer = Fixture::expect("dynamodb", "get_item_throttled")
            .with_error_code(code, "Throughput exceeds the current capacity.");

        let result = get_answered_by(answer).await;

        assert!(
            matches!(result, Err(StoreError::Throttled)),
            "DynamoDB answered {code}: expected Err(StoreError::Throttled), got {result:?}"
        );
    }
}

#[lab_harness::graded]
#[tokio::test]
async fn get_customer_reports_an_unknown_error_code_as_a_service_error() {
    let answer = Fixture::expect("dynamodb", "get_item_throttled")
        .with_error_code("InternalServerError", "Internal server error");

    let result = get_answered_by(answer).await;

    assert!(
        matches!(&result, Err(StoreError::Service(description)) if !description.is_empty()),
        "DynamoDB answered InternalServerError, a code with no variant of its own: expected \
         Err(StoreError::Service(<a description>)), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_customer_on_a_missing_table_is_table_not_found() {
    let rule = mock!(Client::get_item).then_http_response(|| response("get_item_missing_table"));
    let client = mock_client(&[&rule]);

    let result = get_customer(&client, "DA_Serverless_missing", "c-1001").await;

    assert!(
        matches!(&result, Err(StoreError::TableNotFound { table }) if table == "DA_Serverless_missing"),
        "DynamoDB answered ResourceNotFoundException: expected \
         Err(StoreError::TableNotFound {{ table: \"DA_Serverless_missing\" }}), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_customer_reports_a_malformed_item_as_bad_item() {
    let rule = mock!(Client::get_item).then_http_response(|| response("get_item_wrong_type"));
    let client = mock_client(&[&rule]);

    let result = get_customer(&client, TABLE, "c-3002").await;

    assert!(
        matches!(result, Err(StoreError::BadItem(_))),
        "the stored firstname is a number: expected Err(StoreError::BadItem(..)), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_customer_reports_an_answer_not_from_dynamodb_as_a_service_error() {
    let result = get_answered_by(Fixture::not_from_the_service()).await;

    assert!(
        matches!(&result, Err(StoreError::Service(description)) if !description.is_empty()),
        "a proxy answered with an HTML page, so the error has no DynamoDB code at all: \
         expected Err(StoreError::Service(<a description>)), got {result:?}"
    );
}
