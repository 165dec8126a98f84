//! The bodies of `PATCH /api/v1/cases/{id}/indicators` and what a case shows of them.

use chrono::NaiveDate;
use hotline_domain::{
    AbuseSetting, AgeBand, Ethnicity, LegalOutcome, PerpetratorRelation, ServiceType, Sex,
    SexualSubtype,
};
use hotline_intake::indicators::PerpetratorInput;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// A field that distinguishes "left out" (outer `None`: unchanged) from `null` (cleared).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// What to change: a field left out stays as it is, `null` clears it, and a list sent
/// replaces the list stored (send it whole).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsPatch {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<AbuseSetting>, nullable)]
    pub setting: Option<Option<String>>,
    #[schema(value_type = Option<Vec<SexualSubtype>>)]
    pub sexual_subtypes: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<LegalOutcome>, nullable)]
    pub legal_outcome: Option<Option<String>>,
    /// Each child's profile, by the child's id.
    #[serde(default)]
    pub children: Vec<ChildPatch>,
    pub perpetrators: Option<Vec<PerpetratorInput>>,
    pub services: Option<Vec<ServiceInput>>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildPatch {
    pub child_id: String,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Ethnicity>, nullable)]
    pub ethnicity: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<bool>, nullable)]
    pub disability: Option<Option<bool>>,
    /// `YYYY-MM-DD`; sets the year of birth to its year.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<NaiveDate>, nullable)]
    pub birth_date: Option<Option<String>>,
}

/// A service given: to one child of the case, or (no `child_id`) to the case's children.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceInput {
    #[schema(value_type = ServiceType)]
    pub service: String,
    pub child_id: Option<String>,
    /// `YYYY-MM-DD`, not before the report and not in the future.
    #[schema(value_type = NaiveDate)]
    pub provided_on: String,
    pub provider: Option<String>,
}

/// What a case holds for the statistics (its children's profiles are on each child).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct IndicatorsView {
    pub setting: Option<AbuseSetting>,
    pub sexual_subtypes: Vec<SexualSubtype>,
    pub legal_outcome: Option<LegalOutcome>,
    pub perpetrators: Vec<PerpetratorView>,
    pub services: Vec<ServiceView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PerpetratorView {
    pub id: String,
    pub relation: PerpetratorRelation,
    pub sex: Option<Sex>,
    pub age_band: Option<AgeBand>,
    pub adult: Option<bool>,
    pub known_to_police: Option<bool>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ServiceView {
    pub id: String,
    pub service: ServiceType,
    pub child_id: Option<String>,
    pub provided_on: NaiveDate,
    pub provider: Option<String>,
}
