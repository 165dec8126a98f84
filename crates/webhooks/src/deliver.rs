//! One delivery over HTTP: the body as stored, signed as Standard Webhooks gives it, to an
//! address the policy admits, within the time limit. Nothing of the answer is read but its
//! status, and nothing of the address or the answer is kept beyond a short reason.

use std::io;

use crate::address::{AddressPolicy, GuardedResolver};
use crate::settings::WebhookSettings;
use crate::signature::signature;

pub struct Deliverer {
    agent: ureq::Agent,
    addresses: AddressPolicy,
}

/// What is sent: the delivery's id, the moment it is signed for, and its body.
pub struct Outgoing<'a> {
    pub id: &'a str,
    pub timestamp: i64,
    pub body: &'a str,
}

impl Deliverer {
    pub fn new(settings: &WebhookSettings) -> Deliverer {
        let agent = ureq::AgentBuilder::new()
            .timeout(settings.timeout)
            .redirects(0)
            .resolver(GuardedResolver(settings.addresses))
            .user_agent("hotline-webhooks/1")
            .build();
        Deliverer {
            agent,
            addresses: settings.addresses,
        }
    }

    /// POST `out` to `url`, signed with `secret`: `Ok` on a 2xx answer, otherwise the short
    /// reason to record (an HTTP status, a refused address, a time-out).
    pub fn post(&self, url: &str, secret: &str, out: &Outgoing<'_>) -> Result<(), String> {
        // The policy of today, not the one the address was subscribed under.
        self.addresses
            .check(url)
            .map_err(|_| "refused address".to_owned())?;
        let signed = signature(secret, out.id, out.timestamp, out.body.as_bytes())
            .ok_or_else(|| "the subscription's secret is not one".to_owned())?;
        let sent = self
            .agent
            .post(url)
            .set("content-type", "application/json")
            .set("webhook-id", out.id)
            .set("webhook-timestamp", &out.timestamp.to_string())
            .set("webhook-signature", &signed)
            .send_string(out.body);
        match sent {
            Ok(answer) if (200..300).contains(&answer.status()) => Ok(()),
            Ok(answer) => Err(format!("status {}", answer.status())),
            Err(ureq::Error::Status(code, _)) => Err(format!("status {code}")),
            Err(ureq::Error::Transport(t)) => Err(reason(&t)),
        }
    }
}

/// A transport failure in a few words (never the address, which may hold a token).
fn reason(t: &ureq::Transport) -> String {
    let refused = std::error::Error::source(t)
        .and_then(|s| s.downcast_ref::<io::Error>())
        .is_some_and(|e| e.kind() == io::ErrorKind::PermissionDenied);
    if refused {
        return "refused address".into();
    }
    match t.kind() {
        ureq::ErrorKind::Dns => "name not resolved".into(),
        ureq::ErrorKind::ConnectionFailed => "connection failed".into(),
        ureq::ErrorKind::Io => "time-out or connection lost".into(),
        other => format!("transport: {other:?}"),
    }
}
