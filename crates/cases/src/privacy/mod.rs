//! What the law asks of personal data once a case is worked: the retention policy and its
//! run (`policy`, `retention`), legal holds that stop it (`holds`), the one erasure both the
//! run and a lawful request use (`erase`, `request`), and the data subject's rights to a
//! copy (`export`) and to correction (`corrections`).

pub mod corrections;
pub mod erase;
pub mod export;
pub mod holds;
pub mod policy;
pub mod request;
pub mod retention;

pub use policy::RetentionPolicy;
