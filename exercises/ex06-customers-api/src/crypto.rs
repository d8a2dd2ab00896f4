//! The customer's email, encrypted with the lab's KMS key.

use aws_sdk_kms::primitives::Blob;

use crate::errors::failure_from;
use crate::types::{Failure, CONTEXT_KEY, KEY_ALIAS};

/// Encrypts `email` with one `Encrypt` call under [`KEY_ALIAS`], with the encryption context
/// `{CONTEXT_KEY: customer_id}` and nothing else in it, and returns the ciphertext.
///
/// The context binds the ciphertext to its customer: KMS decrypts it only with the same
/// context, so an email copied onto another customer's item cannot be read. A failed call is
/// [`failure_from`] of its error; an answer without a ciphertext is `Failure::Aws` with
/// `"NoCiphertext"`.
pub async fn encrypt_email(
    kms: &aws_sdk_kms::Client,
    customer_id: &str,
    email: &str,
) -> Result<Vec<u8>, Failure> {
    todo!("one Encrypt call under the lab's alias, with the context")
}

/// Decrypts the email `ciphertext` of customer `customer_id` with one `Decrypt` call, with the
/// same encryption context [`encrypt_email`] used.
///
/// A failed call is [`failure_from`] of its error (e.g. `InvalidCiphertextException` when the
/// context is not the one it was encrypted with); an answer without a plaintext, or whose
/// plaintext is not UTF-8, is `Failure::Aws` with `"NoPlaintext"`.
pub async fn decrypt_email(
    kms: &aws_sdk_kms::Client,
    customer_id: &str,
    ciphertext: &[u8],
) -> Result<String, Failure> {
    todo!("one Decrypt call with the same context, then the text")
}
