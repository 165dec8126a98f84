//! The plan's activities: what the person's agency recorded against the plan's items over a
//! period (its province's, for those who compile the reports), and the form to record one.
//! Both are the operations the API calls, audited the same way.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use hotline_domain::{ActivityKind, Audience, Jurisdiction, PlanItem};
use hotline_http::{ApiError, AppState, Failure, FieldError};
use hotline_reports::activities::{list_activities, record_activity, ActivityInput, ActivityList};
use hotline_reports::period::PeriodQuery;
use hotline_reports::scope::activities_of;
use hotline_reports::FigureSettings;
use hotline_store::queries::places;
use serde::Deserialize;

use super::{codes, Codes};
use crate::error::ConsoleError;
use crate::form::CsrfForm;
use crate::page::{self, Chrome};
use crate::signed::Signed;
use crate::text;

/// The list's period: a preset and a day in it, the year by default.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    pub preset: Option<String>,
    pub on: Option<String>,
    /// Set after a record: say it was saved.
    pub saved: Option<String>,
}

impl ListQuery {
    fn period(&self) -> PeriodQuery {
        let blank = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        PeriodQuery {
            preset: blank(&self.preset).or_else(|| Some("year".into())),
            on: blank(&self.on),
            ..PeriodQuery::default()
        }
    }

    fn is_preset(&self, code: &str) -> bool {
        self.preset
            .as_deref()
            .filter(|p| !p.is_empty())
            .unwrap_or("year")
            == code
    }

    fn on_text(&self) -> &str {
        self.on.as_deref().unwrap_or_default()
    }
}

/// The form as sent, kept as typed so a refused form comes back as it was.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityForm {
    pub item: String,
    pub kind: String,
    pub held_on: String,
    pub title: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub reach: String,
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub commune_code: String,
}

impl ActivityForm {
    fn selected(value: &str, code: &str) -> bool {
        value == code
    }

    /// The operation's input; numbers that are not numbers are refused here, by field.
    fn input(&self) -> Result<ActivityInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut number = |field: &'static str, text: &str| -> Option<i32> {
            let text = text.trim().replace('.', "");
            if text.is_empty() {
                return None;
            }
            let parsed = text.parse::<i32>().ok();
            if parsed.is_none() {
                errors.push(FieldError::new(field, text::WHOLE_NUMBER));
            }
            parsed
        };
        let quantity = number("quantity", &self.quantity);
        let reach = number("reach", &self.reach);
        let commune_code = number("commune_code", &self.commune_code);
        let optional = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let input = ActivityInput {
            item: self.item.clone(),
            kind: self.kind.clone(),
            held_on: self.held_on.clone(),
            title: self.title.clone(),
            audience: optional(&self.audience),
            quantity,
            reach,
            link: optional(&self.link),
            commune_code,
        };
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }
}

/// An activity as listed.
pub struct ActivityLine {
    pub held_on: String,
    pub item: String,
    pub kind: String,
    pub title: String,
    pub agency: String,
    pub quantity: String,
    pub reach: String,
    pub link: Option<String>,
}

/// Where the form asks for the commune: a list of the province's, or a code for a national
/// body; a commune's agency records its own commune and is not asked.
pub enum CommuneChoice {
    Own,
    Listed(Vec<(i32, String)>),
    Code,
}

#[derive(Template)]
#[template(path = "activities.html")]
struct ActivitiesPage {
    chrome: Chrome,
    q: ListQuery,
    presets: Vec<(String, String)>,
    period: String,
    /// Whether the list is the province's (compilers) or the agency's own.
    whole_place: bool,
    lines: Vec<ActivityLine>,
    truncated: bool,
    v: ActivityForm,
    items: Codes,
    kinds: Codes,
    audiences: Codes,
    communes: CommuneChoice,
    errors: Vec<(String, String)>,
    list_errors: Vec<String>,
}

fn lines(list: ActivityList) -> Vec<ActivityLine> {
    list.items
        .into_iter()
        .map(|a| ActivityLine {
            held_on: crate::text::date(a.held_on),
            item: a.item,
            kind: a.kind_label,
            title: a.title,
            agency: a.agency_name,
            quantity: text::grouped(usize::try_from(a.quantity).unwrap_or_default()),
            reach: a
                .reach
                .map(|r| text::grouped(usize::try_from(r).unwrap_or_default()))
                .unwrap_or_default(),
            link: a.link,
        })
        .collect()
}

/// Render the page: the list of the period asked for, and the form (blank, or as sent).
async fn render(
    state: &AppState,
    settings: web::Data<FigureSettings>,
    signed: &Signed,
    q: ListQuery,
    v: ActivityForm,
    errors: Vec<FieldError>,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let whole_place = matches!(
        activities_of(&caller).map_err(ApiError::from)?,
        hotline_store::queries::plan_activities::Whose::Area(_)
    );
    let jurisdiction = caller.agency().map(|a| a.jurisdiction);
    let period = q.period();
    let worker = settings.clone();
    let now = hotline_domain::time::now();
    let (listed, communes) = state
        .db(move |conn| {
            let listed = list_activities(conn, &caller, &period, &worker, now);
            let communes = match jurisdiction {
                Some(Jurisdiction::Province(p)) => CommuneChoice::Listed(
                    places::communes_in(conn, i32::from(p))?
                        .into_iter()
                        .map(|c| (c.code, c.name))
                        .collect(),
                ),
                Some(Jurisdiction::National) | None => CommuneChoice::Code,
                Some(Jurisdiction::Commune { .. }) => CommuneChoice::Own,
            };
            Ok::<_, hotline_reports::ReportsError>((listed, communes))
        })
        .await?;
    let (period, lines, truncated, list_errors) = match listed {
        Ok(list) => {
            let (period, truncated) = (list.period.name.clone(), list.truncated);
            (period, lines(list), truncated, Vec::new())
        }
        // A period that does not parse (a link typed by hand): the list is left empty.
        Err(hotline_reports::ReportsError::Invalid(e)) => (
            String::new(),
            Vec::new(),
            false,
            e.into_iter().map(|e| e.message).collect(),
        ),
        Err(e) => return Err(ApiError::from(e).into()),
    };
    let status = if errors.is_empty() && list_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ActivitiesPage {
        chrome: signed.chrome(),
        presets: super::period_presets(&settings),
        q,
        period,
        whole_place,
        lines,
        truncated,
        v,
        items: codes(PlanItem::ALL, PlanItem::code, PlanItem::label_vi),
        kinds: codes(
            ActivityKind::ALL,
            ActivityKind::code,
            ActivityKind::label_vi,
        ),
        audiences: codes(Audience::ALL, Audience::code, Audience::label_vi),
        communes,
        errors: errors
            .into_iter()
            .map(|FieldError { field, message }| (field, message))
            .collect(),
        list_errors,
    };
    Ok(page::respond(status, &page))
}

#[get("/console/activities")]
pub async fn show(
    state: web::Data<AppState>,
    settings: web::Data<FigureSettings>,
    signed: Signed,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let v = ActivityForm {
        quantity: "1".into(),
        held_on: hotline_domain::time::vietnam_date(hotline_domain::time::now()).to_string(),
        ..ActivityForm::default()
    };
    render(&state, settings, &signed, q.into_inner(), v, Vec::new()).await
}

/// Record an activity; a refused form comes back with each problem by its field.
#[post("/console/activities")]
pub async fn record(
    state: web::Data<AppState>,
    settings: web::Data<FigureSettings>,
    sent: CsrfForm<ActivityForm>,
) -> Result<HttpResponse, ConsoleError> {
    let CsrfForm {
        signed, form: v, ..
    } = sent;
    let input = match v.input() {
        Ok(input) => input,
        Err(errors) => {
            return render(&state, settings, &signed, ListQuery::default(), v, errors).await
        }
    };
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let saved = state
        .db(move |conn| record_activity(conn, &caller, &input, now))
        .await;
    match saved {
        Ok(_) => Ok(page::see_other("/console/activities?saved=1")),
        Err(ApiError::Failed(Failure::Invalid(errors))) => {
            render(&state, settings, &signed, ListQuery::default(), v, errors).await
        }
        Err(e) => Err(e.into()),
    }
}
