//! The closed vocabularies of the API (see API.md "Codes"), each with its Vietnamese label.

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
        MovedAway => "moved_away", "Trẻ chuyển nơi ở (đã bàn giao cho xã mới)",
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
    /// Where a deadline stands. `cancelled`: the case ended before it came, and nothing is
    /// owed any more.
    DeadlineState, "deadline state" {
        Pending => "pending", "Đang chờ",
        Met => "met", "Đã đáp ứng",
        Breached => "breached", "Quá hạn",
        Cancelled => "cancelled", "Không còn áp dụng",
    }
);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_text_and_json() {
        for c in Category::ALL {
            assert_eq!(c.code().parse::<Category>(), Ok(*c));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.code()));
            assert_eq!(serde_json::from_str::<Category>(&json).unwrap(), *c);
        }
        assert_eq!("hotline_111".parse::<Channel>(), Ok(Channel::Hotline111));
    }

    #[test]
    fn the_published_schema_lists_the_codes_the_api_speaks() {
        use utoipa::PartialSchema;
        let schema = serde_json::to_value(CaseStatus::schema()).unwrap();
        let listed: Vec<&str> = schema["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let spoken: Vec<&str> = CaseStatus::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(listed, spoken);
        assert_eq!(schema["type"], "string");
    }

    #[test]
    fn unknown_code_names_its_kind() {
        let err = "burglary".parse::<Category>().unwrap_err();
        assert_eq!(err.to_string(), "unknown category code `burglary`");
    }
}
