//! The emulator tier: the customers API against Parameter Store, DynamoDB and KMS served
//! locally (moto), seeded as the class deploys it: the configuration of stage `dev` under
//! `/da-serverless/dev/`, the table `DA_Serverless`, the key `alias/da-serverless`.
//!
//! Run them beside `cargo run -p grader -- emulator` (export what it prints), with
//! `cargo test -p ex06 --features emulator emulator::`, or let the grader run the tier:
//! `cargo run -p grader -- report --tier emulator --exercise ex06`.

use std::collections::HashMap;
use std::sync::Arc;

use aws_lambda_events::apigw::ApiGatewayProxyRequest;
use aws_sdk_dynamodb::types::AttributeValue;
use ex06::{handle, load_config, App, Config};
use lab_support::apigateway::rest_event;
use lab_support::emulator::fresh_id;
use serde_json::json;

use crate::common::{body_of, header, REQUEST_ID};

/// The API key the emulator's seed stores for stage `dev` (exercises/course.toml).
const SEEDED_API_KEY: &str = "lab-api-key-dev";

/// The app as `serve` makes it at cold start: the configuration of `dev` read with the
/// student's `load_config`, the emulator's clients, and a fresh id per customer.
async fn cold_start() -> App {
    let ssm = lab_support_ssm::emulator_client();
    let config = load_config(&ssm, "dev")
        .await
        .expect("the configuration of dev is in Parameter Store");
    App {
        config,
        dynamodb: lab_support_dynamodb::emulator_client(),
        kms: lab_support_kms::emulator_client(),
        new_id: Arc::new(|| fresh_id("c")),
    }
}

/// The item DynamoDB holds under `id`, read with the test's own GetItem.
async fn stored_item(app: &App, id: &str) -> HashMap<String, AttributeValue> {
    app.dynamodb
        .get_item()
        .table_name("DA_Serverless")
        .key("id", AttributeValue::S(id.to_string()))
        .consistent_read(true)
        .send()
        .await
        .expect("the test's own GetItem")
        .item
        .unwrap_or_else(|| panic!("customer {id} is not in the table"))
}

/// The recorded event `name`, carrying the seeded API key.
fn request(name: &str) -> ApiGatewayProxyRequest {
    let mut event = rest_event(name);
    event
        .headers
        .insert("x-api-key", SEEDED_API_KEY.parse().expect("a header value"));
    event
}

fn get_event(id: &str) -> ApiGatewayProxyRequest {
    let mut event = request("rest_get_customer");
    event.path = Some(format!("/customers/{id}"));
    event.path_parameters = [("id".to_string(), id.to_string())].into();
    event
}

/// POSTs `firstname` and `email`; the new customer's id.
async fn post(app: &App, firstname: &str, email: &str) -> String {
    let mut event = request("rest_post_new_customer");
    event.body = Some(json!({"firstname": firstname, "email": email}).to_string());
    let response = handle(app, &event, REQUEST_ID).await;
    assert_eq!(response.status_code, 201, "{:?}", response.body);
    body_of(&response)["id"]
        .as_str()
        .expect("the body names the id")
        .to_string()
}

#[lab_harness::graded]
#[tokio::test]
async fn the_configuration_of_a_stage_is_read_from_parameter_store() {
    let ssm = lab_support_ssm::emulator_client();

    let config = load_config(&ssm, "dev").await.expect("loaded");

    assert_eq!(
        config,
        Config {
            table: "DA_Serverless".into(),
            api_key: SEEDED_API_KEY.into(),
        },
        "DB_NAME and the decrypted API_KEY of /da-serverless/dev/"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_posted_customer_is_stored_with_its_email_encrypted_and_read_back() {
    let app = cold_start().await;
    let email = "filipa.rocha@example.com";

    let id = post(&app, "Filipa", email).await;

    let stored = stored_item(&app, &id).await;
    assert_eq!(
        stored.get("firstname"),
        Some(&AttributeValue::S("Filipa".into()))
    );
    let ciphertext = stored
        .get("email")
        .and_then(|value| value.as_b().ok())
        .expect("the email is stored as binary");
    let decrypted = app
        .kms
        .decrypt()
        .key_id("alias/da-serverless")
        .ciphertext_blob(ciphertext.clone())
        .encryption_context("customerId", &id)
        .send()
        .await
        .ok()
        .and_then(|output| output.plaintext);
    assert_eq!(
        decrypted.as_ref().map(|blob| blob.as_ref()),
        Some(email.as_bytes()),
        "KMS itself decrypts the stored email under the lab's key and the customer's id"
    );
    let response = handle(&app, &get_event(&id), REQUEST_ID).await;
    assert_eq!(response.status_code, 200, "{:?}", response.body);
    assert_eq!(
        body_of(&response),
        json!({"id": id, "firstname": "Filipa", "lastname": null, "email": email})
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_posted_customer_is_found_at_its_location() {
    let app = cold_start().await;
    let mut event = request("rest_post_new_customer");
    event.body = Some(
        json!({"firstname": "Rui", "lastname": "Lima", "email": "rui@example.com"}).to_string(),
    );

    let created = handle(&app, &event, REQUEST_ID).await;

    assert_eq!(created.status_code, 201, "{:?}", created.body);
    let location = header(&created, "location").expect("a Location header");
    let id = location
        .strip_prefix("/customers/")
        .expect("Location is /customers/<id>");
    let read = handle(&app, &get_event(id), REQUEST_ID).await;
    assert_eq!(read.status_code, 200, "{:?}", read.body);
    assert_eq!(body_of(&read)["lastname"], "Lima");
}

#[lab_harness::graded]
#[tokio::test]
async fn an_email_copied_onto_another_customer_cannot_be_read() {
    let app = cold_start().await;
    let id = post(&app, "Filipa", "filipa.rocha@example.com").await;
    let mut item = stored_item(&app, &id).await;
    let other = fresh_id("c");
    item.insert("id".into(), AttributeValue::S(other.clone()));
    app.dynamodb
        .put_item()
        .table_name("DA_Serverless")
        .set_item(Some(item))
        .send()
        .await
        .expect("PutItem");

    let response = handle(&app, &get_event(&other), REQUEST_ID).await;

    assert_eq!(
        response.status_code, 500,
        "KMS refuses the ciphertext under another customer's id: {:?}",
        response.body
    );
    assert!(
        !format!("{:?}", response.body).contains("filipa"),
        "the email is never in the answer"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_second_customer_under_a_taken_id_is_409_and_changes_nothing() {
    let mut app = cold_start().await;
    let taken = fresh_id("c");
    let id = taken.clone();
    app.new_id = Arc::new(move || id.clone());
    post(&app, "First", "first@example.com").await;
    let mut event = request("rest_post_new_customer");
    event.body = Some(json!({"firstname": "Second", "email": "second@example.com"}).to_string());

    let response = handle(&app, &event, REQUEST_ID).await;

    assert_eq!(response.status_code, 409, "{:?}", response.body);
    assert_eq!(
        stored_item(&app, &taken).await.get("firstname"),
        Some(&AttributeValue::S("First".into())),
        "DynamoDB still holds the first customer"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_unknown_id_is_404() {
    let app = cold_start().await;

    let response = handle(&app, &get_event(&fresh_id("c")), REQUEST_ID).await;

    assert_eq!(response.status_code, 404, "{:?}", response.body);
}
