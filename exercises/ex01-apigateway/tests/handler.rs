use ex01::{handle, handle_rest_event, ApiError, CustomerDirectory};
use lab_support::apigateway::rest_event;

use crate::common::{header, json_body, request_of, shown_body, snapshot_of, API_KEY};

#[lab_harness::graded]
#[test]
fn a_new_customer_is_created_with_201_and_a_location() {
    let mut customers = CustomerDirectory::new();

    let response = handle(&request_of("rest_post_customer"), API_KEY, &mut customers);

    assert!(customers.contains_key("c-2001"), "the customer is stored");
    insta::assert_json_snapshot!(snapshot_of(
        &response,
        &["content-type", "location", "access-control-allow-origin"]
    ));
}

#[lab_harness::graded]
#[test]
fn a_duplicate_id_is_409() {
    let mut customers = CustomerDirectory::new();
    handle(&request_of("rest_post_customer"), API_KEY, &mut customers);

    let mut again = request_of("rest_post_customer");
    again.body = br#"{"id": "c-2001", "firstname": "Impostor"}"#.to_vec();

    let response = handle(&again, API_KEY, &mut customers);

    assert_eq!(
        response.status_code,
        409,
        "a second POST of the same id: {}",
        shown_body(&response)
    );
    assert_eq!(
        customers.len(),
        1,
        "the refused duplicate must not replace or add a customer"
    );
    assert_eq!(
        customers
            .get("c-2001")
            .map(|customer| customer.firstname.as_str()),
        Some("Filipa"),
        "the customer stored first stays as it was: a refused POST must not overwrite it"
    );
}

#[lab_harness::graded]
#[test]
fn a_stored_customer_is_read_and_an_unknown_one_is_404() {
    let mut customers = CustomerDirectory::new();
    let mut create = request_of("rest_post_customer");
    create.body = br#"{"id": "c-1001", "firstname": "Ada"}"#.to_vec();
    handle(&create, API_KEY, &mut customers);

    let found = handle(&request_of("rest_get_customer"), API_KEY, &mut customers);
    let mut unknown = request_of("rest_get_customer");
    unknown.path = "/customers/c-9999".into();
    let missing = handle(&unknown, API_KEY, &mut customers);

    assert_eq!(
        found.status_code,
        200,
        "GET of a stored customer: {}",
        shown_body(&found)
    );
    assert_eq!(
        json_body(&found)["firstname"],
        "Ada",
        "the answer is the customer that was stored"
    );
    assert_eq!(
        missing.status_code,
        404,
        "GET of an id never stored: {}",
        shown_body(&missing)
    );
    let no_such_customer = ApiError::NoSuchCustomer {
        id: "c-9999".into(),
    };
    assert_eq!(
        json_body(&missing)["error"],
        no_such_customer.to_string(),
        "the path exists; the customer does not: ApiError::NoSuchCustomer, not NotFound"
    );
}

#[lab_harness::graded]
#[test]
fn the_preflight_is_answered_without_an_api_key() {
    let mut customers = CustomerDirectory::new();

    let response = handle(
        &request_of("rest_options_preflight"),
        API_KEY,
        &mut customers,
    );

    insta::assert_json_snapshot!(snapshot_of(
        &response,
        &[
            "access-control-allow-methods",
            "access-control-allow-headers",
            "access-control-max-age",
            "access-control-allow-origin",
        ]
    ));
}

#[lab_harness::graded]
#[test]
fn without_the_api_key_nothing_happens_403() {
    let mut customers = CustomerDirectory::new();

    let response = handle(
        &request_of("rest_post_without_headers"),
        API_KEY,
        &mut customers,
    );

    assert_eq!(
        response.status_code,
        403,
        "a request without x-api-key is refused before anything else: {}",
        shown_body(&response)
    );
    assert!(customers.is_empty(), "a refused request changes nothing");
}

#[lab_harness::graded]
#[test]
fn every_answer_allows_any_origin() {
    let mut customers = CustomerDirectory::new();
    for fixture in [
        "rest_post_customer",
        "rest_post_customer",
        "rest_post_malformed_json",
        "rest_get_unknown_path",
        "rest_delete_customers",
        "rest_post_without_headers",
        "rest_post_wrong_api_key",
        "rest_options_preflight",
    ] {
        let response = handle(&request_of(fixture), API_KEY, &mut customers);
        assert_eq!(
            header(&response, "access-control-allow-origin"),
            Some("*"),
            "{fixture} (answered {}): a browser can read only answers that allow its origin",
            response.status_code
        );
    }
}

#[lab_harness::graded]
#[test]
fn a_rest_event_is_answered_end_to_end() {
    let mut customers = CustomerDirectory::new();

    let created = handle_rest_event(
        &rest_event("rest_post_customer_base64"),
        API_KEY,
        &mut customers,
    );
    let mut broken = rest_event("rest_post_customer_base64");
    broken.body = Some("%%% not base64 %%%".into());
    let refused = handle_rest_event(&broken, API_KEY, &mut customers);

    assert_eq!(
        created.status_code,
        201,
        "the REST event, converted and handled, creates the customer: {}",
        shown_body(&created)
    );
    assert_eq!(
        refused.status_code,
        400,
        "a body marked base64 that is not base64 is the client's mistake, not a crash: {}",
        shown_body(&refused)
    );
    assert_eq!(
        header(&refused, "access-control-allow-origin"),
        Some("*"),
        "an error answer allows any origin too, or the browser hides it from the page"
    );
}

#[lab_harness::graded]
#[test]
fn the_key_is_checked_before_anything_else() {
    let mut customers = CustomerDirectory::new();
    let mut unknown_path = request_of("rest_get_unknown_path");
    unknown_path.headers.remove("x-api-key");
    let mut malformed = request_of("rest_post_malformed_json");
    malformed.headers.remove("x-api-key");

    for (what, request, with_the_key) in [
        ("a wrong key", request_of("rest_post_wrong_api_key"), 201),
        ("no key, on a path that does not exist", unknown_path, 404),
        ("no key, with a body that is not JSON", malformed, 400),
    ] {
        let mut keyed = request.clone();
        keyed.headers.insert("x-api-key", API_KEY.parse().unwrap());
        let refused = handle(&request, API_KEY, &mut customers);
        assert_eq!(
            refused.status_code,
            403,
            "{what}: a caller without the right key learns nothing about paths or bodies, so \
             the key is checked first; got {}",
            shown_body(&refused)
        );
        assert!(customers.is_empty(), "a refused request changes nothing");
        let answered = handle(&keyed, API_KEY, &mut CustomerDirectory::new());
        assert_eq!(
            answered.status_code,
            with_the_key,
            "the same request with the right key is answered for what it is: {}",
            shown_body(&answered)
        );
    }
}
