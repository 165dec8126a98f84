//! What the console says, in Vietnamese, in one place so that another language can follow.

pub const PRODUCT: &str = "Hệ thống quản lý ca bảo vệ trẻ em";
pub const SIGN_IN: &str = "Đăng nhập";
pub const SIGN_OUT: &str = "Đăng xuất";
pub const USERNAME: &str = "Tên đăng nhập";
pub const PASSWORD: &str = "Mật khẩu";
pub const BAD_CREDENTIALS: &str = "Tên đăng nhập hoặc mật khẩu không đúng.";
pub const SESSION_ENDED: &str =
    "Phiên làm việc đã hết hạn hoặc chưa đăng nhập. Vui lòng đăng nhập để tiếp tục.";
pub const PUBLIC_FORM: &str =
    "Bạn muốn thông báo một vụ việc xâm hại trẻ em? Dùng biểu mẫu công khai";
pub const TASKS: &str = "Việc cần làm";
pub const NO_TASKS: &str = "Không có việc nào quá hạn hoặc đến hạn trong 7 ngày tới.";
pub const OVERDUE: &str = "Quá hạn";
pub const DUE_SOON: &str = "Sắp đến hạn";
pub const CASE: &str = "Vụ việc";
pub const PRINT_RECORD: &str = "Xem hồ sơ để in";
pub const FORM_EXPIRED: &str =
    "Biểu mẫu đã hết hiệu lực (thiếu mã bảo vệ). Vui lòng tải lại trang và thử lại.";
pub const NOT_FOUND: &str = "Không tìm thấy trang hoặc vụ việc này trong phạm vi của bạn.";
pub const FORBIDDEN: &str = "Vai trò của bạn không được xem trang này.";
pub const UNAVAILABLE: &str = "Hệ thống đang bận. Vui lòng thử lại sau ít phút.";
pub const FAULT: &str = "Đã xảy ra lỗi hệ thống; sự cố đã được ghi lại.";
pub const TOO_MANY: &str = "Quá nhiều lần thử. Vui lòng chờ rồi thử lại.";
pub const SKIP_TO_CONTENT: &str = "Bỏ qua, đến nội dung chính";
pub const INBOX: &str = "Hộp chuyển tuyến";
pub const NEW_CALL: &str = "Tiếp nhận cuộc gọi";
pub const CASES: &str = "Vụ việc";
pub const OVERSIGHT: &str = "Giám sát";
pub const ADMIN: &str = "Quản trị";

/// What an audit action means, for the log's readers; the code is shown beside it.
pub fn action_label(action: &str) -> &'static str {
    match action {
        "case.read" => "Xem vụ việc",
        "case.list" => "Tìm, liệt kê vụ việc",
        "case.note" => "Thêm ghi chú",
        "case.transition" => "Chuyển trạng thái vụ việc",
        "case.record.export" => "Xuất hồ sơ vụ việc",
        "report.create" => "Ghi nhận tin báo",
        "intake.hints" => "Tra cứu trùng lặp khi tiếp nhận",
        "contact.lookup" => "Tra cứu liên hệ trước",
        "referral.move"
        | "referral.acknowledge"
        | "referral.accept"
        | "referral.decline"
        | "referral.complete" => "Xử lý chuyển tuyến",
        "auth.login" => "Đăng nhập",
        "auth.login_failed" => "Đăng nhập không thành công",
        "audit.query" => "Tra cứu nhật ký",
        "audit.verify" => "Kiểm tra tính toàn vẹn nhật ký",
        "audit.summary" => "Xem thống kê truy cập",
        "audit.export" => "Xuất nhật ký",
        "oversight.dashboard" => "Xem bảng điều hành",
        "notification.list" => "Xem thư điện tử",
        "notification.resend" => "Gửi lại thư điện tử",
        _ => "Thao tác khác",
    }
}
