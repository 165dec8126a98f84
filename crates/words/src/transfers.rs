//! Transfers of a case to another commune: the case page's box, the transfers page, and what
//! a side that no longer (or not yet) holds a case is told.

pub const TRANSFERS: &str = "Chuyển vụ việc";
pub const TRANSFER_CASE: &str = "Chuyển vụ việc đến xã, phường khác";
pub const TRANSFER_HELP: &str = "Khi trẻ chuyển đến sống ở xã, phường khác (trong hay ngoài tỉnh), đề nghị nơi đó tiếp nhận vụ việc. Vụ việc giữ nguyên số, các thời hạn tiếp tục tính; nơi nhận trả lời trong thời hạn như một chuyển tuyến.";
pub const TRANSFER_PROVINCE: &str = "Tỉnh, thành phố nơi nhận";
pub const TRANSFER_COMMUNE: &str = "Xã, phường nơi nhận (tên hoặc mã)";
pub const TRANSFER_REASON: &str = "Lý do chuyển";
pub const PROPOSE_TRANSFER: &str = "Gửi đề nghị chuyển";
pub const TRANSFER_WAITING: &str = "Đề nghị chuyển đang chờ trả lời";
pub const INCOMING: &str = "Đề nghị chuyển đến đơn vị";
pub const OUTGOING: &str = "Đề nghị chuyển đi";
pub const NO_INCOMING: &str = "Không có đề nghị chuyển nào đến đơn vị.";
pub const NO_OUTGOING: &str = "Đơn vị chưa đề nghị chuyển vụ việc nào.";
pub const FROM_TO: &str = "Từ → đến";
pub const PROPOSED: &str = "Đề nghị";
pub const ANSWER_DUE: &str = "Hạn trả lời";
pub const ANSWER: &str = "Trả lời";
pub const ANSWER_REASON: &str = "Lý do (bắt buộc khi từ chối)";
pub const ACCEPT_TRANSFER: &str = "Tiếp nhận";
pub const REFUSE_TRANSFER: &str = "Từ chối";
pub const CANCEL_TRANSFER: &str = "Rút đề nghị";
pub const ESCALATED: &str = "đã quá hạn, đã báo cáo";
pub const DONE_PROPOSED: &str = "Đã gửi đề nghị chuyển vụ việc; nơi nhận được báo qua thư điện tử.";
pub const DONE_TRANSFER_ACCEPTED: &str =
    "Đã tiếp nhận vụ việc. Hãy phân công người quản lý trường hợp.";
pub const DONE_TRANSFER_REFUSED: &str = "Đã từ chối tiếp nhận; nơi chuyển được báo.";
pub const DONE_TRANSFER_CANCELLED: &str = "Đã rút đề nghị chuyển vụ việc.";
pub const SIGHT_HANDED_ON: &str = "Vụ việc đã chuyển cho nơi khác. Đơn vị chỉ xem lại những gì đã làm đến lúc chuyển; không ghi thêm được.";
pub const SIGHT_OFFERED: &str = "Vụ việc đang được đề nghị chuyển đến đơn vị. Xem để quyết định tiếp nhận hay từ chối; chưa ghi được gì vào vụ việc.";

/// "Phường Thuận An → Phường Ba Đình"
pub fn from_to(from: &str, to: &str) -> String {
    format!("{from} → {to}")
}

/// What a commune typed names: none, or several (listed with their codes).
pub fn commune_not_found(typed: &str) -> String {
    format!("Không tìm thấy xã, phường “{typed}” ở tỉnh đã chọn; gõ tên đầy đủ hoặc mã xã.")
}

pub fn communes_to_choose(found: &[(i32, String)]) -> String {
    let listed: Vec<String> = found
        .iter()
        .map(|(code, name)| format!("{name} (mã {code})"))
        .collect();
    format!(
        "Có nhiều xã, phường khớp: {}. Gõ tên đầy đủ hoặc mã xã.",
        listed.join("; ")
    )
}
