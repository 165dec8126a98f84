//! The public form in a real browser (headless Chromium over WebDriver): a person on a phone
//! picks the province, fills the form, sends it, keeps the code and looks it up. Needs
//! `chromium` and `chromedriver` (Debian: chromium, chromium-driver); .ci/run installs them
//! and sets HOTLINE_REQUIRE_BROWSER=1, so CI never skips this test.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::error::CmdError;
use fantoccini::{ClientBuilder, Locator};
use serde_json::json;

use crate::helpers::TestApp;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What a console walk in Chromium starts from: the driver and its port, axe-core's source
/// (when installed) and the service; `None` when the browser is not installed and not required.
pub(crate) async fn walk() -> Option<(Driver, u16, Option<String>, crate::helpers::TestApp)> {
    let (driver, port) = start_driver().await?;
    let axe = crate::console::axe();
    Some((driver, port, axe, crate::helpers::TestApp::spawn().await))
}

/// chromedriver on a free port, once it answers; `None` when it is not installed and the
/// browser is not required.
pub(crate) async fn start_driver() -> Option<(Driver, u16)> {
    let driver = std::env::var("HOTLINE_CHROMEDRIVER").unwrap_or_else(|_| CHROMEDRIVER.into());
    if !std::path::Path::new(&driver).is_file() {
        assert!(
            std::env::var_os("HOTLINE_REQUIRE_BROWSER").is_none(),
            "HOTLINE_REQUIRE_BROWSER is set but {driver} is missing"
        );
        eprintln!("skipped: {driver} not installed (apt-get install chromium chromium-driver)");
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let guard = Driver(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some((guard, port));
        }
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

/// A headless Chromium session through chromedriver on `port`, with its own profile (kept
/// alive by the returned directory).
/// Click what `locator` finds, as a person would.
pub(crate) async fn click(
    browser: &fantoccini::Client,
    locator: Locator<'_>,
) -> Result<(), CmdError> {
    browser.find(locator).await?.click().await
}

/// Type `text` into the field `css` finds.
pub(crate) async fn type_into(
    browser: &fantoccini::Client,
    css: &str,
    text: &str,
) -> Result<(), CmdError> {
    browser.find(Locator::Css(css)).await?.send_keys(text).await
}

/// The text of what `css` finds, once the page shows it.
pub(crate) async fn text_once_shown(
    browser: &fantoccini::Client,
    css: &str,
) -> Result<String, CmdError> {
    browser
        .wait()
        .for_element(Locator::Css(css))
        .await?
        .text()
        .await
}

pub(crate) async fn open_browser(port: u16) -> (fantoccini::Client, tempfile::TempDir) {
    let profile = tempfile::tempdir().unwrap();
    let chromium = std::env::var("HOTLINE_CHROMIUM").unwrap_or_else(|_| CHROMIUM.into());
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync",
                     format!("--user-data-dir={}", profile.path().display())],
        }),
    );
    let browser = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session");
    (browser, profile)
}

#[actix_web::test]
async fn a_person_on_a_phone_reports_and_follows_up_in_a_real_browser() {
    let Some((_driver, port)) = start_driver().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let (browser, _profile) = open_browser(port).await;
    let outcome = async {
        // A phone's width.
        browser.set_window_size(390, 844).await?;
        browser.goto(&format!("{}/report", app.base)).await?;
        browser
            .find(Locator::Css("#province"))
            .await?
            .select_by_value("46")
            .await?;
        click(&browser, Locator::Css("button[type=submit]")).await?;
        let commune = browser.wait().for_element(Locator::Css("#commune")).await?;
        commune.select_by_value("19900").await?;
        click(
            &browser,
            Locator::Css("label[for=cat-online_sexual_exploitation]"),
        )
        .await?;
        type_into(
            &browser,
            "#narrative",
            "Có người lạ nhắn tin đe dọa em qua Zalo.",
        )
        .await?;
        type_into(&browser, "#urls", "https://zalo.me/g/xyz").await?;
        // Nothing is wider than the screen.
        let fits = browser
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth;",
                vec![],
            )
            .await?;
        assert_eq!(fits, json!(true), "the form scrolls sideways on a phone");
        click(
            &browser,
            Locator::XPath("//button[normalize-space()='Gửi thông báo']"),
        )
        .await?;
        let code = text_once_shown(&browser, "#tracking-code").await?;
        assert_eq!(code.trim().len(), 23, "{code}");

        browser.goto(&format!("{}/report/status", app.base)).await?;
        type_into(&browser, "#code", &code.to_lowercase()).await?;
        click(&browser, Locator::Css("button[type=submit]")).await?;
        let status = text_once_shown(&browser, "#status").await?;
        assert!(status.contains("Đã tiếp nhận"), "{status}");
        Ok::<_, fantoccini::error::CmdError>(code)
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("the browser went through the form");

    // What the browser sent became a case in the commune it chose.
    let op = app.operator().await;
    let list = app.get("/api/v1/cases", Some(&op)).await.body;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["commune_code"], 19900);
    assert_eq!(
        list["items"][0]["categories"],
        json!(["online_sexual_exploitation"])
    );
}
