//! The case list and its filters.

use crate::chrome::grouped;

pub const FILTER_WRONG: &str = "Bộ lọc chưa đúng:";
pub const SEARCH_LABEL: &str = "Tìm (số vụ việc, tên trẻ, địa danh; không cần dấu)";
pub const RECEIVED_FROM: &str = "Tiếp nhận từ ngày";
pub const FIND_CASES: &str = "Tìm vụ việc";
pub const CLEAR_FILTERS: &str = "Xóa bộ lọc";
pub const CASES_IN_SCOPE: &str = "Vụ việc trong phạm vi của bạn";
pub const RISK_SHORT: &str = "Nguy cơ";
pub const RECEIVED: &str = "Tiếp nhận";
pub const UPDATED: &str = "Cập nhật";

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
