//! axe-core in the page, for the browser tests: the serious and critical violations of the
//! WCAG 2.1 AA rules on what the page shows now.

use fantoccini::error::CmdError;
use fantoccini::Client;

/// axe-core's script: `HOTLINE_AXE`, or where `.ci/run` installs it from the npm registry.
/// `None` (and the check skipped) only when no browser is required.
pub fn axe_source() -> Option<String> {
    let path = std::env::var("HOTLINE_AXE").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/axe/node_modules/axe-core/axe.min.js"
        )
        .into()
    });
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) => {
            assert!(
                std::env::var_os("HOTLINE_REQUIRE_BROWSER").is_none(),
                "HOTLINE_REQUIRE_BROWSER is set but axe-core is missing at {path} (npm install axe-core)"
            );
            eprintln!("axe-core not installed at {path}: accessibility not checked");
            None
        }
    }
}

/// The serious and critical violations on the page, one line each.
pub async fn violations(browser: &Client, axe: &str) -> Result<Vec<String>, CmdError> {
    browser
        .execute(&format!("{axe}\nreturn true;"), vec![])
        .await?;
    let result = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
                .then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await?;
    Ok(result
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

/// Bytes the page took over the wire: the document and everything it loaded, as encoded.
pub async fn page_bytes(browser: &Client) -> Result<u64, CmdError> {
    let v = browser
        .execute(
            "const nav = performance.getEntriesByType('navigation')[0];
             const res = performance.getEntriesByType('resource');
             return (nav ? nav.encodedBodySize : 0) + res.reduce((s, r) => s + r.encodedBodySize, 0);",
            vec![],
        )
        .await?;
    Ok(v.as_u64().unwrap_or(u64::MAX))
}
