//! Given: the types this exercise's functions take and return, with their derives, messages
//! and the code that belongs to them. The course owns this file: grading always uses the
//! course's copy of it (and of `lib.rs`), so write your code in the other files.

use std::collections::{BTreeMap, HashMap};

use aws_lambda_events::http::{HeaderMap, Method};
use serde::Serialize;

/// A request, whichever kind of API Gateway API it came through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub method: Method,
    /// The resource's path, without the stage, e.g. `/customers/c-1001`.
    pub path: String,
    /// The values of `{name}` segments of the route, e.g. `id` -> `c-1001`.
    pub path_parameters: HashMap<String, String>,
    /// Every value of every query string key, in the order sent: `?tag=a&tag=b` is `tag` -> `[a, b]`.
    pub query: HashMap<String, Vec<String>>,
    /// `HeaderMap` looks names up without regard to case.
    pub headers: HeaderMap,
    /// The body, decoded from base64 when the event says it is encoded; empty when absent.
    pub body: Vec<u8>,
}

impl ApiRequest {
    /// The first value of header `name` (any letter case), if it is present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Every value of query key `name`, or none.
    pub fn query_values(&self, name: &str) -> &[String] {
        self.query.get(name).map_or(&[], Vec::as_slice)
    }
}

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `POST /customers`
    CreateCustomer,
    /// `GET /customers/{id}`
    GetCustomer { id: String },
    /// `OPTIONS` on either resource: a CORS preflight, answered with the resource's methods.
    Preflight { allow: Vec<Method> },
}

/// The largest body `POST /customers` accepts, in bytes.
pub const MAX_BODY_BYTES: usize = 10 * 1024;

/// A customer as a client submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewCustomer {
    pub id: String,
    pub firstname: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// Where customers are kept in this exercise, by id (exercise 6 keeps them in DynamoDB).
pub type CustomerDirectory = BTreeMap<String, NewCustomer>;
