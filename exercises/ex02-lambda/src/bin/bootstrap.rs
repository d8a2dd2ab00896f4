//! The executable Lambda starts: on the `provided.al2023` runtime it must be called `bootstrap`.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    ex02::run().await
}
