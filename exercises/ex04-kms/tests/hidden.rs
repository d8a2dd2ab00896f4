//! Hidden tests of exercise 4: graded by the instructor, left out of the student's copy (see
//! docs/instructor-guide.md, "The student repository").

use aws_sdk_kms::Client;
use aws_smithy_mocks::mock;
use ex04::{open, KmsError, KEY_ALIAS};
use lab_support::Fixture;
use lab_support_kms::mock_client;

use crate::common::{data_key_context, envelope_of};

const PAYLOAD: &[u8] = b"{\"id\":\"c-1001\",\"email\":\"ada@example.com\"}";

/// A ciphertext cut short, even below the length of AES-GCM's tag, is tampered: never a panic.
#[lab_harness::graded]
#[tokio::test]
async fn open_rejects_a_ciphertext_cut_short() {
    let whole = envelope_of(PAYLOAD);
    for keep in [whole.ciphertext.len() - 1, 15, 0] {
        let mut envelope = whole.clone();
        envelope.ciphertext.truncate(keep);
        let rule = mock!(Client::decrypt)
            .then_http_response(|| Fixture::expect("kms", "decrypt_data_key").http_response());
        let client = mock_client(&[&rule]);
        let result = open(&client, KEY_ALIAS, &envelope, &data_key_context()).await;
        assert_eq!(
            result,
            Err(KmsError::Tampered),
            "a ciphertext of {keep} of its {} bytes",
            whole.ciphertext.len()
        );
    }
}
