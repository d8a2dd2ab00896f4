//! Given: the types this exercise's functions take and return, with their derives, messages
//! and the code that belongs to them. The course owns this file: grading always uses the
//! course's copy of it (and of `lib.rs`), so write your code in the other files.

use std::time::Duration;

/// One customer of the class lab, as the application sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    /// The partition key: unique, never empty.
    pub id: String,
    /// Required.
    pub firstname: String,
    pub lastname: Option<String>,
    pub email: Option<String>,
    /// How many times the customer was updated: an atomic counter, 0 for a new customer.
    pub revision: u64,
}

/// Why an item could not be read as a [`Customer`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("the item has no `{name}` attribute, which is required")]
    Missing { name: &'static str },
    #[error("attribute `{name}` should be of type {expected} but is of type {found}")]
    WrongType {
        name: &'static str,
        expected: &'static str,
        found: &'static str,
    },
    #[error("attribute `{name}` should be a whole number of at least 0 but is {value:?}")]
    BadNumber { name: &'static str, value: String },
}

/// Everything that can go wrong in the customers store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("customer {id} already exists")]
    AlreadyExists { id: String },
    #[error("customer {id} does not exist")]
    NotFound { id: String },
    #[error("the request's condition expression was not met")]
    ConditionFailed,
    #[error("table {table} does not exist")]
    TableNotFound { table: String },
    #[error("DynamoDB throttled the request; try again later")]
    Throttled,
    #[error("{count} items were still unprocessed after {attempts} attempts")]
    Unprocessed { count: usize, attempts: u32 },
    #[error("a stored item is not a customer: {0}")]
    BadItem(#[from] ItemError),
    #[error("DynamoDB error: {0}")]
    Service(String),
}

/// The most write requests one `BatchWriteItem` call may carry.
pub const BATCH_WRITE_LIMIT: usize = 25;

/// How [`batch_put_customers`] retries the items DynamoDB returns as unprocessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRetry {
    /// How many times a chunk's unprocessed items are sent again before giving up.
    pub max_retries: u32,
    /// The wait before the first retry; each further retry waits twice as long as the one before.
    pub first_delay: Duration,
}

impl Default for BatchRetry {
    fn default() -> Self {
        BatchRetry {
            max_retries: 5,
            first_delay: Duration::from_millis(50),
        }
    }
}
