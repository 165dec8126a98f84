//! Every page: the product's name, signing in, the navigation, the errors, the words a table
//! or a form anywhere uses (yes, no, status, save), and how numbers and times read.

use chrono::{DateTime, NaiveDate, Utc};

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
pub const CASE: &str = "Vụ việc";
pub const FORM_EXPIRED: &str =
    "Biểu mẫu đã hết hiệu lực (thiếu mã bảo vệ). Vui lòng tải lại trang và thử lại.";
pub const FORM_REFUSED: &str =
    "Biểu mẫu gửi lên không đúng với biểu mẫu của trang nên chưa được lưu. Vui lòng tải lại trang và nhập lại.";
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
pub const MAIN_NAV: &str = "Điều hướng chính";
pub const ACCOUNTS_LINK: &str = "Tài khoản";
pub const AGENCIES_LINK: &str = "Cơ quan";
pub const RULES_LINK: &str = "Quy tắc chuyển tuyến, ngày nghỉ";
pub const STANDING: &str = "Tình trạng";
pub const TASK: &str = "Việc";
pub const DUE: &str = "Hạn";
pub const PAGES: &str = "Trang";
pub const PREVIOUS_PAGE: &str = "← Trang trước";
pub const NEXT_PAGE: &str = "Trang sau →";
pub const NOT_DONE: &str = "Chưa thực hiện được:";
pub const STATUS: &str = "Trạng thái";
pub const RISK: &str = "Mức độ nguy cơ";
pub const ACK_DUE: &str = "Hạn xác nhận";
pub const REFERRAL_REASON: &str = "Lý do chuyển";
pub const CATEGORY: &str = "Loại hành vi";
pub const TO_DAY: &str = "Đến ngày";
pub const CASE_NUMBER: &str = "Số vụ việc";
pub const ALL: &str = "Tất cả";
pub const EMERGENCY: &str = "Khẩn cấp";
pub const DASHBOARD: &str = "Bảng điều hành";
pub const KIND: &str = "Loại";
pub const OPEN: &str = "Mở";
pub const ACTIONS: &str = "Thao tác";
pub const BIRTH_OR_AGE: &str = "Ngày sinh / tuổi";
pub const RECEIVED_AT: &str = "Tiếp nhận lúc";
pub const ABUSE_TYPE: &str = "Loại xâm hại";
pub const PLACE: &str = "Nơi xảy ra";
pub const SEX: &str = "Giới tính";
pub const TIMELINE: &str = "Diễn biến";
pub const FULL_NAME: &str = "Họ tên";
pub const CONTENT: &str = "Nội dung";
pub const DESCRIPTION: &str = "Mô tả";
pub const SUMMARY: &str = "Tóm tắt";
pub const NARRATIVE: &str = "Nội dung sự việc";
pub const PROVINCE: &str = "Tỉnh, thành phố";
pub const RELATION: &str = "Quan hệ với trẻ";
pub const CONTACT_TYPE: &str = "Loại liên hệ";
pub const BIRTH_YEAR: &str = "Năm sinh";
pub const UNKNOWN: &str = "Không rõ";
pub const NATIONWIDE: &str = "Cả nước";
pub const CHILDREN: &str = "Trẻ em";
pub const CHANNEL: &str = "Kênh";
pub const OTHER: &str = "Khác";
pub const NOT_ASSESSED: &str = "Chưa đánh giá";
pub const NAME_UNKNOWN: &str = "(chưa rõ tên)";
pub const SYSTEM: &str = "Hệ thống";
pub const SINCE: &str = "từ";
pub const CHILD: &str = "Trẻ em";
pub const FIGURES: &str = "Số liệu";
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const NATION_MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
pub const ACTIVITIES: &str = "Hoạt động";

/// A count as Vietnamese writes it: thousands grouped by dots ("100.000").
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// What was wrong with a form refused before it was read through.
pub fn form_refusal(refusal: &hotline_http::form::Refusal) -> String {
    use hotline_http::form::Refusal;
    match refusal {
        Refusal::NotAForm => "Nội dung gửi lên không phải là một biểu mẫu.".to_owned(),
        Refusal::TooLarge => "Biểu mẫu quá lớn.".to_owned(),
        Refusal::Unreadable => "Không đọc được biểu mẫu (kết nối bị gián đoạn).".to_owned(),
        Refusal::TooManyFields => "Biểu mẫu có quá nhiều trường.".to_owned(),
        Refusal::BadName => "Biểu mẫu có trường với tên không hợp lệ.".to_owned(),
        Refusal::Unknown(name) => format!("Trường «{name}» không có trong biểu mẫu này."),
        Refusal::Repeated(name) => format!("Trường «{name}» được gửi nhiều lần."),
        Refusal::Missing(name) => format!("Thiếu trường «{name}»."),
        Refusal::Invalid(Some(name)) => format!("Giá trị của trường «{name}» không hợp lệ."),
        Refusal::Invalid(None) => "Biểu mẫu có giá trị không hợp lệ.".to_owned(),
    }
}

/// The title of an error page: "Lỗi 404".
pub fn error_title(status: u16) -> String {
    format!("Lỗi {status}")
}

/// Time to a deadline, or past it: "còn 2 giờ 5 phút", "quá hạn 40 phút".
pub fn time_left(minutes: i64, late: bool) -> String {
    let span = match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} phút"),
        (h, 0) => format!("{h} giờ"),
        (h, m) => format!("{h} giờ {m} phút"),
    };
    if late {
        format!("quá hạn {span}")
    } else {
        format!("còn {span}")
    }
}

pub const AGENCY: &str = "Cơ quan";
pub const NUMBER: &str = "Số";
pub const NONE: &str = "Không có.";
pub const DEADLINE: &str = "Thời hạn";
pub const DAY: &str = "Ngày";
pub const SHOW: &str = "Xem";
pub const USER: &str = "Người dùng";
pub const ACTOR: &str = "Người thực hiện";
pub const FROM_DAY: &str = "Từ ngày";
pub const AT: &str = "Thời điểm";
pub const DETAIL: &str = "Chi tiết";
pub const CODE: &str = "Mã";
pub const REFERRALS: &str = "Chuyển tuyến";
pub const REASON: &str = "Lý do";
pub const RESULT: &str = "Kết quả";
pub const YES: &str = "Có";
pub const NO: &str = "Không";
pub const EDIT: &str = "Sửa";
pub const NAME: &str = "Tên";
pub const AREA: &str = "Địa bàn";
pub const EMAIL: &str = "Thư điện tử";
pub const ACTIVE: &str = "Hoạt động";
pub const SAVE: &str = "Lưu";
pub const NOT_SAVED: &str = "Chưa lưu được:";
pub const BACK_TO_LIST: &str = "Quay lại danh sách";
pub const LIST: &str = "Danh sách";

/// A moment in Vietnam's time, as a document writes it: "08:15 ngày 30/11/2026".
pub fn moment(t: DateTime<Utc>) -> String {
    t.with_timezone(&hotline_domain::time::vietnam())
        .format("%H:%M ngày %d/%m/%Y")
        .to_string()
}

/// A day as Vietnamese writes it: "30/11/2026".
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// How old a child is, as far as is known: the date of birth, else the year, else the
/// estimate ("khoảng 12 tuổi").
pub fn born(date_of_birth: Option<NaiveDate>, year: Option<i32>, estimate: Option<i32>) -> String {
    match (date_of_birth, year, estimate) {
        (Some(d), _, _) => date(d),
        (None, Some(y), _) => y.to_string(),
        (None, None, Some(a)) => format!("khoảng {a} tuổi"),
        (None, None, None) => String::new(),
    }
}
