//! Running the real `fflow-hub` binary from tests: where it is, a test signing key, and
//! the URL of a `#[sqlx::test]` database for its `DATABASE_URL`.

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
