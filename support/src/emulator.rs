//! The emulator tier's side of a test: the endpoint of the AWS APIs served on 127.0.0.1
//! (`grader emulator`, or the grader itself under `grader report --tier emulator`), a plain HTTP
//! client for the SDK, and ids no other test of the run uses.
//!
//! Only with the `emulator` feature, so that `cargo test -p exNN` compiles no HTTP client.

use aws_smithy_runtime_api::client::http::SharedHttpClient;

/// The region the emulator's resources are created in.
pub const REGION: &str = "us-east-1";

/// `AWS_ENDPOINT_URL`: where the emulator listens. A test of the emulator tier run without one
/// fails here, saying how to start it.
pub fn endpoint() -> String {
    std::env::var("AWS_ENDPOINT_URL").unwrap_or_else(|_| {
        panic!(
            "AWS_ENDPOINT_URL is not set: the emulator tier's tests need the emulator. Start it \
             with `cargo run -p grader -- emulator` in another terminal and export the lines it \
             prints, or let the grader run this tier: `cargo run -p grader -- report --tier emulator`"
        )
    })
}

/// The SDK's HTTP client without TLS: the emulator speaks plain HTTP on 127.0.0.1.
pub fn http_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new().build_http()
}

/// An id that starts with `prefix` and that no other test of the run uses (tests of one run
/// share the emulator and its table).
pub fn fresh_id(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4())
}
