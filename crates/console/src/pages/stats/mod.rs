//! The figures' pages: the statistics of the person's area over a period, with charts drawn
//! on the server and each chart's table under it; the same figures as CSV or XLSX; and the
//! report laid out for printing in the administrative form. Each is the operation the API
//! calls, audited the same way.

mod chart;

use actix_web::http::StatusCode;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{get, web, FromRequest, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use hotline_http::{ApiError, AppState, Caller};
use hotline_reports::export::{self, numbered, ExportFormat, SUPPRESSION_NOTE};
use hotline_reports::figures::Figures;
use hotline_reports::period::PeriodQuery;
use hotline_reports::read::{export_figures, print_figures, read_figures};
use hotline_reports::table::{Cell, ColumnKind, Table};
use hotline_reports::FigureSettings;
use hotline_store::queries::agencies;
use hotline_store::DbConnection;
use serde::Deserialize;

use super::query_link;
use super::ShowsErrors;
use crate::error::ConsoleError;
use crate::page::{self, Chrome};
use crate::signed::Signed;
use crate::text;
use chart::{HorizontalChart, TimeChart};

/// The period form as sent: `preset` `custom` takes the days `from` and `to`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StatsForm {
    pub preset: Option<String>,
    pub on: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub format: Option<String>,
}

const CUSTOM: &str = "custom";

/// What each figures page starts from, in the order it is checked: the service, the figures'
/// settings, who asks (signed in, or sent to sign in), and the period form.
pub struct Asked {
    state: web::Data<AppState>,
    settings: web::Data<FigureSettings>,
    signed: Signed,
    form: StatsForm,
}

/// What a figures operation is given: the caller, the period asked for, the settings, now.
type Given<'a> = (
    &'a Caller,
    &'a PeriodQuery,
    &'a FigureSettings,
    DateTime<Utc>,
);

impl Asked {
    /// Run a figures operation for the person who asks, over the period the form names.
    async fn run<T, E>(
        &self,
        now: DateTime<Utc>,
        op: impl FnOnce(&mut DbConnection, Given<'_>) -> Result<T, E> + Send + 'static,
    ) -> Result<T, ApiError>
    where
        T: Send + 'static,
        E: Into<ApiError> + Send + 'static,
    {
        let (caller, query) = (self.signed.caller.clone(), self.form.query());
        let settings = self.settings.clone();
        self.state
            .db(move |conn| op(conn, (&caller, &query, &settings, now)))
            .await
    }
}

impl FromRequest for Asked {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        type Parts = (
            web::Data<AppState>,
            web::Data<FigureSettings>,
            Signed,
            web::Query<StatsForm>,
        );
        let parts = Parts::from_request(req, payload);
        Box::pin(async move {
            let (state, settings, signed, form) = parts.await?;
            Ok(Asked {
                state,
                settings,
                signed,
                form: form.into_inner(),
            })
        })
    }
}

impl StatsForm {
    fn blank(v: &Option<String>) -> Option<String> {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    fn query(&self) -> PeriodQuery {
        let preset = Self::blank(&self.preset);
        if preset.as_deref() == Some(CUSTOM) {
            PeriodQuery {
                from: Self::blank(&self.from).or_else(|| Some(String::new())),
                to: Self::blank(&self.to).or_else(|| Some(String::new())),
                ..PeriodQuery::default()
            }
        } else {
            PeriodQuery {
                preset: preset.or_else(|| Some("month".into())),
                on: Self::blank(&self.on),
                ..PeriodQuery::default()
            }
        }
    }

    /// The same period at another path (a download, the printable report).
    fn link(&self, path: &str, format: Option<&str>) -> String {
        query_link(
            path,
            &[
                ("preset", self.preset.as_deref()),
                ("on", self.on.as_deref()),
                ("from", self.from.as_deref()),
                ("to", self.to.as_deref()),
                ("format", format),
            ],
        )
    }

    fn is_preset(&self, code: &str) -> bool {
        Self::blank(&self.preset).as_deref().unwrap_or("month") == code
    }

    fn text(v: &Option<String>) -> &str {
        v.as_deref().unwrap_or_default()
    }
}

/// A table as a person reads it.
pub struct TableView {
    pub number: String,
    pub title: String,
    pub headers: Vec<(String, bool)>,
    pub rows: Vec<Vec<(String, bool)>>,
    pub bars: Option<HorizontalChart>,
    pub columns: Option<TimeChart>,
}

pub struct SectionView {
    pub number: usize,
    pub title: &'static str,
    pub tables: Vec<TableView>,
}

fn numeric(kind: ColumnKind) -> bool {
    matches!(
        kind,
        ColumnKind::Count | ColumnKind::Amount | ColumnKind::Percent | ColumnKind::Duration
    )
}

/// The cells as shown: exact counts on screen (the person's own area), or suppressed under
/// 5 when printed. Codes are left out: people read the labels.
fn view(number: String, table: &Table, printed: bool) -> TableView {
    let shown: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind != ColumnKind::Code)
        .map(|(i, _)| i)
        .collect();
    let printed_rows = table.printed_rows();
    let rows = table
        .rows
        .iter()
        .zip(printed_rows)
        .map(|(row, printed_row)| {
            shown
                .iter()
                .map(|i| {
                    let cell = &row[*i];
                    let text = match cell {
                        Cell::Amount(n) => text::grouped(usize::try_from(*n).unwrap_or_default()),
                        Cell::Count(n) if !printed => {
                            text::grouped(usize::try_from(*n).unwrap_or_default())
                        }
                        _ => printed_row[*i].clone(),
                    };
                    (text, numeric(table.columns[*i].kind))
                })
                .collect()
        })
        .collect();
    let bars = if printed {
        None
    } else {
        match table.name {
            "children_by_abuse_type" => {
                Some(chart::horizontal("chart-types", table, "count", None, ""))
            }
            "acknowledgement_by_agency" => Some(chart::horizontal(
                "chart-ack",
                table,
                "in_time_percent",
                Some(100.0),
                "%",
            )),
            _ => None,
        }
    };
    let columns = (!printed && table.name == "contacts_by_month")
        .then(|| chart::over_time("chart-months", table));
    TableView {
        number,
        title: table.title.to_owned(),
        headers: shown
            .iter()
            .map(|i| {
                (
                    table.columns[*i].label.to_owned(),
                    numeric(table.columns[*i].kind),
                )
            })
            .collect(),
        rows,
        bars,
        columns,
    }
}

fn sections(figures: &Figures, printed: bool) -> Vec<SectionView> {
    let numbered = numbered(figures);
    export::sections(figures)
        .into_iter()
        .map(|(number, section)| SectionView {
            number,
            title: section.title(),
            tables: numbered
                .iter()
                .filter(|(_, t)| t.section == section)
                .map(|(n, t)| view(n.clone(), t, printed))
                .collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "stats.html")]
struct StatsPage {
    chrome: Chrome,
    f: StatsForm,
    presets: Vec<(String, String)>,
    heading: Option<(String, String)>,
    sections: Vec<SectionView>,
    csv: String,
    xlsx: String,
    print: String,
    errors: Vec<(String, String)>,
}

fn presets(settings: &FigureSettings) -> Vec<(String, String)> {
    let mut list = super::period_presets(settings);
    list.push((CUSTOM.to_owned(), text::CUSTOM_PERIOD.to_owned()));
    list
}

/// Where a refused field is on the form.
fn form_field(field: &str) -> &str {
    match field {
        "from" | "to" | "on" => field,
        _ => "preset",
    }
}

#[get("/console/stats")]
pub async fn show(asked: Asked) -> Result<HttpResponse, ConsoleError> {
    let read = asked
        .run(
            hotline_domain::time::now(),
            |conn, (caller, query, settings, now)| read_figures(conn, caller, query, settings, now),
        )
        .await;
    let f = asked.form;
    let page = StatsPage {
        chrome: asked.signed.chrome(),
        presets: presets(&asked.settings),
        heading: None,
        sections: Vec::new(),
        csv: f.link("/console/stats/export", Some("csv")),
        xlsx: f.link("/console/stats/export", Some("xlsx")),
        print: f.link("/console/stats/print", None),
        errors: Vec::new(),
        f,
    };
    super::filled(read, page, StatsPage::showing)
}

impl ShowsErrors for StatsPage {
    fn set_errors(&mut self, errors: Vec<(String, String)>) {
        self.errors = errors
            .into_iter()
            .map(|(field, message)| (form_field(&field).to_owned(), message))
            .collect();
    }
}

impl StatsPage {
    fn showing(mut self, figures: hotline_reports::figures::Figures) -> StatsPage {
        self.heading = Some((figures.area.name.clone(), figures.period.name.clone()));
        self.sections = sections(&figures, false);
        self
    }
}

#[get("/console/stats/export")]
pub async fn download(asked: Asked) -> Result<HttpResponse, ConsoleError> {
    let format = asked
        .form
        .format
        .as_deref()
        .and_then(ExportFormat::parse)
        .ok_or(ConsoleError::Api(ApiError::not_found()))?;
    let file = asked
        .run(
            hotline_domain::time::now(),
            move |conn, (caller, query, settings, now)| {
                export_figures(conn, caller, query, format, settings, now)
            },
        )
        .await?;
    Ok(file.into_response())
}

#[derive(Template)]
#[template(path = "stats_print.html")]
struct PrintPage {
    agency: String,
    area: String,
    period: String,
    days: String,
    place_and_date: String,
    note: &'static str,
    sections: Vec<SectionView>,
    back: String,
}

#[get("/console/stats/print")]
pub async fn print(asked: Asked) -> Result<HttpResponse, ConsoleError> {
    let now = hotline_domain::time::now();
    let (figures, agency) = asked
        .run(now, |conn, (caller, query, settings, now)| {
            let figures = print_figures(conn, caller, query, settings, now)?;
            let agency = match caller.agency() {
                Some(a) => agencies::by_code(conn, &a.code)?.map(|a| a.name),
                None => None,
            };
            Ok::<_, hotline_reports::ReportsError>((figures, agency))
        })
        .await?;
    let today = hotline_domain::time::vietnam_date(now);
    let page = PrintPage {
        agency: agency.unwrap_or_default(),
        area: figures.area.name.clone(),
        period: figures.period.name.clone(),
        days: text::period_days(
            &crate::text::date(figures.period.from),
            &crate::text::date(figures.period.to),
        ),
        place_and_date: text::place_and_date(&figures.area.name, today),
        note: SUPPRESSION_NOTE,
        sections: sections(&figures, true),
        back: asked.form.link("/console/stats", None),
    };
    Ok(page::respond(StatusCode::OK, &page))
}
