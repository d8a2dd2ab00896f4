//! Exercise 3: DynamoDB. The customers table of the class lab, `DA_Serverless`.
//!
//! Read `docs/dynamodb.md` first, then complete the `todo!()`s module by module:
//! [`customer`] (items and attribute values), [`error`] (the SDK's errors as ours),
//! [`store`] (create, read, list, update, delete) and [`batch`] (batch writes with retries).
//! `cargo test -p ex03` tells you what is left.

// The stubs do not use their arguments and imports yet: delete this line once they do.
#![allow(unused_imports, unused_variables, dead_code)]

pub mod batch;
pub mod customer;
pub mod error;
pub mod store;

pub use batch::{batch_put_customers, BatchRetry, BATCH_WRITE_LIMIT};
pub use customer::{attribute_type, customer_from_item, customer_to_item, Customer, ItemError};
pub use error::{map_dynamo_error, StoreError};
pub use store::{create_customer, delete_customer, get_customer, list_customers, update_email};

/// The class lab's table. Its partition key is `id`, a string.
pub const TABLE_NAME: &str = "DA_Serverless";
