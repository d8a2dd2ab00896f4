//! Customers and expectations shared by the graded tests.

use ex03::Customer;

pub const TABLE: &str = "DA_Serverless";

/// The customer recorded as `c-1001` in fixtures/dynamodb/get_item_found.json.
pub fn ada() -> Customer {
    Customer {
        id: "c-1001".into(),
        firstname: "Ada".into(),
        lastname: Some("Moreira".into()),
        email: Some("ada.moreira@example.com".into()),
        revision: 0,
    }
}

/// A customer with only the required attributes.
pub fn gil() -> Customer {
    Customer {
        id: "c-3001".into(),
        firstname: "Gil".into(),
        lastname: None,
        email: None,
        revision: 0,
    }
}

/// `count` distinct customers, `c-0001` onwards.
pub fn many_customers(count: usize) -> Vec<Customer> {
    (1..=count)
        .map(|n| Customer {
            id: format!("c-{n:04}"),
            firstname: format!("Customer {n}"),
            lastname: None,
            email: Some(format!("customer{n}@example.com")),
            revision: 0,
        })
        .collect()
}

/// The five customers of fixtures/dynamodb/batch_write_all_processed.json, c-1001 to c-1005.
pub fn recorded_five() -> Vec<Customer> {
    let names = [
        ("Ada", "Moreira", "ada.moreira@example.com"),
        ("Bruno", "Salgado", "bruno.salgado@example.com"),
        ("Carla", "Teixeira", "carla.t@example.org"),
        ("Diogo", "Paiva", "diogo.paiva@example.net"),
        ("Elisa", "Vaz", "elisa.vaz@example.com"),
    ];
    names
        .iter()
        .enumerate()
        .map(|(n, (first, last, email))| Customer {
            id: format!("c-{}", 1001 + n),
            firstname: first.to_string(),
            lastname: Some(last.to_string()),
            email: Some(email.to_string()),
            revision: 0,
        })
        .collect()
}

/// DynamoDB's answer when the table's throughput is exceeded. Recorded for GetItem; every
/// operation answers errors in the same JSON shape, so it serves as any operation's answer.
pub const THROTTLED: &str = "get_item_throttled";

/// DynamoDB's answer when the table does not exist (recorded for GetItem, same shape for all).
pub const MISSING_TABLE: &str = "get_item_missing_table";

/// Whether `result` is the error a function of the store should give for [`MISSING_TABLE`].
pub fn is_missing_table<T>(result: &Result<T, ex03::StoreError>) -> bool {
    matches!(result, Err(ex03::StoreError::TableNotFound { table }) if table == TABLE)
}
