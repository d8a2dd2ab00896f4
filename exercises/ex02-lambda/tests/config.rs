use ex02::{config_from, Config, ConfigError, DEFAULT_DB_NAME};

fn with_db_name(value: Option<&str>) -> Result<Config, ConfigError> {
    config_from(|name| match name {
        "DB_NAME" => value.map(str::to_string),
        _ => None,
    })
}

#[lab_harness::graded]
#[test]
fn db_name_defaults_to_the_lab_table() {
    assert_eq!(
        with_db_name(None),
        Ok(Config {
            db_name: DEFAULT_DB_NAME.into()
        }),
        "without DB_NAME the function uses the lab's table"
    );
}

#[lab_harness::graded]
#[test]
fn db_name_is_read_from_the_environment() {
    assert_eq!(
        with_db_name(Some("DA_Serverless-staging.v2")),
        Ok(Config {
            db_name: "DA_Serverless-staging.v2".into()
        }),
        "DB_NAME's value, exactly as set"
    );
}

#[lab_harness::graded]
#[test]
fn an_invalid_db_name_is_a_clear_error() {
    let too_long = "t".repeat(256);
    for value in [
        "",
        "ab",
        "customers table",
        "DA/Serverless",
        "tablé",
        too_long.as_str(),
    ] {
        assert_eq!(
            with_db_name(Some(value)),
            Err(ConfigError::InvalidDbName {
                value: value.to_string()
            }),
            "{value:?} is not a DynamoDB table name"
        );
    }
}

#[lab_harness::graded]
#[test]
fn db_names_of_3_and_of_255_characters_are_valid() {
    let longest = "t".repeat(255);
    for value in ["abc", longest.as_str()] {
        assert_eq!(
            with_db_name(Some(value)),
            Ok(Config {
                db_name: value.to_string()
            }),
            "a table name may have 3 to 255 characters, both ends included: {} characters",
            value.len()
        );
    }
}
