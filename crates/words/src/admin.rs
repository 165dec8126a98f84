//! Administration: accounts, agencies, routing rules and holidays.

pub const NEVER_SIGNED_IN: &str = "Chưa đăng nhập";
pub const NATIONWIDE_AREA: &str = "Toàn quốc";
pub const COMMUNE_LEVEL: &str = "cấp xã";
pub const PROVINCE_LEVEL: &str = "cấp tỉnh";
pub const DONE_DEACTIVATED: &str =
    "Đã khóa tài khoản; mọi phiên làm việc của tài khoản đã kết thúc.";
pub const DONE_REACTIVATED: &str = "Đã mở lại tài khoản.";
pub const DONE_UNLOCKED: &str = "Đã gỡ khóa đăng nhập sai nhiều lần.";

/// An agency's area: a commune, a province, or the country.
pub fn area(province: Option<i32>, commune: Option<i32>) -> String {
    match (province, commune) {
        (_, Some(c)) => format!("Xã, phường {c}"),
        (Some(p), None) => format!("Tỉnh, thành phố {p}"),
        (None, None) => NATIONWIDE_AREA.into(),
    }
}

/// "Đã lưu thông tin cơ quan hue-police."
pub fn agency_saved(code: &str) -> String {
    format!("Đã lưu thông tin cơ quan {code}.")
}

/// What a risk rule decides: "Nguy cơ: Cao".
pub fn risk_result(risk: &str) -> String {
    format!("Nguy cơ: {risk}")
}

pub const RULES_HEADING: &str = "Quy tắc chuyển tuyến và ngày nghỉ";
pub const ROUTING_RULES_CAPTION: &str = "Quy tắc chuyển tuyến, theo thứ tự áp dụng";
pub const RISK_RULES_CAPTION: &str = "Quy tắc phân loại nguy cơ";
pub const RULES_TITLE: &str = "Quy tắc chuyển tuyến";
pub const RULES_READ_ONLY: &str = "Chỉ xem. Quy tắc lấy từ";
pub const RULES_HOLIDAYS_FROM: &str = ", ngày nghỉ từ";
pub const RISK_RULES: &str = "Phân loại nguy cơ";
pub const REFER_TO: &str = "Chuyển đến";
pub const DAYS_OFF: &str = "Ngày nghỉ lễ, nghỉ bù";
pub const WORKING_WEEKENDS: &str = "Ngày làm bù (cuối tuần đi làm)";
pub const AGENCIES_UNIT: &str = "cơ quan";
pub const AGENCIES_HELP_1: &str = "Cơ quan, loại và địa bàn lấy từ tệp cấu hình";
pub const AGENCIES_HELP_2: &str = "(quy tắc chuyển tuyến dựa vào đó). Tên và địa chỉ thư điện tử nhận thông báo sửa được tại đây; đã sửa ở đây thì tệp cấu hình không ghi đè nữa.";
pub const EDITED_HERE: &str = "(đã sửa tại đây)";
pub const NOT_YET: &str = "Chưa có";
pub const EDIT_AGENCY: &str = "Sửa cơ quan";
pub const AGENCY_EMAIL_LABEL: &str = "Thư điện tử nhận thông báo chuyển tuyến";
pub const AGENCY_NAME: &str = "Tên cơ quan";
pub const AGENCY_EMAIL_HELP: &str =
    "Để trống nếu cơ quan không nhận thư; khi đó thông báo chỉ hiện trong hộp việc trên hệ thống.";
pub const ACCOUNTS_UNIT: &str = "tài khoản";
pub const ROLE: &str = "Vai trò";
pub const DEACTIVATED: &str = "Đã khóa";
pub const IN_USE: &str = "Đang hoạt động";
pub const DEACTIVATE: &str = "Khóa";
pub const NO_AGENCY_ADMIN_ONLY: &str = "(không – chỉ cho quản trị)";
pub const EMAIL_FOR_NOTICES: &str = "Thư điện tử (nhận thông báo)";
pub const LAST_SIGN_IN: &str = "Đăng nhập gần nhất";
pub const PASSWORD_SHOWN_ONCE: &str = "(chỉ hiện một lần, hãy trao tận tay người dùng):";
pub const ACCOUNT_NOT_CREATED: &str = "Chưa tạo được tài khoản:";
pub const PASSWORD_GENERATED: &str = "Mật khẩu được tạo ngẫu nhiên và hiện một lần sau khi lưu.";
pub const NEW_PASSWORD_OF: &str = "Mật khẩu mới của";
pub const LOCKED_OUT: &str = "Tạm khóa (sai mật khẩu)";
pub const ACCOUNTS_HEADING: &str = "Tài khoản người dùng";
pub const UNLOCK: &str = "Gỡ tạm khóa";
pub const DEACTIVATE_ACCOUNT: &str = "Khóa tài khoản";
pub const REACTIVATE_ACCOUNT: &str = "Mở lại tài khoản";
pub const RESET_PASSWORD: &str = "Đặt lại mật khẩu";
pub const ADD_ACCOUNT: &str = "Thêm tài khoản";
pub const REACTIVATE: &str = "Mở lại";

pub const WEBHOOKS_LINK: &str = "Webhook";
pub const WEBHOOKS_HEADING: &str = "Thông báo tự động cho ứng dụng (webhook)";
pub const WEBHOOK_SUBSCRIPTIONS: &str = "Địa chỉ đã đăng ký";
pub const WEBHOOK_SUBSCRIPTIONS_CAPTION: &str = "Ứng dụng và địa chỉ nhận thông báo, cũ nhất trước";
pub const NO_WEBHOOK_SUBSCRIPTIONS: &str = "Chưa ứng dụng nào đăng ký nhận thông báo.";
pub const WEBHOOK_CLIENT: &str = "Ứng dụng";
pub const WEBHOOK_ADDRESS: &str = "Địa chỉ nhận";
pub const WEBHOOK_EVENTS: &str = "Sự kiện";
pub const WEBHOOKS_GIVEN_UP: &str = "Thông báo không gửi được";
pub const WEBHOOKS_GIVEN_UP_CAPTION: &str =
    "Thông báo đã thử gửi suốt một ngày không thành công, mới nhất trước";
pub const NO_WEBHOOKS_GIVEN_UP: &str = "Không có thông báo nào bị bỏ dở.";
pub const WEBHOOK_EVENT: &str = "Sự kiện";
pub const WEBHOOK_CASE: &str = "Mã vụ việc (id)";
pub const WEBHOOK_REPLAYED: &str =
    "Đã đưa thông báo vào hàng đợi để gửi lại; nếu vẫn lỗi, sẽ thử lại thêm một ngày.";
