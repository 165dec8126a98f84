//! Papers on a case: the case page's list and upload form, and the printed step forms that
//! come back signed.

pub const PAPERS: &str = "Giấy tờ của hồ sơ";
pub const PAPERS_CAPTION: &str = "Giấy tờ đã lưu trong hồ sơ";
pub const NO_PAPERS: &str = "Chưa có giấy tờ nào trong hồ sơ.";
pub const PAPER_TITLE: &str = "Tên giấy tờ";
pub const PAPER_KIND: &str = "Loại giấy tờ";
pub const PAPER_DATE: &str = "Ngày của giấy tờ";
pub const PAPER_ATTACHED_TO: &str = "Gắn với";
pub const PAPER_ADDED_BY: &str = "Người thêm";
pub const PAPER_SIZE: &str = "Dung lượng";
pub const PAPER_WHOLE_CASE: &str = "Hồ sơ vụ việc (chung)";
pub const PAPER_REFERRAL: &str = "Chuyển gửi";
pub const ADD_PAPER: &str = "Thêm giấy tờ (bản ký, quyết định, giấy tờ của cơ quan khác)";
pub const PAPER_FILE: &str = "Tệp (PDF, JPEG hoặc PNG)";
pub const PAPER_SCANNED: &str = "Đây là ảnh chụp hoặc ảnh quét của giấy tờ";
pub const SAVE_PAPER: &str = "Lưu giấy tờ";
pub const DONE_PAPER: &str = "Đã lưu giấy tờ vào hồ sơ.";
pub const PRINT_FORMS: &str = "In mẫu để ký";
pub const PAPER_RULES: &str = "Chỉ nhận tệp PDF, JPEG hoặc PNG. Ảnh chụp được xóa thông tin vị trí và thiết bị trước khi lưu. Hệ thống không lưu hình ảnh xâm hại: bằng chứng trên mạng chỉ ghi đường dẫn, tài khoản và mã băm; với vụ việc xâm hại tình dục, ảnh chỉ được nhận khi là ảnh chụp của giấy tờ.";

/// The most a paper may weigh, as the form says it.
pub fn paper_limit(max_bytes: u64) -> String {
    format!("Tối đa {} MB mỗi tệp.", max_bytes.div_ceil(1024 * 1024))
}

/// A file's size as people read it.
pub fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

// The printed step form.
pub const FORM_FOR_STEP: &str = "Mẫu in để ký";
pub const FORM_CASE: &str = "Vụ việc số";
pub const FORM_COMMUNE: &str = "Xã, phường";
pub const FORM_NOT_RECORDED: &str =
    "Bước này chưa được ghi trong hệ thống: ghi tay vào các dòng dưới đây.";
pub const FORM_HANDWRITTEN: &str = "Nội dung (ghi tay)";
pub const FORM_PREPARED_BY: &str = "Người lập biểu";
pub const FORM_APPROVED_BY: &str = "Chủ tịch (Phó Chủ tịch) UBND cấp xã";
pub const FORM_SIGN_NAME: &str = "(Ký, ghi rõ họ tên)";
pub const FORM_SIGN_SEAL: &str = "(Ký, ghi rõ họ tên, đóng dấu)";
pub const FORM_DATE_LINE: &str = "Ngày ..... tháng ..... năm ..........";
pub const FORM_PLAN_APPROVED: &str = "Phê duyệt kế hoạch hỗ trợ, can thiệp của vụ việc này.";

/// What the foot of every printed page says: where the signed scan goes back to.
pub fn form_return(case_number: &str, step: &str) -> String {
    format!(
        "Vụ việc {case_number} · {step} · Sau khi ký, quét và tải lên: Hồ sơ vụ việc → Giấy tờ → Gắn với “{step}”."
    )
}
