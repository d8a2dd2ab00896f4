//! Encrypt and Decrypt of a small secret (up to 4 KB) directly under a KMS key.

use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::Client;

use crate::error::{map_kms_error, KmsError};
use crate::EncryptionContext;

/// Encrypts `plaintext` under the KMS key `key_id` (a key id, ARN or alias such as
/// `alias/da-serverless`) with `context`, and returns the ciphertext blob.
///
/// - One `Encrypt` request with `KeyId`, `Plaintext` and `EncryptionContext` set.
/// - A response without a `CiphertextBlob` is `KmsError::Incomplete("CiphertextBlob")`; errors go
///   through [`map_kms_error`].
pub async fn encrypt_secret(
    client: &Client,
    key_id: &str,
    plaintext: &[u8],
    context: &EncryptionContext,
) -> Result<Vec<u8>, KmsError> {
    todo!("an Encrypt request with the key, the plaintext as a Blob and the context")
}

/// Decrypts a ciphertext made by [`encrypt_secret`] and returns the plaintext.
///
/// - One `Decrypt` request with `CiphertextBlob`, the same `EncryptionContext` as at encryption,
///   and `KeyId` set to `key_id`, so that a ciphertext of any other key is refused.
/// - A different context or a damaged ciphertext comes back as `InvalidCiphertextException`,
///   that is `KmsError::InvalidCiphertext`; errors go through [`map_kms_error`].
/// - A response without `Plaintext` is `KmsError::Incomplete("Plaintext")`.
pub async fn decrypt_secret(
    client: &Client,
    key_id: &str,
    ciphertext: &[u8],
    context: &EncryptionContext,
) -> Result<Vec<u8>, KmsError> {
    todo!("a Decrypt request with the ciphertext, the same context and the key")
}
