//! A person at the keyboard, for the browser tests: Tab until a field has the focus (and
//! fail when it is never reached), screenshots under `target/`, and the width check.

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};

pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const SPACE: &str = "\u{E00D}";

/// Whether `e` says an element is gone from the page: a swap (htmx) replaced it between
/// finding it and using it, and finding it again is the answer.
fn stale(e: &CmdError) -> bool {
    matches!(e, CmdError::Standard(w) if w.error == fantoccini::error::ErrorStatus::StaleElementReference)
}

/// Press Tab until the element `css` names has the focus; at most `limit` presses. The
/// element is found again at each press, since the page may swap it meanwhile.
pub async fn tab_to(browser: &Client, css: &str, limit: usize) -> Result<Element, CmdError> {
    for _ in 0..limit {
        let target = browser.find(Locator::Css(css)).await?;
        let focused = browser
            .execute(
                "return document.activeElement === arguments[0];",
                vec![serde_json::to_value(&target)?],
            )
            .await;
        match focused {
            Ok(serde_json::Value::Bool(true)) => return Ok(target),
            Ok(_) => {}
            Err(e) if stale(&e) => continue,
            Err(e) => return Err(e),
        }
        match browser.active_element().await?.send_keys(TAB).await {
            Err(e) if stale(&e) => continue,
            other => other?,
        }
    }
    panic!("{css} not reached by keyboard in {limit} presses of Tab");
}

/// Type into whatever has the focus (found again if the page swapped it meanwhile).
pub async fn type_keys(browser: &Client, keys: &str) -> Result<(), CmdError> {
    match browser.active_element().await?.send_keys(keys).await {
        Err(e) if stale(&e) => browser.active_element().await?.send_keys(keys).await,
        other => other,
    }
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
