use thiserror::Error;

/// Everything the domain can refuse. Mapped to HTTP by `hotline-http`.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DomainError {
    #[error("unknown {kind} code `{value}`")]
    UnknownCode { kind: &'static str, value: String },
    #[error("malformed case number `{0}`")]
    BadCaseNumber(String),
}
