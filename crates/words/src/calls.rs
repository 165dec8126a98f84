//! Logging a call or report (Mẫu 01) and what the operator sees beside it.

pub const CHOOSE_COMMUNE: &str = "Chọn xã, phường";
pub const NO_HINTS: &str = "Chưa thấy vụ việc trùng hoặc liên hệ trước từ số này.";
pub const MAY_DUPLICATE: &str = "Có thể trùng với vụ việc đang mở:";
pub const CALLED_BEFORE: &str = "Số hoặc tài khoản này đã liên hệ trước đây:";
pub const ANOTHER_CHILD: &str = "Thêm trẻ thứ";
pub const CHILD_NAME: &str = "Họ tên trẻ";
pub const NO_CONSENT_HASHES: &str = "Không có đồng ý, số và tài khoản chỉ được giữ dưới dạng mã băm để nhận ra lần liên hệ sau, không lưu nguyên văn.";
pub const EMERGENCY_EXPLAINED: &str =
    ": tính mạng, sức khỏe của trẻ bị đe dọa (biện pháp khẩn cấp trong 12 giờ)";
pub const HINTS_APPEAR: &str = "Xuất hiện khi nhập số điện thoại, đường dẫn, tài khoản hoặc trẻ.";
pub const FILE_HASHES: &str = "SHA-256 của tệp (mỗi dòng một mã; không tải tệp lên)";
pub const RISK_BLANK_TRIAGE: &str = "Mức độ nguy cơ (bỏ trống để hệ thống phân loại)";
pub const CONSENT: &str = "Người báo tin đồng ý cho lưu thông tin cá nhân";
pub const HANDLES_ONE_PER_LINE: &str = "Tài khoản đối tượng (mỗi dòng một tài khoản)";
pub const COMMUNE_TYPED: &str = "Xã, phường (gõ tên, có hoặc không dấu)";
pub const CALL_HEADING: &str = "Tiếp nhận cuộc gọi, tin báo (Mẫu 01)";
pub const HINTS_HEADING: &str = "Vụ việc có thể trùng, liên hệ trước";
pub const PLACE_DETAIL: &str = "Địa chỉ cụ thể (thôn, tổ, trường…)";
pub const URLS_ONE_PER_LINE: &str = "Đường dẫn (mỗi dòng một đường dẫn)";
pub const RECEIVED_AT_BLANK_NOW: &str = "Thời điểm nhận (bỏ trống: bây giờ)";
pub const CATEGORIES_PICK: &str = "Loại hành vi (chọn một hoặc nhiều)";
pub const HANDLE: &str = "Tài khoản (Zalo, Facebook…)";
pub const CALLER: &str = "Người gọi, người báo tin";
pub const NOT_SAVED_FIX: &str = "Chưa lưu được, cần sửa:";
pub const STILL_ONLINE_Q: &str = "Nội dung còn trên mạng?";
pub const CALLER_PHONE: &str = "Số điện thoại gọi đến";
pub const CALLER_TYPE: &str = "Người gọi là";
pub const CALLER_SEX: &str = "Giới tính người gọi";
pub const CALLER_AGE: &str = "Độ tuổi người gọi";
pub const INFORMANT_NAME: &str = "Họ tên người báo tin";
pub const SAVE_AND_ROUTE: &str = "Lưu và chuyển tuyến";
pub const SYSTEM_TRIAGES: &str = "Hệ thống phân loại";
pub const ABUSE: &str = "Hành vi xâm hại";
pub const FIND_COMMUNE: &str = "Tìm xã, phường";
pub const CHILD_WHERE_NOW: &str = "Trẻ đang ở đâu";
pub const CONTENT_TYPES: &str = "Loại nội dung";
pub const AGE_ESTIMATE: &str = "Tuổi ước đoán";
pub const TAKEN_DOWN: &str = "Đã gỡ";
pub const MANY_COMMUNES: &str =
    "Có nhiều xã, phường hợp với tên đã nhập: hãy chọn một trong danh sách.";
pub const NEEDS_DATE_TIME: &str = "cần ngày giờ, ví dụ 2026-11-30T08:15";
pub const DONE_ROUTED: &str =
    "Đã lưu và chuyển tuyến vụ việc. Các cơ quan dưới đây đã được thông báo.";

/// A possible duplicate beside a call: what it shares with it.
pub fn duplicate_of(shared: &str) -> String {
    format!("trùng {shared}")
}

/// What is missing from a number field: "cần một số, ví dụ 2012".
pub fn needs_number(example: &str) -> String {
    format!("cần một số, ví dụ {example}")
}

/// After a contact that opened no case: "Đã ghi nhận cuộc liên hệ: Tư vấn."
pub fn contact_logged(kind: &str) -> String {
    format!("Đã ghi nhận cuộc liên hệ: {kind}.")
}

/// What a possible duplicate shares with a report, by the match's code.
pub fn matched_on(kind: &str) -> &'static str {
    match kind {
        "url" => "đường dẫn",
        "file_sha256" => "tệp (SHA-256)",
        "handle" => "tài khoản đối tượng",
        "child" => "trẻ (họ tên, năm sinh, xã)",
        _ => "thông tin khác",
    }
}

pub const COMMUNE_EXAMPLE: &str = "Ví dụ: “ba dinh”.";
