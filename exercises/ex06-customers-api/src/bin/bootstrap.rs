//! The executable Lambda starts: on the `provided.al2023` runtime it must be called `bootstrap`
//! (Cargo calls it `customers-api`, and the deployment package `bootstrap`: docs/deploy.md).
//!
//! It builds its clients from the variables Lambda sets (`AWS_REGION` and the role's
//! credentials), or `AWS_ENDPOINT_URL` for a local endpoint, and reads `STAGE` (default `dev`).
//! The clients need an HTTP client to reach AWS, which only `--features aws` builds in: the
//! default build leaves it out to keep `cargo test -p ex06` fast.

use std::env;
use std::sync::Arc;

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    let variable = |name: &str| env::var(name).ok();
    let region = Region::new(variable("AWS_REGION").unwrap_or_else(|| "us-east-1".to_string()));
    let credentials = Credentials::new(
        variable("AWS_ACCESS_KEY_ID").unwrap_or_default(),
        variable("AWS_SECRET_ACCESS_KEY").unwrap_or_default(),
        variable("AWS_SESSION_TOKEN"),
        None,
        "lambda-environment",
    );
    let endpoint = variable("AWS_ENDPOINT_URL");

    let mut ssm = aws_sdk_ssm::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(region.clone())
        .credentials_provider(credentials.clone());
    let mut dynamodb = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(region.clone())
        .credentials_provider(credentials.clone());
    let mut kms = aws_sdk_kms::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(region)
        .credentials_provider(credentials);
    if let Some(endpoint) = endpoint {
        ssm = ssm.endpoint_url(&endpoint);
        dynamodb = dynamodb.endpoint_url(&endpoint);
        kms = kms.endpoint_url(&endpoint);
    }
    let clients = ex06::Clients {
        ssm: aws_sdk_ssm::Client::from_conf(ssm.build()),
        dynamodb: aws_sdk_dynamodb::Client::from_conf(dynamodb.build()),
        kms: aws_sdk_kms::Client::from_conf(kms.build()),
    };
    let stage = variable("STAGE").unwrap_or_else(|| "dev".to_string());
    ex06::serve(
        clients,
        &stage,
        Arc::new(|| uuid::Uuid::new_v4().to_string()),
    )
    .await
}
