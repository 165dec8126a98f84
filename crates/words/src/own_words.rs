//! No template or page module says anything of its own: a word written there would escape a
//! translation and drift from the same word on another page.

use std::path::{Path, PathBuf};

/// Letters only Vietnamese writes.
fn vietnamese(c: char) -> bool {
    "ạảãàáâậầấẩẫăắằặẳẵêềếệểễôồốộổỗơờớợởỡưừứựửữđĐìíịỉĩòóọỏõùúụủũỳýỵỷỹèéẹẻẽ".contains(c)
        || "ẠẢÃÀÁÂẬẦẤẨẪĂẮẰẶẲẴÊỀẾỆỂỄÔỒỐỘỔỖƠỜỚỢỞỠƯỪỨỰỬỮÌÍỊỈĨÒÓỌỎÕÙÚỤỦŨỲÝỴỶỸÈÉẸẺẼ".contains(c)
}

fn crates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file under `dir` (recursively) whose name ends with `ext`.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.to_string_lossy().ends_with(ext) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The lines of `path` that write Vietnamese. In Rust, comments and the tests at the end of a
/// module may (a test's data is a person's words); the code may not.
fn offending_lines(path: &Path) -> Vec<String> {
    let body = std::fs::read_to_string(path).unwrap();
    let rust = path.extension().is_some_and(|e| e == "rs");
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        if rust && line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        if rust && line.trim_start().starts_with("//") {
            continue;
        }
        if line.chars().any(vietnamese) {
            out.push(format!("{}:{}", path.display(), n + 1));
        }
    }
    out
}

#[test]
fn templates_and_pages_take_every_word_from_the_catalogue() {
    let root = crates();
    let mut checked = Vec::new();
    for templates in ["console/templates", "public/templates", "cases/templates"] {
        checked.extend(files(&root.join(templates), ".html"));
    }
    for pages in ["console/src", "public/src", "cases/src/record"] {
        checked.extend(files(&root.join(pages), ".rs"));
    }
    assert!(checked.len() > 40, "the pages were not found: {checked:?}");
    let offenders: Vec<String> = checked.iter().flat_map(|p| offending_lines(p)).collect();
    assert!(
        offenders.is_empty(),
        "words outside the catalogue (crates/words): {offenders:?}"
    );
}

#[test]
fn the_check_sees_a_word_in_code_and_not_in_a_comment() {
    let dir = std::env::temp_dir().join(format!("own-words-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("page.rs");
    std::fs::write(
        &file,
        "// Mẫu 01\nlet a = \"Lưu\";\n#[cfg(test)]\nmod tests { const X: &str = \"Lưu\"; }\n",
    )
    .unwrap();
    let found = offending_lines(&file);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with(":2"), "{found:?}");
}
