//! The problems of an import, written beside its input as `FILE.errors.csv`: one line a
//! problem (`row`, `column`, `reason`), so the province corrects its register and runs the
//! import again. A cell that a spreadsheet would read as a formula is quoted with `'`.

use std::path::{Path, PathBuf};

use crate::rows::RowProblem;
use crate::ImportError;

/// Where the problems of `input` are written.
pub fn path_for(input: &Path) -> PathBuf {
    let mut name = input.as_os_str().to_owned();
    name.push(".errors.csv");
    PathBuf::from(name)
}

/// Write `problems` to `path` (replacing what an earlier run left).
pub fn write(path: &Path, problems: &[RowProblem]) -> Result<(), ImportError> {
    let bad = |e: csv::Error| ImportError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut out = csv::Writer::from_path(path).map_err(bad)?;
    out.write_record(["row", "column", "reason"]).map_err(bad)?;
    for p in problems {
        let row = p.row.to_string();
        out.write_record([row.as_str(), &inert(&p.column), &inert(&p.reason)])
            .map_err(bad)?;
    }
    out.flush()?;
    Ok(())
}

/// A cell no spreadsheet runs as a formula.
fn inert(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_written_beside_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("so.xlsx");
        let path = path_for(&input);
        assert_eq!(path, dir.path().join("so.xlsx.errors.csv"));
        let problems = [
            RowProblem {
                row: 3,
                column: "Ngày tiếp nhận".into(),
                reason: "«32/13/2020» không đúng dạng ngày".into(),
            },
            RowProblem {
                row: 9,
                column: "=HYPERLINK(1)".into(),
                reason: "x".into(),
            },
        ];
        write(&path, &problems).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "row,column,reason\n3,Ngày tiếp nhận,«32/13/2020» không đúng dạng ngày\n9,'=HYPERLINK(1),x\n"
        );
    }
}
