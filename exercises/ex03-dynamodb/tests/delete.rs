use aws_sdk_dynamodb::operation::delete_item::DeleteItemInput;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex03::{delete_customer, Customer};
use lab_support::Requests;
use lab_support_dynamodb::{mock_client, response};

use crate::common::TABLE;

#[lab_harness::graded]
#[tokio::test]
async fn delete_customer_returns_the_deleted_customer() {
    let deletes = Requests::<DeleteItemInput>::new();
    let rule = mock!(Client::delete_item)
        .match_requests(deletes.matcher())
        .then_http_response(|| response("delete_item_all_old"));
    let client = mock_client(&[&rule]);

    let result = delete_customer(&client, TABLE, "c-1002").await;

    let bruno = Customer {
        id: "c-1002".into(),
        firstname: "Bruno".into(),
        lastname: Some("Salgado".into()),
        email: Some("bruno.salgado@example.com".into()),
        revision: 0,
    };
    assert!(
        matches!(&result, Ok(Some(customer)) if *customer == bruno),
        "expected Ok(Some({bruno:?})), got {result:?}"
    );
    let delete = deletes.only("DeleteItem");
    assert_eq!(
        delete.table_name(),
        Some(TABLE),
        "the request goes to the lab's table"
    );
    assert_eq!(
        delete.key().and_then(|key| key.get("id")),
        Some(&AttributeValue::S("c-1002".into())),
        "the key is the customer's id, a string"
    );
    assert_eq!(
        delete.return_values(),
        Some(&ReturnValue::AllOld),
        "ALL_OLD makes DeleteItem return what it deleted"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn delete_customer_of_an_unknown_id_is_none() {
    let rule = mock!(Client::delete_item).then_http_response(|| response("delete_item_absent"));
    let client = mock_client(&[&rule]);

    let result = delete_customer(&client, TABLE, "c-9999").await;

    assert!(
        matches!(result, Ok(None)),
        "DeleteItem returned no attributes: expected Ok(None), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn delete_customer_on_a_missing_table_is_an_error() {
    let rule =
        mock!(Client::delete_item).then_http_response(|| response(crate::common::MISSING_TABLE));
    let client = mock_client(&[&rule]);

    let result = delete_customer(&client, TABLE, "c-1001").await;

    assert!(
        crate::common::is_missing_table(&result),
        "DeleteItem failed because the table does not exist: that is an error \
         (Err(StoreError::TableNotFound {{ table: {TABLE:?} }})), not \"nothing was deleted\": \
         got {result:?}"
    );
}
