//! The customer of the recorded flow (fixtures/recorder/record_customers.py) and an app
//! around mocked clients.

use std::sync::Arc;

use aws_lambda_events::apigw::ApiGatewayProxyResponse;
use aws_lambda_events::encodings::Body;
use ex06::{App, Config};
use serde_json::Value;

pub const CUSTOMER_ID: &str = "3b0f5c4e-8a51-4c8e-9d43-2f6d1c7a9e10";
pub const EMAIL: &str = "filipa.rocha@example.com";
pub const API_KEY: &str = "k-7Hq2-lab-api-key";
pub const TABLE: &str = "DA_Serverless";
pub const REQUEST_ID: &str = "9f3c1a52-2b7e-4d0a-8c61-5e4f3a2b1c0d";

/// The handler tests' app: its table, key and ids are none of the fixtures', so that the
/// handler must use the app's own.
pub const APP_TABLE: &str = "DA_Serverless_handler_test";
pub const APP_KEY: &str = "k-handler-test-api-key";
pub const NEW_ID: &str = "5a7d4c2e-1f3b-4e8a-9c6d-0b2e4f6a8c10";

/// An app with [`APP_TABLE`] and [`APP_KEY`], whose new ids are all [`NEW_ID`].
pub fn app(dynamodb: aws_sdk_dynamodb::Client, kms: aws_sdk_kms::Client) -> App {
    App {
        config: Config {
            table: APP_TABLE.to_string(),
            api_key: APP_KEY.to_string(),
        },
        dynamodb,
        kms,
        new_id: Arc::new(|| NEW_ID.to_string()),
    }
}

/// The response's body, parsed; panics naming the response if it is not JSON text.
pub fn body_of(response: &ApiGatewayProxyResponse) -> Value {
    match &response.body {
        Some(Body::Text(text)) => {
            serde_json::from_str(text).unwrap_or_else(|_| panic!("the body is not JSON: {text}"))
        }
        other => panic!("expected a JSON text body, got {other:?}"),
    }
}

/// The header `name` of the response, as text.
pub fn header<'a>(response: &'a ApiGatewayProxyResponse, name: &str) -> Option<&'a str> {
    response
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}
