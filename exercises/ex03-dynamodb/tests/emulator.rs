//! The emulator tier: the same functions against DynamoDB's API served locally (moto), on the
//! lab's table `DA_Serverless`. Each test works on customers of its own: the tests of one run
//! share the table.
//!
//! Run them beside `cargo run -p grader -- emulator` (export what it prints), with
//! `cargo test -p ex03 --features emulator emulator::`, or let the grader run the tier:
//! `cargo run -p grader -- report --tier emulator --exercise ex03`.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType,
};
use aws_sdk_dynamodb::Client;
use ex03::{
    batch_put_customers, create_customer, delete_customer, get_customer, list_customers,
    update_email, BatchRetry, Customer, StoreError,
};
use lab_support::emulator::fresh_id;
use lab_support_dynamodb::emulator_client;

use crate::common::TABLE;

fn customer(firstname: &str, email: Option<&str>) -> Customer {
    Customer {
        id: fresh_id("c"),
        firstname: firstname.into(),
        lastname: Some("Emulated".into()),
        email: email.map(String::from),
        revision: 0,
    }
}

/// The item DynamoDB holds under `id`, read with the test's own GetItem: what the functions under
/// test wrote, not what they say they wrote.
async fn stored_item(
    client: &Client,
    table: &str,
    id: &str,
) -> Option<HashMap<String, AttributeValue>> {
    client
        .get_item()
        .table_name(table)
        .key("id", AttributeValue::S(id.to_string()))
        .consistent_read(true)
        .send()
        .await
        .expect("the test's own GetItem")
        .item
}

/// Checks that DynamoDB holds `customer` as `customer_to_item`'s contract stores it.
async fn assert_stored(client: &Client, table: &str, customer: &Customer) {
    let item = stored_item(client, table, &customer.id)
        .await
        .unwrap_or_else(|| panic!("customer {} is not in the table", customer.id));
    let text = |name: &str| item.get(name).and_then(|v| v.as_s().ok()).cloned();
    assert_eq!(
        text("id").as_ref(),
        Some(&customer.id),
        "the stored id: {item:?}"
    );
    assert_eq!(
        text("firstname").as_ref(),
        Some(&customer.firstname),
        "{item:?}"
    );
    assert_eq!(
        text("lastname"),
        customer.lastname,
        "the stored lastname: {item:?}"
    );
    assert_eq!(text("email"), customer.email, "the stored email: {item:?}");
    let revision = item
        .get("revision")
        .and_then(|v| v.as_n().ok())
        .and_then(|n| n.parse::<u64>().ok());
    assert_eq!(
        revision,
        Some(customer.revision),
        "the stored revision: {item:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_created_customer_is_read_back_as_it_was_written() {
    let client = emulator_client();
    let ada = customer("Ada", Some("ada@example.com"));
    let gil = Customer {
        lastname: None,
        ..customer("Gil", None)
    };

    create_customer(&client, TABLE, &ada)
        .await
        .expect("created");
    create_customer(&client, TABLE, &gil)
        .await
        .expect("created");

    assert_stored(&client, TABLE, &ada).await;
    assert_stored(&client, TABLE, &gil).await;
    assert_eq!(
        get_customer(&client, TABLE, &ada.id).await.unwrap(),
        Some(ada)
    );
    assert_eq!(
        get_customer(&client, TABLE, &gil.id).await.unwrap(),
        Some(gil)
    );
    let unknown = fresh_id("c");
    assert_eq!(get_customer(&client, TABLE, &unknown).await.unwrap(), None);
}

#[lab_harness::graded]
#[tokio::test]
async fn creating_an_id_twice_is_refused_by_dynamodb_and_keeps_the_first_customer() {
    let client = emulator_client();
    let first = customer("Ada", Some("ada@example.com"));
    let second = Customer {
        firstname: "Impostor".into(),
        ..first.clone()
    };
    create_customer(&client, TABLE, &first)
        .await
        .expect("created");

    let result = create_customer(&client, TABLE, &second).await;

    assert!(
        matches!(&result, Err(StoreError::AlreadyExists { id }) if *id == first.id),
        "expected AlreadyExists from DynamoDB's own condition check, got {result:?}"
    );
    assert_stored(&client, TABLE, &first).await;
    assert_eq!(
        get_customer(&client, TABLE, &first.id).await.unwrap(),
        Some(first),
        "the stored customer is still the first one"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_email_update_is_stored_and_counts_revisions() {
    let client = emulator_client();
    let ada = customer("Ada", Some("ada@example.com"));
    create_customer(&client, TABLE, &ada)
        .await
        .expect("created");

    let once = update_email(&client, TABLE, &ada.id, "ada@new.example.com")
        .await
        .expect("updated");
    let twice = update_email(&client, TABLE, &ada.id, "ada@newer.example.com")
        .await
        .expect("updated");

    assert_eq!(once.email.as_deref(), Some("ada@new.example.com"));
    assert_eq!(once.revision, 1);
    assert_eq!(twice.revision, 2);
    let updated = Customer {
        email: Some("ada@newer.example.com".into()),
        revision: 2,
        ..ada
    };
    assert_stored(&client, TABLE, &updated).await;
    assert_eq!(
        get_customer(&client, TABLE, &updated.id).await.unwrap(),
        Some(updated)
    );
    let missing = fresh_id("c");
    let result = update_email(&client, TABLE, &missing, "x@example.com").await;
    assert!(
        matches!(&result, Err(StoreError::NotFound { id }) if *id == missing),
        "expected NotFound, got {result:?}"
    );
    assert_eq!(
        stored_item(&client, TABLE, &missing).await,
        None,
        "updating a missing customer creates no item"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_deleted_customer_is_returned_once_and_gone() {
    let client = emulator_client();
    let ada = customer("Ada", None);
    create_customer(&client, TABLE, &ada)
        .await
        .expect("created");
    assert_stored(&client, TABLE, &ada).await;

    assert_eq!(
        delete_customer(&client, TABLE, &ada.id).await.unwrap(),
        Some(ada.clone())
    );
    assert_eq!(
        delete_customer(&client, TABLE, &ada.id).await.unwrap(),
        None
    );
    assert_eq!(
        stored_item(&client, TABLE, &ada.id).await,
        None,
        "the item is gone"
    );
}

/// A customers table of this test's own, keyed like the lab's: a listing sees only what the test
/// wrote (ex06's tests store customers of another shape in the lab's table).
async fn fresh_table(client: &Client) -> String {
    let name = fresh_id("customers");
    client
        .create_table()
        .table_name(&name)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .expect("a definition"),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .expect("a key"),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .expect("the emulator creates a table");
    name
}

#[lab_harness::graded]
#[tokio::test]
async fn a_batch_of_sixty_is_written_whole_and_listed() {
    let client = emulator_client();
    let table = fresh_table(&client).await;
    let batch: Vec<Customer> = (0..60)
        .map(|n| customer(&format!("Batch {n}"), None))
        .collect();

    batch_put_customers(&client, &table, &batch, &BatchRetry::default())
        .await
        .expect("written");

    let mut listed = list_customers(&client, &table).await.expect("listed");
    listed.sort_by(|a, b| a.id.cmp(&b.id));
    let mut written = batch;
    written.sort_by(|a, b| a.id.cmp(&b.id));
    for customer in &written {
        assert_stored(&client, &table, customer).await;
    }
    assert_eq!(
        listed, written,
        "the listing is every customer the batch wrote, once"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_table_that_does_not_exist_is_table_not_found() {
    let client = emulator_client();

    let result = get_customer(&client, "No_Such_Table", "c-1").await;

    assert!(
        matches!(&result, Err(StoreError::TableNotFound { table }) if table == "No_Such_Table"),
        "expected TableNotFound from DynamoDB's ResourceNotFoundException, got {result:?}"
    );
}
