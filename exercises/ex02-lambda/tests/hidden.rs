//! Hidden tests of exercise 2: graded by the instructor, left out of the student's copy (see
//! docs/instructor-guide.md, "The student repository").

use ex02::{config_from, ConfigError};

/// DB_NAME is used as set: a value with spaces around a valid name is invalid, not trimmed.
#[lab_harness::graded]
#[test]
fn a_db_name_with_spaces_around_it_is_invalid_and_not_trimmed() {
    for value in [" DA_Serverless", "DA_Serverless\n"] {
        let config = config_from(|name| (name == "DB_NAME").then(|| value.to_string()));
        assert_eq!(
            config,
            Err(ConfigError::InvalidDbName {
                value: value.to_string()
            }),
            "{value:?} holds a character no table name may hold"
        );
    }
}
