#[lab_harness::graded]
#[test]
fn doubles() {
    assert_eq!(broken::double(21), 42);
}
