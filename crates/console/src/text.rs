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

// Every page
pub const MAIN_NAV: &str = "Điều hướng chính";

// The administrator's pages
pub const ACCOUNTS_LINK: &str = "Tài khoản";
pub const AGENCIES_LINK: &str = "Cơ quan";
pub const RULES_LINK: &str = "Quy tắc chuyển tuyến, ngày nghỉ";

// Tasks
pub const CASE_STATUS: &str = "Trạng thái vụ việc";
pub const STANDING: &str = "Tình trạng";
pub const TASK: &str = "Việc";
pub const DUE: &str = "Hạn";

// Logging a call
pub const CHOOSE_COMMUNE: &str = "Chọn xã, phường";

// Logging a call
pub const NO_HINTS: &str = "Chưa thấy vụ việc trùng hoặc liên hệ trước từ số này.";
pub const MAY_DUPLICATE: &str = "Có thể trùng với vụ việc đang mở:";
pub const CALLED_BEFORE: &str = "Số hoặc tài khoản này đã liên hệ trước đây:";

// The referral inbox
pub const PAGES: &str = "Trang";
pub const PREVIOUS_PAGE: &str = "← Trang trước";
pub const NEXT_PAGE: &str = "Trang sau →";
pub const NOT_DONE: &str = "Chưa thực hiện được:";
pub const INBOX_EMPTY: &str = "Không có chuyển tuyến nào gửi tới cơ quan của bạn.";
pub const STATUS: &str = "Trạng thái";
pub const RISK: &str = "Mức độ nguy cơ";
pub const ACK_DUE: &str = "Hạn xác nhận";
pub const REFERRAL_REASON: &str = "Lý do chuyển";

// The case list
pub const FILTER_WRONG: &str = "Bộ lọc chưa đúng:";
pub const SEARCH_LABEL: &str = "Tìm (số vụ việc, tên trẻ, địa danh; không cần dấu)";
pub const CATEGORY: &str = "Loại hành vi";
pub const RECEIVED_FROM: &str = "Tiếp nhận từ ngày";
pub const RECEIVED_TO: &str = "Đến ngày";
pub const FIND_CASES: &str = "Tìm vụ việc";
pub const CLEAR_FILTERS: &str = "Xóa bộ lọc";
pub const CASES_IN_SCOPE: &str = "Vụ việc trong phạm vi của bạn";
pub const CASE_NUMBER: &str = "Số vụ việc";
pub const ALL: &str = "Tất cả";
pub const RISK_SHORT: &str = "Nguy cơ";
pub const RECEIVED: &str = "Tiếp nhận";
pub const UPDATED: &str = "Cập nhật";
pub const EMERGENCY: &str = "Khẩn cấp";

// Mails given up
pub const MAIL_CAPTION: &str = "Thư đã thử gửi nhiều lần không thành công";
pub const MAIL_GIVEN_UP: &str = "Thư không gửi được";
pub const DASHBOARD: &str = "Bảng điều hành";
pub const MAIL_QUEUED: &str = "Đã đưa thư vào hàng đợi để gửi lại.";
pub const NO_MAIL_GIVEN_UP: &str = "Không có thư nào bị bỏ dở.";
pub const KIND: &str = "Loại";
pub const OPEN: &str = "Mở";
pub const RECIPIENT: &str = "Người nhận";
pub const CREATED_AT: &str = "Tạo lúc";
pub const GIVEN_UP_AT: &str = "Bỏ dở lúc";
pub const ATTEMPTS: &str = "Lần thử";
pub const LAST_ERROR: &str = "Lỗi cuối";
pub const ACTIONS: &str = "Thao tác";
pub const RESEND: &str = "Gửi lại";

/// "120 vụ việc, trang 2/6." (references: what templates pass)
pub fn cases_counted(total: &i64, page: &i64, pages: &i64) -> String {
    if *pages > 1 {
        format!("{total} vụ việc, trang {page}/{pages}.")
    } else {
        format!("{total} vụ việc.")
    }
}

/// "40 chuyển tuyến, hạn gần nhất trước (giờ Việt Nam); trang 1/2."
pub fn referrals_counted(total: &i64, page: &i64, pages: &i64) -> String {
    if *pages > 1 {
        format!("{total} chuyển tuyến, hạn gần nhất trước (giờ Việt Nam); trang {page}/{pages}.")
    } else {
        format!("{total} chuyển tuyến, hạn gần nhất trước (giờ Việt Nam).")
    }
}

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
