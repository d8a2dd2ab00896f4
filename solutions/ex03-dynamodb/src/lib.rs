//! Exercise 3: DynamoDB. The customers table of the class lab, `DA_Serverless`.
//!
//! Read `docs/dynamodb.md` first, then complete the `todo!()`s module by module:
//! [`customer`] (items and attribute values), [`error`] (the SDK's errors as ours),
//! [`store`] (create, read, list, update, delete) and [`batch`] (batch writes with retries).
//! `cargo test -p ex03` tells you what is left.
//!
//! Given, and always taken from the course when grading: this file and [`types`] (the types
//! the functions take and return). Write your code in the other modules.

// stub-only: // The stubs do not use their arguments and imports yet: this keeps the compiler quiet.
// stub-only: #![allow(unused_imports, unused_variables, dead_code)]

pub mod batch;
pub mod customer;
pub mod error;
pub mod store;
pub mod types;

pub use batch::batch_put_customers;
pub use customer::{attribute_type, customer_from_item, customer_to_item};
pub use error::map_dynamo_error;
pub use store::{create_customer, delete_customer, get_customer, list_customers, update_email};
pub use types::{BatchRetry, Customer, ItemError, StoreError, BATCH_WRITE_LIMIT};

/// The class lab's table. Its partition key is `id`, a string.
pub const TABLE_NAME: &str = "DA_Serverless";
