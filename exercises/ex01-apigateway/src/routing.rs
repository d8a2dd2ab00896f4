//! Which resource and method a request is for.

use aws_lambda_events::http::Method;

use crate::error::ApiError;
use crate::request::ApiRequest;

pub use crate::types::Route;

/// Routes a request of the customers API. Its resources and their methods:
///
/// | path | methods |
/// | --- | --- |
/// | `/customers` | `OPTIONS`, `POST` |
/// | `/customers/{id}` (one non-empty segment) | `GET`, `OPTIONS` |
///
/// - A trailing `/` is ignored: `/customers/` is `/customers`.
/// - The `id` is the last segment of the path.
/// - Any other path is `ApiError::NotFound` with the path.
/// - `OPTIONS` on a known path is `Route::Preflight` listing that path's methods, in the order of
///   the table.
/// - A known path with another method is `ApiError::MethodNotAllowed` listing that path's methods,
///   in the order of the table.
pub fn route(request: &ApiRequest) -> Result<Route, ApiError> {
    todo!("split the path into segments, then match (method, segments)")
}
