//! Exercise 6: the class lab, end to end. `POST /customers` and `GET /customers/{id}` behind
//! API Gateway, served by one Lambda function that keeps customers in DynamoDB (`DA_Serverless`),
//! their emails encrypted with KMS, and reads its table name and API key from Parameter Store.
//!
//! Read `docs/customers-api.md` first, then complete the `todo!()`s: [`config`] (cold start),
//! [`request`] (the API key and the body), [`errors`] (AWS failures as HTTP answers), [`crypto`]
//! (the email under KMS), [`store`] (the table), [`handler`] (the routes) and [`serve`] (the
//! runtime loop). `cargo test -p ex06` tells you what is left.
//!
//! Given, and always taken from the course when grading: this file, [`types`] and
//! `bin/bootstrap.rs`. Write your code in the other modules (an `impl` of a given type there,
//! such as a `From` for [`Failure`], is refused when grading: call the functions instead).

// stub-only: // The stubs do not use their arguments and imports yet: this keeps the compiler quiet.
// stub-only: #![allow(unused_imports, unused_variables, dead_code)]

pub mod config;
pub mod crypto;
pub mod errors;
pub mod handler;
pub mod request;
pub mod serve;
pub mod store;
pub mod types;

pub use config::{load_config, parameter_name};
pub use crypto::{decrypt_email, encrypt_email};
pub use errors::{failure_from, failure_response};
pub use handler::handle;
pub use request::{api_key_matches, parse_new_customer};
pub use serve::serve;
pub use store::{get_customer, put_new_customer};
pub use types::{
    json_response, App, BadRequest, Clients, Config, ConfigError, Failure, NewCustomer,
    StoredCustomer, CONTEXT_KEY, KEY_ALIAS, PARAMETER_ROOT, RETRY_AFTER_SECS,
};
