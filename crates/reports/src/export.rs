//! The figures as files: CSV (UTF-8 with a byte-order mark, so that Excel reads Vietnamese
//! right) with the tables one after another, and XLSX with a sheet per table. Counts from 1
//! to 4 read "< 5" in both: a file leaves the service, and a small commune's child must not
//! be recognisable in it.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::figures::Figures;
use crate::table::{Cell, ColumnKind, Section, Shown, Table, WITHHELD};
use crate::ReportsError;

/// What an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.trim() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// The report's title, as every export and the printed report head it.
pub const REPORT_TITLE: &str = "BÁO CÁO SỐ LIỆU BẢO VỆ TRẺ EM";

/// What a reader of an exported file is told about the "< 5".
pub const SUPPRESSION_NOTE: &str = "Số từ 1 đến 4 được ghi là \"< 5\" để không thể nhận ra trẻ em ở địa bàn nhỏ; số ghi \"x\" được ẩn thêm để không thể suy ra số bị che từ tổng của hàng, của cột hay của bảng tổng hợp trong cùng tệp này. Việc ẩn số không bảo vệ được khi đối chiếu hai tệp có kỳ báo cáo chồng lên nhau (ví dụ tháng 1–6 và tháng 1–5 của cùng địa bàn): hiệu của hai tệp có thể lộ ra số nhỏ, vì vậy không công bố cả hai.";

/// The file's name: `so-lieu_<area code or vn>_<from>_<to>.<ext>`.
pub fn file_name(figures: &Figures, format: ExportFormat) -> String {
    let area = figures
        .area
        .code
        .map_or_else(|| "vn".to_owned(), |c| c.to_string());
    format!(
        "so-lieu_{area}_{}_{}.{}",
        figures.period.from,
        figures.period.to,
        format.code()
    )
}

/// The heading lines every export starts with.
fn heading(figures: &Figures) -> Vec<(String, String)> {
    vec![
        ("Báo cáo".into(), REPORT_TITLE.into()),
        ("Địa bàn".into(), figures.area.name.clone()),
        ("Kỳ báo cáo".into(), figures.period.name.clone()),
        (
            "Từ ngày – đến ngày".into(),
            format!(
                "{} – {}",
                figures.period.from.format("%d/%m/%Y"),
                figures.period.to.format("%d/%m/%Y")
            ),
        ),
        (
            "Số liệu tính đến".into(),
            hotline_domain::time::vietnam_date(figures.counted_at)
                .format("%d/%m/%Y")
                .to_string(),
        ),
        ("Ghi chú".into(), SUPPRESSION_NOTE.into()),
    ]
}

/// The sections that hold tables, numbered from 1 in the report's order (a body that reads
/// only its own work has one).
pub fn sections(figures: &Figures) -> Vec<(usize, Section)> {
    Section::ALL
        .iter()
        .filter(|s| figures.section(**s).next().is_some())
        .enumerate()
        .map(|(i, s)| (i + 1, *s))
        .collect()
}

/// Each table's number in the report: its section's, then its place in the section ("3.2").
pub fn numbered(figures: &Figures) -> Vec<(String, &Table)> {
    let mut out = Vec::new();
    for (s, section) in sections(figures) {
        for (t, table) in figures.section(section).enumerate() {
            out.push((format!("{s}.{}", t + 1), table));
        }
    }
    out
}

pub fn write(figures: &Figures, format: ExportFormat) -> Result<Vec<u8>, ReportsError> {
    match format {
        ExportFormat::Csv => csv_bytes(figures),
        ExportFormat::Xlsx => xlsx_bytes(figures).map_err(|e| ReportsError::Export(e.to_string())),
    }
}

/// A cell a spreadsheet reads as text, whatever it holds: one that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would be read as a formula (an agency's name is typed by
/// an administrator, and a formula can reach outside the file), so it gets a leading `'`.
pub fn csv_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

fn csv_bytes(figures: &Figures) -> Result<Vec<u8>, ReportsError> {
    let fail = |e: csv::Error| ReportsError::Export(e.to_string());
    // Rows differ in length (headings, then tables of their own widths).
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for (label, value) in heading(figures) {
        w.write_record([csv_cell(&label), csv_cell(&value)])
            .map_err(fail)?;
    }
    for (number, table) in numbered(figures) {
        w.write_record([""]).map_err(fail)?;
        w.write_record([format!("Bảng {number}"), csv_cell(table.title)])
            .map_err(fail)?;
        w.write_record(table.columns.iter().map(|c| csv_cell(c.label)))
            .map_err(fail)?;
        for row in table.printed_rows() {
            w.write_record(row.iter().map(|cell| csv_cell(cell)))
                .map_err(fail)?;
        }
    }
    w.into_inner()
        .map_err(|e| ReportsError::Export(e.to_string()))
}

/// A sheet's name: the table's number and as much of its title as Excel allows (31
/// characters, none of `[]:*?/\`).
pub fn sheet_name(number: &str, table: &Table) -> String {
    let title: String = table
        .title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .collect();
    format!("{number} {title}")
        .chars()
        .take(31)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

fn xlsx_bytes(figures: &Figures) -> Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold();
    let wrap_bold = Format::new().set_bold().set_text_wrap();
    let decimal = Format::new().set_num_format("0.0");
    let mut book = Workbook::new();
    let info = book.add_worksheet();
    info.set_name("Thông tin")?;
    info.set_column_width(0, 24)?;
    info.set_column_width(1, 80)?;
    for (r, (label, value)) in (0u32..).zip(heading(figures)) {
        info.write_string_with_format(r, 0, label, &bold)?;
        info.write_string(r, 1, value)?;
    }
    for (number, table) in numbered(figures) {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&number, table))?;
        sheet.write_string_with_format(0, 0, format!("Bảng {number}. {}", table.title), &bold)?;
        for (c, column) in (0u16..).zip(&table.columns) {
            sheet.write_string_with_format(2, c, column.label, &wrap_bold)?;
            let width = match column.kind {
                ColumnKind::Text => 40,
                ColumnKind::Code => 22,
                _ => 14,
            };
            sheet.set_column_width(c, width)?;
        }
        sheet.set_freeze_panes(3, 0)?;
        for ((r, row), shown) in (3u32..).zip(&table.rows).zip(table.shown()) {
            for ((c, cell), shown) in (0u16..).zip(row).zip(shown) {
                match (cell, shown) {
                    (Cell::Text(t), _) => {
                        sheet.write_string(r, c, t)?;
                    }
                    // A count hidden is text; anything else stays a number to add up.
                    (Cell::Count(n), Shown::Small) => {
                        sheet.write_string(r, c, crate::table::suppressed(*n))?;
                    }
                    (Cell::Count(_), Shown::Withheld) => {
                        sheet.write_string(r, c, WITHHELD)?;
                    }
                    (Cell::Count(n) | Cell::Amount(n), _) => {
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    (Cell::Measure(Some(v)), _) => {
                        sheet.write_number_with_format(r, c, *v, &decimal)?;
                    }
                    (Cell::Measure(None), _) => {
                        sheet.write_string(r, c, "–")?;
                    }
                }
            }
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn a_cell_that_would_be_a_formula_is_text() {
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-1+2",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_cell(formula), format!("'{formula}"));
        }
        for plain in ["Công an tỉnh", "< 5", "x", "12", "–", ""] {
            assert_eq!(csv_cell(plain), plain);
        }
    }
}
