/// The personal fields that are stored sealed. The column is bound into each value, so a
/// value opens only where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    ChildName,
    ChildBirthDate,
    ChildLocation,
    CasePlace,
    ReportPlace,
    InformantName,
    InformantPhone,
    InformantHandle,
    Narrative,
    PerpetratorDescription,
    EventBody,
    StepBody,
    StepNote,
    HoldReason,
    VersionPrevious,
    VersionReason,
    EvidenceValue,
    ReportOnline,
}

impl Field {
    pub const ALL: [Field; 18] = [
        Field::ChildName,
        Field::ChildBirthDate,
        Field::ChildLocation,
        Field::CasePlace,
        Field::ReportPlace,
        Field::InformantName,
        Field::InformantPhone,
        Field::InformantHandle,
        Field::Narrative,
        Field::PerpetratorDescription,
        Field::EventBody,
        Field::StepBody,
        Field::StepNote,
        Field::HoldReason,
        Field::VersionPrevious,
        Field::VersionReason,
        Field::EvidenceValue,
        Field::ReportOnline,
    ];

    /// The table and column the value lives in.
    pub fn column(self) -> &'static str {
        match self {
            Field::ChildName => "case_children.name",
            Field::ChildBirthDate => "case_children.birth_date_sealed",
            Field::ChildLocation => "case_children.current_location",
            Field::CasePlace => "cases.place_detail",
            Field::ReportPlace => "reports.place_detail",
            Field::InformantName => "reports.informant_name",
            Field::InformantPhone => "reports.informant_phone",
            Field::InformantHandle => "reports.informant_handle",
            Field::Narrative => "reports.narrative",
            Field::PerpetratorDescription => "case_perpetrators.description",
            Field::EventBody => "case_events.body",
            Field::StepBody => "case_steps.body",
            Field::StepNote => "case_steps.note",
            Field::HoldReason => "case_holds.reason",
            Field::VersionPrevious => "field_versions.previous",
            Field::VersionReason => "field_versions.reason",
            Field::EvidenceValue => "case_evidence.value",
            Field::ReportOnline => "reports.online_sealed",
        }
    }
}
