//! Hidden tests of exercise 6: graded by the instructor, left out of the student's copy (see
//! docs/instructor-guide.md, "The student repository").

use ex06::{parse_new_customer, NewCustomer};

/// A lastname that is present is kept as sent, even empty: only firstname must have text.
#[lab_harness::graded]
#[test]
fn an_empty_lastname_is_kept_as_sent() {
    assert_eq!(
        parse_new_customer(Some(
            r#"{"firstname": "Filipa", "lastname": "", "email": "f@x"}"#
        )),
        Ok(NewCustomer {
            firstname: "Filipa".to_string(),
            lastname: Some(String::new()),
            email: "f@x".to_string(),
        }),
        "an empty lastname is a string, so it is present"
    );
}
