//! Token attacks: every forged, stale, foreign or orphaned token is a plain 401, whatever the
//! endpoint it is tried on.

use awc::http::StatusCode;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::helpers::TestApp;

/// Base64url without padding, as JWTs are written.
fn b64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// A token with this header and these claims, signed with HMAC-SHA256 under `key` (or left
/// unsigned).
fn token(header: &Value, claims: &Value, key: Option<&[u8]>) -> String {
    let signing_input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = key.map_or_else(String::new, |key| {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
        mac.update(signing_input.as_bytes());
        b64(&mac.finalize().into_bytes())
    });
    format!("{signing_input}.{signature}")
}

#[actix_web::test]
async fn forged_stale_foreign_and_orphaned_tokens_are_all_refused() {
    let app = TestApp::spawn().await;
    let good = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let key = app.config.jwt.secret.clone().unwrap().into_bytes();
    let user_id = {
        use diesel::prelude::*;
        use hotline_store::schema::users;
        users::table
            .filter(users::username.eq("sup"))
            .select(users::id)
            .first::<String>(&mut *app.conn())
            .unwrap()
    };
    let now = chrono::Utc::now().timestamp();
    let claims = |changes: Value| {
        let mut c = json!({
            "sub": user_id, "role": "supervisor", "iss": "hotline", "aud": "hotline-api",
            "iat": now, "nbf": now, "exp": now + 900, "jti": uuid::Uuid::new_v4().to_string(),
        });
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                c.as_object_mut().unwrap().remove(k);
            } else {
                c[k] = v.clone();
            }
        }
        c
    };
    let hs256 = json!({"alg": "HS256", "typ": "JWT"});
    // Our own forgery, correctly signed, is accepted: the attacks below differ in one thing.
    let honest = token(&hs256, &claims(json!({})), Some(&key));
    assert_eq!(
        app.get("/api/v1/audit", Some(&honest)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/audit", Some(&good)).await.status,
        StatusCode::OK
    );

    let attacks = [
        (
            "alg none",
            token(
                &json!({"alg": "none", "typ": "JWT"}),
                &claims(json!({})),
                None,
            ),
        ),
        (
            "alg none, signed anyway",
            token(&json!({"alg": "none"}), &claims(json!({})), Some(&key)),
        ),
        // A server that took RS256 would check it against its public key used as an HMAC
        // secret; this one pins HS256 and never reads the algorithm from the token.
        (
            "RS256 header",
            token(
                &json!({"alg": "RS256", "typ": "JWT"}),
                &claims(json!({})),
                Some(&key),
            ),
        ),
        (
            "HS512 header",
            token(&json!({"alg": "HS512"}), &claims(json!({})), Some(&key)),
        ),
        (
            "another key",
            token(
                &hs256,
                &claims(json!({})),
                Some(b"another key, also 32 bytes long!!"),
            ),
        ),
        (
            "expired",
            token(
                &hs256,
                &claims(json!({"exp": now - 120, "iat": now - 1020, "nbf": now - 1020})),
                Some(&key),
            ),
        ),
        (
            "not yet valid",
            token(&hs256, &claims(json!({"nbf": now + 600})), Some(&key)),
        ),
        (
            "wrong audience",
            token(&hs256, &claims(json!({"aud": "someone-else"})), Some(&key)),
        ),
        (
            "wrong issuer",
            token(&hs256, &claims(json!({"iss": "someone-else"})), Some(&key)),
        ),
        (
            "no expiry",
            token(&hs256, &claims(json!({"exp": null})), Some(&key)),
        ),
        (
            "no subject",
            token(&hs256, &claims(json!({"sub": null})), Some(&key)),
        ),
        (
            "a user that does not exist",
            token(
                &hs256,
                &claims(json!({"sub": uuid::Uuid::new_v4().to_string()})),
                Some(&key),
            ),
        ),
        (
            "signature cut off",
            honest.rsplit_once('.').unwrap().0.to_owned() + ".",
        ),
        ("not a token", "not.a.token".to_owned()),
    ];
    for (what, forged) in &attacks {
        for path in ["/api/v1/audit", "/api/v1/cases", "/api/v1/referrals"] {
            let r = app.get(path, Some(forged)).await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{what} on {path}: {:?}",
                r.body
            );
            assert_eq!(
                r.headers.get("www-authenticate").unwrap(),
                "Bearer",
                "{what}"
            );
        }
    }

    // A deactivated user's token, still within its lifetime, is refused at once.
    {
        use diesel::prelude::*;
        use hotline_store::schema::users;
        diesel::update(users::table.filter(users::username.eq("sup")))
            .set(users::active.eq(false))
            .execute(&mut *app.conn())
            .unwrap();
    }
    for t in [&good, &honest] {
        assert_eq!(
            app.get("/api/v1/audit", Some(t)).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
}
