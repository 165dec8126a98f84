//! Case managers: who manages a case, the chair's form that assigns one, the caseloads page,
//! and handing a worker's cases to another.

use crate::chrome::grouped;

pub const MANAGER: &str = "Người quản lý trường hợp";
pub const NO_MANAGER: &str = "Chưa phân công";
pub const YOU: &str = "Bạn";
pub const ASSIGN_MANAGER: &str = "Phân công người quản lý";
pub const WORKER: &str = "Cán bộ";
pub const CHOOSE_WORKER: &str = "Chọn cán bộ của nhóm bảo vệ trẻ em xã";
pub const ASSIGN_REASON: &str = "Lý do phân công";
pub const ASSIGN: &str = "Phân công";
pub const NO_MEMBERS: &str = "Nhóm bảo vệ trẻ em của xã chưa có cán bộ nào đang công tác.";
pub const DONE_ASSIGNED: &str = "Đã phân công người quản lý trường hợp.";
pub const CASELOADS: &str = "Khối lượng vụ việc";
pub const COMMUNE: &str = "Xã, phường";
pub const OVERDUE_DEADLINES: &str = "Thời hạn đã quá";
pub const UNMANAGED: &str = "Chưa có người quản lý";
pub const BY_STEP: &str = "Theo bước";
pub const LEFT: &str = "đã thôi công tác";
pub const REASSIGN: &str = "Giao lại vụ việc";
pub const REASSIGN_TO: &str = "Giao cho cán bộ";
pub const REASSIGN_REASON: &str = "Lý do giao lại";
pub const NOTHING_TO_HAND_OVER: &str = "Cán bộ này không quản lý vụ việc nào đang xử lý.";
pub const CASES_TO_MOVE: &str = "Vụ việc được giao lại";

/// "Còn 3 vụ việc chưa có người quản lý."
pub fn unmanaged_counted(n: i64) -> String {
    format!(
        "Có {} vụ việc đang xử lý chưa có người quản lý.",
        grouped_i64(n)
    )
}

/// "Đã giao 50 vụ việc cho nguyen.b."
pub fn reassigned(n: usize, to: &str) -> String {
    format!("Đã giao {} vụ việc cho {to}.", grouped(n))
}

/// The cases of `who` to hand over, as the page's heading says it.
pub fn reassign_heading(who: &str) -> String {
    format!("Giao lại vụ việc của {who}")
}

fn grouped_i64(n: i64) -> String {
    grouped(usize::try_from(n).unwrap_or(0))
}
