//! Exercise 1: API Gateway. The front door of the class lab's customers API.
//!
//! Read `docs/apigateway.md` first, then complete the `todo!()`s: [`request`] (proxy events of
//! REST and HTTP APIs into one request type), [`response`] (proxy responses), [`routing`],
//! [`auth`] (the API key), [`validate`] (the body of `POST /customers`) and [`handler`] (all of it
//! together). `cargo test -p ex01` tells you what is left.
//!
//! Given, and always taken from the course when grading: this file and [`types`] (the types
//! the functions take and return). Write your code in the other modules.

// stub-only: // The stubs do not use their arguments and imports yet: this keeps the compiler quiet.
// stub-only: #![allow(unused_imports, unused_variables, dead_code)]

pub mod auth;
pub mod error;
pub mod handler;
pub mod request;
pub mod response;
pub mod routing;
pub mod types;
pub mod validate;

pub use auth::{check_api_key, constant_time_eq};
pub use error::ApiError;
pub use handler::{handle, handle_rest_event};
pub use request::{from_http_event, from_rest_event};
pub use response::{binary_response, error_response, json_response};
pub use routing::route;
pub use types::{ApiRequest, CustomerDirectory, NewCustomer, Route, MAX_BODY_BYTES};
pub use validate::parse_new_customer;
