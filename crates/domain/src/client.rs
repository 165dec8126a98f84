//! What a machine client's token opens: the routes of its permissions, and nothing else
//! (deny by default, whatever its account's role would allow a person).

use crate::ClientPermission;

impl ClientPermission {
    /// The requests (method, route as the server registers it) this permission opens.
    pub fn routes(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ClientPermission::ReportsCreate => &[("POST", "/api/v1/reports")],
            ClientPermission::ReportsStatus => &[("GET", "/api/v1/reports/{report_id}/status")],
            ClientPermission::WebhooksManage => &[
                ("POST", "/api/v1/webhooks"),
                ("GET", "/api/v1/webhooks"),
                ("DELETE", "/api/v1/webhooks/{id}"),
            ],
        }
    }
}

/// Whether a client holding `permissions` may make request `method` on route `pattern`.
pub fn client_may(permissions: &[ClientPermission], method: &str, pattern: &str) -> bool {
    permissions
        .iter()
        .flat_map(|p| p.routes())
        .any(|(m, p)| *m == method && *p == pattern)
}

/// The permissions a token's `scope` names (space-separated codes); unknown codes open
/// nothing.
pub fn permissions_of(scope: &str) -> Vec<ClientPermission> {
    scope
        .split_whitespace()
        .filter_map(|code| code.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_reaches_only_the_routes_of_its_permissions() {
        let both = permissions_of("reports.create reports.status bogus");
        assert_eq!(both.len(), 2);
        assert!(client_may(&both, "POST", "/api/v1/reports"));
        assert!(client_may(
            &both,
            "GET",
            "/api/v1/reports/{report_id}/status"
        ));
        assert!(!client_may(&both, "GET", "/api/v1/cases"));
        assert!(!client_may(&both, "GET", "/api/v1/reports"));
        let create = permissions_of("reports.create");
        assert!(!client_may(
            &create,
            "GET",
            "/api/v1/reports/{report_id}/status"
        ));
        assert!(!client_may(&[], "POST", "/api/v1/reports"));
    }
}
