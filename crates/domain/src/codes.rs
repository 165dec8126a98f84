//! The closed vocabularies of the API (listed in the OpenAPI document; docs/API.md), each
//! with its Vietnamese label.

use std::fmt;
use std::str::FromStr;

use crate::DomainError;

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal { $($variant:ident => $code:literal, $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The API code (also what the database stores).
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// What a Vietnamese-speaking user reads.
            pub fn label_vi(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl FromStr for $name {
            type Err = DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok($name::$variant),)+
                    other => Err(DomainError::UnknownCode { kind: $kind, value: other.to_owned() }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        /// Rows are typed where they are read: a stored code becomes a value once, and a
        /// code the domain does not know is an error there, not a surprise later.
        impl TryFrom<String> for $name {
            type Error = DomainError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        /// What the database stores.
        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.code().to_owned()
            }
        }

        /// Published as the codes the API speaks (`sexual_abuse`, `high`), never the Rust
        /// names: a client generated from the document must send what the server takes.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.code() == *other
            }
        }
    };
}

/// What a person reads for a stored code: its Vietnamese label, or the code itself when the
/// domain does not know it (a page still shows the row rather than failing).
/// A closed vocabulary as a form's choices: each value's code and what people read.
pub type Choices = Vec<(&'static str, &'static str)>;

/// The choices of `all`, in their order.
pub fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Choices {
    all.iter().map(|t| (code(*t), label(*t))).collect()
}

pub fn label_or_code<T: FromStr>(code: &str, label: fn(T) -> &'static str) -> String {
    code.parse::<T>()
        .map(label)
        .map_or_else(|_| code.to_owned(), str::to_owned)
}

code_enum!(
    /// How the report reached the service.
    Channel, "channel" {
        Hotline111 => "hotline_111", "Tổng đài 111",
        LocalHotline => "local_hotline", "Đường dây nóng địa phương",
        OnlineForm => "online_form", "Biểu mẫu trực tuyến",
        WalkIn => "walk_in", "Trực tiếp",
        Email => "email", "Thư điện tử",
        SocialMedia => "social_media", "Mạng xã hội",
    }
);

code_enum!(
    /// What kind of contact it was; only abuse reports open a case.
    ContactType, "contact_type" {
        AbuseReport => "abuse_report", "Thông báo, tố giác xâm hại",
        Counselling => "counselling", "Tư vấn",
        Information => "information", "Hỏi thông tin",
        Silent => "silent", "Cuộc gọi im lặng",
        Prank => "prank", "Cuộc gọi quấy rối",
    }
);

code_enum!(
    /// Who called or wrote, as the 111 line's figures split callers.
    CallerType, "caller type" {
        ChildSelf => "child_self", "Trẻ em tự liên hệ",
        OtherChild => "other_child", "Trẻ em báo giúp bạn",
        ParentCarer => "parent_carer", "Cha mẹ, người chăm sóc",
        Relative => "relative", "Người thân khác",
        School => "school", "Giáo viên, nhà trường",
        Community => "community", "Hàng xóm, người dân",
        Professional => "professional", "Cán bộ, tổ chức",
        Anonymous => "anonymous", "Giấu tên, không rõ",
    }
);

code_enum!(
    /// A caller's age, in the bands the 111 line publishes.
    CallerAgeBand, "caller age band" {
        Under11 => "under_11", "Dưới 11 tuổi",
        From11To15 => "11_15", "Từ 11 đến 15 tuổi",
        From16To17 => "16_17", "Từ 16 đến dưới 18 tuổi",
        Adult => "adult", "Từ 18 tuổi trở lên",
        Unknown => "unknown", "Không rõ",
    }
);

code_enum!(
    /// Abuse types (Law on Children art. 4 and 6; the 111 hotline's reporting split).
    Category, "category" {
        SexualAbuse => "sexual_abuse", "Xâm hại tình dục",
        OnlineSexualExploitation => "online_sexual_exploitation", "Bóc lột tình dục trên mạng",
        PhysicalViolence => "physical_violence", "Bạo lực thể chất",
        EmotionalViolence => "emotional_violence", "Bạo lực tinh thần",
        Neglect => "neglect", "Sao nhãng",
        Abandonment => "abandonment", "Bỏ rơi",
        LabourExploitation => "labour_exploitation", "Bóc lột sức lao động",
        Trafficking => "trafficking", "Mua bán trẻ em",
        Cyberbullying => "cyberbullying", "Bắt nạt trên mạng",
        HarmfulContent => "harmful_content", "Nội dung độc hại trên mạng",
        Other => "other", "Khác",
    }
);

code_enum!(
    /// Risk as assessed (cao / trung bình / thấp).
    RiskLevel, "risk_level" {
        Low => "low", "Thấp",
        Medium => "medium", "Trung bình",
        High => "high", "Cao",
    }
);

code_enum!(
    /// Who a user is; decides what it may do and see.
    Role, "role" {
        Operator => "operator", "Tư vấn viên đường dây nóng",
        CommuneWorker => "commune_worker", "Cán bộ bảo vệ trẻ em cấp xã",
        Police => "police", "Công an",
        AgencyOfficer => "agency_officer", "Cán bộ cơ quan",
        Supervisor => "supervisor", "Lãnh đạo, thanh tra",
        CommuneChair => "commune_chair", "Chủ tịch (phó chủ tịch) UBND cấp xã",
        Admin => "admin", "Quản trị hệ thống",
        PlanOfficer => "plan_officer", "Cán bộ đơn vị thực hiện kế hoạch",
    }
);

code_enum!(
    /// What an agency is; routing rules speak of kinds, never of named bodies.
    AgencyKind, "agency kind" {
        ChildProtectionDept => "child_protection_dept", "Cơ quan bảo vệ trẻ em cấp tỉnh",
        Police => "police", "Công an",
        CommuneCpGroup => "commune_cp_group", "Nhóm thường trực bảo vệ trẻ em cấp xã",
        InfoDept => "info_dept", "Sở Văn hóa, Thông tin",
        Hotline => "hotline", "Đường dây nóng",
        EducationDept => "education_dept", "Sở Giáo dục và Đào tạo",
        FinanceDept => "finance_dept", "Sở Tài chính",
        JusticeDept => "justice_dept", "Sở Tư pháp",
        YouthUnion => "youth_union", "Tỉnh Đoàn Thanh niên",
        WomensUnion => "womens_union", "Hội Liên hiệp Phụ nữ",
        ChildRightsAssoc => "child_rights_assoc", "Hội Bảo vệ quyền trẻ em",
        DisabilityAssoc => "disability_assoc", "Hội Người khuyết tật",
        HealthService => "health_service", "Cơ sở y tế",
        PsychosocialSupport => "psychosocial_support", "Dịch vụ hỗ trợ tâm lý",
        LegalAid => "legal_aid", "Trợ giúp pháp lý",
        Shelter => "shelter", "Cơ sở bảo trợ, nơi tạm lánh",
        SocialService => "social_service", "Cơ sở cung cấp dịch vụ bảo vệ trẻ em ngoài công lập",
    }
);

code_enum!(
    /// The items of the plan's section II that agencies record their work against.
    PlanItem, "plan item" {
        SchoolSessions => "II.1", "II.1. Tuyên truyền tại trường học về tham gia, ứng xử an toàn trên mạng xã hội",
        SafetyContent => "II.2", "II.2. Đăng tải kiến thức, kỹ năng cho trẻ em; cảnh báo nội dung xấu độc trên mạng",
        MediaCoverage => "II.3", "II.3. Bài viết, phóng sự, tin tức trên báo chí và mạng xã hội",
        Hotline => "II.4", "II.4. Đường dây hỗ trợ, hệ thống báo cáo trực tuyến",
        Survey => "II.5", "II.5. Khảo sát, kiểm tra, đánh giá thực hiện",
    }
);

code_enum!(
    /// What an agency did against the plan.
    ActivityKind, "activity kind" {
        AwarenessSession => "awareness_session", "Buổi tuyên truyền, sinh hoạt",
        Article => "article", "Bài viết, tin tức",
        Broadcast => "broadcast", "Phóng sự, chương trình phát thanh, truyền hình",
        Post => "post", "Bài đăng trên trang thông tin, mạng xã hội",
        Training => "training", "Lớp tập huấn",
        HarmfulPagesReviewed => "harmful_pages_reviewed", "Rà soát trang mạng có nội dung độc hại",
        TakedownRequest => "takedown_request", "Đề nghị gỡ bỏ, ngăn chặn nội dung",
        Survey => "survey", "Khảo sát, kiểm tra",
        Other => "other", "Hoạt động khác",
    }
);

code_enum!(
    /// Whom an activity reached.
    Audience, "audience" {
        Pupils => "pupils", "Học sinh",
        Children => "children", "Trẻ em",
        Parents => "parents", "Cha mẹ, người chăm sóc trẻ",
        Teachers => "teachers", "Giáo viên, nhân viên nhà trường",
        Residents => "residents", "Người dân",
        Members => "members", "Đoàn viên, hội viên",
        Officials => "officials", "Cán bộ, công chức",
        OnlinePublic => "online_public", "Người dùng mạng xã hội",
        Other => "other", "Đối tượng khác",
    }
);

code_enum!(
    /// Where a case stands in the Decree 56 process.
    CaseStatus, "case status" {
        New => "new", "Mới tiếp nhận",
        Verifying => "verifying", "Đang xác minh",
        Assessing => "assessing", "Đang đánh giá nguy cơ",
        Planning => "planning", "Đang lập kế hoạch",
        Intervening => "intervening", "Đang hỗ trợ, can thiệp",
        Reviewing => "reviewing", "Đang rà soát",
        Closed => "closed", "Đã đóng",
        NoAction => "no_action", "Không cần can thiệp",
        Duplicate => "duplicate", "Trùng lặp",
    }
);

code_enum!(
    /// Where a referral to an agency stands.
    ReferralStatus, "referral status" {
        Pending => "pending", "Chờ tiếp nhận",
        Acknowledged => "acknowledged", "Đã nhận",
        Accepted => "accepted", "Đã chấp nhận",
        Declined => "declined", "Từ chối",
        Completed => "completed", "Hoàn thành",
        Overdue => "overdue", "Quá hạn",
        Reassigned => "reassigned", "Đã chuyển cơ quan khác",
        ClosedWithCase => "closed_with_case", "Kết thúc cùng vụ việc",
    }
);

code_enum!(
    /// Where the transfer of a case to another commune stands.
    TransferStatus, "transfer status" {
        Proposed => "proposed", "Đề nghị chuyển, chờ nơi nhận trả lời",
        Accepted => "accepted", "Nơi nhận đã tiếp nhận",
        Refused => "refused", "Nơi nhận từ chối",
        Cancelled => "cancelled", "Nơi chuyển đã rút đề nghị",
    }
);

code_enum!(
    /// What a machine client of the API may do: log reports as its hotline, read what
    /// became of the reports it logged, and subscribe to be told. Nothing else is open to a
    /// client.
    ClientPermission, "client permission" {
        ReportsCreate => "reports.create", "Ghi nhận tin báo",
        ReportsStatus => "reports.status", "Xem tình trạng tin báo đã gửi",
        WebhooksManage => "webhooks.manage", "Đăng ký nhận thông báo tự động (webhook)",
    }
);

code_enum!(
    /// What a webhook tells a machine client about the case of a report it logged.
    WebhookEvent, "webhook event" {
        CaseCreated => "case.created", "Vụ việc được mở",
        CaseStatusChanged => "case.status_changed", "Vụ việc chuyển bước",
        ReferralAcknowledged => "referral.acknowledged", "Nơi nhận xác nhận chuyển tuyến",
        ReferralDeclined => "referral.declined", "Nơi nhận từ chối chuyển tuyến",
        ReferralCompleted => "referral.completed", "Nơi nhận hoàn thành chuyển tuyến",
        CaseClosed => "case.closed", "Vụ việc kết thúc",
    }
);

code_enum!(
    /// What a paper filed on a case is.
    DocumentKind, "document kind" {
        SignedForm => "signed_form", "Biểu mẫu đã ký",
        Decision => "decision", "Quyết định",
        PolicePaper => "police_paper", "Giấy tờ của công an",
        MedicalPaper => "medical_paper", "Giấy tờ y tế",
        SchoolPaper => "school_paper", "Giấy tờ của nhà trường",
        Other => "other", "Giấy tờ khác",
    }
);

code_enum!(
    /// The step record a paper belongs to: the Decree's steps, and the chair's approval of
    /// the plan, which is signed on paper of its own.
    DocumentStep, "document step" {
        Verification => "verification", "Xác minh, đánh giá ban đầu (Mẫu 02)",
        Assessment => "assessment", "Đánh giá chi tiết nguy cơ (Mẫu 03)",
        Plan => "plan", "Kế hoạch hỗ trợ, can thiệp (Mẫu 04)",
        Approval => "approval", "Phê duyệt kế hoạch (Mẫu 05)",
        Review => "review", "Rà soát thực hiện kế hoạch (Mẫu 06)",
        Closure => "closure", "Đóng hồ sơ",
    }
);

code_enum!(
    /// A child's sex as told by the informant.
    Sex, "sex" {
        Female => "female", "Nữ",
        Male => "male", "Nam",
        Unknown => "unknown", "Không rõ",
    }
);

code_enum!(
    /// The steps of Decree 56 case work, each with its record (forms Mẫu 02–06).
    CaseStep, "case step" {
        Verification => "verification", "Xác minh, đánh giá ban đầu (Mẫu 02)",
        Assessment => "assessment", "Đánh giá chi tiết nguy cơ (Mẫu 03)",
        Plan => "plan", "Kế hoạch hỗ trợ, can thiệp (Mẫu 04)",
        Review => "review", "Rà soát thực hiện kế hoạch (Mẫu 06)",
        Closure => "closure", "Đóng hồ sơ",
    }
);

code_enum!(
    /// What was done in an emergency (within 12 hours of receipt).
    EmergencyActionKind, "emergency action" {
        TemporarySeparation => "temporary_separation", "Tạm thời cách ly trẻ khỏi môi trường nguy hiểm",
        MedicalCare => "medical_care", "Chăm sóc y tế",
        PoliceProtection => "police_protection", "Công an bảo vệ",
        SafePlacement => "safe_placement", "Bố trí nơi ở an toàn",
        Other => "other", "Biện pháp khác",
    }
);

code_enum!(
    /// The domains a child's needs are assessed in (Mẫu 03).
    NeedDomain, "need domain" {
        Health => "health", "Sức khỏe",
        Safety => "safety", "An toàn",
        Education => "education", "Giáo dục",
        Legal => "legal", "Pháp lý",
        Psychological => "psychological", "Tâm lý",
    }
);

code_enum!(
    /// Services given to a child (plan actions, and the figures).
    ServiceType, "service type" {
        Medical => "medical", "Y tế",
        Psychological => "psychological", "Hỗ trợ tâm lý",
        LegalAid => "legal_aid", "Trợ giúp pháp lý",
        Shelter => "shelter", "Nơi tạm lánh",
        EducationSupport => "education_support", "Hỗ trợ học tập",
        Financial => "financial", "Hỗ trợ tài chính",
        Other => "other", "Khác",
    }
);

code_enum!(
    /// Where one action of a plan stands.
    ActionStatus, "action status" {
        Planned => "planned", "Chưa thực hiện",
        InProgress => "in_progress", "Đang thực hiện",
        Done => "done", "Đã thực hiện",
        NotDone => "not_done", "Không thực hiện được",
    }
);

code_enum!(
    /// Where a plan stands: drafted, submitted for approval, approved, or returned for changes.
    PlanState, "plan state" {
        Draft => "draft", "Dự thảo",
        Submitted => "submitted", "Chờ phê duyệt",
        Approved => "approved", "Đã phê duyệt",
        Returned => "returned", "Trả lại để chỉnh sửa",
    }
);

code_enum!(
    /// What a review of the plan's implementation decides.
    ReviewDecision, "review decision" {
        Continue => "continue", "Tiếp tục thực hiện kế hoạch",
        NewCycle => "new_cycle", "Lập kế hoạch mới",
        Close => "close", "Đóng hồ sơ",
    }
);

code_enum!(
    /// Why a case is closed.
    ClosureReason, "closure reason" {
        Safe => "safe", "Trẻ đã an toàn",
        MovedAway => "moved_away", "Trẻ chuyển ra nước ngoài hoặc không rõ nơi ở mới",
        TurnedEighteen => "turned_18", "Trẻ đã đủ 18 tuổi",
        Transferred => "transferred", "Chuyển cơ quan khác xử lý",
        Other => "other", "Lý do khác",
    }
);

code_enum!(
    /// The deadlines of a case that someone must meet.
    DeadlineKind, "deadline kind" {
        EmergencyAction => "emergency_action", "Biện pháp khẩn cấp (12 giờ)",
        Plan => "plan", "Lập kế hoạch (5 ngày làm việc)",
        Approval => "approval", "Phê duyệt kế hoạch (2 ngày làm việc)",
        Review => "review", "Rà soát theo kế hoạch",
        ReferralAck => "referral_ack", "Cơ quan xác nhận chuyển tuyến",
    }
);

code_enum!(
    /// What a task asks of someone: a deadline of the process to meet, or a case that needs
    /// its manager (none yet past the verification window, or one who has left).
    TaskKind, "task kind" {
        EmergencyAction => "emergency_action", "Biện pháp khẩn cấp (12 giờ)",
        Plan => "plan", "Lập kế hoạch (5 ngày làm việc)",
        Approval => "approval", "Phê duyệt kế hoạch (2 ngày làm việc)",
        Review => "review", "Rà soát theo kế hoạch",
        ReferralAck => "referral_ack", "Cơ quan xác nhận chuyển tuyến",
        AssignManager => "assign_manager", "Phân công người quản lý trường hợp",
        ReplaceManager => "replace_manager", "Giao lại vụ việc của người đã thôi công tác",
        AnswerTransfer => "answer_transfer", "Trả lời đề nghị chuyển vụ việc đến",
    }
);

/// A deadline to meet is a task of its own kind.
impl From<DeadlineKind> for TaskKind {
    fn from(kind: DeadlineKind) -> TaskKind {
        match kind {
            DeadlineKind::EmergencyAction => TaskKind::EmergencyAction,
            DeadlineKind::Plan => TaskKind::Plan,
            DeadlineKind::Approval => TaskKind::Approval,
            DeadlineKind::Review => TaskKind::Review,
            DeadlineKind::ReferralAck => TaskKind::ReferralAck,
        }
    }
}

code_enum!(
    /// Where a deadline stands. `cancelled`: the case ended before it came, and nothing is
    /// owed any more.
    DeadlineState, "deadline state" {
        Pending => "pending", "Đang chờ",
        Met => "met", "Đã đáp ứng",
        Breached => "breached", "Quá hạn",
        Cancelled => "cancelled", "Không còn áp dụng",
    }
);

code_enum!(
    /// Where the abuse happened (indicator 0101's setting).
    AbuseSetting, "abuse setting" {
        Family => "family", "Gia đình",
        School => "school", "Trường học",
        Community => "community", "Cộng đồng",
        Online => "online", "Môi trường mạng",
        Other => "other", "Khác",
    }
);

code_enum!(
    /// The kinds of sexual abuse the process and the figures tell apart (Penal Code
    /// art. 142–147, and the online forms).
    SexualSubtype, "sexual abuse sub-type" {
        Rape => "rape", "Hiếp dâm",
        ForcedSex => "forced_sex", "Cưỡng dâm",
        IntercourseWithChild => "intercourse_with_child", "Giao cấu với người dưới 16 tuổi",
        Molestation => "molestation", "Dâm ô",
        Prostitution => "prostitution", "Sử dụng trẻ em vào mục đích mại dâm",
        Pornography => "pornography", "Sử dụng trẻ em vào mục đích khiêu dâm",
        AbuseImages => "abuse_images", "Hình ảnh, video xâm hại tình dục trẻ em",
        Grooming => "grooming", "Dụ dỗ, làm quen trên mạng nhằm xâm hại",
        Sextortion => "sextortion", "Cưỡng ép, tống tiền bằng hình ảnh nhạy cảm",
    }
);

code_enum!(
    /// The 54 ethnic groups of Viet Nam in the order of the General Statistics Office's list
    /// (code 01 Kinh to 54 Rơ Măm; see `Ethnicity::gso_code`), then a foreign national and
    /// unknown.
    Ethnicity, "ethnicity" {
        Kinh => "kinh", "Kinh",
        Tay => "tay", "Tày",
        Thai => "thai", "Thái",
        Hoa => "hoa", "Hoa",
        Khmer => "khmer", "Khmer",
        Muong => "muong", "Mường",
        Nung => "nung", "Nùng",
        Hmong => "hmong", "Mông",
        Dao => "dao", "Dao",
        GiaRai => "gia_rai", "Gia Rai",
        Ngai => "ngai", "Ngái",
        EDe => "e_de", "Ê Đê",
        BaNa => "ba_na", "Ba Na",
        XoDang => "xo_dang", "Xơ Đăng",
        SanChay => "san_chay", "Sán Chay",
        CoHo => "co_ho", "Cơ Ho",
        Cham => "cham", "Chăm",
        SanDiu => "san_diu", "Sán Dìu",
        Hre => "hre", "Hrê",
        Mnong => "mnong", "Mnông",
        RaGlai => "ra_glai", "Ra Glai",
        Xtieng => "xtieng", "Xtiêng",
        BruVanKieu => "bru_van_kieu", "Bru - Vân Kiều",
        Tho => "tho", "Thổ",
        Giay => "giay", "Giáy",
        CoTu => "co_tu", "Cơ Tu",
        GieTrieng => "gie_trieng", "Giẻ Triêng",
        Ma => "ma", "Mạ",
        KhoMu => "kho_mu", "Khơ Mú",
        Co => "co", "Co",
        TaOi => "ta_oi", "Tà Ôi",
        ChoRo => "cho_ro", "Chơ Ro",
        Khang => "khang", "Kháng",
        XinhMun => "xinh_mun", "Xinh Mun",
        HaNhi => "ha_nhi", "Hà Nhì",
        ChuRu => "chu_ru", "Chu Ru",
        Lao => "lao", "Lào",
        LaChi => "la_chi", "La Chí",
        LaHa => "la_ha", "La Ha",
        PhuLa => "phu_la", "Phù Lá",
        LaHu => "la_hu", "La Hủ",
        Lu => "lu", "Lự",
        LoLo => "lo_lo", "Lô Lô",
        Chut => "chut", "Chứt",
        Mang => "mang", "Mảng",
        PaThen => "pa_then", "Pà Thẻn",
        CoLao => "co_lao", "Cờ Lao",
        Cong => "cong", "Cống",
        BoY => "bo_y", "Bố Y",
        SiLa => "si_la", "Si La",
        PuPeo => "pu_peo", "Pu Péo",
        Brau => "brau", "Brâu",
        ODu => "o_du", "Ơ Đu",
        RoMam => "ro_mam", "Rơ Măm",
        Foreign => "foreign", "Người nước ngoài",
        Unknown => "unknown", "Không rõ",
    }
);

impl Ethnicity {
    /// The two-digit code of the General Statistics Office's list (01–54), which the
    /// Ministry's statistics use; none for a foreign national or unknown.
    pub fn gso_code(self) -> Option<u8> {
        let position = Ethnicity::ALL.iter().position(|e| *e == self)?;
        u8::try_from(position + 1).ok().filter(|c| *c <= 54)
    }
}

code_enum!(
    /// Who the perpetrator is to the child.
    PerpetratorRelation, "perpetrator relation" {
        Parent => "parent", "Cha, mẹ đẻ",
        StepParent => "step_parent", "Cha dượng, mẹ kế",
        Relative => "relative", "Người thân khác trong gia đình",
        Carer => "carer", "Người chăm sóc, giám hộ",
        SchoolStaff => "school_staff", "Giáo viên, nhân viên nhà trường",
        Peer => "peer", "Bạn bè, bạn học",
        Acquaintance => "acquaintance", "Hàng xóm, người quen",
        OnlineContact => "online_contact", "Người quen qua mạng",
        Stranger => "stranger", "Người lạ",
        Other => "other", "Khác",
        Unknown => "unknown", "Không rõ",
    }
);

code_enum!(
    /// A perpetrator's age, in the bands the figures use.
    AgeBand, "age band" {
        Under16 => "under_16", "Dưới 16 tuổi",
        From16To17 => "16_17", "Từ 16 đến dưới 18 tuổi",
        From18To29 => "18_29", "Từ 18 đến 29 tuổi",
        From30To44 => "30_44", "Từ 30 đến 44 tuổi",
        From45To59 => "45_59", "Từ 45 đến 59 tuổi",
        From60 => "60_plus", "Từ 60 tuổi trở lên",
        Unknown => "unknown", "Không rõ",
    }
);

impl AgeBand {
    /// Whether a person in the band is an adult (18 or over); unknown for `Unknown`.
    pub fn adult(self) -> Option<bool> {
        match self {
            AgeBand::Under16 | AgeBand::From16To17 => Some(false),
            AgeBand::Unknown => None,
            _ => Some(true),
        }
    }
}

code_enum!(
    /// What the law did about the abuse.
    LegalOutcome, "legal outcome" {
        CriminalCase => "criminal_case", "Đã khởi tố vụ án hình sự",
        AdministrativePenalty => "administrative_penalty", "Xử phạt vi phạm hành chính",
        Pending => "pending", "Đang xem xét, xử lý",
        None => "none", "Không xử lý",
    }
);

code_enum!(
    /// The lawful grounds on which a supervisor erases a case on request.
    ErasureReason, "erasure reason" {
        SubjectRequest => "subject_request", "Yêu cầu của trẻ em hoặc cha mẹ, người giám hộ",
        AuthorityOrder => "authority_order", "Yêu cầu của cơ quan nhà nước có thẩm quyền",
        RecordedInError => "recorded_in_error", "Thông tin được ghi nhận nhầm",
    }
);

code_enum!(
    /// Social networks and services the hotline sees abuse on (recognised from a URL's host
    /// by `evidence::platform_of_host`).
    Platform, "platform" {
        Facebook => "facebook", "Facebook",
        Messenger => "messenger", "Messenger",
        TikTok => "tiktok", "TikTok",
        Zalo => "zalo", "Zalo",
        YouTube => "youtube", "YouTube",
        Instagram => "instagram", "Instagram",
        Telegram => "telegram", "Telegram",
        X => "x", "X (Twitter)",
        Discord => "discord", "Discord",
        WhatsApp => "whatsapp", "WhatsApp",
        Threads => "threads", "Threads",
        Snapchat => "snapchat", "Snapchat",
        Reddit => "reddit", "Reddit",
        Roblox => "roblox", "Roblox",
        Viber => "viber", "Viber",
        Other => "other", "Khác",
    }
);

code_enum!(
    /// What kind of content was reported (the codes map onto ICCAM's and NCMEC's file types).
    ContentType, "content_type" {
        Image => "image", "Hình ảnh",
        Video => "video", "Video",
        Audio => "audio", "Âm thanh",
        Text => "text", "Tin nhắn, chữ viết",
        Livestream => "livestream", "Phát trực tiếp",
        Link => "link", "Đường dẫn",
        File => "file", "Tệp tin",
        Other => "other", "Khác",
    }
);

#[cfg(test)]
mod tests;
