//! An agency's referral inbox and what it does with a referral.

pub const INBOX_EMPTY: &str = "Không có chuyển tuyến nào gửi tới cơ quan của bạn.";
pub const ACKNOWLEDGE: &str = "Xác nhận đã nhận";
pub const ACCEPT: &str = "Nhận xử lý";
pub const DECLINE: &str = "Từ chối";
pub const DECLINE_REASON: &str = "Lý do từ chối";
pub const COMPLETE: &str = "Báo cáo hoàn thành";
pub const OUTCOME: &str = "Kết quả xử lý";
pub const DONE_ACKNOWLEDGED: &str = "Đã xác nhận nhận chuyển tuyến.";
pub const DONE_ACCEPTED: &str = "Đã nhận xử lý.";
pub const DONE_DECLINED: &str = "Đã từ chối; cơ quan điều phối sẽ phân công lại.";
pub const DONE_COMPLETED: &str = "Đã báo cáo hoàn thành.";

/// "40 chuyển tuyến, hạn gần nhất trước (giờ Việt Nam); trang 1/2."
pub fn referrals_counted(total: &i64, page: &i64, pages: &i64) -> String {
    if *pages > 1 {
        format!("{total} chuyển tuyến, hạn gần nhất trước (giờ Việt Nam); trang {page}/{pages}.")
    } else {
        format!("{total} chuyển tuyến, hạn gần nhất trước (giờ Việt Nam).")
    }
}
