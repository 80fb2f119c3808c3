//! The hub client against peers that are not a working hub (a captive portal's HTML, a
//! proxy's error page, a closed port): each gives a clear typed error, the attempt is
//! logged, and nothing is installed.

use std::io::{Read, Write};
use std::net::TcpListener;

use fflow_core::StoreDatabase;
use fflow_core::hub_client::{HubClient, activate, check_status};
use fflow_core::licensing::{CheckKind, LicenseState, license_report, recent_license_checks};

/// A peer that answers every request with `response` verbatim.
fn peer_answering(response: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0_u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(response.as_bytes());
        }
    });
    format!("http://{address}")
}

fn check(peer: &str, expected_code: &str) {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = StoreDatabase::open_in(folder.path()).expect("open");
    let client = HubClient::new(peer, folder.path().to_path_buf(), false).expect("client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let error = runtime
        .block_on(activate(&client, &database, "ABCD-EFGH", "Caixa 1"))
        .expect_err("no hub answered");
    assert_eq!(error.code(), expected_code, "{peer}: {error}");
    assert_eq!(
        license_report(&database).expect("report").state,
        LicenseState::NotActivated,
        "a failed activation installs nothing"
    );
    let checks = recent_license_checks(&database, 5).expect("log");
    assert!(
        checks.len() == 1 && !checks[0].success && checks[0].error.is_some(),
        "the failed attempt is logged with its reason: {checks:?}"
    );
    let error = runtime
        .block_on(check_status(&client, &database, CheckKind::OnDemand))
        .expect_err("never activated");
    assert_eq!(error.code(), "hub_not_linked");
}

#[test]
fn peers_that_are_not_a_hub_give_clear_errors() {
    check(
        &peer_answering(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 15\r\nconnection: close\r\n\r\n<html>hi</html>",
        ),
        "hub_answer",
    );
    check(
        &peer_answering(
            "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 9\r\nconnection: close\r\n\r\nupstream!",
        ),
        "hub_answer",
    );
    check(
        &peer_answering(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
        ),
        "hub_answer",
    );
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = closed.local_addr().expect("address");
    drop(closed);
    check(&format!("http://{address}"), "hub_unreachable");
}
