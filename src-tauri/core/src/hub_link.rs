//! The store's view of its hub: where it is and whether it answers.
//!
//! The counter never waits for the hub; this check has a short timeout and its result is
//! only shown, never required for selling.

use std::time::Duration;

use fflow_protocol::HealthReport;

use crate::CoreError;

/// How long the counter waits for the hub before calling it unreachable.
const HEALTH_CHECK_TIMEOUT: Duration = Duration::from_secs(3);

/// Asks the hub at `base_url` (for example `http://127.0.0.1:7070`) for its health.
pub async fn check_hub_health(base_url: &str) -> Result<HealthReport, CoreError> {
    let url = format!("{}/health", base_url.trim_end_matches('/'));
    let unreachable = |reason: String| CoreError::HubUnreachable {
        url: url.clone(),
        reason,
    };
    let client = reqwest::Client::builder()
        .timeout(HEALTH_CHECK_TIMEOUT)
        .build()
        .map_err(|error| unreachable(error.to_string()))?;
    let response = client
        .get(&url)
        .send()
        .await
        .map_err(|error| unreachable(error.to_string()))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|error| unreachable(error.to_string()))?;
    if !status.is_success() {
        return Err(CoreError::HubAnswer {
            url,
            reason: format!("HTTP status {status}"),
        });
    }
    serde_json::from_slice(&body).map_err(|error| CoreError::HubAnswer {
        url,
        reason: format!("not a health report ({error})"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A peer that answers one request with `response` verbatim, as a broken proxy or a
    /// captive portal would.
    fn serve_once(response: &'static str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let address = listener.local_addr().expect("local addr");
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let mut request = [0_u8; 1024];
                let _ = stream.read(&mut request);
                let _ = stream.write_all(response.as_bytes());
            }
        });
        format!("http://{address}")
    }

    fn run<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a test runtime")
            .block_on(future)
    }

    #[test]
    fn an_html_page_is_reported_as_a_bad_answer_not_a_panic() {
        let url = serve_once(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 15\r\nconnection: close\r\n\r\n<html>hi</html>",
        );
        let error = run(check_hub_health(&url)).expect_err("HTML is not a health report");
        assert_eq!(error.code(), "hub_answer");
    }

    #[test]
    fn a_server_error_is_reported_with_its_status() {
        let url = serve_once(
            "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        );
        let error = run(check_hub_health(&url)).expect_err("503 is not healthy");
        assert_eq!(error.code(), "hub_answer");
        assert!(
            error.to_string().contains("503"),
            "the status helps support: {error}"
        );
    }

    #[test]
    fn a_closed_port_is_unreachable() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let address = listener.local_addr().expect("local addr");
        drop(listener);
        let error =
            run(check_hub_health(&format!("http://{address}"))).expect_err("nobody listens there");
        assert_eq!(error.code(), "hub_unreachable");
    }
}
