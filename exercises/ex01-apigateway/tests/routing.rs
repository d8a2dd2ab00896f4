use aws_lambda_events::http::Method;
use ex01::{error_response, route, ApiError, Route};

use crate::common::{header, request_of};

#[lab_harness::graded]
#[test]
fn post_customers_and_get_customer_are_routed() {
    assert_eq!(
        route(&request_of("rest_post_customer")),
        Ok(Route::CreateCustomer),
        "POST /customers"
    );
    assert_eq!(
        route(&request_of("rest_get_customer")),
        Ok(Route::GetCustomer {
            id: "c-1001".into()
        }),
        "GET /customers/c-1001: the id is the last segment"
    );
}

#[lab_harness::graded]
#[test]
fn a_trailing_slash_is_the_same_path() {
    let mut request = request_of("rest_post_customer");
    request.path = "/customers/".into();
    assert_eq!(
        route(&request),
        Ok(Route::CreateCustomer),
        "POST /customers/ is POST /customers: a trailing slash is ignored"
    );
}

#[lab_harness::graded]
#[test]
fn an_unknown_path_is_404() {
    let result = route(&request_of("rest_get_unknown_path"));
    assert_eq!(
        result,
        Err(ApiError::NotFound {
            path: "/orders".into()
        }),
        "/orders is no resource of this API"
    );
}

#[lab_harness::graded]
#[test]
fn a_known_path_with_another_method_is_405_with_allow() {
    let result = route(&request_of("rest_delete_customers"));
    assert_eq!(
        result,
        Err(ApiError::MethodNotAllowed {
            allow: vec![Method::OPTIONS, Method::POST]
        }),
        "/customers exists, but not for this method: list its methods in the table's order"
    );
    let response = error_response(&result.unwrap_err());
    assert_eq!(
        response.status_code, 405,
        "a known path with a method it does not have is 405 Method Not Allowed"
    );
    assert_eq!(
        header(&response, "allow"),
        Some("OPTIONS, POST"),
        "a 405 must say which methods the path allows"
    );
}

#[lab_harness::graded]
#[test]
fn options_is_a_preflight_with_the_paths_methods() {
    assert_eq!(
        route(&request_of("rest_options_preflight")),
        Ok(Route::Preflight {
            allow: vec![Method::OPTIONS, Method::POST]
        }),
        "OPTIONS /customers is a CORS preflight, answered with the methods of /customers in the \
         order of route's table"
    );
}

#[lab_harness::graded]
#[test]
fn a_customer_has_its_own_methods() {
    let mut preflight = request_of("rest_get_customer");
    preflight.method = Method::OPTIONS;
    let mut post = request_of("rest_get_customer");
    post.method = Method::POST;

    assert_eq!(
        route(&preflight),
        Ok(Route::Preflight {
            allow: vec![Method::GET, Method::OPTIONS]
        }),
        "OPTIONS /customers/c-1001 lists the methods of /customers/{{id}}, in the table's order"
    );
    assert_eq!(
        route(&post),
        Err(ApiError::MethodNotAllowed {
            allow: vec![Method::GET, Method::OPTIONS]
        }),
        "POST /customers/c-1001: /customers/{{id}} allows only GET and OPTIONS"
    );
}

#[lab_harness::graded]
#[test]
fn only_the_two_resources_exist() {
    for (method, path) in [
        (Method::GET, "/customers/c-1001/orders"),
        (Method::OPTIONS, "/orders"),
    ] {
        let mut request = request_of("rest_get_customer");
        request.method = method.clone();
        request.path = path.into();
        assert_eq!(
            route(&request),
            Err(ApiError::NotFound { path: path.into() }),
            "{method} {path}: neither /customers nor /customers/{{id}} with one segment"
        );
    }
}
