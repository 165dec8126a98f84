//! The figures, the printed report in the administrative layout, and the plan's activities.

pub const FIGURES_HEADING: &str = "Số liệu thống kê";
pub const PERIOD_KIND: &str = "Kỳ số liệu";
pub const DAY_IN_PERIOD: &str = "Ngày thuộc kỳ (bỏ trống: hôm nay)";
pub const PERIOD_FROM: &str = "Từ ngày (khi tự chọn)";
pub const PERIOD_TO: &str = "Đến ngày (khi tự chọn)";
pub const SHOW_FIGURES: &str = "Xem số liệu";
pub const PERIOD_WRONG: &str = "Chưa xem được số liệu, cần sửa:";
pub const DOWNLOAD_CSV: &str = "Tải về CSV";
pub const DOWNLOAD_XLSX: &str = "Tải về Excel (XLSX)";
pub const PRINTABLE: &str = "Bản in báo cáo";
pub const EXACT_ON_SCREEN: &str = "Trên màn hình là số chính xác của địa bàn bạn phụ trách. Bản tải về và bản in ghi \"< 5\" cho các số từ 1 đến 4 để không thể nhận ra trẻ em ở địa bàn nhỏ, và ghi \"x\" cho số được ẩn thêm để không suy ra được số bị che từ tổng.";
pub const TABLE: &str = "Bảng";
pub const CUSTOM_PERIOD: &str = "Tự chọn khoảng ngày";
pub const FIGURE_DOWNLOADS: &str = "Tải về và in";
/// The calendar presets, as the period picker offers them.
pub const CALENDAR_PRESETS: [(&str, &str); 4] = [
    ("month", "Tháng"),
    ("quarter", "Quý"),
    ("half_year", "6 tháng"),
    ("year", "Năm"),
];
pub const REPORT: &str = "BÁO CÁO";
pub const REPORT_SUBJECT: &str = "Số liệu bảo vệ trẻ em, phòng, chống xâm hại trẻ em";
pub const REPORT_NUMBER: &str = "Số: ....../BC";
pub const REPORT_PERIOD: &str = "Kỳ báo cáo";
pub const PREPARED_BY: &str = "NGƯỜI LẬP BIỂU";
pub const SIGN_NAME: &str = "(Ký, ghi rõ họ tên)";
pub const HEAD_OF_AGENCY: &str = "THỦ TRƯỞNG CƠ QUAN";
pub const SIGN_SEAL: &str = "(Ký tên, đóng dấu)";
pub const RECIPIENTS: &str = "Nơi nhận:";
pub const RECIPIENT_COMMITTEE: &str = "- Ủy ban nhân dân tỉnh;";
pub const RECIPIENT_FILE: &str = "- Lưu: VT.";
pub const PRINT_HOW: &str = "Dùng lệnh In của trình duyệt (Ctrl+P) để in hoặc lưu thành PDF.";
pub const BACK_TO_FIGURES: &str = "Quay lại trang số liệu";
pub const REPORTS_DUE: &str = "Báo cáo theo kế hoạch sắp đến hạn";
pub const ACTIVITIES_HEADING: &str = "Hoạt động thực hiện kế hoạch";
pub const RECORD_ACTIVITY: &str = "Ghi nhận hoạt động";
pub const ACTIVITY_SAVED: &str = "Đã ghi nhận hoạt động.";
pub const ACTIVITY_ITEM: &str = "Nội dung của kế hoạch";
pub const ACTIVITY_ITEM_SHORT: &str = "Mục";
pub const ACTIVITY_KIND: &str = "Hình thức";
pub const ACTIVITY_DAY: &str = "Ngày thực hiện";
pub const ACTIVITY_TITLE: &str = "Tên hoạt động";
pub const ACTIVITY_TITLE_HELP: &str =
    "Ví dụ: Sinh hoạt dưới cờ về an toàn trên mạng tại Trường THCS Nguyễn Tri Phương.";
pub const ACTIVITY_AUDIENCE: &str = "Đối tượng";
pub const ACTIVITY_QUANTITY: &str = "Số lượng";
pub const ACTIVITY_QUANTITY_HELP: &str = "Số buổi, số bài, số tin đăng, số trang đã rà soát…";
pub const ACTIVITY_REACH: &str = "Số người tham dự hoặc lượt xem";
pub const ACTIVITY_COMMUNE: &str = "Xã, phường nơi thực hiện";
pub const ACTIVITY_COMMUNE_CODE: &str = "Mã xã, phường nơi thực hiện";
pub const ACTIVITY_LINK: &str = "Đường dẫn (bài viết, tin đăng)";
pub const WHOLE_PROVINCE: &str = "Toàn tỉnh";
pub const AUDIENCE_UNSTATED: &str = "Không ghi";
pub const ACTIVITIES_OF_AGENCY: &str = "Hoạt động của đơn vị";
pub const ACTIVITIES_OF_PLACE: &str = "Hoạt động của các cơ quan trên địa bàn";
pub const SHOW_ACTIVITIES: &str = "Xem danh sách";
pub const NO_ACTIVITIES: &str = "Chưa có hoạt động nào được ghi nhận trong kỳ này.";
pub const ACTIVITIES_TABLE: &str = "Các hoạt động đã ghi nhận, mới nhất trước";
pub const ACTIVITIES_TRUNCATED: &str =
    "Chỉ hiện 500 hoạt động mới nhất; chọn kỳ ngắn hơn để xem đủ.";
pub const WHOLE_NUMBER: &str = "cần một số nguyên";

/// "Báo cáo năm … năm 2026: hạn 30/11/2026, còn 5 ngày".
pub fn report_due(name: &str, year: i32, due: &str, days_left: i64) -> String {
    match days_left {
        0 => format!("{name} năm {year}: hạn hôm nay {due}"),
        n => format!("{name} năm {year}: hạn {due}, còn {n} ngày"),
    }
}

/// "Từ ngày 01/11/2026 đến ngày 30/11/2026".
pub fn period_days(from: &str, to: &str) -> String {
    format!("Từ ngày {from} đến ngày {to}")
}

/// The place and date line of an administrative document: "Thành phố Huế, ngày 30 tháng 11
/// năm 2026".
pub fn place_and_date(place: &str, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{place}, ngày {:02} tháng {:02} năm {}",
        date.day(),
        date.month(),
        date.year()
    )
}

/// A section's number in the printed report: I, II, III ...
pub fn roman(n: &usize) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
        .get(n.saturating_sub(1))
        .copied()
        .unwrap_or("")
}
