//! The scene the permission tables run in: the service, each column's token, and what a
//! row's request needs made first (cases, papers, clients, webhooks).

use awc::http::StatusCode;
use serde_json::{json, Value};

use super::*;

pub(super) struct World {
    pub(super) app: TestApp,
    pub(super) tokens: Vec<String>,
    /// A supervisor of the whole country, who files the papers of cases outside Huế.
    pub(super) national: String,
    pub(super) made: std::cell::Cell<u32>,
}

impl World {
    /// The service and each column's token, before any case is made.
    pub(super) fn new(app: TestApp, tokens: Vec<String>, national: String) -> World {
        World {
            app,
            tokens,
            national,
            made: std::cell::Cell::new(0),
        }
    }

    /// A signed form filed on the verification step of a case as `case_for` gives it: by
    /// the group in Thuận An, by the national supervisor elsewhere.
    pub(super) async fn paper_for(&self, column: &str, own: bool) -> String {
        let case = self.case_for(column, own).await;
        let filer = match in_hue(column, own) {
            true => self.token("commune"),
            false => self.national.as_str(),
        };
        let scan = crate::helpers::documents::pdf("Biên bản xác minh");
        let r = self
            .app
            .upload(
                case["case_id"].as_str().unwrap(),
                filer,
                &crate::helpers::documents::on_step("verification"),
                Some(("scan.pdf", &scan)),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["id"].as_str().unwrap().to_owned()
    }

    /// A new machine client, registered by the administrator: its id.
    pub(super) async fn client(&self) -> String {
        self.made.set(self.made.get() + 1);
        let body = json!({"name": format!("Ứng dụng webhook {}", self.made.get()),
                          "agency_code": "hue-hotline", "permissions": ["reports.create"]});
        let r = self
            .app
            .post("/api/v1/admin/clients", Some(self.token("admin")), &body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["client_id"].as_str().unwrap().to_owned()
    }

    /// A new webhook subscription of a new client: its id.
    pub(super) async fn webhook(&self) -> String {
        let body = json!({"url": "https://hooks.example.vn/111", "events": ["case.closed"],
                          "client_id": self.client().await});
        let r = self
            .app
            .post("/api/v1/webhooks", Some(self.token("admin")), &body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["id"].as_str().unwrap().to_owned()
    }

    /// The user id of a column's user.
    pub(super) fn user_id(&self, column: &str) -> String {
        let i = USERS.iter().position(|u| u.0 == column).unwrap();
        self.app.user_id(&format!("user{i}"))
    }

    pub(super) fn token(&self, column: &str) -> &str {
        let i = USERS.iter().position(|u| u.0 == column).unwrap();
        &self.tokens[i]
    }

    /// A fresh case: in Thuận An logged by the Huế hotline, or in Hà Nội by the 111 line.
    pub(super) async fn case(&self, hue: bool) -> Value {
        self.made.set(self.made.get() + 1);
        let name = format!("Trẻ {}", self.made.get());
        if hue {
            self.app
                .report(self.token("operator"), &abuse_report(19900, &name))
                .await
        } else {
            self.app
                .report(self.token("operator 111"), &abuse_report(4, &name))
                .await
        }
    }

    /// A transfer proposed by the department, of a new case in commune `from` to `to`.
    pub(super) async fn transfer(&self, (from, to): (u32, u32)) -> String {
        self.made.set(self.made.get() + 1);
        let name = format!("Trẻ {}", self.made.get());
        let case = self
            .app
            .report(self.token("operator"), &abuse_report(from, &name))
            .await;
        let path = format!(
            "/api/v1/cases/{}/transfers",
            case["case_id"].as_str().unwrap()
        );
        let body = json!({"to_commune_code": to, "reason": "Trẻ chuyển nơi ở."});
        let r = self
            .app
            .post(&path, Some(self.token("department")), &body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["id"].as_str().unwrap().to_owned()
    }

    /// A case of the user's own jurisdiction (`own`), or one outside it.
    pub(super) async fn case_for(&self, column: &str, own: bool) -> Value {
        self.case(in_hue(column, own)).await
    }

    /// A case as `case_for`, whose plan the commune group has written (and, if `submitted`,
    /// submitted) when the case is in Thuận An, where the group works.
    pub(super) async fn planned_case_for(
        &self,
        column: &str,
        own: bool,
        submitted: bool,
    ) -> String {
        let case = self.case_for(column, own).await;
        let id = case["case_id"].as_str().unwrap().to_owned();
        if in_hue(column, own) {
            let worker = self.token("commune");
            if submitted {
                self.app.plan_case(&id, worker, None).await;
            } else {
                self.app.write_plan(&id, worker).await;
            }
        }
        id
    }
}
