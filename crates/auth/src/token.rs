//! Short-lived access tokens: HS256 only (the algorithm is pinned, never read from the
//! token), with `exp`, `nbf`, `iss` and `aud` all required and checked.

use chrono::{DateTime, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::AuthError;

pub const ISSUER: &str = "hotline";
pub const AUDIENCE: &str = "hotline-api";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    pub role: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
    /// A machine client's permissions (space-separated codes): its token opens only their
    /// routes. Absent from a person's token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

pub struct TokenService {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_secs: i64,
}

impl std::fmt::Debug for TokenService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenService")
            .field("ttl_secs", &self.ttl_secs)
            .finish_non_exhaustive()
    }
}

/// Shortest signing key accepted: HS256 keys should be at least as long as the hash.
pub const MIN_KEY_BYTES: usize = 32;

impl TokenService {
    pub fn new(key: &[u8], ttl_secs: i64) -> Result<Self, AuthError> {
        if key.len() < MIN_KEY_BYTES {
            return Err(AuthError::Signing(format!(
                "signing key must have at least {MIN_KEY_BYTES} bytes"
            )));
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        Ok(TokenService {
            encoding: EncodingKey::from_secret(key)
                .map_err(|e| AuthError::Signing(e.to_string()))?,
            decoding: DecodingKey::from_secret(key)
                .map_err(|e| AuthError::Signing(e.to_string()))?,
            validation,
            ttl_secs,
        })
    }

    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    pub fn issue(
        &self,
        user_id: &str,
        role: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AuthError> {
        self.issue_scoped(user_id, role, None, now)
    }

    /// A token for a machine client's account, opening only the routes of `scope`.
    pub fn issue_scoped(
        &self,
        user_id: &str,
        role: &str,
        scope: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<String, AuthError> {
        let iat = now.timestamp();
        let claims = Claims {
            sub: user_id.to_owned(),
            role: role.to_owned(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            iat,
            nbf: iat,
            exp: iat + self.ttl_secs,
            jti: uuid::Uuid::new_v4().to_string(),
            scope: scope.map(str::to_owned),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AuthError::Signing(e.to_string()))
    }

    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|_| AuthError::InvalidToken)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::Duration;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn issued_tokens_verify() {
        let svc = TokenService::new(KEY, 900).unwrap();
        let token = svc.issue("u1", "operator", Utc::now()).unwrap();
        let claims = svc.verify(&token).unwrap();
        assert_eq!(claims.sub, "u1");
        assert_eq!(claims.exp - claims.iat, 900);
    }

    #[test]
    fn expired_future_and_foreign_tokens_are_refused() {
        let svc = TokenService::new(KEY, 900).unwrap();
        let old = svc
            .issue("u1", "operator", Utc::now() - Duration::hours(1))
            .unwrap();
        assert!(svc.verify(&old).is_err());
        let future = svc
            .issue("u1", "operator", Utc::now() + Duration::hours(1))
            .unwrap();
        assert!(svc.verify(&future).is_err(), "nbf in the future");
        let other = TokenService::new(b"another key that is long enough!!", 900).unwrap();
        assert!(svc
            .verify(&other.issue("u1", "operator", Utc::now()).unwrap())
            .is_err());
    }

    #[test]
    fn a_clients_scope_travels_in_its_token_and_a_persons_has_none() {
        let svc = TokenService::new(KEY, 900).unwrap();
        let person = svc.issue("u1", "operator", Utc::now()).unwrap();
        assert_eq!(svc.verify(&person).unwrap().scope, None);
        let client = svc
            .issue_scoped("u2", "operator", Some("reports.create"), Utc::now())
            .unwrap();
        assert_eq!(
            svc.verify(&client).unwrap().scope.as_deref(),
            Some("reports.create")
        );
    }

    #[test]
    fn other_algorithms_and_audiences_are_refused() {
        let svc = TokenService::new(KEY, 900).unwrap();
        let now = Utc::now().timestamp();
        let mut claims = Claims {
            sub: "u1".into(),
            role: "admin".into(),
            iss: ISSUER.into(),
            aud: "someone-else".into(),
            iat: now,
            nbf: now,
            exp: now + 60,
            jti: "x".into(),
            scope: None,
        };
        let wrong_aud = encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(KEY).unwrap(),
        )
        .unwrap();
        assert!(svc.verify(&wrong_aud).is_err());
        claims.aud = AUDIENCE.into();
        let hs512 = encode(
            &Header::new(Algorithm::HS512),
            &claims,
            &EncodingKey::from_secret(KEY).unwrap(),
        )
        .unwrap();
        assert!(svc.verify(&hs512).is_err());
        assert!(TokenService::new(b"short", 900).is_err());
    }
}
