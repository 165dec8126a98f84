//! A person at the keyboard, for the browser tests: Tab until a field has the focus (and
//! fail when it is never reached), screenshots under `target/`, and the width check.

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};

pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const SPACE: &str = "\u{E00D}";

/// Press Tab until the element `css` names has the focus; at most `limit` presses.
pub async fn tab_to(browser: &Client, css: &str, limit: usize) -> Result<Element, CmdError> {
    let target = browser.find(Locator::Css(css)).await?;
    for _ in 0..limit {
        let focused = browser
            .execute(
                "return document.activeElement === arguments[0];",
                vec![serde_json::to_value(&target)?],
            )
            .await?;
        if focused == serde_json::json!(true) {
            return Ok(target);
        }
        browser.active_element().await?.send_keys(TAB).await?;
    }
    panic!("{css} not reached by keyboard in {limit} presses of Tab");
}

/// Type into whatever has the focus.
pub async fn type_keys(browser: &Client, keys: &str) -> Result<(), CmdError> {
    browser.active_element().await?.send_keys(keys).await
}

/// A screenshot of the page as it is, under `target/tmp/console-screens/`.
pub async fn shot(browser: &Client, name: &str) -> Result<(), CmdError> {
    let png = browser.screenshot().await?;
    std::fs::write(super::screens().join(name), png).unwrap();
    Ok(())
}

/// Nothing wider than the window.
pub async fn fits(browser: &Client) -> Result<bool, CmdError> {
    let v = browser
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await?;
    Ok(v == serde_json::json!(true))
}

/// The text of what `css` names now, or `None` while the page is changing (not there yet,
/// or found on the page just left).
async fn text_now(browser: &Client, css: &str) -> Option<String> {
    let el = browser.find(Locator::Css(css)).await.ok()?;
    el.text().await.ok()
}

/// Wait until the page's text holds `text` (after an htmx swap or a form's answer).
pub async fn wait_for_text(browser: &Client, css: &str, text: &str) -> Result<String, CmdError> {
    for _ in 0..150 {
        if let Some(got) = text_now(browser, css).await.filter(|t| t.contains(text)) {
            return Ok(got);
        }
        actix_rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let got = browser.find(Locator::Css(css)).await?.text().await?;
    panic!("{css} never showed {text:?}; it shows {got:?}");
}

/// Wait until what `css` names no longer reads `text` (the page after a form was sent).
pub async fn wait_until_not(browser: &Client, css: &str, text: &str) -> Result<String, CmdError> {
    for _ in 0..150 {
        if let Some(got) = text_now(browser, css).await.filter(|t| t != text) {
            return Ok(got);
        }
        actix_rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{css} still reads {text:?}");
}
