//! Helpers shared by the graded tests.

use aws_lambda_events::apigw::ApiGatewayProxyResponse;
use ex01::{from_rest_event, ApiRequest};
use lab_support::apigateway::rest_event;
use serde_json::Value;

/// The lab's API key, as the events in fixtures/apigateway send it.
pub const API_KEY: &str = "k-7Hq2-lab-api-key";

/// The request of a REST event fixture, read with the reference conversion of the test itself,
/// so that tests of later steps do not depend on `from_rest_event` being done.
pub fn request_of(name: &str) -> ApiRequest {
    let event = rest_event(name);
    let body = match event.body.as_deref() {
        Some(text) if event.is_base64_encoded => {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap()
        }
        Some(text) => text.as_bytes().to_vec(),
        None => Vec::new(),
    };
    let mut query = std::collections::HashMap::<String, Vec<String>>::new();
    for (key, value) in event.multi_value_query_string_parameters.iter() {
        query
            .entry(key.to_string())
            .or_default()
            .push(value.to_string());
    }
    ApiRequest {
        method: event.http_method.clone(),
        path: event.path.clone().unwrap_or_default(),
        path_parameters: event.path_parameters.clone(),
        query,
        headers: event.headers.clone(),
        body,
    }
}

/// `from_rest_event` of a fixture, which must succeed.
pub fn converted(name: &str) -> ApiRequest {
    from_rest_event(&rest_event(name))
        .unwrap_or_else(|error| panic!("event {name} should convert, got Err({error:?})"))
}

/// A response as JSON for a snapshot: keys sorted, a JSON body parsed, so that any order in which
/// a correct answer builds its headers or its JSON gives the same snapshot. Of the headers only
/// `named` are kept, the ones the contract names: a correct answer may add others.
/// `multiValueHeaders`, which no contract mentions, is left out, and so is a body that is null or
/// empty: `None`, `Body::Empty` and an empty text are all "no body".
pub fn snapshot_of(response: &ApiGatewayProxyResponse, named: &[&str]) -> Value {
    let mut value = serde_json::to_value(response).expect("responses serialize");
    if let Some(fields) = value.as_object_mut() {
        fields.remove("multiValueHeaders");
        if matches!(fields.get("body"), Some(Value::Null)) || fields.get("body") == Some(&"".into())
        {
            fields.remove("body");
        }
    }
    if let Some(Value::Object(headers)) = value.get_mut("headers") {
        headers.retain(|name, _| named.contains(&name.to_ascii_lowercase().as_str()));
    }
    if let Some(Value::String(body)) = value.get("body") {
        if let Ok(parsed) = serde_json::from_str::<Value>(body) {
            value["body"] = parsed;
        }
    }
    sorted(value)
}

fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => items.into_iter().map(sorted).collect(),
        other => other,
    }
}

/// The header `name` of a response, as text.
pub fn header<'a>(response: &'a ApiGatewayProxyResponse, name: &str) -> Option<&'a str> {
    response.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The body of a response as a failure message shows it, whatever it is.
pub fn shown_body(response: &ApiGatewayProxyResponse) -> String {
    match &response.body {
        Some(aws_lambda_events::encodings::Body::Text(text)) => format!("body {text}"),
        Some(other) => format!("body {other:?}"),
        None => "no body".to_string(),
    }
}

/// The JSON body of a response.
pub fn json_body(response: &ApiGatewayProxyResponse) -> Value {
    match &response.body {
        Some(aws_lambda_events::encodings::Body::Text(text)) => serde_json::from_str(text)
            .unwrap_or_else(|error| panic!("the body is not JSON ({error}): {text}")),
        other => panic!("expected a JSON text body, got {other:?}"),
    }
}
