//! Running the real `fflow-hub` binary from tests: where it is, test signing keys, the
//! URL of a `#[sqlx::test]` database for its `DATABASE_URL`, and a running `serve`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The binary cargo built for these tests.
pub const HUB: &str = env!("CARGO_BIN_EXE_fflow-hub");

/// Base64 of 32 bytes; any key of that size will do for a test hub.
pub const TEST_ACCESS_TOKEN_KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

/// An Ed25519 seed (base64 of 32 bytes) and its key id, signing a test hub's licenses.
pub const TEST_LICENSE_SIGNING_KEY: &str = "bGljZW5zZSBrZXkgb2YgdGhlIGh1YiB0ZXN0cyEhISE=";
pub const TEST_LICENSE_KEY_ID: &str = "test-2026";

/// The variables `serve` requires besides `DATABASE_URL`, as a test hub gets them.
pub const SERVE_KEYS: [(&str, &str); 3] = [
    ("FFLOW_HUB_ACCESS_TOKEN_KEY", TEST_ACCESS_TOKEN_KEY),
    ("FFLOW_HUB_LICENSE_SIGNING_KEY", TEST_LICENSE_SIGNING_KEY),
    ("FFLOW_HUB_LICENSE_KEY_ID", TEST_LICENSE_KEY_ID),
];

/// `DATABASE_URL` with its database swapped for `database`, keeping user, password,
/// host and parameters.
pub fn url_for_database(database: &str) -> String {
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL is set for hub tests");
    let authority_start = base.find("://").map_or(0, |index| index + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |index| authority_start + index);
    let query = base[path_start..]
        .find('?')
        .map_or("", |index| &base[path_start + index..]);
    format!("{}/{database}{query}", &base[..path_start])
}

/// A running `serve`, stopped when the test ends, passing or not.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`, as the server announced it.
    pub base: String,
}

impl Server {
    /// Sends SIGTERM, as service managers stop the hub, and waits for it to exit.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let terminated = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(terminated.success());
        self.child.wait().expect("the hub exits")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve` on a free port against `url`, with the test keys and `environment`,
/// and waits for the line that says where it listens.
pub fn start_server(url: &str, environment: &[(&str, &str)]) -> Server {
    let mut child = Command::new(HUB)
        .arg("serve")
        .env("DATABASE_URL", url)
        .envs(SERVE_KEYS)
        .env("FFLOW_HUB_LISTEN", "127.0.0.1:0")
        .envs(environment.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut first_line)
        .expect("read the listening line");
    let base = first_line
        .trim()
        .strip_prefix("fflow-hub listening on ")
        .map(str::to_owned);
    let server = Server {
        child,
        base: base.unwrap_or_default(),
    };
    assert!(
        !server.base.is_empty(),
        "unexpected first line {first_line:?}"
    );
    server
}
