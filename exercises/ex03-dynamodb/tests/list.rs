use aws_sdk_dynamodb::operation::scan::ScanInput;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex03::{list_customers, Customer, ItemError, StoreError};
use lab_support::{in_turn, Fixture, Requests};
use lab_support_dynamodb::{mock_client, response};

use crate::common::TABLE;

fn start_key(id: &str) -> Option<std::collections::HashMap<String, AttributeValue>> {
    Some([("id".to_string(), AttributeValue::S(id.into()))].into())
}

/// `list_customers` of the lab's table with its Scans answered by `pages` in turn, and the Scans.
async fn list_over(pages: Vec<Fixture>) -> (Result<Vec<Customer>, StoreError>, Vec<ScanInput>) {
    let scans = Requests::<ScanInput>::new();
    let rule = mock!(Client::scan)
        .match_requests(scans.matcher())
        .then_http_response(in_turn(pages));
    let client = mock_client(&[&rule]);
    let result = list_customers(&client, TABLE).await;
    (result, scans.all())
}

fn page(name: &str) -> Fixture {
    Fixture::expect("dynamodb", name)
}

#[lab_harness::graded]
#[tokio::test]
async fn list_customers_follows_every_page_to_the_end() {
    let (result, requests) = list_over(vec![
        page("scan_page_1"),
        page("scan_page_2"),
        page("scan_page_3"),
    ])
    .await;

    let ids: Vec<String> = match result {
        Ok(customers) => customers.into_iter().map(|c| c.id).collect(),
        Err(error) => panic!("expected the customers of three pages, got Err({error:?})"),
    };
    assert_eq!(
        ids,
        ["c-1001", "c-1002", "c-1003", "c-1004", "c-1005"],
        "five customers over three pages (2, 2, 1), in order"
    );
    assert_eq!(
        requests.len(),
        3,
        "one Scan per page, and none after the last"
    );
    let tables: Vec<Option<&str>> = requests.iter().map(|scan| scan.table_name()).collect();
    assert!(
        tables.iter().all(|table| *table == Some(TABLE)),
        "every page is read from the table asked for, {TABLE}: got {tables:?}"
    );
    assert_eq!(
        requests[0].exclusive_start_key().cloned(),
        None,
        "the first page starts at the beginning"
    );
    assert_eq!(
        requests[1].exclusive_start_key().cloned(),
        start_key("c-1002"),
        "page 2 starts after page 1's LastEvaluatedKey"
    );
    assert_eq!(
        requests[2].exclusive_start_key().cloned(),
        start_key("c-1004"),
        "page 3 starts after page 2's LastEvaluatedKey"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn list_customers_of_an_empty_table_is_empty() {
    let scans = Requests::<ScanInput>::new();
    let rule = mock!(Client::scan)
        .match_requests(scans.matcher())
        .then_http_response(|| response("scan_empty"));
    let client = mock_client(&[&rule]);

    let result = list_customers(&client, TABLE).await;

    assert!(
        matches!(&result, Ok(customers) if customers.is_empty()),
        "expected Ok(vec![]), got {result:?}"
    );
    assert_eq!(
        scans.count(),
        1,
        "a page without LastEvaluatedKey is the last"
    );
}

/// A recorded Scan page with its items replaced by `items` (and Count and ScannedCount to match).
fn page_with_items(name: &str, items: serde_json::Value) -> Fixture {
    let mut page = Fixture::expect("dynamodb", name);
    let count = items.as_array().map_or(0, Vec::len);
    page.response.body["Items"] = items;
    page.response.body["Count"] = count.into();
    page.response.body["ScannedCount"] = count.into();
    page
}

#[lab_harness::graded]
#[tokio::test]
async fn list_customers_goes_on_past_an_empty_page_that_has_a_key() {
    // The Scan API reference: only a page without LastEvaluatedKey is the last one. A page can
    // come back empty and still carry a key (when a filter drops every item the page read).
    let empty_page = page_with_items("scan_page_2", serde_json::json!([]));

    let (result, requests) =
        list_over(vec![page("scan_page_1"), empty_page, page("scan_page_3")]).await;

    let ids: Vec<String> = match result {
        Ok(customers) => customers.into_iter().map(|c| c.id).collect(),
        Err(error) => panic!("expected the customers of pages 1 and 3, got Err({error:?})"),
    };
    assert_eq!(
        ids,
        ["c-1001", "c-1002", "c-1005"],
        "page 2 is empty but has a LastEvaluatedKey: page 3 still has to be read"
    );
    assert_eq!(requests.len(), 3, "three pages, each read once");
}

#[lab_harness::graded]
#[tokio::test]
async fn list_customers_reports_a_malformed_item_as_bad_item() {
    let bad_page = page_with_items(
        "scan_page_3",
        serde_json::json!([{"id": {"S": "c-3002"}, "firstname": {"N": "42"}}]),
    );
    let rule = mock!(Client::scan).then_http_response(move || bad_page.http_response());
    let client = mock_client(&[&rule]);

    let result = list_customers(&client, TABLE).await;

    assert!(
        matches!(
            &result,
            Err(StoreError::BadItem(ItemError::WrongType {
                name: "firstname",
                ..
            }))
        ),
        "a stored item whose firstname is a number is no customer: expected \
         Err(StoreError::BadItem(ItemError::WrongType {{ name: \"firstname\", .. }})), not a list \
         that silently leaves it out; got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn list_customers_on_a_missing_table_is_an_error() {
    let rule = mock!(Client::scan).then_http_response(|| response(crate::common::MISSING_TABLE));
    let client = mock_client(&[&rule]);

    let result = list_customers(&client, TABLE).await;

    assert!(
        crate::common::is_missing_table(&result),
        "Scan failed because the table does not exist: expected \
         Err(StoreError::TableNotFound {{ table: {TABLE:?} }}), got {result:?}"
    );
}
