//! The sentences that carry numbers read as Vietnamese writes them.

#[test]
fn sentences_carry_their_numbers() {
    assert_eq!(
        crate::cases_counted(&120, &true, &2, &6),
        "120 vụ việc, trang 2/6."
    );
    assert_eq!(
        crate::cases_counted(&1000, &false, &3, &50),
        "Từ 1.000 vụ việc trở lên, trang 3."
    );
    assert_eq!(crate::entries_counted(&7, &true), "7 mục, mới nhất trước.");
    assert_eq!(
        crate::entries_counted(&1000, &false),
        "Từ 1.000 mục trở lên, mới nhất trước."
    );
    assert_eq!(crate::time_left(125, false), "còn 2 giờ 5 phút");
    assert_eq!(crate::time_left(40, true), "quá hạn 40 phút");
    assert_eq!(
        crate::tasks_counted(1000, 1000, true, 1000, 200),
        "Hơn 1.000 việc đến hạn trong 7 ngày tới hoặc đã quá hạn, trong đó hơn 1.000 việc quá hạn (giờ Việt Nam). Hiển thị 200 việc gấp nhất."
    );
    assert_eq!(
        crate::tasks_counted(5, 2, false, 1000, 5),
        "2 việc quá hạn, 3 việc đến hạn trong 7 ngày tới (giờ Việt Nam)."
    );
}
