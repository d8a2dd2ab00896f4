//! API Gateway's side of the local API, as pure functions: which resource a path is, the REST
//! proxy event (payload format 1.0) a request becomes, and the HTTP answer a function's proxy
//! response becomes.
//!
//! The shapes and answers follow the API Gateway Developer Guide: "Input format of a Lambda
//! function for proxy integration", "Output format of a Lambda function for proxy integration",
//! and its gateway responses (`MISSING_AUTHENTICATION_TOKEN`: 403 for a path no resource
//! matches; `API_KEY`/`ACCESS_DENIED`: 403 `Forbidden` for a missing or wrong key;
//! `INTEGRATION_TIMEOUT`: 504; a malformed proxy response: 502).

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::{json, Map, Value};

/// One HTTP request as the local endpoint received it.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub method: String,
    /// The path and query, as sent (`/customers/c-1?x=1`).
    pub target: String,
    /// In the order received; names as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub source_ip: String,
}

/// One HTTP answer to send back.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpAnswer {
    /// A gateway response: `{"message": message}` as JSON.
    pub fn message(status: u16, message: &str) -> HttpAnswer {
        HttpAnswer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: json!({ "message": message }).to_string().into_bytes(),
        }
    }
}

/// The resource of `templates` (e.g. `/customers/{id}`) that `path` is, with its path
/// parameters; `None` when none is.
pub fn resource_of(templates: &[String], path: &str) -> Option<(String, BTreeMap<String, String>)> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    templates.iter().find_map(|template| {
        let parts: Vec<&str> = template.trim_end_matches('/').split('/').skip(1).collect();
        if parts.len() != segments.len() {
            return None;
        }
        let mut parameters = BTreeMap::new();
        for (part, segment) in parts.iter().zip(&segments) {
            match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) if !segment.is_empty() => {
                    parameters.insert(name.to_string(), percent_decoded(segment));
                }
                Some(_) => return None,
                None if part == segment => {}
                None => return None,
            }
        }
        Some((template.clone(), parameters))
    })
}

/// Whether the request carries `key` in its `x-api-key` header (any letter case).
pub fn has_api_key(request: &HttpRequest, key: &str) -> bool {
    request
        .headers
        .iter()
        .any(|(name, value)| name.eq_ignore_ascii_case("x-api-key") && value == key)
}

/// The REST proxy event of `request` on `resource`, for stage `stage`.
pub fn proxy_event(
    request: &HttpRequest,
    resource: &str,
    path_parameters: &BTreeMap<String, String>,
    stage: &str,
    request_id: &str,
    epoch_ms: u128,
) -> Value {
    let (path, query) = match request.target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.target.as_str(), None),
    };
    let mut headers = Map::new();
    let mut multi_headers: Map<String, Value> = Map::new();
    for (name, value) in &request.headers {
        headers.insert(name.clone(), json!(value));
        let values = multi_headers
            .entry(name.clone())
            .or_insert_with(|| json!([]));
        values.as_array_mut().expect("an array").push(json!(value));
    }
    let mut query_single = Map::new();
    let mut query_multi: Map<String, Value> = Map::new();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (percent_decoded(name), percent_decoded(value));
        query_single.insert(name.clone(), json!(value));
        let values = query_multi.entry(name).or_insert_with(|| json!([]));
        values.as_array_mut().expect("an array").push(json!(value));
    }
    let null_if_empty = |map: Map<String, Value>| {
        if map.is_empty() {
            Value::Null
        } else {
            Value::Object(map)
        }
    };
    let api_key = request
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("x-api-key"))
        .map(|(_, value)| value.clone());
    let user_agent = request
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("user-agent"))
        .map(|(_, value)| value.clone());
    let (body, is_base64) = match std::str::from_utf8(&request.body) {
        _ if request.body.is_empty() => (Value::Null, false),
        Ok(text) => (json!(text), false),
        Err(_) => (
            json!(base64::engine::general_purpose::STANDARD.encode(&request.body)),
            true,
        ),
    };
    let path_parameters: Map<String, Value> = path_parameters
        .iter()
        .map(|(name, value)| (name.clone(), json!(value)))
        .collect();
    json!({
        "resource": resource,
        "path": path,
        "httpMethod": request.method,
        "headers": null_if_empty(headers),
        "multiValueHeaders": null_if_empty(multi_headers),
        "queryStringParameters": null_if_empty(query_single),
        "multiValueQueryStringParameters": null_if_empty(query_multi),
        "pathParameters": null_if_empty(path_parameters),
        "stageVariables": null,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": "127.0.0.1",
            "httpMethod": request.method,
            "identity": {
                "apiKey": api_key,
                "sourceIp": request.source_ip,
                "userAgent": user_agent,
            },
            "path": format!("/{stage}{path}"),
            "protocol": "HTTP/1.1",
            "requestId": request_id,
            "requestTimeEpoch": epoch_ms,
            "resourceId": "local",
            "resourcePath": resource,
            "stage": stage,
        },
        "body": body,
        "isBase64Encoded": is_base64,
    })
}

/// The HTTP answer of a function's proxy response; `Err` with why when it is not one (API
/// Gateway then answers 502).
pub fn answer_of(response: &Value) -> Result<HttpAnswer, String> {
    let status = response
        .get("statusCode")
        .and_then(Value::as_u64)
        .and_then(|code| u16::try_from(code).ok())
        .filter(|code| (100..=599).contains(code))
        .ok_or("the response has no statusCode from 100 to 599")?;
    let mut headers = Vec::new();
    if let Some(map) = response.get("headers").and_then(Value::as_object) {
        for (name, value) in map {
            let value = value
                .as_str()
                .ok_or(format!("header {name} is not a string"))?;
            headers.push((name.clone(), value.to_string()));
        }
    }
    if let Some(map) = response.get("multiValueHeaders").and_then(Value::as_object) {
        for (name, values) in map {
            let values = values
                .as_array()
                .ok_or(format!("multi-value header {name} is not a list"))?;
            for value in values {
                let value = value
                    .as_str()
                    .ok_or(format!("header {name} is not a string"))?;
                if !headers.iter().any(|(n, v)| n == name && v == value) {
                    headers.push((name.clone(), value.to_string()));
                }
            }
        }
    }
    let text = match response.get("body") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(_) => return Err("the body is not a string".into()),
    };
    let encoded = response
        .get("isBase64Encoded")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let body = if encoded {
        base64::engine::general_purpose::STANDARD
            .decode(&text)
            .map_err(|e| format!("isBase64Encoded, but the body is not base64: {e}"))?
    } else {
        text.into_bytes()
    };
    Ok(HttpAnswer {
        status,
        headers,
        body,
    })
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resources() -> Vec<String> {
        vec!["/customers".into(), "/customers/{id}".into()]
    }

    fn request(method: &str, target: &str, body: &[u8]) -> HttpRequest {
        HttpRequest {
            method: method.into(),
            target: target.into(),
            headers: vec![
                ("x-api-key".into(), "k".into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            body: body.to_vec(),
            source_ip: "127.0.0.1".into(),
        }
    }

    #[test]
    fn a_path_is_the_resource_it_matches_with_its_parameters() {
        let (resource, parameters) = resource_of(&resources(), "/customers/c%2D1").unwrap();
        assert_eq!(resource, "/customers/{id}");
        assert_eq!(parameters["id"], "c-1");
        assert_eq!(
            resource_of(&resources(), "/customers/").unwrap().0,
            "/customers"
        );
        assert!(resource_of(&resources(), "/customers/a/b").is_none());
        assert!(resource_of(&resources(), "/orders").is_none());
        assert!(resource_of(&resources(), "/").is_none());
    }

    #[test]
    fn a_request_becomes_a_rest_proxy_event() {
        let request = request("GET", "/customers/c-1?tag=a&tag=b&q=x%20y", b"");
        let (resource, parameters) = resource_of(&resources(), "/customers/c-1").unwrap();
        let event = proxy_event(&request, &resource, &parameters, "dev", "req-1", 5);
        assert_eq!(event["resource"], "/customers/{id}");
        assert_eq!(event["path"], "/customers/c-1");
        assert_eq!(event["httpMethod"], "GET");
        assert_eq!(event["pathParameters"], json!({"id": "c-1"}));
        assert_eq!(event["queryStringParameters"]["tag"], "b");
        assert_eq!(
            event["multiValueQueryStringParameters"]["tag"],
            json!(["a", "b"])
        );
        assert_eq!(event["queryStringParameters"]["q"], "x y");
        assert_eq!(event["headers"]["x-api-key"], "k");
        assert_eq!(event["requestContext"]["identity"]["apiKey"], "k");
        assert_eq!(event["requestContext"]["requestId"], "req-1");
        assert_eq!(event["requestContext"]["path"], "/dev/customers/c-1");
        assert_eq!(event["body"], Value::Null);
        assert!(has_api_key(&request, "k"));
        assert!(!has_api_key(&request, "K"));
    }

    #[test]
    fn a_body_that_is_not_text_travels_as_base64() {
        let event = proxy_event(
            &request("POST", "/customers", &[0xff, 0x00]),
            "/customers",
            &BTreeMap::new(),
            "dev",
            "r",
            0,
        );
        assert_eq!(event["body"], "/wA=");
        assert_eq!(event["isBase64Encoded"], true);
        let event = proxy_event(
            &request("POST", "/customers", b"{\"a\":1}"),
            "/customers",
            &BTreeMap::new(),
            "dev",
            "r",
            0,
        );
        assert_eq!(event["body"], "{\"a\":1}");
        assert_eq!(event["isBase64Encoded"], false);
    }

    #[test]
    fn a_proxy_response_becomes_the_http_answer_and_a_malformed_one_is_refused() {
        let answer = answer_of(&json!({
            "statusCode": 201,
            "headers": {"Location": "/customers/c-1"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": "{}",
        }))
        .unwrap();
        assert_eq!(answer.status, 201);
        assert!(answer
            .headers
            .contains(&("Location".into(), "/customers/c-1".into())));
        assert_eq!(
            answer
                .headers
                .iter()
                .filter(|(n, _)| n == "Set-Cookie")
                .count(),
            2
        );
        assert_eq!(answer.body, b"{}");
        let binary =
            answer_of(&json!({"statusCode": 200, "body": "/wA=", "isBase64Encoded": true}))
                .unwrap();
        assert_eq!(binary.body, [0xff, 0x00]);
        assert!(answer_of(&json!({"body": "{}"})).is_err());
        assert!(answer_of(&json!({"statusCode": 42})).is_err());
        assert!(answer_of(&json!({"statusCode": 200, "body": 7})).is_err());
    }
}
