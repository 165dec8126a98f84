//! The console's table: every page and form, as every user.

use super::*;
use crate::console::get;

/// The console's request a row stands for, as `column`, own or other: the path, and the form
/// (without its token) when it is a form.
async fn console_request(
    w: &World,
    row: &str,
    column: &str,
    own: bool,
) -> (String, Option<Vec<(&'static str, String)>>) {
    let id = |case: &Value| case["case_id"].as_str().unwrap().to_owned();
    let form = |pairs: &[(&'static str, &str)]| {
        Some(
            pairs
                .iter()
                .map(|(k, v)| (*k, (*v).to_owned()))
                .collect::<Vec<_>>(),
        )
    };
    match row {
        "GET /console/tasks"
        | "GET /console/inbox"
        | "GET /console/calls/new"
        | "GET /console/cases"
        | "GET /console/oversight"
        | "GET /console/caseloads"
        | "GET /console/transfers"
        | "GET /console/audit"
        | "GET /console/mail"
        | "GET /console/stats"
        | "GET /console/activities"
        | "GET /console/admin/users"
        | "GET /console/admin/agencies"
        | "GET /console/webhooks"
        | "GET /console/imports" => (row[4..].to_owned(), None),
        "POST /console/imports/{hold}/place" => {
            // Own: a row held in Huế; other: one in Hà Nội.
            w.made.set(w.made.get() + 1);
            let hold = crate::helpers::imports::held_row(&w.app, own, 1000 + w.made.get());
            let commune = if own { "19900" } else { "4" };
            let path = format!("/console/imports/{hold}/place");
            (path, form(&[("commune_code", commune)]))
        }
        "POST /console/calls" => {
            let commune = match (column, own) {
                ("operator", false) | ("operator 111", _) => "4",
                _ => "19900",
            };
            let idem = format!("perm-{}-{own}-{}", column.replace(" ", "-"), w.made.get());
            w.made.set(w.made.get() + 1);
            let fields = [
                ("idem", idem.as_str()),
                ("contact-type", "abuse_report"),
                ("channel", "hotline_111"),
                ("categories", "online_sexual_exploitation"),
                ("commune", commune),
                ("children-0-name", "Trẻ mới"),
                ("children-0-birth-year", "2012"),
            ];
            ("/console/calls".into(), form(&fields))
        }
        "GET /cases/{case}" | "GET /console/cases/{case}/record" => {
            let case = w.case_for(column, own).await;
            let path = match row.ends_with("record") {
                true => format!("/console/cases/{}/record", id(&case)),
                false => format!("/cases/{}", id(&case)),
            };
            (path, None)
        }
        "GET /console/cases/{case}/steps/verification/form" => {
            let case = w.case_for(column, own).await;
            let path = format!("/console/cases/{}/steps/verification/form", id(&case));
            (path, None)
        }
        "GET /console/documents/{document}" => {
            let paper = w.paper_for(column, own).await;
            (format!("/console/documents/{paper}"), None)
        }
        "POST /console/cases/{case}/notes" => {
            let case = w.case_for(column, own).await;
            let path = format!("/console/cases/{}/notes", id(&case));
            (path, form(&[("text", "Đã gọi điện cho gia đình.")]))
        }
        "POST /console/cases/{case}/move to verifying" => {
            let case = w.case_for(column, own).await;
            let path = format!("/console/cases/{}/move", id(&case));
            (path, form(&[("to", "verifying")]))
        }
        "POST /console/cases/{case}/steps/verification" => {
            let case = w.case_for(column, own).await;
            let path = format!("/console/cases/{}/steps/verification", id(&case));
            let mut fields = vec![
                ("confirmed", "true".to_owned()),
                ("child_safety", "Trẻ ở nhà bà ngoại.".to_owned()),
                ("initial_risk", "high".to_owned()),
            ];
            for (level, note) in [
                ("criteria.harm.level", "criteria.harm.note"),
                (
                    "criteria.abuser_access.level",
                    "criteria.abuser_access.note",
                ),
                (
                    "criteria.care_environment.level",
                    "criteria.care_environment.note",
                ),
                (
                    "criteria.self_protection.level",
                    "criteria.self_protection.note",
                ),
            ] {
                fields.push((level, "medium".to_owned()));
                fields.push((note, "Theo lời kể.".to_owned()));
            }
            (path, Some(fields))
        }
        "POST /console/cases/{case}/referrals" => {
            let case = w.case_for(column, own).await;
            let path = format!("/console/cases/{}/referrals", id(&case));
            let fields = [
                ("agency_code", "cp-19909"),
                ("reason", "Gia đình chuyển đến Dương Nỗ."),
                ("replaces", ""),
            ];
            (path, form(&fields))
        }
        "POST /console/referrals/{referral}/acknowledge" => {
            let case = w.case(true).await;
            let (mine, theirs) = referral_agencies(column);
            let referral = referral_id(&case, if own { mine } else { theirs });
            let path = format!("/console/referrals/{referral}/acknowledge");
            (path, form(&[]))
        }
        "POST /console/cases/{case}/manager" => {
            let case = w.case_for(column, own).await;
            let path = format!("/console/cases/{}/manager", id(&case));
            let worker = w.user_id("commune");
            (
                path,
                form(&[("user_id", &worker), ("reason", "Phụ trách địa bàn.")]),
            )
        }
        "POST /console/cases/{case}/transfer" => {
            let case = w.case_for(column, own).await;
            let path = format!("/console/cases/{}/transfer", id(&case));
            let fields = [
                ("province", "46"),
                ("commune", "Dương Nỗ"),
                ("reason", "Trẻ chuyển nơi ở."),
            ];
            (path, form(&fields))
        }
        "POST /console/transfers/{transfer}/refuse" => {
            let to = if own { 19900 } else { 19777 };
            let transfer = w.transfer((19909, to)).await;
            let path = format!("/console/transfers/{transfer}/refuse");
            (path, form(&[("reason", "Gia đình không ở địa bàn.")]))
        }
        "POST /console/cases/{case}/hold" => {
            let case = w.case_for(column, own).await;
            let path = format!("/console/cases/{}/hold", id(&case));
            (path, form(&[("reason", "Công an đang điều tra.")]))
        }
        "GET /console/cases/{case}/children/{child}/export" => {
            let case = w.case_for(column, own).await;
            let child = &case["case_id"];
            // The child's id, read as the Huế supervisor (who sees both places' cases? no:
            // read it from the database, which every test may).
            let child_id: String = {
                use diesel::prelude::*;
                use hotline_store::schema::case_children;
                case_children::table
                    .filter(case_children::case_id.eq(child.as_str().unwrap()))
                    .select(case_children::id)
                    .first(&mut *w.app.conn())
                    .unwrap()
            };
            (
                format!("/console/cases/{}/children/{child_id}/export", id(&case)),
                None,
            )
        }
        other => panic!("the console's table has a request this test cannot make: {other}"),
    }
}

#[actix_web::test]
async fn every_user_gets_exactly_what_the_console_table_says() {
    let app = TestApp::spawn().await;
    let mut tokens = Vec::new();
    let mut jars: Vec<(Jar, String)> = Vec::new();
    for (i, (_, role, agency)) in USERS.iter().enumerate() {
        let name = format!("user{i}");
        tokens.push(app.login_as(&name, role, *agency).await);
        let mut jar = sign_in(&app, &name).await;
        let mut csrf = String::new();
        for page in ["/console/tasks", "/console/admin/users"] {
            let p = get(&app, &mut jar, page).await;
            if p.status == StatusCode::OK {
                csrf = p.csrf();
                break;
            }
        }
        jars.push((jar, csrf));
    }
    let national = app.login_as("national", "supervisor", Some("vn-111")).await;
    let world = World::new(app, tokens, national);
    let mut tried = 0;
    let mut wrong = Vec::new();
    for row in table("| page or form |") {
        for (i, ((column, _, _), (own, other))) in USERS.iter().zip(&row.expected).enumerate() {
            for (mine, expected) in [(true, *own), (false, *other)] {
                let (path, form) = console_request(&world, &row.request, column, mine).await;
                let (jar, csrf) = &mut jars[i];
                let page = match form {
                    None => visit(&world.app, jar, Method::GET, &path, None).await,
                    Some(mut fields) => {
                        fields.push(("csrf", csrf.clone()));
                        let pairs: Vec<(&str, &str)> =
                            fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        visit(&world.app, jar, Method::POST, &path, Some(&pairs)).await
                    }
                };
                tried += 1;
                if page.status != StatusCode::from_u16(expected).unwrap() {
                    let whose = if mine { "own" } else { "other" };
                    let said: String = page
                        .html
                        .find("role=\"alert\"")
                        .map_or(String::new(), |at| {
                            page.html[at..].chars().take(900).collect()
                        });
                    wrong.push(format!(
                        "{} as {column} ({whose}): {} instead of {expected} ({}): {said}",
                        row.request,
                        page.status,
                        page.location()
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {tried} requests disagree with the console's table:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(tried >= 350, "{tried}");
}
