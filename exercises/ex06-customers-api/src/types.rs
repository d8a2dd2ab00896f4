//! Given: the types this exercise's functions take and return, with their derives, messages
//! and the code that belongs to them. The course owns this file: grading always uses the
//! course's copy of it (and of `lib.rs` and `bin/bootstrap.rs`), so write your code in the
//! other files.

use std::fmt;
use std::sync::Arc;

use aws_lambda_events::apigw::ApiGatewayProxyResponse;
use aws_lambda_events::encodings::Body;
use aws_lambda_events::http::header::CONTENT_TYPE;
use aws_lambda_events::http::HeaderValue;
use serde_json::Value;

/// Where the lab's parameters live: `/da-serverless/<stage>/DB_NAME` and `.../API_KEY`.
pub const PARAMETER_ROOT: &str = "/da-serverless";
/// The KMS alias of the lab's key, which encrypts every customer's email.
pub const KEY_ALIAS: &str = "alias/da-serverless";
/// The encryption-context key whose value is the customer's id.
pub const CONTEXT_KEY: &str = "customerId";
/// The `Retry-After` a throttled caller is told to wait, in seconds.
pub const RETRY_AFTER_SECS: u32 = 1;

/// The function's configuration, read once at cold start.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// The table of customers: the value of `DB_NAME`.
    pub table: String,
    /// The key every request must carry in `x-api-key`: the value of `API_KEY`.
    pub api_key: String,
}

/// Never prints the API key: configuration ends up in logs.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("table", &self.table)
            .field("api_key", &"[redacted]")
            .finish()
    }
}

/// Why the configuration could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The parameter `name` (its full name) does not exist.
    #[error("parameter {name} does not exist")]
    Missing { name: String },
    /// Parameter Store refused or failed; `code` is its error code, if it gave one.
    #[error("Parameter Store failed: {code}")]
    Unavailable { code: String },
}

/// A customer as the body of `POST /customers` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustomer {
    pub firstname: String,
    pub lastname: Option<String>,
    pub email: String,
}

/// A customer as the table stores it: the email is a KMS ciphertext.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCustomer {
    pub id: String,
    pub firstname: String,
    pub lastname: Option<String>,
    pub email_ciphertext: Vec<u8>,
}

/// Why a request body is refused (400).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadRequest {
    #[error("the body is not a JSON object")]
    NotAnObject,
    /// `field` is missing, not a string, or not valid (e.g. an empty name, an email without `@`).
    #[error("{field} is missing or invalid")]
    Field { field: &'static str },
}

/// An AWS call that did not succeed, as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// The service throttled the call: the caller may try again later (503).
    #[error("throttled: {code}")]
    Throttled { code: String },
    /// A conditional write found the item already there (409).
    #[error("the item already exists")]
    Conflict,
    /// Any other failure (500); `code` is the AWS error code, if there was one.
    #[error("AWS call failed: {code}")]
    Aws { code: String },
}

/// What the handler needs: the configuration and the clients, made once at cold start, and
/// where new ids come from (the bootstrap draws version 4 UUIDs; tests pass their own).
#[derive(Clone)]
pub struct App {
    pub config: Config,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub kms: aws_sdk_kms::Client,
    pub new_id: Arc<dyn Fn() -> String + Send + Sync>,
}

/// The clients the function starts with, before its configuration is read.
#[derive(Clone, Debug)]
pub struct Clients {
    pub ssm: aws_sdk_ssm::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub kms: aws_sdk_kms::Client,
}

/// A response with status `status` and `body` as JSON text (`content-type: application/json`).
pub fn json_response(status: u16, body: &Value) -> ApiGatewayProxyResponse {
    let mut response = ApiGatewayProxyResponse::default();
    response.status_code = i64::from(status);
    response
        .headers
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response.body = Some(Body::Text(body.to_string()));
    response
}
