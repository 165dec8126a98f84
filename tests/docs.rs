//! The README and the documents under `docs/`: the README stays short, and every link in them
//! leads somewhere (a file of the repository, and a heading of it when it names one).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn documents() -> Vec<PathBuf> {
    let mut docs = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs")).expect("docs/ exists") {
        let path = entry.expect("a readable entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            docs.push(path);
        }
    }
    docs
}

/// A heading as a link names it: lower case, words joined by `-`, punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .trim_start_matches('#')
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The targets of the Markdown links of `text` (`[words](target)`).
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        if let Some(end) = rest.find(')') {
            found.push(rest[..end].to_owned());
        }
    }
    found
}

#[test]
fn the_readme_is_short() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let lines = readme.lines().count();
    assert!(
        lines <= 150,
        "README.md has {lines} lines: the rest belongs under docs/"
    );
}

#[test]
fn every_link_in_the_readme_and_docs_resolves() {
    let mut broken = Vec::new();
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).expect("a readable document");
        let base = doc.parent().unwrap_or(Path::new("."));
        for link in links(&text) {
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            let (path, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = match path {
                "" => doc.clone(),
                p => base.join(p),
            };
            if !target.exists() {
                broken.push(format!("{}: {link}", doc.display()));
                continue;
            }
            if !anchor.is_empty() {
                let headings: Vec<String> = std::fs::read_to_string(&target)
                    .unwrap_or_default()
                    .lines()
                    .filter(|l| l.starts_with('#'))
                    .map(slug)
                    .collect();
                if !headings.iter().any(|h| h == anchor) {
                    broken.push(format!("{}: {link} (no such heading)", doc.display()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that lead nowhere:\n{}",
        broken.join("\n")
    );
}

#[test]
fn every_alert_names_a_runbook_that_is_there() {
    let rules = std::fs::read_to_string(root().join("deploy/prometheus/hotline-alerts.yml"))
        .expect("the alerting rules");
    let runbooks = std::fs::read_to_string(root().join("docs/RUNBOOKS.md")).expect("RUNBOOKS.md");
    let headings: Vec<String> = runbooks
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(slug)
        .collect();
    let alerts = rules.matches("- alert:").count();
    let named: Vec<&str> = rules
        .lines()
        .filter_map(|l| l.trim().strip_prefix("runbook: \"docs/RUNBOOKS.md#"))
        .map(|rest| rest.trim_end_matches('"'))
        .collect();
    assert_eq!(named.len(), alerts, "every alert names its runbook");
    let missing: Vec<&&str> = named
        .iter()
        .filter(|a| !headings.iter().any(|h| h == *a))
        .collect();
    assert!(missing.is_empty(), "runbooks missing: {missing:?}");
}

/// Every Rust file under `dir`, recursively.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable directory") {
        let path = entry.expect("a readable entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_source_file_is_over_500_lines_but_the_tables_the_code_map_names() {
    let map = std::fs::read_to_string(root().join("docs/CODE.md")).expect("docs/CODE.md");
    let mut files = Vec::new();
    for dir in ["src", "crates", "tests", "bench"] {
        rust_files(&root().join(dir), &mut files);
    }
    assert!(files.len() > 100, "the sources were not found");
    let mut long = Vec::new();
    for file in files {
        let lines = std::fs::read_to_string(&file)
            .expect("a source")
            .lines()
            .count();
        let name = file
            .strip_prefix(root())
            .expect("under the root")
            .display()
            .to_string();
        if lines > 500 && !map.contains(&format!("`{name}`")) {
            long.push(format!("{name}: {lines}"));
        }
    }
    assert!(
        long.is_empty(),
        "over 500 lines and not a table named in docs/CODE.md: {long:?}"
    );
}
