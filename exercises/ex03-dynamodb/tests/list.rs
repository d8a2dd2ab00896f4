use aws_sdk_dynamodb::operation::scan::ScanInput;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex03::list_customers;
use lab_support::dynamodb::{mock_client, response};
use lab_support::Requests;

use crate::common::TABLE;

fn start_key(id: &str) -> Option<std::collections::HashMap<String, AttributeValue>> {
    Some([("id".to_string(), AttributeValue::S(id.into()))].into())
}

#[lab_harness::graded]
#[tokio::test]
async fn list_customers_follows_every_page_to_the_end() {
    let scans = Requests::<ScanInput>::new();
    let rule = mock!(Client::scan)
        .match_requests(scans.matcher())
        .sequence()
        .http_response(|| response("scan_page_1"))
        .http_response(|| response("scan_page_2"))
        .http_response(|| response("scan_page_3"))
        .build();
    let client = mock_client(&[&rule]);

    let result = list_customers(&client, TABLE).await;

    let ids: Vec<String> = match result {
        Ok(customers) => customers.into_iter().map(|c| c.id).collect(),
        Err(error) => panic!("expected the customers of three pages, got Err({error:?})"),
    };
    assert_eq!(
        ids,
        ["c-1001", "c-1002", "c-1003", "c-1004", "c-1005"],
        "five customers over three pages (2, 2, 1), in order"
    );
    let requests = scans.all();
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
