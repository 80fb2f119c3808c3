//! `GET /openapi.json` through the real router: the document names every route the hub
//! answers and only those, every `$ref` in it resolves, and every operation documents the
//! failures it can answer with.

mod common;

use axum::Router;
use axum::http::StatusCode;
use common::api::{address, call, hub};
use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

/// The operations stores, the console and scripts call; each must stay documented.
const KNOWN_OPERATIONS: &[(&str, &str)] = &[
    ("get", "/health"),
    ("get", "/ready"),
    ("get", "/metrics"),
    ("post", "/v1/auth/sign-in"),
    ("post", "/v1/auth/refresh"),
    ("get", "/v1/me"),
    ("get", "/v1/devices"),
    ("post", "/v1/devices/activation-codes"),
    ("post", "/v1/devices/{device}/reset"),
    ("post", "/v1/devices/{device}/revoke"),
    ("post", "/v1/devices/activate"),
    ("post", "/v1/devices/token/challenge"),
    ("post", "/v1/devices/token"),
    ("post", "/v1/devices/heartbeat"),
    (
        "post",
        "/v1/support/tenants/{tenant}/devices/{device}/reset",
    ),
    ("post", "/v1/sync/push"),
    ("get", "/v1/sync/pull"),
    ("post", "/v1/sync/ack"),
    ("get", "/v1/sync/snapshot"),
    ("put", "/v1/payment-methods/{code}"),
    ("put", "/v1/products/{sku}/price"),
    ("get", "/v1/reports/sales"),
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

async fn document(router: &Router) -> Value {
    let answer = call(router, "GET", "/openapi.json", None, None, address(1)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.headers["content-type"], "application/json");
    answer.body
}

/// Every `(method, path)` the document lists.
fn operations(document: &Value) -> Vec<(String, String)> {
    let paths = document["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|method| item.get(**method).is_some())
                .map(|method| ((*method).to_owned(), path.clone()))
        })
        .collect()
}

/// `path` with each `{parameter}` replaced by a value every route accepts in its place.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "0193a000-0000-7000-8000-000000000001"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether the router's fallbacks answered: no route has this path, or not this method.
async fn reaches_no_handler(router: &Router, method: &str, path: &str) -> bool {
    let method = method.to_uppercase();
    let answer = call(router, &method, &concrete(path), None, None, address(2)).await;
    answer.status == StatusCode::METHOD_NOT_ALLOWED
        || (answer.status == StatusCode::NOT_FOUND
            && answer.body["message"] == "this endpoint was not found")
}

#[sqlx::test]
async fn the_document_lists_exactly_the_routes_the_hub_answers(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (_, router, _) = hub(&connect_options).await;
    let document = document(&router).await;
    assert_eq!(document["openapi"], "3.1.0");
    let listed = operations(&document);
    for (method, path) in KNOWN_OPERATIONS {
        assert!(
            listed.iter().any(|(m, p)| m == method && p == path),
            "{method} {path} is missing from the document"
        );
    }
    for (method, path) in &listed {
        assert!(
            !reaches_no_handler(&router, method, path).await,
            "the document lists {method} {path}, but no handler answers it"
        );
    }
    assert!(
        reaches_no_handler(&router, "get", "/v1/no-such-thing").await
            && reaches_no_handler(&router, "delete", "/v1/me").await,
        "the check above must be able to tell a missing route"
    );
}

/// Every `$ref` value anywhere under `value`.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                match (name.as_str(), field) {
                    ("$ref", Value::String(target)) => found.push(target.clone()),
                    _ => references(field, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

#[sqlx::test]
async fn every_reference_resolves_and_every_operation_documents_its_failures(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (_, router, _) = hub(&connect_options).await;
    let document = document(&router).await;
    let mut found = Vec::new();
    references(&document, &mut found);
    assert!(found.len() > 20, "the operations refer to their schemas");
    for target in found {
        let pointer = target.strip_prefix('#').expect("a local reference");
        assert!(
            document.pointer(pointer).is_some(),
            "{target} does not resolve"
        );
    }
    for scheme in ["user", "device"] {
        assert_eq!(
            document["components"]["securitySchemes"][scheme]["scheme"], "bearer",
            "the {scheme} scheme"
        );
    }
    for (method, path) in operations(&document) {
        let operation = &document["paths"][&path][&method];
        let answers = operation["responses"].as_object().expect("responses");
        let described = format!("{method} {path}");
        assert!(
            answers.contains_key("200"),
            "{described} has no success answer"
        );
        assert!(
            answers.contains_key("500"),
            "{described} does not document 500"
        );
        if operation.get("requestBody").is_some() {
            for status in ["400", "413", "415", "422"] {
                assert!(answers.contains_key(status), "{described} lacks {status}");
            }
        }
        if operation.get("security").is_some() {
            assert!(answers.contains_key("401"), "{described} lacks 401");
        }
    }
    let suspended =
        document["paths"]["/v1/devices/activate"]["post"]["responses"]["409"]["description"]
            .as_str()
            .expect("activation documents its conflicts");
    assert!(suspended.contains("tenant_suspended"), "{suspended}");
}
