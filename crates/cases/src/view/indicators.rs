//! A case's indicators as stored, typed: the facts the statistics need.

use std::str::FromStr;

use hotline_store::models::CaseRow;
use hotline_store::queries::indicators as stored;
use hotline_store::{DbConnection, StoreError};
use hotline_vault::{Field, Vault};

use crate::indicators::dto::{IndicatorsView, PerpetratorView, ServiceView};
use crate::CaseError;

/// A code as stored; one the domain does not know is a corrupt row.
pub(crate) fn stored_code<T: FromStr>(raw: &str, what: &str) -> Result<T, CaseError> {
    raw.parse()
        .map_err(|_| CaseError::Store(StoreError::Corrupt(format!("unknown {what} `{raw}`"))))
}

pub(crate) fn stored_opt<T: FromStr>(
    raw: Option<&str>,
    what: &str,
) -> Result<Option<T>, CaseError> {
    raw.map(|r| stored_code(r, what)).transpose()
}

/// A case's indicators as stored, typed.
pub(crate) fn indicators_view(
    conn: &mut DbConnection,
    vault: &Vault,
    case: &CaseRow,
) -> Result<IndicatorsView, CaseError> {
    let lists = stored::lists_of(conn, &case.id)?;
    Ok(IndicatorsView {
        setting: stored_opt(case.abuse_setting.as_deref(), "setting")?,
        legal_outcome: stored_opt(case.legal_outcome.as_deref(), "legal outcome")?,
        sexual_subtypes: lists
            .sexual_subtypes
            .iter()
            .map(|s| stored_code(s, "sexual sub-type"))
            .collect::<Result<_, _>>()?,
        perpetrators: lists
            .perpetrators
            .iter()
            .map(|p| {
                Ok(PerpetratorView {
                    id: p.id.clone(),
                    relation: stored_code(&p.relation, "relation")?,
                    sex: stored_opt(p.sex.as_deref(), "sex")?,
                    age_band: stored_opt(p.age_band.as_deref(), "age band")?,
                    adult: p.adult,
                    known_to_police: p.known_to_police,
                    description: crate::sealed::open(
                        vault,
                        Field::PerpetratorDescription,
                        &p.id,
                        p.description.as_deref(),
                    )?,
                })
            })
            .collect::<Result<_, CaseError>>()?,
        services: lists
            .services
            .iter()
            .map(|s| {
                Ok(ServiceView {
                    id: s.id.clone(),
                    service: stored_code(&s.service, "service")?,
                    child_id: s.child_id.clone(),
                    provided_on: s.provided_on,
                    provider: crate::sealed::open(
                        vault,
                        Field::ServiceProvider,
                        &s.id,
                        s.provider.as_deref(),
                    )?,
                })
            })
            .collect::<Result<_, CaseError>>()?,
    })
}
