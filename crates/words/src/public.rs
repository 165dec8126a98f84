//! The public reporting form (/report): anyone may report, without an account or a name.
//! Sentences that hold a link are whole here, with their markup, so a translation keeps the
//! link where its own word order puts it (the pages render them unescaped; none holds what a
//! person typed).

pub const PUBLIC_SITE: &str = "Thông báo xâm hại trẻ em";
pub const PUBLIC_HEADING: &str = "Thông báo về trẻ em bị xâm hại";
pub const CALL_FIRST: &str = "Nếu trẻ đang gặp nguy hiểm ngay lúc này, hãy gọi <a href=\"tel:111\">111</a> hoặc <a href=\"tel:113\">113</a> trước.";
pub const CALL_NOW: &str = "Gặp nguy hiểm khẩn cấp? Gọi ngay <a href=\"tel:111\">Tổng đài 111</a> (miễn phí, 24/7) hoặc Công an <a href=\"tel:113\">113</a>.";

// Choosing the province
pub const CHOOSE_PROVINCE_TITLE: &str = "Chọn tỉnh, thành phố";
pub const NO_ACCOUNT_NEEDED: &str = "Bạn không cần đăng nhập, không cần cho biết tên. Thông tin được chuyển ngay tới đường dây nóng bảo vệ trẻ em và được giữ bí mật.";
pub const WHICH_PROVINCE: &str = "Việc xảy ra ở tỉnh, thành phố nào?";
pub const CHOOSE_PROVINCE: &str = "— Chọn tỉnh, thành phố —";
pub const CONTINUE: &str = "Tiếp tục";
pub const LOOK_UP_SENT: &str = "Tra cứu thông báo đã gửi bằng mã theo dõi";
pub const PROVINCE_MISSING: &str = "Vui lòng chọn tỉnh, thành phố.";

// The form
pub const REPORT_TITLE: &str = "Gửi thông báo";
pub const FIX_BEFORE_SENDING: &str = "Vui lòng sửa những chỗ sau";
pub const CHANGE_PROVINCE: &str = "đổi tỉnh, thành phố";
pub const COMMUNE_REQUIRED: &str = "Xã, phường (bắt buộc)";
pub const CHOOSE_COMMUNE_OPTION: &str = "— Chọn xã, phường —";
pub const PLACE_IF_KNOWN: &str = "Địa chỉ, địa điểm cụ thể (nếu biết)";
pub const WHAT_HAPPENED: &str = "Chuyện gì đã xảy ra?";
pub const PICK_ANY: &str = "Chọn một hoặc nhiều; không chắc thì bỏ qua.";
pub const IN_DANGER_NOW: &str = "Trẻ đang gặp nguy hiểm ngay lúc này";
pub const TELL_WHAT_HAPPENED: &str = "Kể lại sự việc";
pub const TELL_HOW: &str =
    "Ai, khi nào, ở đâu, điều gì đã xảy ra. Không gửi hình ảnh, video của trẻ.";
pub const ABOUT_THE_CHILD: &str = "Về trẻ (nếu biết)";
pub const NAME_OR_NICKNAME: &str = "Họ tên hoặc tên gọi";
pub const SEX_UNKNOWN_OPTION: &str = "— Không rõ —";
pub const IF_ONLINE: &str = "Nếu việc xảy ra trên mạng";
pub const NETWORK_OR_APP: &str = "Mạng xã hội, ứng dụng";
pub const CHOOSE_OPTION: &str = "— Chọn —";
pub const COPY_ADDRESSES: &str =
    "Sao chép địa chỉ bài đăng, trang cá nhân, nhóm hoặc video. Đừng tải lại hay chia sẻ nội dung.";
pub const OFFENDER_HANDLES: &str =
    "Tài khoản của người có hành vi xâm hại (mỗi dòng một tài khoản)";
pub const CONTENT_TYPES_HINT: &str = "Loại nội dung:";
pub const STILL_ONLINE_PUBLIC: &str = "Nội dung còn trên mạng không?";
pub const STILL_THERE: &str = "Còn";
pub const REMOVED: &str = "Đã bị gỡ";
pub const ABOUT_YOU: &str = "Về bạn (không bắt buộc)";
pub const WHY_ABOUT_YOU: &str =
    "Bạn có thể không để lại thông tin. Nếu để lại, đường dây nóng có thể liên hệ để hỏi thêm.";
pub const PHONE: &str = "Số điện thoại";
pub const YOUR_RELATION: &str = "Bạn là gì của trẻ?";
pub const PUBLIC_CONSENT: &str = "Tôi đồng ý để đường dây nóng lưu họ tên và số điện thoại của tôi. Nếu không đánh dấu, chúng sẽ không được lưu.";
pub const LEAVE_EMPTY: &str = "Để trống ô này";
pub const SEND_REPORT: &str = "Gửi thông báo";

/// The heading over a refused form's problems: "Vui lòng sửa 2 chỗ sau".
pub fn fix_count(count: usize) -> String {
    format!("Vui lòng sửa {count} chỗ sau")
}

// Problems, by the form's input they belong to
pub const COMMUNE_INPUT: &str = "Xã, phường";
pub const PLACE_INPUT: &str = "Địa điểm cụ thể";
pub const CHILD_NAME_INPUT: &str = "Họ tên của trẻ";
pub const CHILD_BIRTH_YEAR_INPUT: &str = "Năm sinh của trẻ";
pub const CHILD_SEX_INPUT: &str = "Giới tính của trẻ";
pub const URLS_INPUT: &str = "Đường dẫn";
pub const HANDLES_INPUT: &str = "Tài khoản người xâm hại";
pub const PLATFORM_INPUT: &str = "Mạng xã hội";
pub const YOUR_NAME_INPUT: &str = "Họ tên của bạn";
pub const REPORT_INPUT: &str = "Thông báo";
pub const NO_SUCH_COMMUNE: &str = "không tồn tại";
pub const NEEDS_YEAR: &str = "cần một năm, ví dụ 2012";
pub const SENT_FROM_ELSEWHERE: &str = "Biểu mẫu phải được gửi từ trang của đường dây nóng.";
pub const NOT_IN_FORM: &str = "không có trong biểu mẫu";
pub const SENT_TWICE: &str = "được gửi nhiều lần";
pub const REQUIRED: &str = "bắt buộc";
pub const INVALID: &str = "không hợp lệ";
pub const TOO_MANY_FIELDS: &str = "có quá nhiều trường";
pub const BAD_FIELD_NAME: &str = "có trường với tên không hợp lệ";
pub const UNREADABLE_FORM: &str = "không phải biểu mẫu đọc được";

/// Too many submissions or lookups from one address: when to come back ("45 giây", "12 phút").
pub fn come_back_in(secs: u64) -> String {
    let wait = if secs < 90 {
        format!("{secs} giây")
    } else {
        format!("{} phút", secs.div_ceil(60))
    };
    format!("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau {wait}.")
}

// Thanks
pub const RECEIVED_TITLE: &str = "Đã nhận thông báo";
pub const THANKS: &str = "Cảm ơn bạn. Thông báo đã được gửi.";
pub const WHAT_HAPPENS_NEXT: &str =
    "Đường dây nóng bảo vệ trẻ em đã nhận thông báo và sẽ chuyển tới cơ quan có trách nhiệm.";
pub const YOUR_CODE: &str = "Mã theo dõi của bạn:";
pub const KEEP_THE_CODE: &str = "<strong>Hãy ghi lại mã này.</strong> Mã chỉ hiện một lần; với mã này bạn có thể <a href=\"/report/status\">tra cứu tình trạng xử lý</a>. Chúng tôi không thể tìm lại mã cho bạn.";

// Looking up a report
pub const LOOKUP_TITLE: &str = "Tra cứu thông báo";
pub const LOOKUP_HEADING: &str = "Tra cứu thông báo đã gửi";
pub const STANDING_NOW: &str = "Tình trạng:";
pub const TRACKING_CODE: &str = "Mã theo dõi";
pub const NEW_REPORT: &str = "Gửi thông báo mới";
pub const AWAITING_VERIFICATION: &str = "Đã tiếp nhận, đang chờ xác minh";
pub const HANDLING_ENDED: &str = "Đã kết thúc xử lý";
pub const BEING_HANDLED: &str = "Đang được xử lý";
pub const NO_SUCH_CODE: &str = "Không tìm thấy thông báo với mã này. Hãy kiểm tra lại mã.";
