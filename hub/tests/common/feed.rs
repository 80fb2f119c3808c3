//! Driving the command feed as a store and an owner would: pulls, master-data `PUT`s, and
//! the (cursor, kind) of the commands an answer carries.

use axum::Router;
use axum::http::StatusCode;
use serde_json::Value;

use super::api::{Answer, address, call};

pub async fn pull(router: &Router, token: &str, after: i64, limit: i64) -> Answer {
    let path = format!("/v1/sync/pull?after={after}&limit={limit}");
    call(router, "GET", &path, Some(token), None, address(2)).await
}

pub async fn put(router: &Router, token: &str, path: &str, body: Value) -> Answer {
    call(router, "PUT", path, Some(token), Some(body), address(1)).await
}

/// The (cursor, kind) of each command in a pull's answer.
pub fn commands(answer: &Answer) -> Vec<(i64, String)> {
    assert_eq!(answer.status, StatusCode::OK, "pull: {}", answer.body);
    answer.body["commands"]
        .as_array()
        .expect("commands")
        .iter()
        .map(|command| {
            (
                command["cursor"].as_i64().expect("cursor"),
                command["kind"].as_str().expect("kind").to_owned(),
            )
        })
        .collect()
}
