//! A register's rows, as text: the first sheet of an XLSX workbook, or a CSV file (`,` or `;`,
//! with or without a byte-order mark, as Excel writes them). Read within bounds, since a file
//! is no more trusted than a request.

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::ImportError;

/// The most rows a register may have (a province's years fit many times over).
pub const MAX_ROWS: usize = 200_000;
/// The most columns a row may have.
pub const MAX_COLUMNS: usize = 200;
/// The longest a cell may be, in characters.
pub const MAX_CELL_CHARS: usize = 20_000;

/// The header row and the rows under it, each cell trimmed text (empty when blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// Read `path` by its extension: `.xlsx` or `.csv`.
    pub fn read(path: &Path) -> Result<Sheet, ImportError> {
        let bad = |reason: String| ImportError::File {
            path: path.display().to_string(),
            reason,
        };
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let cells = match ext.as_deref() {
            Some("xlsx") => xlsx_cells(path).map_err(bad)?,
            Some("csv") => csv_cells(&std::fs::read(path)?).map_err(bad)?,
            _ => return Err(bad("only .xlsx and .csv files are read".into())),
        };
        Sheet::of(cells).map_err(bad)
    }

    /// The header row and the rows, bounded; blank rows dropped.
    fn of(cells: Vec<Vec<String>>) -> Result<Sheet, String> {
        let mut rows = cells.into_iter();
        let headers = rows.next().ok_or("the file is empty")?;
        if headers.iter().all(String::is_empty) {
            return Err("the first row holds no column names".into());
        }
        let rows: Vec<Vec<String>> = rows.filter(|r| r.iter().any(|c| !c.is_empty())).collect();
        if rows.len() > MAX_ROWS {
            return Err(format!("more than {MAX_ROWS} rows"));
        }
        Ok(Sheet { headers, rows })
    }

    /// Where the column named `header` is.
    pub fn position(&self, header: &str) -> Option<usize> {
        let wanted = header.trim();
        self.headers.iter().position(|h| h == wanted)
    }
}

/// A cell's text, within bounds.
fn cell(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.chars().count() > MAX_CELL_CHARS {
        return Err(format!("a cell is longer than {MAX_CELL_CHARS} characters"));
    }
    Ok(text.to_owned())
}

fn bounded_row(row: Vec<String>) -> Result<Vec<String>, String> {
    if row.len() > MAX_COLUMNS {
        return Err(format!("a row has more than {MAX_COLUMNS} columns"));
    }
    Ok(row)
}

fn csv_cells(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let commas = first_line.iter().filter(|b| **b == b',').count();
    let semicolons = first_line.iter().filter(|b| **b == b';').count();
    let delimiter = if semicolons > commas { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut cells = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i > MAX_ROWS {
            return Err(format!("more than {MAX_ROWS} rows"));
        }
        let record = record.map_err(|e| format!("not CSV text ({e})"))?;
        let row = record.iter().map(cell).collect::<Result<Vec<_>, _>>()?;
        cells.push(bounded_row(row)?);
    }
    Ok(cells)
}

fn xlsx_cells(path: &Path) -> Result<Vec<Vec<String>>, String> {
    let mut book: Xlsx<_> =
        open_workbook(path).map_err(|e| format!("not an XLSX workbook ({e})"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("the workbook has no sheet")?
        .map_err(|e| format!("the first sheet cannot be read ({e})"))?;
    let (height, width) = range.get_size();
    if height > MAX_ROWS + 1 {
        return Err(format!("more than {MAX_ROWS} rows"));
    }
    if width > MAX_COLUMNS {
        return Err(format!("a row has more than {MAX_COLUMNS} columns"));
    }
    range
        .rows()
        .map(|row| row.iter().map(xlsx_text).collect::<Result<Vec<_>, _>>())
        .collect()
}

/// A workbook cell as the register's text: whole numbers without `.0`, dates as
/// `YYYY-MM-DD HH:MM:SS` (one of the default date formats).
fn xlsx_text(data: &Data) -> Result<String, String> {
    match data {
        Data::Empty => Ok(String::new()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => cell(s),
        Data::Int(i) => Ok(i.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(format!("{f:.0}")),
        Data::Float(f) => Ok(f.to_string()),
        Data::Bool(b) => Ok(b.to_string()),
        Data::DateTime(d) => Ok(excel_date(d.as_f64())),
        Data::Error(e) => Err(format!("a cell holds a spreadsheet error ({e})")),
    }
}

/// An Excel serial date (days since 1899-12-30, the fraction the time of day).
fn excel_date(serial: f64) -> String {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|d| d.and_hms_opt(0, 0, 0));
    let seconds = (serial * 86_400.0).round() as i64;
    epoch
        .and_then(|e| e.checked_add_signed(chrono::Duration::seconds(seconds)))
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_as_excel_writes_it_is_read() {
        let text = "\u{feff}Số TT;Ngày tiếp nhận;Xã/phường\n1;05/03/2021;Thuận An\n\n2;\"06/03/2021\";\" Dương Nỗ \"\n";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("so-dang-ky.csv");
        std::fs::write(&path, text).unwrap();
        let sheet = Sheet::read(&path).unwrap();
        assert_eq!(sheet.headers, ["Số TT", "Ngày tiếp nhận", "Xã/phường"]);
        assert_eq!(sheet.rows.len(), 2, "the blank row is dropped");
        assert_eq!(sheet.rows[1], ["2", "06/03/2021", "Dương Nỗ"]);
        assert_eq!(sheet.position("Xã/phường"), Some(2));
    }

    #[test]
    fn an_xlsx_register_is_read_with_its_dates_and_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("so-dang-ky.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Số TT").unwrap();
        sheet.write_string(0, 1, "Ngày tiếp nhận").unwrap();
        sheet.write_string(0, 2, "Năm sinh").unwrap();
        sheet.write_number(1, 0, 17.0).unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 3, 5).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        sheet
            .write_datetime_with_format(1, 1, &date, &format)
            .unwrap();
        sheet.write_number(1, 2, 2012.0).unwrap();
        book.save(&path).unwrap();
        let read = Sheet::read(&path).unwrap();
        assert_eq!(read.rows, [["17", "2021-03-05 00:00:00", "2012"]]);
    }

    #[test]
    fn what_is_not_a_register_is_refused_with_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let say = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            Sheet::read(&path).unwrap_err().to_string()
        };
        assert!(say("a.txt", b"x").contains("only .xlsx and .csv"));
        assert!(say("a.xlsx", b"not a zip").contains("not an XLSX workbook"));
        assert!(say("empty.csv", b"").contains("empty"));
        let long = format!("h\n{}\n", "x".repeat(MAX_CELL_CHARS + 1));
        assert!(say("long.csv", long.as_bytes()).contains("longer than"));
        let wide = format!("{}\n", vec!["c"; MAX_COLUMNS + 1].join(","));
        assert!(say("wide.csv", wide.as_bytes()).contains("columns"));
    }
}
