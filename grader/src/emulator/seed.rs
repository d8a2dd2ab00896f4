//! What a fresh emulator is given before a suite runs: the tables, keys and parameters the
//! course's `[emulator]` section lists (for the lab: `DA_Serverless`, `alias/da-serverless`,
//! `DB_NAME` and the API key), created through the services' own JSON APIs.
//!
//! The requests carry an `Authorization` header in SigV4's form, because moto's single server
//! routes each request to a service by the credential scope it names; moto does not check the
//! signature, and nothing here ever goes past 127.0.0.1.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{http, Address};
use crate::error::Error;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default, rename = "table")]
    pub tables: Vec<Table>,
    /// Each a symmetric key of its own, under this alias.
    #[serde(default)]
    pub key_aliases: Vec<String>,
    #[serde(default, rename = "parameter")]
    pub parameters: Vec<Parameter>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub name: String,
    /// The partition key, a string attribute.
    pub partition_key: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub name: String,
    /// `String`, `StringList` or `SecureString`.
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

/// The region every request names.
pub const REGION: &str = "us-east-1";

/// Creates everything `seed` lists in the emulator at `address`.
pub fn apply(address: &Address, seed: &Seed) -> Result<(), Error> {
    for table in &seed.tables {
        call(
            address,
            Service::DYNAMODB,
            "CreateTable",
            json!({
                "TableName": table.name,
                "AttributeDefinitions": [{"AttributeName": table.partition_key, "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": table.partition_key, "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST",
            }),
        )?;
    }
    for alias in &seed.key_aliases {
        let created = call(
            address,
            Service::KMS,
            "CreateKey",
            json!({"KeyUsage": "ENCRYPT_DECRYPT", "KeySpec": "SYMMETRIC_DEFAULT"}),
        )?;
        let key_id = created["KeyMetadata"]["KeyId"].as_str().ok_or_else(|| {
            Error::Tool(format!(
                "the emulator's CreateKey answered no KeyId: {created}"
            ))
        })?;
        call(
            address,
            Service::KMS,
            "CreateAlias",
            json!({"AliasName": alias, "TargetKeyId": key_id}),
        )?;
    }
    for parameter in &seed.parameters {
        call(
            address,
            Service::SSM,
            "PutParameter",
            json!({"Name": parameter.name, "Type": parameter.kind, "Value": parameter.value}),
        )?;
    }
    Ok(())
}

/// One AWS service's JSON protocol: its signing name, target prefix and JSON version.
pub struct Service {
    pub signing_name: &'static str,
    pub target_prefix: &'static str,
    pub json_version: &'static str,
}

impl Service {
    pub const DYNAMODB: Service = Service {
        signing_name: "dynamodb",
        target_prefix: "DynamoDB_20120810",
        json_version: "1.0",
    };
    pub const KMS: Service = Service {
        signing_name: "kms",
        target_prefix: "TrentService",
        json_version: "1.1",
    };
    pub const SSM: Service = Service {
        signing_name: "ssm",
        target_prefix: "AmazonSSM",
        json_version: "1.1",
    };
}

/// `operation` of `service` with `body`; its answer, or an error with the emulator's.
pub fn call(
    address: &Address,
    service: Service,
    operation: &str,
    body: Value,
) -> Result<Value, Error> {
    let target = format!("{}.{operation}", service.target_prefix);
    let content_type = format!("application/x-amz-json-{}", service.json_version);
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential=testing/20260101/{REGION}/{}/aws4_request, SignedHeaders=host, Signature=0",
        service.signing_name
    );
    let answer = http::post(
        address,
        "/",
        &[
            ("X-Amz-Target", &target),
            ("Content-Type", &content_type),
            ("Authorization", &authorization),
        ],
        body.to_string().as_bytes(),
    )?;
    let text = String::from_utf8_lossy(&answer.body);
    if answer.status != 200 {
        return Err(Error::Tool(format!(
            "the emulator refused {target}: HTTP {}: {}",
            answer.status,
            text.trim()
        )));
    }
    serde_json::from_str(&text).map_err(|e| {
        Error::Tool(format!(
            "the emulator's answer to {target} is not JSON: {e}"
        ))
    })
}
