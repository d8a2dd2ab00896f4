//! Hidden tests of exercise 5: graded by the instructor, left out of the student's copy (see
//! docs/instructor-guide.md, "The student repository").

use aws_sdk_ssm::types::{Parameter as SdkParameter, ParameterType};
use ex05::{parameter_from_sdk, Parameter};

/// A parameter's type is copied whatever it is, and an empty value is a value, not a missing one.
#[lab_harness::graded]
#[test]
fn parameter_from_sdk_keeps_a_string_list_and_an_empty_value() {
    let list = SdkParameter::builder()
        .name("/da-serverless/dev/stages")
        .value("")
        .version(7)
        .r#type(ParameterType::StringList)
        .build();
    assert_eq!(
        parameter_from_sdk(&list),
        Ok(Parameter {
            name: "/da-serverless/dev/stages".into(),
            value: String::new(),
            version: 7,
            kind: ParameterType::StringList,
        }),
        "a StringList with an empty value, version 7"
    );
}
