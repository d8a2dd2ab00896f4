//! The errors of this exercise, and how KMS's errors become them.

use aws_sdk_kms::error::{ProvideErrorMetadata, SdkError};

pub use crate::types::KmsError;

/// Maps an error of any KMS operation to a [`KmsError`], by its error code:
///
/// - `NotFoundException` -> `KmsError::KeyNotFound`;
/// - `DisabledException` -> `KmsError::KeyDisabled`;
/// - `InvalidCiphertextException` -> `KmsError::InvalidCiphertext` (this is also how KMS says
///   that the encryption context given to Decrypt is not the one used to encrypt);
/// - `IncorrectKeyException` (Decrypt named another key than the one that encrypted the
///   ciphertext) -> `KmsError::WrongKey`;
/// - `AccessDeniedException` (a key policy or IAM denies the caller, on any operation)
///   -> `KmsError::AccessDenied`;
/// - `ThrottlingException` -> `KmsError::Throttled`;
/// - anything else, including errors that never reached KMS -> `KmsError::Service` with a
///   description of the error.
pub fn map_kms_error<E>(error: &SdkError<E>) -> KmsError
where
    E: ProvideErrorMetadata + std::fmt::Debug,
{
    todo!("map the error code to a KmsError (see docs/kms.md, \"Errors\")")
}
