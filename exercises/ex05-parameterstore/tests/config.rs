use aws_sdk_ssm::operation::get_parameters_by_path::GetParametersByPathInput;
use aws_sdk_ssm::Client;
use aws_smithy_mocks::mock;
use ex05::{load_config, LabConfig, ParameterError, CONFIG_PATH, DEFAULT_PAGE_SIZE};
use lab_support::{in_turn, Fixture, Requests};
use lab_support_ssm::{mock_client, response};

fn recorded_token(page: &str) -> Option<String> {
    let fixture = Fixture::expect("ssm", page);
    fixture.response.body["NextToken"]
        .as_str()
        .map(str::to_string)
}

/// `load_config` of the lab's path with GetParametersByPath answered by `pages` in turn, and the
/// requests it sent.
async fn load_over(
    pages: Vec<Fixture>,
) -> (
    Result<LabConfig, ParameterError>,
    Vec<GetParametersByPathInput>,
) {
    let requests = Requests::<GetParametersByPathInput>::new();
    let rule = mock!(Client::get_parameters_by_path)
        .match_requests(requests.matcher())
        .then_http_response(in_turn(pages));
    let client = mock_client(&[&rule]);
    let result = load_config(&client, CONFIG_PATH).await;
    (result, requests.all())
}

fn page(number: u8) -> Fixture {
    Fixture::expect("ssm", &format!("get_parameters_by_path_page_{number}"))
}

async fn load_answered_by(fixture: &'static str, path: &str) -> Result<LabConfig, ParameterError> {
    let rule = mock!(Client::get_parameters_by_path).then_http_response(move || response(fixture));
    let client = mock_client(&[&rule]);
    load_config(&client, path).await
}

#[lab_harness::graded]
#[tokio::test]
async fn load_config_reads_every_page_below_the_path() {
    let (result, requests) = load_over(vec![page(1), page(2), page(3)]).await;

    let expected = LabConfig {
        table_name: "DA_Serverless".into(),
        api_key: "k-7Hq2-lab-api-key".into(),
        page_size: 50,
    };
    assert_eq!(
        result,
        Ok(expected),
        "the three keys are spread over three pages"
    );
    assert_eq!(
        requests.len(),
        3,
        "one request per page, none after the last"
    );
    for request in &requests {
        assert_eq!(
            request.path(),
            Some(CONFIG_PATH),
            "every page is read under the path asked for"
        );
        assert_eq!(
            request.recursive(),
            Some(true),
            "limits/page_size is one level down: ask recursively"
        );
        assert_eq!(
            request.with_decryption(),
            Some(true),
            "api_key is a SecureString"
        );
    }
    assert_eq!(
        requests[0].next_token(),
        None,
        "the first page is asked for without a NextToken"
    );
    assert_eq!(
        requests[1].next_token().map(str::to_string),
        recorded_token("get_parameters_by_path_page_1"),
        "page 2 is asked for with page 1's NextToken"
    );
    assert_eq!(
        requests[2].next_token().map(str::to_string),
        recorded_token("get_parameters_by_path_page_2"),
        "page 3 is asked for with page 2's NextToken"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn load_config_uses_the_default_page_size_when_it_is_not_set() {
    let result = load_answered_by("get_parameters_by_path_qa", "/da-serverless/qa").await;

    assert_eq!(
        result,
        Ok(LabConfig {
            table_name: "DA_Serverless_qa".into(),
            api_key: "k-qa-lab-api-key".into(),
            page_size: DEFAULT_PAGE_SIZE,
        }),
        "the qa stage has no limits/page_size: the default page size"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn load_config_accepts_a_path_ending_with_a_slash() {
    let result = load_answered_by("get_parameters_by_path_qa", "/da-serverless/qa/").await;

    assert!(
        matches!(&result, Ok(config) if config.table_name == "DA_Serverless_qa"),
        "keys are the names without the path and its slash: got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn load_config_lists_every_missing_required_key_at_once() {
    let result = load_answered_by("get_parameters_by_path_test", "/da-serverless/test").await;

    assert_eq!(
        result,
        Err(ParameterError::MissingKeys {
            path: "/da-serverless/test".into(),
            keys: vec!["api_key".into(), "table_name".into()],
        }),
        "report every missing key, so the operator fixes them in one go"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn load_config_rejects_a_page_size_that_is_not_a_number() {
    let result = load_answered_by("get_parameters_by_path_staging", "/da-serverless/staging").await;

    assert!(
        matches!(&result, Err(ParameterError::BadValue { name, .. })
            if name == "/da-serverless/staging/limits/page_size"),
        "page_size is \"lots\": expected Err(BadValue naming the parameter), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn load_config_rejects_a_page_size_of_zero() {
    // The recorded staging page, with its page size made 0 instead of "lots".
    let mut page = Fixture::expect("ssm", "get_parameters_by_path_staging");
    for parameter in page.response.body["Parameters"]
        .as_array_mut()
        .expect("the recorded page lists parameters")
    {
        if parameter["Name"] == "/da-serverless/staging/limits/page_size" {
            parameter["Value"] = "0".into();
        }
    }
    let rule =
        mock!(Client::get_parameters_by_path).then_http_response(move || page.http_response());
    let client = mock_client(&[&rule]);

    let result = load_config(&client, "/da-serverless/staging").await;

    assert!(
        matches!(&result, Err(ParameterError::BadValue { name, .. })
            if name == "/da-serverless/staging/limits/page_size"),
        "page_size is \"0\", a number but no page size (the least is 1): expected \
         Err(BadValue naming the parameter), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn the_loaded_config_never_shows_its_api_key() {
    let config = load_answered_by("get_parameters_by_path_qa", "/da-serverless/qa")
        .await
        .expect("the qa configuration loads");
    insta::assert_snapshot!(format!("{config:#?}"));
}

#[lab_harness::graded]
#[tokio::test]
async fn load_config_goes_on_past_an_empty_page_that_has_a_token() {
    // The GetParametersByPath reference: a page may hold fewer results than MaxResults, none
    // included, and still carry a NextToken; only a page without one is the last.
    let mut empty_page = page(1);
    empty_page.response.body["Parameters"] = serde_json::json!([]);
    empty_page.response.body["NextToken"] = "token-after-the-empty-page".into();

    let (result, requests) = load_over(vec![page(1), empty_page, page(2), page(3)]).await;

    assert_eq!(
        result,
        Ok(LabConfig {
            table_name: "DA_Serverless".into(),
            api_key: "k-7Hq2-lab-api-key".into(),
            page_size: 50,
        }),
        "an empty page with a NextToken is not the end: the keys on the pages after it count"
    );
    assert_eq!(requests.len(), 4, "four pages, each read once");
}

#[lab_harness::graded]
#[tokio::test]
async fn load_config_passes_errors_through_the_mapping() {
    let result = load_answered_by("get_parameter_throttled", CONFIG_PATH).await;

    assert_eq!(
        result,
        Err(ParameterError::Throttled),
        "GetParametersByPath was throttled (the error shape is the same for every operation): \
         map_ssm_error names it"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_key_is_the_whole_name_below_the_path() {
    // Recursive reads return the parameters of folders below the path too.
    let mut first = page(1);
    let mut nested = first.response.body["Parameters"][0].clone();
    nested["Name"] = "/da-serverless/dev/legacy/table_name".into();
    nested["Value"] = "DA_Serverless_legacy".into();
    if let Some(parameters) = first.response.body["Parameters"].as_array_mut() {
        parameters.push(nested);
    }

    let (result, _) = load_over(vec![first, page(2), page(3)]).await;

    assert_eq!(
        result.map(|config| config.table_name),
        Ok("DA_Serverless".to_string()),
        "legacy/table_name is another key than table_name: it is ignored, not read as the table"
    );
}
