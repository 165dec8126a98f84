//! Rows of a past register held for the department to place: their commune of before 2025
//! was divided between several communes of today.

pub const HELD_ROWS: &str = "Sổ cũ chờ xếp xã";
pub const HELD_HELP: &str = "Các dòng sổ đăng ký cũ dưới đây ghi một xã, phường trước sắp xếp năm 2025 đã được chia cho nhiều xã, phường mới. Đọc địa chỉ, chọn xã, phường hiện nay của trẻ rồi bấm Xếp: vụ việc được nhập vào xã, phường đó, giữ ngày và tình trạng như trong sổ.";
pub const NO_HELD_ROWS: &str = "Không có dòng nào chờ xếp xã.";
pub const REGISTER_ROW: &str = "Sổ, dòng";
pub const OLD_COMMUNE: &str = "Xã, phường trước sắp xếp";
pub const REGISTER_ADDRESS: &str = "Địa chỉ trong sổ";
pub const NO_ADDRESS: &str = "(sổ không ghi)";
pub const PLACE_IN: &str = "Xếp vào xã, phường";
pub const PLACE_ROW: &str = "Xếp";

/// "vn-111-so-2024, số 17 (dòng 18)": the register, the row's key in it, its line.
pub fn register_row(source_key: &str, line: i32) -> String {
    match source_key.rsplit_once(':') {
        Some((register, key)) => format!("{register}, số {key} (dòng {line})"),
        None => format!("{source_key} (dòng {line})"),
    }
}

/// "Vụ việc 46-2022-000123 đã được nhập vào xã, phường đã chọn."
pub fn placed(number: &str) -> String {
    format!("Vụ việc {number} đã được nhập vào xã, phường đã chọn.")
}

/// "Đang hiện 200 trong 340 dòng chờ, dòng cũ nhất trước."
pub fn held_shown(shown: usize, total: i64) -> String {
    format!("Đang hiện {shown} trong {total} dòng chờ, dòng cũ nhất trước.")
}
