//! Oversight: the dashboard, mail given up, case reads per user and the audit log.

use crate::chrome::grouped;

pub const MAIL_CAPTION: &str = "Thư đã thử gửi nhiều lần không thành công";
pub const MAIL_GIVEN_UP: &str = "Thư không gửi được";
pub const MAIL_QUEUED: &str = "Đã đưa thư vào hàng đợi để gửi lại.";
pub const NO_MAIL_GIVEN_UP: &str = "Không có thư nào bị bỏ dở.";
pub const RECIPIENT: &str = "Người nhận";
pub const CREATED_AT: &str = "Tạo lúc";
pub const GIVEN_UP_AT: &str = "Bỏ dở lúc";
pub const ATTEMPTS: &str = "Lần thử";
pub const LAST_ERROR: &str = "Lỗi cuối";
pub const RESEND: &str = "Gửi lại";

/// "120 mục, mới nhất trước." or, past the count's cap, "Từ 1.000 mục trở lên, mới nhất
/// trước."
pub fn entries_counted(total: &i64, exact: &bool) -> String {
    let n = grouped(usize::try_from(*total).unwrap_or_default());
    if *exact {
        format!("{n} mục, mới nhất trước.")
    } else {
        format!("Từ {n} mục trở lên, mới nhất trước.")
    }
}

pub const VERIFY_HEADING: &str = "Kiểm tra tính toàn vẹn của nhật ký";
pub const VERIFY_TITLE: &str = "Kiểm tra nhật ký";
pub const LOG_INTACT: &str = "Nhật ký toàn vẹn:";
pub const LOG_ALTERED: &str = "Nhật ký đã bị thay đổi hoặc thiếu mục.";
pub const FIRST_BAD_ENTRY: &str = "Mục đầu tiên không khớp: số";
pub const ENTRY_COUNT: &str = "Số mục";
pub const HEAD_HASH: &str = "Mã băm niêm phong cuối";
pub const SEALS: &str = "Dấu niêm phong";
pub const KEEP_HEAD_HASH: &str = "Hãy ghi lại mã băm niêm phong cuối ở nơi khác: lần kiểm tra sau có thể chứng minh nhật ký không bị cắt bớt.";
pub const BACK_TO_LOG: &str = "Về nhật ký truy cập";
pub const DASHBOARD_HEADING: &str = "Bảng điều hành giám sát";
pub const ACCESS_BY_USER: &str = "Truy cập theo người dùng";
pub const AUDIT_LOG: &str = "Nhật ký truy cập";
pub const OPEN_CASES: &str = "Vụ việc đang xử lý";
pub const NO_OPEN_CASES: &str = "Không có vụ việc đang mở.";
pub const BY_STATUS: &str = "Theo trạng thái";
pub const CASE_COUNT: &str = "Số vụ";
pub const OVERDUE_REFERRALS: &str = "Chuyển tuyến quá hạn xác nhận";
pub const BY_AGENCY: &str = "Theo cơ quan";
pub const BY_DEADLINE_KIND: &str = "Theo loại thời hạn";
pub const DEADLINES_PAST: &str = "Thời hạn đã qua, chưa thực hiện";
pub const BREACHES_THIS_MONTH: &str = "Vi phạm thời hạn trong tháng này";
pub const TIMES: &str = "Số lần";
pub const SEE_AND_RESEND: &str = "Xem và gửi lại";

/// "chuỗi băm của 120 mục khớp với 3 dấu niêm phong (đã niêm phong đến mục 118)."
pub fn chain_matches(entries: &i64, seals: &i64, sealed_through: &i64) -> String {
    format!(
        "chuỗi băm của {entries} mục khớp với {seals} dấu niêm phong (đã niêm phong đến mục {sealed_through})."
    )
}

pub const ACCESS_HEADING: &str = "Số lần xem vụ việc theo người dùng và ngày";
pub const DATES_WRONG: &str = "Khoảng ngày chưa đúng:";
pub const ACCESS_FROM: &str = "Từ ngày (mặc định: 6 ngày trước)";
pub const ACCESS_TO: &str = "Đến ngày (mặc định: hôm nay)";
pub const FLAGGED_DAYS: &str =
    "ngày bất thường (nhiều hơn hẳn mức thường ngày của người đó) được đánh dấu và xếp trước.";
pub const CASE_READS: &str = "Lượt xem vụ việc";
pub const READS: &str = "Lượt xem";
pub const USUAL: &str = "Mức thường ngày";
pub const ASSESSMENT: &str = "Đánh giá";
pub const UNUSUAL: &str = "Bất thường";
pub const USUAL_DAY: &str = "Bình thường";
pub const AUDIT_CASE_ID: &str = "Mã vụ việc (dấu vết của một vụ việc)";
pub const AUDIT_ACTOR: &str = "Người thực hiện (tên đăng nhập)";
pub const AUDIT_ACTION: &str = "Thao tác (ví dụ case.read)";
pub const LOOK_UP: &str = "Tra cứu";
pub const LOG_ENTRIES: &str = "Các mục nhật ký";
pub const ENTITY: &str = "Đối tượng";

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
