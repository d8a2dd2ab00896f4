//! Hidden tests of exercise 3: graded by the instructor, left out of the student's copy (see
//! docs/instructor-guide.md, "The student repository").

use aws_sdk_dynamodb::types::AttributeValue;
use ex03::{customer_from_item, ItemError};
use lab_support_dynamodb::recorded_item;

/// A revision counts updates: a number with a fraction is no count, whatever its sign.
#[lab_harness::graded]
#[tokio::test]
async fn from_item_rejects_a_revision_with_a_fraction() {
    let mut item = recorded_item("get_item_found").await;
    item.insert("revision".into(), AttributeValue::N("3.5".into()));
    assert_eq!(
        customer_from_item(&item),
        Err(ItemError::BadNumber {
            name: "revision",
            value: "3.5".into()
        }),
        "3.5 is not a whole number"
    );
}
