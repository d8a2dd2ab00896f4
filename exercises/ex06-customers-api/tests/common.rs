//! The customer of the recorded flow (fixtures/recorder/record_customers.py) and an app
//! around mocked clients.

use std::sync::Arc;

use aws_lambda_events::apigw::ApiGatewayProxyResponse;
use aws_lambda_events::encodings::Body;
use aws_sdk_dynamodb::operation::get_item::GetItemInput;
use aws_sdk_dynamodb::operation::put_item::PutItemInput;
use aws_sdk_kms::operation::decrypt::DecryptInput;
use aws_sdk_kms::operation::encrypt::EncryptInput;
use aws_smithy_mocks::{mock, Rule};
use ex06::{App, Config};
use lab_support::{Fixture, Requests};
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

/// Every DynamoDB and KMS call the code under test made, kept.
pub struct Calls {
    pub puts: Requests<PutItemInput>,
    pub gets: Requests<GetItemInput>,
    pub encrypts: Requests<EncryptInput>,
    pub decrypts: Requests<DecryptInput>,
}

impl Calls {
    pub fn total(&self) -> usize {
        self.puts.count() + self.gets.count() + self.encrypts.count() + self.decrypts.count()
    }
}

/// The fixtures of the recorded flow, for PutItem, GetItem, Encrypt and Decrypt in that order.
pub fn recorded_flow() -> [Fixture; 4] {
    [
        Fixture::expect("dynamodb", "put_item_encrypted_email"),
        Fixture::expect("dynamodb", "get_item_encrypted_email"),
        Fixture::expect("kms", "encrypt_email"),
        Fixture::expect("kms", "decrypt_email"),
    ]
}

/// DynamoDB and KMS clients whose PutItem, GetItem, Encrypt and Decrypt calls are answered with
/// `answers`, in that order, and kept in the [`Calls`].
pub fn mocked_clients(
    answers: [Fixture; 4],
) -> (aws_sdk_dynamodb::Client, aws_sdk_kms::Client, Calls) {
    let calls = Calls {
        puts: Requests::new(),
        gets: Requests::new(),
        encrypts: Requests::new(),
        decrypts: Requests::new(),
    };
    let [put, get, encrypt, decrypt] = answers;
    let put_rule: Rule = mock!(aws_sdk_dynamodb::Client::put_item)
        .match_requests(calls.puts.matcher())
        .then_http_response(move || put.http_response());
    let get_rule: Rule = mock!(aws_sdk_dynamodb::Client::get_item)
        .match_requests(calls.gets.matcher())
        .then_http_response(move || get.http_response());
    let encrypt_rule: Rule = mock!(aws_sdk_kms::Client::encrypt)
        .match_requests(calls.encrypts.matcher())
        .then_http_response(move || encrypt.http_response());
    let decrypt_rule: Rule = mock!(aws_sdk_kms::Client::decrypt)
        .match_requests(calls.decrypts.matcher())
        .then_http_response(move || decrypt.http_response());
    let dynamodb = lab_support_dynamodb::mock_client(&[&put_rule, &get_rule]);
    let kms = lab_support_kms::mock_client(&[&encrypt_rule, &decrypt_rule]);
    (dynamodb, kms, calls)
}
