use aws_sdk_dynamodb::operation::get_item::GetItemInput;
use aws_sdk_dynamodb::operation::put_item::PutItemInput;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex06::{get_customer, put_new_customer, Failure, NewCustomer, StoredCustomer};
use lab_support::{Fixture, Requests};
use lab_support_dynamodb::expression::{condition_holds, Item, Placeholders};
use lab_support_dynamodb::{mock_client, response};
use lab_support_kms::recorded_blob;
use serde_json::json;

use crate::common::{CUSTOMER_ID, EMAIL, TABLE};

fn filipa(lastname: Option<&str>) -> NewCustomer {
    NewCustomer {
        firstname: "Filipa".to_string(),
        lastname: lastname.map(str::to_string),
        email: EMAIL.to_string(),
    }
}

fn put_rule(puts: &Requests<PutItemInput>, fixture: &'static str) -> aws_smithy_mocks::Rule {
    mock!(Client::put_item)
        .match_requests(puts.matcher())
        .then_http_response(move || response(fixture))
}

#[lab_harness::graded]
#[tokio::test]
async fn a_new_customer_is_put_with_its_encrypted_email_and_only_if_new() {
    let puts = Requests::<PutItemInput>::new();
    let rule = put_rule(&puts, "put_item_encrypted_email");
    let client = mock_client(&[&rule]);
    let ciphertext = recorded_blob("encrypt_email", "CiphertextBlob");

    let result = put_new_customer(
        &client,
        TABLE,
        CUSTOMER_ID,
        &filipa(Some("Rocha")),
        &ciphertext,
    )
    .await;

    assert_eq!(result, Ok(()));
    let put = puts.only("PutItem");
    assert_eq!(put.table_name(), Some(TABLE));
    let item = put.item().cloned().unwrap_or_default();
    let expected: Item = [
        ("id", AttributeValue::S(CUSTOMER_ID.to_string())),
        ("firstname", AttributeValue::S("Filipa".to_string())),
        ("lastname", AttributeValue::S("Rocha".to_string())),
        ("email", AttributeValue::B(Blob::new(ciphertext))),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_string(), value))
    .collect();
    assert_eq!(item, expected, "the item: strings, and the email as binary");
    let condition = put
        .condition_expression()
        .expect("a condition, so that an existing customer is never overwritten");
    let placeholders = Placeholders::of_put(&put);
    assert_eq!(
        condition_holds(condition, placeholders, None),
        Ok(true),
        "the put must succeed when no item has this id: {condition}"
    );
    assert_eq!(
        condition_holds(condition, placeholders, Some(&expected)),
        Ok(false),
        "the put must fail when an item has this id: {condition}"
    );
    let without_lastname: Item = expected
        .iter()
        .filter(|(name, _)| name.as_str() != "lastname")
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    assert_eq!(
        condition_holds(condition, placeholders, Some(&without_lastname)),
        Ok(false),
        "the put must fail when an item has this id, whatever its other attributes: {condition}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_customer_without_a_lastname_has_no_lastname_attribute() {
    let puts = Requests::<PutItemInput>::new();
    let rule = put_rule(&puts, "put_item_encrypted_email");
    let client = mock_client(&[&rule]);

    let result = put_new_customer(&client, TABLE, CUSTOMER_ID, &filipa(None), b"ciphertext").await;

    assert_eq!(result, Ok(()));
    let put = puts.only("PutItem");
    let mut names: Vec<String> = put
        .item()
        .into_iter()
        .flatten()
        .map(|(name, _)| name.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["email", "firstname", "id"]);
}

#[lab_harness::graded]
#[tokio::test]
async fn an_existing_id_is_a_conflict() {
    let puts = Requests::<PutItemInput>::new();
    let rule = put_rule(&puts, "put_item_duplicate");
    let client = mock_client(&[&rule]);

    let result = put_new_customer(
        &client,
        TABLE,
        CUSTOMER_ID,
        &filipa(Some("Rocha")),
        b"ciphertext",
    )
    .await;

    assert_eq!(result, Err(Failure::Conflict));
    assert_eq!(puts.only("PutItem").table_name(), Some(TABLE));
}

#[lab_harness::graded]
#[tokio::test]
async fn a_stored_customer_is_read_back_with_the_ciphertext() {
    let gets = Requests::<GetItemInput>::new();
    let rule = mock!(Client::get_item)
        .match_requests(gets.matcher())
        .then_http_response(|| response("get_item_encrypted_email"));
    let client = mock_client(&[&rule]);

    let result = get_customer(&client, TABLE, CUSTOMER_ID).await;

    assert_eq!(
        result,
        Ok(Some(StoredCustomer {
            id: CUSTOMER_ID.to_string(),
            firstname: "Filipa".to_string(),
            lastname: Some("Rocha".to_string()),
            email_ciphertext: recorded_blob("encrypt_email", "CiphertextBlob"),
        }))
    );
    let get = gets.only("GetItem");
    assert_eq!(get.table_name(), Some(TABLE));
    assert_eq!(
        get.key().and_then(|key| key.get("id")),
        Some(&AttributeValue::S(CUSTOMER_ID.to_string())),
        "the key is the id, a string"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_absent_customer_is_none_and_a_foreign_item_is_invalid() {
    let absent = mock!(Client::get_item).then_http_response(|| response("get_item_absent"));
    let client = mock_client(&[&absent]);
    assert_eq!(get_customer(&client, TABLE, "c-4040").await, Ok(None));

    // ex03's customer: its email is a plain string, not a ciphertext.
    let foreign = mock!(Client::get_item).then_http_response(|| response("get_item_found"));
    let client = mock_client(&[&foreign]);
    assert_eq!(
        get_customer(&client, TABLE, "c-1001").await,
        Err(Failure::Aws {
            code: "InvalidItem".to_string()
        })
    );

    // The recorded item with one attribute changed: `None` removes it.
    let changed = |name: &str, value: Option<serde_json::Value>| {
        let mut fixture = Fixture::expect("dynamodb", "get_item_encrypted_email");
        let item = &mut fixture.response.body["Item"];
        match value {
            Some(value) => item[name] = value,
            None => {
                item.as_object_mut().map(|item| item.remove(name));
            }
        }
        fixture
    };
    for (about, fixture) in [
        (
            "a firstname that is a number",
            changed("firstname", Some(json!({"N": "7"}))),
        ),
        (
            "a lastname that is a number",
            changed("lastname", Some(json!({"N": "7"}))),
        ),
        ("no firstname", changed("firstname", None)),
        ("no email", changed("email", None)),
    ] {
        let rule = mock!(Client::get_item).then_http_response(move || fixture.http_response());
        let client = mock_client(&[&rule]);
        assert_eq!(
            get_customer(&client, TABLE, CUSTOMER_ID).await,
            Err(Failure::Aws {
                code: "InvalidItem".to_string()
            }),
            "an item with {about}"
        );
    }
    let without_lastname = changed("lastname", None);
    let rule = mock!(Client::get_item).then_http_response(move || without_lastname.http_response());
    let client = mock_client(&[&rule]);
    let customer = get_customer(&client, TABLE, CUSTOMER_ID).await;
    assert!(
        matches!(&customer, Ok(Some(customer)) if customer.lastname.is_none()),
        "an item without a lastname is a customer without one: {customer:?}"
    );
}
