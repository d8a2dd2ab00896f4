//! The API key check.

use crate::error::ApiError;
use crate::request::ApiRequest;

/// Whether `a` and `b` are equal, taking the same time whatever bytes they hold.
///
/// - Slices of different lengths are unequal (their lengths are not secret).
/// - Otherwise, look at every byte pair, OR together `x ^ y` of all pairs, and compare that with
///   0 only at the end: never return at the first difference, because the time that takes would
///   tell an attacker how many leading bytes of a guess are right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    todo!("XOR every byte pair, OR the results, compare with 0 at the end")
}

/// Checks the request's `x-api-key` header (in any letter case) against `expected`.
///
/// - No header is `ApiError::MissingApiKey`.
/// - A different key is `ApiError::WrongApiKey`, compared with [`constant_time_eq`].
pub fn check_api_key(request: &ApiRequest, expected: &str) -> Result<(), ApiError> {
    todo!("read the x-api-key header and compare it with constant_time_eq")
}
