//! The tasks page: what is overdue or due within a week.

use crate::chrome::grouped;

pub const TASKS: &str = "Việc cần làm";
pub const NO_TASKS: &str = "Không có việc nào quá hạn hoặc đến hạn trong 7 ngày tới.";
pub const OVERDUE: &str = "Quá hạn";
pub const DUE_SOON: &str = "Sắp đến hạn";
pub const CASE_STATUS: &str = "Trạng thái vụ việc";

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
