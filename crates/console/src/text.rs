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
