//! The case page: the case, its referrals, notes, status moves and plan decisions.

pub const PRINT_RECORD: &str = "Xem hồ sơ để in";
pub const RECORD_DUPLICATE_OF: &str = "Ghi nhận vụ này trùng với";
pub const EVIDENCE_CAPTION: &str = "Đường dẫn, tài khoản, mã tệp đã ghi nhận (không lưu hình ảnh)";
pub const REFER_OR_HAND_ON: &str = "Chuyển tuyến thêm hoặc chuyển sang cơ quan khác";
pub const REPLACES_REFERRAL: &str = "Thay cho chuyển tuyến (không bắt buộc)";
pub const YES_EMERGENCY_12H: &str = "Có (biện pháp khẩn cấp trong 12 giờ)";
pub const MAY_DUPLICATE_OTHER: &str = "Có thể trùng với vụ việc khác";
pub const REFERRED_AGENCY: &str = "Cơ quan được chuyển tuyến";
pub const NO_CHILD_DETAILS: &str = "Chưa có thông tin về trẻ.";
pub const CASE_TRAIL: &str = "Dấu vết truy cập vụ việc";
pub const NOTE_OPTIONAL: &str = "Ghi chú (không bắt buộc)";
pub const CHILDREN_IN_CASE: &str = "Trẻ em trong vụ việc";
pub const RETURN_FOR_CHANGES: &str = "Trả lại để chỉnh sửa";
pub const ONLINE_EVIDENCE: &str = "Bằng chứng trên mạng";
pub const MOVE_CASE_TO: &str = "Chuyển vụ việc sang";
pub const NONE_ADD_ONE: &str = "Không – chuyển thêm";
pub const APPROVE_PLAN: &str = "Phê duyệt kế hoạch";
pub const NOT_REFERRED: &str = "Chưa chuyển tuyến.";
pub const CHANGE_STATUS: &str = "Chuyển trạng thái";
pub const RETURN_REASON: &str = "Lý do trả lại";
pub const ADD_NOTE: &str = "Thêm ghi chú";
pub const RECORDED_AT: &str = "Ghi nhận lúc";
pub const RECEIVED_AT_TIME: &str = "Đã nhận lúc";
pub const PLATFORM: &str = "Nền tảng";
pub const VALUE: &str = "Giá trị";
pub const DONE_MOVED: &str = "Đã chuyển trạng thái vụ việc.";
pub const DONE_STEP: &str = "Đã lưu hồ sơ của bước này.";
pub const DONE_SUBMITTED: &str = "Đã lưu và trình kế hoạch để Chủ tịch UBND cấp xã phê duyệt.";
pub const DONE_LINKED: &str = "Đã ghi nhận vụ việc này là trùng lặp.";
pub const DONE_REFERRED: &str = "Đã chuyển tuyến thêm.";
pub const DONE_NOTE: &str = "Đã thêm ghi chú.";
pub const DONE_APPROVED: &str = "Đã phê duyệt kế hoạch.";
pub const DONE_RETURNED: &str = "Đã trả lại kế hoạch để chỉnh sửa.";

/// One action of an approved plan: "what – who (service, hạn 01/12/2026)".
pub fn plan_action(what: &str, who: &str, service: &str, due: &str) -> String {
    format!("{what} – {who} ({service}, hạn {due})")
}

pub const CONSENT_FOR_SERVICE: &str = "Sự đồng ý (khi chuyển tới dịch vụ)";
pub const CONSENT_WHY: &str = "Chuyển tới cơ sở y tế, hỗ trợ tâm lý, trợ giúp pháp lý, nơi tạm lánh hoặc cơ sở ngoài công lập cần sự đồng ý của cha mẹ hoặc người chăm sóc và của trẻ từ đủ 7 tuổi, hoặc lý do theo quy định của pháp luật để thực hiện khi chưa có sự đồng ý. Báo công an, Ủy ban nhân dân xã và cơ quan bảo vệ trẻ em không cần.";
pub const CONSENT_CAREGIVER: &str = "Cha mẹ hoặc người chăm sóc đồng ý";
pub const CONSENT_CHILD: &str = "Trẻ đồng ý (trẻ từ đủ 7 tuổi)";
pub const CONSENT_OVERRIDE: &str = "Hoặc lý do thực hiện khi chưa có sự đồng ý";
pub const REFERRAL_CONSENT: &str = "Sự đồng ý";

/// "Vụ việc nhập từ sổ đăng ký cũ (hue-2021:17), ngày 07/12/2026 13:30."
pub fn imported_from(source_key: &str, at: &str) -> String {
    format!("Vụ việc nhập từ sổ đăng ký cũ ({source_key}), ngày {at}.")
}
