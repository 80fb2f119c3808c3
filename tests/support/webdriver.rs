//! A minimal W3C WebDriver client over `tauri-driver`, enough to open the real app
//! window, read text from it and take screenshots.
//!
//! `tauri-driver` starts `WebKitWebDriver`, which starts our binary: the page under test
//! is the real UI talking to the real Rust core over IPC.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

use super::processes::{OwnedChild, find_program, free_loopback_port, spawn_group};

/// How long the driver may take to come up, and an element to appear.
const DRIVER_START_LIMIT: Duration = Duration::from_secs(30);
const ELEMENT_WAIT_MS: u64 = 15_000;

/// WebDriver key codes (W3C WebDriver, "Keyboard actions").
pub const BACKSPACE: &str = "\u{E003}";
pub const END: &str = "\u{E010}";
pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";
pub const F3: &str = "\u{E033}";
pub const F4: &str = "\u{E034}";
pub const F5: &str = "\u{E035}";
pub const F7: &str = "\u{E037}";
pub const F8: &str = "\u{E038}";
pub const F9: &str = "\u{E039}";
pub const F10: &str = "\u{E03A}";
pub const F11: &str = "\u{E03B}";
pub const F12: &str = "\u{E03C}";

/// A running `tauri-driver` with one open session on the app window.
#[derive(Debug)]
pub struct AppWindow {
    http: reqwest::blocking::Client,
    base: String,
    session: String,
    /// When the session was asked for: the moment WebKitWebDriver starts the app.
    pub app_started_at: Instant,
    // Dropped last: the session is closed before the driver is killed.
    driver: OwnedChild,
}

impl AppWindow {
    /// Starts `tauri-driver` and opens the app at `application` with `environment` set.
    pub fn launch(application: &Path, environment: &[(&str, &str)]) -> AppWindow {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the window tests need a display: run them under xvfb-run (scripts/test does)"
        );
        let driver_path = find_program("tauri-driver").expect(
            "tauri-driver is not installed: `cargo install tauri-driver --version ^2 --locked` \
             (scripts/test installs it)",
        );
        assert!(
            find_program("WebKitWebDriver").is_some(),
            "WebKitWebDriver is not installed: apt-get install webkit2gtk-driver (scripts/test installs it)"
        );
        let port = free_loopback_port();
        let native_port = free_loopback_port();
        let mut command = Command::new(driver_path);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (name, value) in environment {
            command.env(name, value);
        }
        let mut driver = spawn_group("tauri-driver", &mut command);
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("an HTTP client");
        let base = format!("http://127.0.0.1:{port}");
        wait_until_driver_answers(&http, &base, &mut driver);

        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": { "application": application }
                }
            }
        });
        let app_started_at = Instant::now();
        let created = post(&http, &format!("{base}/session"), &capabilities);
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {created}"))
            .to_owned();
        let window = AppWindow {
            http,
            base,
            session,
            app_started_at,
            driver,
        };
        window.post_session("timeouts", &json!({ "implicit": ELEMENT_WAIT_MS }));
        window
    }

    /// The visible text of the first element matching `css`, waiting for it to appear.
    pub fn text_of(&self, css: &str) -> String {
        let element = self.find(css);
        let text = self.get_session(&format!("element/{element}/text"));
        text["value"]
            .as_str()
            .unwrap_or_else(|| panic!("no text for {css}: {text}"))
            .to_owned()
    }

    /// The value of `attribute` on `css` once it is no longer `unsettled` (content that
    /// the page loads asynchronously), or its last value when the wait runs out.
    pub fn settled_attribute(&self, css: &str, attribute: &str, unsettled: &str) -> Option<String> {
        let deadline = Instant::now() + Duration::from_millis(ELEMENT_WAIT_MS);
        loop {
            let value = self.attribute_of(css, attribute);
            if value.as_deref() != Some(unsettled) || Instant::now() > deadline {
                return value;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// An attribute of the first element matching `css`.
    pub fn attribute_of(&self, css: &str, attribute: &str) -> Option<String> {
        let element = self.find(css);
        let value = self.get_session(&format!("element/{element}/attribute/{attribute}"));
        value["value"].as_str().map(str::to_owned)
    }

    /// Clicks the first element matching `css`.
    pub fn click(&self, css: &str) {
        let element = self.find(css);
        self.post_session(&format!("element/{element}/click"), &json!({}));
    }

    /// Empties the field matching `css` with key presses, as a person would. WebDriver's
    /// own "clear" sets the value without the input events React listens to, so the
    /// page would not notice.
    pub fn clear(&self, css: &str) {
        let element = self.find(css);
        let value = self.get_session(&format!("element/{element}/property/value"));
        let length = value["value"]
            .as_str()
            .map_or(0, |text| text.chars().count());
        let keys = format!("{END}{}", BACKSPACE.repeat(length));
        self.post_session(
            &format!("element/{element}/value"),
            &json!({ "text": keys }),
        );
    }

    /// Types `keys` into the first element matching `css` (WebDriver key codes such as
    /// [`ENTER`] may be part of it).
    pub fn type_into(&self, css: &str, keys: &str) {
        let element = self.find(css);
        self.post_session(
            &format!("element/{element}/value"),
            &json!({ "text": keys }),
        );
    }

    /// Types `keys` into whatever has the focus, as a keyboard or a scanner does, and
    /// returns the `data-testid` of that element.
    pub fn type_into_focused(&self, keys: &str) -> Option<String> {
        let active = self.active_element();
        let testid = self.get_session(&format!("element/{active}/attribute/data-testid"));
        self.post_session(&format!("element/{active}/value"), &json!({ "text": keys }));
        testid["value"].as_str().map(str::to_owned)
    }

    /// The `data-testid` of the element that has the focus now, if it has one. An element
    /// that React replaced between the two requests counts as none, so callers polling
    /// for the focus simply ask again.
    pub fn focused_testid(&self) -> Option<String> {
        let active = self.get_session_unless_stale("element/active")?;
        let active = active["value"]
            .as_object()?
            .values()
            .next()?
            .as_str()?
            .to_owned();
        let testid =
            self.get_session_unless_stale(&format!("element/{active}/attribute/data-testid"))?;
        testid["value"].as_str().map(str::to_owned)
    }

    /// The process group of the driver, the app and the app's WebKit helpers.
    pub fn process_group(&self) -> u32 {
        self.driver.child.id()
    }

    /// How many elements match `css` now, without waiting.
    pub fn count_of(&self, css: &str) -> usize {
        self.post_session("timeouts", &json!({ "implicit": 0 }));
        let found = self.query_elements(
            "elements",
            &json!({ "using": "css selector", "value": css }),
        );
        self.post_session("timeouts", &json!({ "implicit": ELEMENT_WAIT_MS }));
        found["value"].as_array().map_or(0, Vec::len)
    }

    /// Waits until nothing matches `css` (a dialog that closes once its command
    /// answered); whether it went.
    pub fn gone(&self, css: &str) -> bool {
        let deadline = Instant::now() + Duration::from_millis(ELEMENT_WAIT_MS);
        loop {
            if self.count_of(css) == 0 {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the text of `css` satisfies `wanted` (content the page fills in after
    /// a command answers) and returns it; the last text seen when the wait runs out.
    pub fn text_when(&self, css: &str, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_millis(ELEMENT_WAIT_MS);
        loop {
            let text = self.text_of(css);
            if wanted(&text) || Instant::now() > deadline {
                return text;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Saves a PNG of the window under `target/e2e/<name>.png` and returns its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        // The DOM can be complete before WebKit has painted it; two animation frames later
        // the picture shows what the text assertions saw.
        self.post_session(
            "execute/async",
            &json!({
                "script": "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                "args": []
            }),
        );
        let shot = self.get_session("screenshot");
        let encoded = shot["value"].as_str().expect("screenshot is base64 text");
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .expect("screenshot is valid base64");
        assert!(png.starts_with(b"\x89PNG"), "the screenshot must be a PNG");
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
        std::fs::create_dir_all(&folder).expect("create target/e2e");
        let path = folder.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }

    fn active_element(&self) -> String {
        let active = self.get_session("element/active");
        active["value"]
            .as_object()
            .and_then(|element| element.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("nothing has the focus: {active}"))
            .to_owned()
    }

    fn find(&self, css: &str) -> String {
        let found =
            self.query_elements("element", &json!({ "using": "css selector", "value": css }));
        found["value"]
            .as_object()
            .and_then(|element| element.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element matches {css}: {found}"))
            .to_owned()
    }

    /// Finds elements; a query that met a node React was replacing ("stale element
    /// reference" while the driver built its handle) is asked again, a bounded number
    /// of times, since the page settles within a few renders.
    fn query_elements(&self, path: &str, body: &Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        for _ in 0..STALE_QUERY_ATTEMPTS {
            let response = self
                .http
                .post(&url)
                .json(body)
                .send()
                .expect("WebDriver answers");
            if response.status() != reqwest::StatusCode::NOT_FOUND {
                return read_answer(&url, response);
            }
            let answer: Value = response.json().expect("WebDriver answers JSON");
            if answer["value"]["error"] != "stale element reference" {
                panic!("{url} answered 404: {answer}");
            }
        }
        panic!("{url} kept meeting replaced elements {STALE_QUERY_ATTEMPTS} times");
    }

    fn post_session(&self, path: &str, body: &Value) -> Value {
        post(
            &self.http,
            &format!("{}/session/{}/{path}", self.base, self.session),
            body,
        )
    }

    fn get_session(&self, path: &str) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let response = self.http.get(&url).send().expect("WebDriver answers");
        read_answer(&url, response)
    }

    /// As `get_session`, but `None` when the element asked about was replaced in the page
    /// ("stale element reference") or nothing has the focus ("no such element").
    fn get_session_unless_stale(&self, path: &str) -> Option<Value> {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let response = self.http.get(&url).send().expect("WebDriver answers");
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            let body: Value = response.json().expect("WebDriver answers JSON");
            let error = body["value"]["error"].as_str().unwrap_or_default();
            assert!(
                matches!(error, "stale element reference" | "no such element"),
                "{url} answered 404: {body}"
            );
            return None;
        }
        Some(read_answer(&url, response))
    }
}

impl Drop for AppWindow {
    fn drop(&mut self) {
        // Closing the session closes the app; the driver is killed right after.
        let _ = self
            .http
            .delete(format!("{}/session/{}", self.base, self.session))
            .send();
    }
}

fn wait_until_driver_answers(
    http: &reqwest::blocking::Client,
    base: &str,
    driver: &mut OwnedChild,
) {
    let deadline = Instant::now() + DRIVER_START_LIMIT;
    loop {
        driver.assert_running();
        if http.get(format!("{base}/status")).send().is_ok() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "tauri-driver did not answer on {base} within {DRIVER_START_LIMIT:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// How often an element query that met a replaced node is asked again.
const STALE_QUERY_ATTEMPTS: usize = 50;

fn post(http: &reqwest::blocking::Client, url: &str, body: &Value) -> Value {
    let response = http.post(url).json(body).send().expect("WebDriver answers");
    read_answer(url, response)
}

fn read_answer(url: &str, response: reqwest::blocking::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().expect("WebDriver answers JSON");
    assert!(status.is_success(), "{url} answered {status}: {body}");
    body
}
