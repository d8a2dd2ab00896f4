#[lab_harness::graded]
#[test]
fn secret() {
    assert_eq!(basics::secret(), 42, "the secret is 42");
}
