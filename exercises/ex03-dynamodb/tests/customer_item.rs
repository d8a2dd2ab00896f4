use std::collections::BTreeMap;

use aws_sdk_dynamodb::types::AttributeValue;
use ex03::{customer_from_item, customer_to_item, Customer, ItemError};
use lab_support_dynamodb::recorded_item;

use crate::common::{ada, gil};

#[lab_harness::graded]
#[test]
fn to_item_stores_every_attribute_with_its_dynamodb_type() {
    let customer = Customer {
        revision: 3,
        ..ada()
    };
    let item: BTreeMap<_, _> = customer_to_item(&customer).into_iter().collect();
    insta::assert_debug_snapshot!(item);
}

#[lab_harness::graded]
#[test]
fn to_item_leaves_out_absent_optional_attributes() {
    let item = customer_to_item(&gil());
    let mut names: Vec<_> = item.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(
        names,
        ["firstname", "id", "revision"],
        "a customer without lastname and email is stored without those attributes"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn from_item_reads_a_recorded_customer() {
    let item = recorded_item("get_item_found").await;
    assert_eq!(
        customer_from_item(&item),
        Ok(ada()),
        "the customer recorded as fixtures/dynamodb/get_item_found.json"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn from_item_reads_absent_optional_attributes_as_none_and_zero() {
    let item = recorded_item("get_item_minimal").await;
    assert_eq!(
        customer_from_item(&item),
        Ok(gil()),
        "lastname and email absent are None, revision absent is 0"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn from_item_rejects_a_wrong_attribute_type_naming_it() {
    let item = recorded_item("get_item_wrong_type").await;
    assert_eq!(
        customer_from_item(&item),
        Err(ItemError::WrongType {
            name: "firstname",
            expected: "S",
            found: "N"
        }),
        "firstname was stored as a number"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn from_item_rejects_an_item_without_firstname() {
    let mut item = recorded_item("get_item_found").await;
    item.remove("firstname");
    assert_eq!(
        customer_from_item(&item),
        Err(ItemError::Missing { name: "firstname" }),
        "firstname is required: its absence is named"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn from_item_rejects_a_revision_that_is_not_a_count() {
    let mut item = recorded_item("get_item_found").await;
    item.insert("revision".into(), AttributeValue::N("-2".into()));
    assert_eq!(
        customer_from_item(&item),
        Err(ItemError::BadNumber {
            name: "revision",
            value: "-2".into()
        }),
        "a revision counts updates: a negative one is no count"
    );
}

#[lab_harness::graded]
#[test]
fn to_item_and_from_item_round_trip() {
    for customer in [
        ada(),
        gil(),
        Customer {
            revision: 41,
            ..ada()
        },
    ] {
        let item = customer_to_item(&customer);
        assert_eq!(
            customer_from_item(&item),
            Ok(customer),
            "reading back what was stored gives the same customer"
        );
    }
}

#[lab_harness::graded]
#[tokio::test]
async fn from_item_rejects_an_item_without_id() {
    let mut item = recorded_item("get_item_found").await;
    item.remove("id");
    assert_eq!(
        customer_from_item(&item),
        Err(ItemError::Missing { name: "id" }),
        "id is the table's key: an item without one is no customer, not a customer with an empty id"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn from_item_rejects_optional_attributes_of_the_wrong_type() {
    let cases = [
        ("lastname", AttributeValue::N("7".into()), "S", "N"),
        ("email", AttributeValue::Bool(true), "S", "BOOL"),
        ("revision", AttributeValue::S("3".into()), "N", "S"),
    ];
    for (name, value, expected, found) in cases {
        let mut item = recorded_item("get_item_found").await;
        item.insert(name.into(), value.clone());
        assert_eq!(
            customer_from_item(&item),
            Err(ItemError::WrongType {
                name,
                expected,
                found
            }),
            "{name} stored as {value:?}: an optional attribute may be absent, but one that is \
             there must have its type; reading it as absent would hide a broken item"
        );
    }
}
