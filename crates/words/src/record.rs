//! The printable case file, in the order of the Decree's forms (Mẫu 01 intake, 02
//! verification, 03 assessment, 04–05 plan and approval, 06 reviews, closure), then
//! referrals, deadlines and the timeline. Its labels are the case page's wherever both say
//! the same thing: a worker finds on paper the words of the form she filled.

pub const RECORD_TITLE: &str = "Hồ sơ vụ việc bảo vệ trẻ em";
pub const RECORD_NUMBER: &str = "Số hồ sơ";
pub const CONFIDENTIAL: &str = "MẬT – Thông tin bí mật đời sống riêng tư của trẻ em (Luật Trẻ em điều 21, 54; Nghị định 56/2017/NĐ-CP điều 33). Không sao chép, không chuyển cho người không có thẩm quyền.";
pub const PART_GENERAL: &str = "I. Thông tin chung";
pub const PART_INTAKE: &str = "II. Tiếp nhận thông tin, thông báo (Mẫu 01)";
pub const PART_STEPS: &str = "III. Hồ sơ các bước hỗ trợ, can thiệp (Mẫu 02 – 06)";
pub const PART_REFERRALS: &str = "IV. Chuyển tuyến";
pub const PART_PAPERS: &str = "V. Giấy tờ của hồ sơ";
pub const PART_DEADLINES: &str = "VI. Thời hạn";
pub const PART_TIMELINE: &str = "VII. Diễn biến";
pub const NO_STEP_YET: &str = "Chưa ghi hồ sơ bước nào.";
pub const STEPS_NOT_YOURS: &str =
    "Hồ sơ các bước công tác bảo vệ trẻ em không thuộc phạm vi được xem của người xuất hồ sơ này.";
pub const CLOSED_AT: &str = "Đóng hồ sơ lúc";

// The children and the reports
pub const ETHNICITY: &str = "Dân tộc";
pub const DISABILITY: &str = "Khuyết tật";
pub const RECEIVED_BY_CHANNEL: &str = "Kênh tiếp nhận";
pub const RECEIVED_MOMENT: &str = "Thời điểm nhận";
pub const RECORDED_BY: &str = "Người ghi nhận";
pub const INFORMANT: &str = "Người báo tin";
pub const INFORMANT_PHONE: &str = "Điện thoại người báo tin";
pub const ONLINE_URLS: &str = "Đường dẫn nội dung trên mạng";

// Referrals, deadlines, the timeline
pub const ACKNOWLEDGED_AT: &str = "Xác nhận lúc";
pub const MET_AT: &str = "Thực hiện lúc";
pub const BREACHED_AT: &str = "Quá hạn lúc";
pub const EVENT: &str = "Sự việc";
pub const NOTE: &str = "Ghi chú";

// The facts kept for the statistics
pub const STATISTICS: &str = "Thông tin phục vụ thống kê";
pub const STATISTICS_BASIS: &str = "Theo Thông tư 13/2021/TT-BLĐTBXH (chỉ tiêu 0101).";
pub const SETTING: &str = "Môi trường xảy ra";
pub const SEXUAL_SUBTYPES: &str = "Hình thức xâm hại tình dục";
pub const LEGAL_OUTCOME: &str = "Kết quả xử lý pháp luật";
pub const PERPETRATORS: &str = "Người có hành vi xâm hại";
pub const AGE_BAND: &str = "Độ tuổi";
pub const ADULT: &str = "Người thành niên";
pub const KNOWN_TO_POLICE: &str = "Công an đã biết";
pub const SERVICES_PROVIDED: &str = "Dịch vụ đã cung cấp";
pub const SERVICE: &str = "Dịch vụ";
pub const FOR_CHILD: &str = "Cho trẻ";
pub const PROVIDER: &str = "Đơn vị cung cấp";
pub const ALL_CHILDREN: &str = "Các trẻ trong vụ việc";

/// A report of the case, by its order: "Lần tiếp nhận 2".
pub fn intake_number(n: usize) -> String {
    format!("Lần tiếp nhận {n}")
}

/// A child without a name, by its order in the case: "Trẻ thứ 2".
pub fn nth_child(n: usize) -> String {
    format!("Trẻ thứ {n}")
}

/// An empty table: "Chuyển tuyến: không có."
pub fn none_in(caption: &str) -> String {
    format!("{caption}: không có.")
}

/// The file's title: "Hồ sơ vụ việc HUE-2026-000123".
pub fn record_title(case_number: &str) -> String {
    format!("Hồ sơ vụ việc {case_number}")
}

/// The foot of the file: who exported it and when.
pub fn exported_by(at: &str, by: &str) -> String {
    format!(
        "Xuất lúc {at} (giờ Việt Nam) bởi {by}. Việc xuất hồ sơ đã được ghi vào nhật ký truy cập."
    )
}

/// A step record's line under its title: its plan cycle (and review round), version, who
/// recorded it and when.
pub fn step_caption(cycle: i32, round: Option<i32>, version: i32, by: &str, at: &str) -> String {
    let round = round.map_or(String::new(), |r| format!(", lần rà soát {r}"));
    format!("Chu kỳ kế hoạch {cycle}{round}; phiên bản {version} do {by} ghi lúc {at}")
}

/// What a timeline event is called (the case file and the case page say it alike); an event
/// this catalogue does not know shows its code.
pub fn event_label(kind: &str) -> String {
    match kind {
        "opened" => "Tiếp nhận, mở hồ sơ".into(),
        "routed" => "Chuyển tuyến theo quy tắc".into(),
        "transition" => "Chuyển trạng thái".into(),
        "note" => "Ghi chú".into(),
        "manager" => "Phân công người quản lý trường hợp".into(),
        "step.saved" => "Ghi hồ sơ bước công tác".into(),
        "indicators.updated" => "Cập nhật thông tin thống kê".into(),
        "plan.submitted" => "Trình kế hoạch".into(),
        "plan.approved" => "Phê duyệt kế hoạch".into(),
        "plan.returned" => "Trả lại kế hoạch để chỉnh sửa".into(),
        "deadline.breached" => "Quá hạn, đã báo cáo cấp trên".into(),
        "duplicate_linked" => "Liên kết là bản trùng".into(),
        "duplicate_received" => "Nhận bản trùng".into(),
        "referral.created" => "Chuyển tuyến".into(),
        "referral.reassigned" => "Chuyển cơ quan khác".into(),
        "referral.escalated" => "Chuyển tuyến quá hạn, đã báo cáo".into(),
        "referral.acknowledge" => "Cơ quan xác nhận đã nhận".into(),
        "referral.accept" => "Cơ quan chấp nhận xử lý".into(),
        "referral.decline" => "Cơ quan từ chối".into(),
        "referral.complete" => "Cơ quan hoàn thành".into(),
        "hold_placed" => "Đặt lệnh giữ hồ sơ".into(),
        "hold_lifted" => "Gỡ lệnh giữ hồ sơ".into(),
        "corrected" => "Sửa thông tin cá nhân".into(),
        "erased" => "Xóa dữ liệu cá nhân".into(),
        "transfer_proposed" => "Đề nghị chuyển vụ việc".into(),
        "transfer_accepted" => "Nơi nhận tiếp nhận vụ việc".into(),
        "transfer_refused" => "Nơi nhận từ chối tiếp nhận".into(),
        "transfer_cancelled" => "Rút đề nghị chuyển vụ việc".into(),
        "transfer_escalated" => "Đề nghị chuyển quá hạn trả lời, đã báo cáo".into(),
        other => other.to_owned(),
    }
}

/// A service referral's consent as the case file prints it: who agreed, or why it went ahead
/// without.
pub fn consent_line(
    caregiver: Option<bool>,
    child: Option<bool>,
    override_reason: Option<&str>,
) -> String {
    let said = |b: Option<bool>| match b {
        Some(true) => "đồng ý",
        Some(false) => "không đồng ý",
        None => "không hỏi",
    };
    match override_reason {
        Some(reason) => format!("Thực hiện khi chưa có sự đồng ý; lý do: {reason}"),
        None => format!(
            "Cha mẹ hoặc người chăm sóc: {}; trẻ: {}",
            said(caregiver),
            said(child)
        ),
    }
}
