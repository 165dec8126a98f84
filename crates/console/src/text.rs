//! What the console says, in Vietnamese, in one place so that another language can follow:
//! every word a page shows is a constant here, and every sentence that carries a number is a
//! function here (word order and number grouping belong to the language). A test keeps the
//! templates free of words of their own. The vocabulary of codes (statuses, categories, roles)
//! is the domain's `label_vi`, and the messages of the rules are raised by the operations that
//! apply them, for the API and the console alike.

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
pub const TO_DAY: &str = "Đến ngày";
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

// The case page
pub const RECORD_DUPLICATE_OF: &str = "Ghi nhận vụ này trùng với";
pub const EVIDENCE_CAPTION: &str = "Đường dẫn, tài khoản, mã tệp đã ghi nhận (không lưu hình ảnh)";
pub const REFER_OR_HAND_ON: &str = "Chuyển tuyến thêm hoặc chuyển sang cơ quan khác";
pub const REPLACES_REFERRAL: &str = "Thay cho chuyển tuyến (không bắt buộc)";
pub const YES_EMERGENCY_12H: &str = "Có (biện pháp khẩn cấp trong 12 giờ)";
pub const PLAN_FORM_04: &str = "Kế hoạch hỗ trợ, can thiệp (Mẫu 04)";
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
pub const NEXT_REVIEW: &str = "Rà soát tiếp theo";
pub const BIRTH_OR_AGE: &str = "Ngày sinh / tuổi";
pub const RETURN_REASON: &str = "Lý do trả lại";
pub const RECEIVED_AT: &str = "Tiếp nhận lúc";
pub const ADD_NOTE: &str = "Thêm ghi chú";
pub const ABUSE_TYPE: &str = "Loại xâm hại";
pub const RECORDED_AT: &str = "Ghi nhận lúc";
pub const RECEIVED_AT_TIME: &str = "Đã nhận lúc";
pub const PLACE: &str = "Nơi xảy ra";
pub const SEX: &str = "Giới tính";
pub const TIMELINE: &str = "Diễn biến";
pub const GOALS: &str = "Mục tiêu";
pub const PLATFORM: &str = "Nền tảng";
pub const VALUE: &str = "Giá trị";
pub const FULL_NAME: &str = "Họ tên";

// The Decree 56 step forms
pub const HARM_LEVEL: &str = "Mức độ tổn hại";
pub const OFFENDER_ACCESS: &str = "Khả năng người gây hại tiếp cận trẻ";
pub const CARE_SETTING: &str = "Môi trường chăm sóc";
pub const CHILD_SELF_PROTECTION: &str = "Khả năng tự bảo vệ của trẻ";
pub const CONFIRMED_Q: &str = "Xác minh có đúng như tin báo?";
pub const CHILD_SAFETY_NOW: &str = "Tình trạng an toàn của trẻ hiện nay";
pub const GROUNDS: &str = "Căn cứ";
pub const RISK_INITIAL: &str = "Mức độ nguy cơ ban đầu";
pub const CONTENT: &str = "Nội dung";
pub const MEASURE: &str = "Biện pháp";
pub const DONE_AT: &str = "Thời điểm thực hiện";
pub const DONE_BY: &str = "Người, cơ quan thực hiện";
pub const PHYSICAL_STATE: &str = "Tình trạng thể chất";
pub const PSYCHOLOGICAL_STATE: &str = "Tình trạng tâm lý";
pub const CAREGIVER: &str = "Người chăm sóc";
pub const CAREGIVER_PROTECTS_Q: &str = "Người chăm sóc có khả năng bảo vệ trẻ?";
pub const DOMAIN: &str = "Lĩnh vực";
pub const DESCRIPTION: &str = "Mô tả";
pub const GOALS_ONE_PER_LINE: &str = "Mục tiêu (mỗi dòng một mục tiêu)";
pub const SERVICE_TYPE: &str = "Loại dịch vụ";
pub const NEXT_REVIEW_DATE: &str = "Ngày rà soát tiếp theo";
pub const REVIEW_DATE: &str = "Ngày rà soát";
pub const CHILD_SITUATION_NOW: &str = "Tình hình của trẻ hiện nay";
pub const RISK_NOW: &str = "Mức độ nguy cơ hiện nay";
pub const DECISION: &str = "Quyết định";
pub const NEXT_REVIEW_IF_CONTINUED: &str = "Ngày rà soát tiếp theo (nếu tiếp tục)";
pub const CLOSURE_REASON: &str = "Lý do đóng hồ sơ";
pub const MOVED_TO_COMMUNE: &str = "Mã xã, phường nơi trẻ chuyển đến (nếu chuyển đi)";
pub const SUMMARY: &str = "Tóm tắt";
pub const RISK_FOUR_CRITERIA: &str = "Đánh giá nguy cơ ban đầu theo 4 tiêu chí";
pub const ACTION_RESULTS: &str = "Kết quả từng hoạt động của kế hoạch";
pub const EMERGENCY_MEASURE_TAKEN: &str = "Biện pháp khẩn cấp đã thực hiện";
pub const CONTACTED_IN_VERIFICATION: &str = "Người đã liên hệ khi xác minh";
pub const SAVE_AND_SUBMIT: &str = "Lưu và trình phê duyệt";
pub const CHILD_NEEDS: &str = "Nhu cầu của trẻ";

// The call form
pub const ANOTHER_CHILD: &str = "Thêm trẻ thứ";
pub const CHILD_NAME: &str = "Họ tên trẻ";
pub const NO_CONSENT_HASHES: &str = "Không có đồng ý, số và tài khoản chỉ được giữ dưới dạng mã băm để nhận ra lần liên hệ sau, không lưu nguyên văn.";
pub const EMERGENCY_EXPLAINED: &str =
    ": tính mạng, sức khỏe của trẻ bị đe dọa (biện pháp khẩn cấp trong 12 giờ)";
pub const HINTS_APPEAR: &str = "Xuất hiện khi nhập số điện thoại, đường dẫn, tài khoản hoặc trẻ.";
pub const FILE_HASHES: &str = "SHA-256 của tệp (mỗi dòng một mã; không tải tệp lên)";
pub const RISK_BLANK_TRIAGE: &str = "Mức độ nguy cơ (bỏ trống để hệ thống phân loại)";
pub const CONSENT: &str = "Người báo tin đồng ý cho lưu thông tin cá nhân";
pub const HANDLES_ONE_PER_LINE: &str = "Tài khoản đối tượng (mỗi dòng một tài khoản)";
pub const COMMUNE_TYPED: &str = "Xã, phường (gõ tên, có hoặc không dấu)";
pub const CALL_HEADING: &str = "Tiếp nhận cuộc gọi, tin báo (Mẫu 01)";
pub const HINTS_HEADING: &str = "Vụ việc có thể trùng, liên hệ trước";
pub const PLACE_DETAIL: &str = "Địa chỉ cụ thể (thôn, tổ, trường…)";
pub const URLS_ONE_PER_LINE: &str = "Đường dẫn (mỗi dòng một đường dẫn)";
pub const RECEIVED_AT_BLANK_NOW: &str = "Thời điểm nhận (bỏ trống: bây giờ)";
pub const CATEGORIES_PICK: &str = "Loại hành vi (chọn một hoặc nhiều)";
pub const HANDLE: &str = "Tài khoản (Zalo, Facebook…)";
pub const CALLER: &str = "Người gọi, người báo tin";
pub const NOT_SAVED_FIX: &str = "Chưa lưu được, cần sửa:";
pub const STILL_ONLINE_Q: &str = "Nội dung còn trên mạng?";
pub const CALLER_PHONE: &str = "Số điện thoại gọi đến";
pub const CALLER_TYPE: &str = "Người gọi là";
pub const CALLER_SEX: &str = "Giới tính người gọi";
pub const CALLER_AGE: &str = "Độ tuổi người gọi";
pub const INFORMANT_NAME: &str = "Họ tên người báo tin";
pub const SAVE_AND_ROUTE: &str = "Lưu và chuyển tuyến";
pub const SYSTEM_TRIAGES: &str = "Hệ thống phân loại";
pub const NARRATIVE: &str = "Nội dung sự việc";
pub const PROVINCE: &str = "Tỉnh, thành phố";
pub const ABUSE: &str = "Hành vi xâm hại";
pub const RELATION: &str = "Quan hệ với trẻ";
pub const FIND_COMMUNE: &str = "Tìm xã, phường";
pub const CHILD_WHERE_NOW: &str = "Trẻ đang ở đâu";
pub const CONTENT_TYPES: &str = "Loại nội dung";
pub const AGE_ESTIMATE: &str = "Tuổi ước đoán";
pub const CONTACT_TYPE: &str = "Loại liên hệ";
pub const BIRTH_YEAR: &str = "Năm sinh";
pub const UNKNOWN: &str = "Không rõ";
pub const NATIONWIDE: &str = "Cả nước";
pub const CHILDREN: &str = "Trẻ em";
pub const TAKEN_DOWN: &str = "Đã gỡ";
pub const CHANNEL: &str = "Kênh";

// Said by the pages' code
pub const OTHER: &str = "Khác";
pub const NOT_ASSESSED: &str = "Chưa đánh giá";
pub const NAME_UNKNOWN: &str = "(chưa rõ tên)";
pub const SYSTEM: &str = "Hệ thống";
pub const NEVER_SIGNED_IN: &str = "Chưa đăng nhập";
pub const NATIONWIDE_AREA: &str = "Toàn quốc";
pub const COMMUNE_LEVEL: &str = "cấp xã";
pub const PROVINCE_LEVEL: &str = "cấp tỉnh";
pub const MANY_COMMUNES: &str =
    "Có nhiều xã, phường hợp với tên đã nhập: hãy chọn một trong danh sách.";
pub const NEEDS_DATE_TIME: &str = "cần ngày giờ, ví dụ 2026-11-30T08:15";
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
pub const DONE_ROUTED: &str =
    "Đã lưu và chuyển tuyến vụ việc. Các cơ quan dưới đây đã được thông báo.";
pub const DONE_MOVED: &str = "Đã chuyển trạng thái vụ việc.";
pub const DONE_STEP: &str = "Đã lưu hồ sơ của bước này.";
pub const DONE_SUBMITTED: &str = "Đã lưu và trình kế hoạch để Chủ tịch UBND cấp xã phê duyệt.";
pub const DONE_LINKED: &str = "Đã ghi nhận vụ việc này là trùng lặp.";
pub const DONE_REFERRED: &str = "Đã chuyển tuyến thêm.";
// The case page's personal-data section (a supervisor's).
pub const PERSONAL_DATA: &str = "Dữ liệu cá nhân";
pub const ERASED_SINCE: &str = "Dữ liệu cá nhân của vụ việc đã được xóa lúc";
pub const ERASED_KEPT: &str = "Các mã, ngày tháng và số liệu thống kê được giữ lại.";
pub const HOLD_IN_FORCE: &str = "Đang có lệnh giữ hồ sơ";
pub const SINCE: &str = "từ";
pub const HOLD_KEEPS: &str = "Vụ việc sẽ không bị xóa khi hết thời hạn lưu trữ.";
pub const LIFT_HOLD: &str = "Gỡ lệnh giữ hồ sơ";
pub const HOLD_REASON: &str = "Lý do giữ hồ sơ (điều tra, xét xử, khiếu nại)";
pub const PLACE_HOLD: &str = "Đặt lệnh giữ hồ sơ";
pub const CHILD_DATA_RIGHTS: &str = "Quyền của trẻ em đối với dữ liệu";
pub const CONFIRM_ERASURE: &str = "hãy xác nhận rằng dữ liệu sẽ bị xóa vĩnh viễn";
pub const DOWNLOAD_CHILD_DATA: &str = "Tải toàn bộ dữ liệu về";
pub const EXPORT_TITLE: &str = "Trích xuất dữ liệu của trẻ";
pub const EXPORT_INTRO: &str = "Bản trích xuất gồm vụ việc này và những vụ việc khác mà bạn xác nhận là của cùng một trẻ. Từ mỗi vụ việc chỉ lấy thông tin của trẻ này: thông tin của những trẻ khác và danh tính người báo tin không có trong bản trích xuất.";
pub const EXPORT_CANDIDATES: &str = "Các vụ việc có thể của cùng trẻ (trùng họ tên và năm sinh, cùng xã, phường). Chỉ đánh dấu vụ việc bạn đã kiểm tra là của trẻ này:";
pub const EXPORT_NO_CANDIDATES: &str = "Không có vụ việc nào khác có thể của trẻ này.";
pub const EXPORT_DOWNLOAD: &str = "Tải bản trích xuất (JSON)";
pub const EXPORT_CHOICES: &str = "Vụ việc đưa vào bản trích xuất";
pub const BACK_TO_CASE: &str = "Quay lại vụ việc";
pub const RECEIVED_ON: &str = "tiếp nhận";
pub const CORRECT_CHILD: &str = "Sửa thông tin của trẻ em";
pub const CHILD: &str = "Trẻ em";
pub const FIELD_TO_CORRECT: &str = "Thông tin";
pub const FULL_NAME_FIELD: &str = "Họ và tên";
pub const BIRTH_DATE_FIELD: &str = "Ngày sinh (YYYY-MM-DD)";
pub const LOCATION_FIELD: &str = "Nơi ở hiện tại";
pub const CORRECT_VALUE: &str = "Giá trị đúng (để trống để xóa)";
pub const CORRECT_BASIS: &str = "Căn cứ sửa (yêu cầu, giấy tờ)";
pub const CORRECT: &str = "Sửa thông tin";
pub const ERASE_ON_REQUEST: &str = "Xóa dữ liệu cá nhân theo yêu cầu";
pub const ERASE_BASIS: &str = "Căn cứ xóa";
pub const ERASE_REQUEST: &str = "Yêu cầu (người yêu cầu, ngày, văn bản)";
pub const ERASE_CONFIRM: &str = "Tôi hiểu rằng họ tên, ngày sinh, lời kể, thông tin người báo tin và hồ sơ các bước sẽ bị xóa vĩnh viễn.";
pub const ERASE: &str = "Xóa dữ liệu cá nhân";

pub const DONE_HELD: &str = "Đã đặt lệnh giữ hồ sơ: vụ việc sẽ không bị xóa cho đến khi gỡ lệnh.";
pub const DONE_HOLD_LIFTED: &str = "Đã gỡ lệnh giữ hồ sơ.";
pub const DONE_CORRECTED: &str = "Đã sửa thông tin; giá trị cũ được lưu lại trong lịch sử sửa đổi.";
pub const DONE_ERASED: &str =
    "Đã xóa dữ liệu cá nhân của vụ việc; các số liệu thống kê được giữ lại.";
pub const DONE_NOTE: &str = "Đã thêm ghi chú.";
pub const DONE_APPROVED: &str = "Đã phê duyệt kế hoạch.";
pub const DONE_RETURNED: &str = "Đã trả lại kế hoạch để chỉnh sửa.";
pub const DONE_DEACTIVATED: &str =
    "Đã khóa tài khoản; mọi phiên làm việc của tài khoản đã kết thúc.";
pub const DONE_REACTIVATED: &str = "Đã mở lại tài khoản.";
pub const DONE_UNLOCKED: &str = "Đã gỡ khóa đăng nhập sai nhiều lần.";

// The figures' pages.
pub const FIGURES: &str = "Số liệu";
pub const FIGURES_HEADING: &str = "Số liệu thống kê";
pub const PERIOD_KIND: &str = "Kỳ số liệu";
pub const DAY_IN_PERIOD: &str = "Ngày thuộc kỳ (bỏ trống: hôm nay)";
pub const PERIOD_FROM: &str = "Từ ngày (khi tự chọn)";
pub const PERIOD_TO: &str = "Đến ngày (khi tự chọn)";
pub const SHOW_FIGURES: &str = "Xem số liệu";
pub const PERIOD_WRONG: &str = "Chưa xem được số liệu, cần sửa:";
pub const DOWNLOAD_CSV: &str = "Tải về CSV";
pub const DOWNLOAD_XLSX: &str = "Tải về Excel (XLSX)";
pub const PRINTABLE: &str = "Bản in báo cáo";
pub const EXACT_ON_SCREEN: &str = "Trên màn hình là số chính xác của địa bàn bạn phụ trách. Bản tải về và bản in ghi \"< 5\" cho các số từ 1 đến 4 để không thể nhận ra trẻ em ở địa bàn nhỏ, và ghi \"x\" cho số được ẩn thêm để không suy ra được số bị che từ tổng.";
pub const TABLE: &str = "Bảng";
pub const CUSTOM_PERIOD: &str = "Tự chọn khoảng ngày";
pub const FIGURE_DOWNLOADS: &str = "Tải về và in";
/// The calendar presets, as the period picker offers them.
pub const CALENDAR_PRESETS: [(&str, &str); 4] = [
    ("month", "Tháng"),
    ("quarter", "Quý"),
    ("half_year", "6 tháng"),
    ("year", "Năm"),
];
// The printed report, in the administrative layout.
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const NATION_MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
pub const REPORT: &str = "BÁO CÁO";
pub const REPORT_SUBJECT: &str = "Số liệu bảo vệ trẻ em, phòng, chống xâm hại trẻ em";
pub const REPORT_NUMBER: &str = "Số: ....../BC";
pub const REPORT_PERIOD: &str = "Kỳ báo cáo";
pub const PREPARED_BY: &str = "NGƯỜI LẬP BIỂU";
pub const SIGN_NAME: &str = "(Ký, ghi rõ họ tên)";
pub const HEAD_OF_AGENCY: &str = "THỦ TRƯỞNG CƠ QUAN";
pub const SIGN_SEAL: &str = "(Ký tên, đóng dấu)";
pub const RECIPIENTS: &str = "Nơi nhận:";
pub const RECIPIENT_COMMITTEE: &str = "- Ủy ban nhân dân tỉnh;";
pub const RECIPIENT_FILE: &str = "- Lưu: VT.";
pub const PRINT_HOW: &str = "Dùng lệnh In của trình duyệt (Ctrl+P) để in hoặc lưu thành PDF.";
pub const BACK_TO_FIGURES: &str = "Quay lại trang số liệu";

pub const REPORTS_DUE: &str = "Báo cáo theo kế hoạch sắp đến hạn";

// The plan's activities.
pub const ACTIVITIES: &str = "Hoạt động";
pub const ACTIVITIES_HEADING: &str = "Hoạt động thực hiện kế hoạch";
pub const RECORD_ACTIVITY: &str = "Ghi nhận hoạt động";
pub const ACTIVITY_SAVED: &str = "Đã ghi nhận hoạt động.";
pub const ACTIVITY_ITEM: &str = "Nội dung của kế hoạch";
pub const ACTIVITY_ITEM_SHORT: &str = "Mục";
pub const ACTIVITY_KIND: &str = "Hình thức";
pub const ACTIVITY_DAY: &str = "Ngày thực hiện";
pub const ACTIVITY_TITLE: &str = "Tên hoạt động";
pub const ACTIVITY_TITLE_HELP: &str =
    "Ví dụ: Sinh hoạt dưới cờ về an toàn trên mạng tại Trường THCS Nguyễn Tri Phương.";
pub const ACTIVITY_AUDIENCE: &str = "Đối tượng";
pub const ACTIVITY_QUANTITY: &str = "Số lượng";
pub const ACTIVITY_QUANTITY_HELP: &str = "Số buổi, số bài, số tin đăng, số trang đã rà soát…";
pub const ACTIVITY_REACH: &str = "Số người tham dự hoặc lượt xem";
pub const ACTIVITY_COMMUNE: &str = "Xã, phường nơi thực hiện";
pub const ACTIVITY_COMMUNE_CODE: &str = "Mã xã, phường nơi thực hiện";
pub const ACTIVITY_LINK: &str = "Đường dẫn (bài viết, tin đăng)";
pub const WHOLE_PROVINCE: &str = "Toàn tỉnh";
pub const AUDIENCE_UNSTATED: &str = "Không ghi";
pub const ACTIVITIES_OF_AGENCY: &str = "Hoạt động của đơn vị";
pub const ACTIVITIES_OF_PLACE: &str = "Hoạt động của các cơ quan trên địa bàn";
pub const SHOW_ACTIVITIES: &str = "Xem danh sách";
pub const NO_ACTIVITIES: &str = "Chưa có hoạt động nào được ghi nhận trong kỳ này.";
pub const ACTIVITIES_TABLE: &str = "Các hoạt động đã ghi nhận, mới nhất trước";
pub const ACTIVITIES_TRUNCATED: &str =
    "Chỉ hiện 500 hoạt động mới nhất; chọn kỳ ngắn hơn để xem đủ.";
pub const WHOLE_NUMBER: &str = "cần một số nguyên";

/// "Báo cáo năm … năm 2026: hạn 30/11/2026, còn 5 ngày".
pub fn report_due(name: &str, year: i32, due: &str, days_left: i64) -> String {
    match days_left {
        0 => format!("{name} năm {year}: hạn hôm nay {due}"),
        n => format!("{name} năm {year}: hạn {due}, còn {n} ngày"),
    }
}

/// "Từ ngày 01/11/2026 đến ngày 30/11/2026".
pub fn period_days(from: &str, to: &str) -> String {
    format!("Từ ngày {from} đến ngày {to}")
}

/// The place and date line of an administrative document: "Thành phố Huế, ngày 30 tháng 11
/// năm 2026".
pub fn place_and_date(place: &str, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{place}, ngày {:02} tháng {:02} năm {}",
        date.day(),
        date.month(),
        date.year()
    )
}

/// A section's number in the printed report: I, II, III ...
pub fn roman(n: &usize) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
        .get(n.saturating_sub(1))
        .copied()
        .unwrap_or("")
}

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

/// The title of an error page: "Lỗi 404".
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

/// A possible duplicate beside a call: what it shares with it.
pub fn duplicate_of(shared: &str) -> String {
    format!("trùng {shared}")
}

pub fn error_title(status: u16) -> String {
    format!("Lỗi {status}")
}

/// One action of an approved plan: "what – who (service, hạn 01/12/2026)".
pub fn plan_action(what: &str, who: &str, service: &str, due: &str) -> String {
    format!("{what} – {who} ({service}, hạn {due})")
}

/// What is missing from a number field: "cần một số, ví dụ 2012".
pub fn needs_number(example: &str) -> String {
    format!("cần một số, ví dụ {example}")
}

/// After a contact that opened no case: "Đã ghi nhận cuộc liên hệ: Tư vấn."
pub fn contact_logged(kind: &str) -> String {
    format!("Đã ghi nhận cuộc liên hệ: {kind}.")
}

/// What a possible duplicate shares with a report, by the match's code.
pub fn matched_on(kind: &str) -> &'static str {
    match kind {
        "url" => "đường dẫn",
        "file_sha256" => "tệp (SHA-256)",
        "handle" => "tài khoản đối tượng",
        "child" => "trẻ (họ tên, năm sinh, xã)",
        _ => "thông tin khác",
    }
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

/// The tasks' counts in a sentence: "12 việc quá hạn, 3 việc đến hạn trong 7 ngày tới", or,
/// past the count's cap, what is known: more than the cap in all, and how many overdue.
pub fn tasks_counted(
    total: usize,
    overdue: usize,
    capped: bool,
    cap: usize,
    listed: usize,
) -> String {
    let mut text = if capped {
        let overdue = if overdue >= cap {
            format!("hơn {}", grouped(cap))
        } else {
            grouped(overdue)
        };
        format!(
            "Hơn {} việc đến hạn trong 7 ngày tới hoặc đã quá hạn, trong đó {overdue} việc quá hạn (giờ Việt Nam).",
            grouped(cap)
        )
    } else {
        format!(
            "{} việc quá hạn, {} việc đến hạn trong 7 ngày tới (giờ Việt Nam).",
            grouped(overdue),
            grouped(total.saturating_sub(overdue))
        )
    };
    if total > listed {
        text.push_str(&format!(" Hiển thị {listed} việc gấp nhất."));
    }
    text
}

/// "120 vụ việc, trang 2/6." (references: what templates pass)
pub fn cases_counted(total: &i64, exact: &bool, page: &i64, pages: &i64) -> String {
    if !*exact {
        let total = usize::try_from(*total).unwrap_or_default();
        format!("Từ {} vụ việc trở lên, trang {page}.", grouped(total))
    } else if *pages > 1 {
        format!("{total} vụ việc, trang {page}/{pages}.")
    } else {
        format!("{total} vụ việc.")
    }
}

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

/// "40 chuyển tuyến, hạn gần nhất trước (giờ Việt Nam); trang 1/2."
pub fn referrals_counted(total: &i64, page: &i64, pages: &i64) -> String {
    if *pages > 1 {
        format!("{total} chuyển tuyến, hạn gần nhất trước (giờ Việt Nam); trang {page}/{pages}.")
    } else {
        format!("{total} chuyển tuyến, hạn gần nhất trước (giờ Việt Nam).")
    }
}

// Verifying the log
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

// The dashboard
pub const AGENCY: &str = "Cơ quan";
pub const NUMBER: &str = "Số";
pub const DASHBOARD_HEADING: &str = "Bảng điều hành giám sát";
pub const ACCESS_BY_USER: &str = "Truy cập theo người dùng";
pub const AUDIT_LOG: &str = "Nhật ký truy cập";
pub const OPEN_CASES: &str = "Vụ việc đang xử lý";
pub const NO_OPEN_CASES: &str = "Không có vụ việc đang mở.";
pub const BY_STATUS: &str = "Theo trạng thái";
pub const CASE_COUNT: &str = "Số vụ";
pub const OVERDUE_REFERRALS: &str = "Chuyển tuyến quá hạn xác nhận";
pub const NONE: &str = "Không có.";
pub const BY_AGENCY: &str = "Theo cơ quan";
pub const BY_DEADLINE_KIND: &str = "Theo loại thời hạn";
pub const DEADLINES_PAST: &str = "Thời hạn đã qua, chưa thực hiện";
pub const BREACHES_THIS_MONTH: &str = "Vi phạm thời hạn trong tháng này";
pub const TIMES: &str = "Số lần";
pub const DEADLINE: &str = "Thời hạn";
pub const SEE_AND_RESEND: &str = "Xem và gửi lại";

/// "chuỗi băm của 120 mục khớp với 3 dấu niêm phong (đã niêm phong đến mục 118)."
pub fn chain_matches(entries: &i64, seals: &i64, sealed_through: &i64) -> String {
    format!(
        "chuỗi băm của {entries} mục khớp với {seals} dấu niêm phong (đã niêm phong đến mục {sealed_through})."
    )
}

// Case reads per user
pub const DAY: &str = "Ngày";
pub const SHOW: &str = "Xem";
pub const ACCESS_HEADING: &str = "Số lần xem vụ việc theo người dùng và ngày";
pub const DATES_WRONG: &str = "Khoảng ngày chưa đúng:";
pub const ACCESS_FROM: &str = "Từ ngày (mặc định: 6 ngày trước)";
pub const ACCESS_TO: &str = "Đến ngày (mặc định: hôm nay)";
pub const FLAGGED_DAYS: &str =
    "ngày bất thường (nhiều hơn hẳn mức thường ngày của người đó) được đánh dấu và xếp trước.";
pub const CASE_READS: &str = "Lượt xem vụ việc";
pub const USER: &str = "Người dùng";
pub const READS: &str = "Lượt xem";
pub const USUAL: &str = "Mức thường ngày";
pub const ASSESSMENT: &str = "Đánh giá";
pub const UNUSUAL: &str = "Bất thường";
pub const USUAL_DAY: &str = "Bình thường";

// The audit log
pub const AUDIT_CASE_ID: &str = "Mã vụ việc (dấu vết của một vụ việc)";
pub const AUDIT_ACTOR: &str = "Người thực hiện (tên đăng nhập)";
pub const AUDIT_ACTION: &str = "Thao tác (ví dụ case.read)";
pub const ACTOR: &str = "Người thực hiện";
pub const FROM_DAY: &str = "Từ ngày";
pub const LOOK_UP: &str = "Tra cứu";
pub const LOG_ENTRIES: &str = "Các mục nhật ký";
pub const AT: &str = "Thời điểm";
pub const ENTITY: &str = "Đối tượng";
pub const DETAIL: &str = "Chi tiết";

// Routing rules and holidays
pub const CODE: &str = "Mã";
pub const REFERRALS: &str = "Chuyển tuyến";
pub const RULES_HEADING: &str = "Quy tắc chuyển tuyến và ngày nghỉ";
pub const ROUTING_RULES_CAPTION: &str = "Quy tắc chuyển tuyến, theo thứ tự áp dụng";
pub const RISK_RULES_CAPTION: &str = "Quy tắc phân loại nguy cơ";
pub const RULES_TITLE: &str = "Quy tắc chuyển tuyến";
pub const RULES_READ_ONLY: &str = "Chỉ xem. Quy tắc lấy từ";
pub const RULES_HOLIDAYS_FROM: &str = ", ngày nghỉ từ";
pub const RISK_RULES: &str = "Phân loại nguy cơ";
pub const REASON: &str = "Lý do";
pub const RESULT: &str = "Kết quả";
pub const REFER_TO: &str = "Chuyển đến";
pub const DAYS_OFF: &str = "Ngày nghỉ lễ, nghỉ bù";
pub const WORKING_WEEKENDS: &str = "Ngày làm bù (cuối tuần đi làm)";

// Agencies
pub const AGENCIES_UNIT: &str = "cơ quan";
pub const YES: &str = "Có";
pub const NO: &str = "Không";
pub const EDIT: &str = "Sửa";
pub const AGENCIES_HELP_1: &str = "Cơ quan, loại và địa bàn lấy từ tệp cấu hình";
pub const AGENCIES_HELP_2: &str = "(quy tắc chuyển tuyến dựa vào đó). Tên và địa chỉ thư điện tử nhận thông báo sửa được tại đây; đã sửa ở đây thì tệp cấu hình không ghi đè nữa.";
pub const EDITED_HERE: &str = "(đã sửa tại đây)";
pub const NOT_YET: &str = "Chưa có";
pub const NAME: &str = "Tên";
pub const AREA: &str = "Địa bàn";
pub const EMAIL: &str = "Thư điện tử";
pub const ACTIVE: &str = "Hoạt động";

// Correcting an agency
pub const EDIT_AGENCY: &str = "Sửa cơ quan";
pub const SAVE: &str = "Lưu";
pub const NOT_SAVED: &str = "Chưa lưu được:";
pub const AGENCY_EMAIL_LABEL: &str = "Thư điện tử nhận thông báo chuyển tuyến";
pub const AGENCY_NAME: &str = "Tên cơ quan";
pub const AGENCY_EMAIL_HELP: &str =
    "Để trống nếu cơ quan không nhận thư; khi đó thông báo chỉ hiện trong hộp việc trên hệ thống.";
pub const BACK_TO_LIST: &str = "Quay lại danh sách";

// Accounts
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
pub const LIST: &str = "Danh sách";
pub const REACTIVATE: &str = "Mở lại";

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

#[cfg(test)]
mod tests {
    /// Letters only Vietnamese writes: a template holding one says something of its own
    /// instead of taking it from this catalogue.
    fn vietnamese(c: char) -> bool {
        "ạảãàáâậầấẩẫăắằặẳẵêềếệểễôồốộổỗơờớợởỡưừứựửữđĐ".contains(c)
            || "ẠẢÃÀÁÂẬẦẤẨẪĂẮẰẶẲẴÊỀẾỆỂỄÔỒỐỘỔỖƠỜỚỢỞỠƯỪỨỰỬỮ".contains(c)
    }

    #[test]
    fn templates_take_every_word_from_the_catalogue() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut offenders = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let body = std::fs::read_to_string(&path).unwrap();
            for (n, line) in body.lines().enumerate() {
                if line.chars().any(vietnamese) {
                    offenders.push(format!("{}:{}", path.display(), n + 1));
                }
            }
        }
        assert!(offenders.is_empty(), "words outside text.rs: {offenders:?}");
    }

    #[test]
    fn sentences_carry_their_numbers() {
        assert_eq!(
            super::cases_counted(&120, &true, &2, &6),
            "120 vụ việc, trang 2/6."
        );
        assert_eq!(
            super::cases_counted(&1000, &false, &3, &50),
            "Từ 1.000 vụ việc trở lên, trang 3."
        );
        assert_eq!(super::entries_counted(&7, &true), "7 mục, mới nhất trước.");
        assert_eq!(
            super::entries_counted(&1000, &false),
            "Từ 1.000 mục trở lên, mới nhất trước."
        );
        assert_eq!(super::time_left(125, false), "còn 2 giờ 5 phút");
        assert_eq!(super::time_left(40, true), "quá hạn 40 phút");
        assert_eq!(
            super::tasks_counted(1000, 1000, true, 1000, 200),
            "Hơn 1.000 việc đến hạn trong 7 ngày tới hoặc đã quá hạn, trong đó hơn 1.000 việc quá hạn (giờ Việt Nam). Hiển thị 200 việc gấp nhất."
        );
        assert_eq!(
            super::tasks_counted(5, 2, false, 1000, 5),
            "2 việc quá hạn, 3 việc đến hạn trong 7 ngày tới (giờ Việt Nam)."
        );
    }
}
