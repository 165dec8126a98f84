//! The operations both faces call: read the figures of the caller's area, or export them.
//! Each is audited with what was counted (area, period, format), never a figure's detail.
//! The days changed since the last read are recomputed first, so a figure read includes
//! every change committed before it.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::time::vietnam_date;
use hotline_http::Caller;
use hotline_store::DbConnection;

use crate::daily;
use crate::export::{self, ExportFormat};
use crate::figures::{self, Figures};
use crate::period::{resolve, PeriodQuery};
use crate::scope::scope_of;
use crate::settings::FigureSettings;
use crate::ReportsError;

fn entry(
    caller: &Caller,
    action: &'static str,
    figures: &Figures,
    format: Option<&'static str>,
) -> Entry {
    let (province, commune) = caller.place();
    Entry::new(action)
        .place(province, commune)
        .detail(serde_json::json!({
            "area": figures.area.level,
            "area_code": figures.area.code,
            "from": figures.period.from,
            "to": figures.period.to,
            "preset": figures.period.preset,
            "format": format,
        }))
}

fn counted(
    conn: &mut DbConnection,
    caller: &Caller,
    (query, settings, now): (&PeriodQuery, &FigureSettings, DateTime<Utc>),
) -> Result<Figures, ReportsError> {
    let scope = scope_of(caller)?;
    let period = resolve(query, vietnam_date(now), settings).map_err(ReportsError::Invalid)?;
    figures::count(conn, &scope, &period, settings, now)
}

/// The figures counted, then audited as `action` (with the format they leave in, if any).
fn audited(
    conn: &mut DbConnection,
    caller: &Caller,
    (query, settings, now): (&PeriodQuery, &FigureSettings, DateTime<Utc>),
    action: &'static str,
    format: Option<&'static str>,
) -> Result<Figures, ReportsError> {
    daily::fold(conn)?;
    caller.audited_read(conn, now, |conn| {
        let f = counted(conn, caller, (query, settings, now))?;
        let e = entry(caller, action, &f, format);
        Ok((f, e))
    })
}

/// The figures of the caller's area over the period asked for (`figures.read`).
pub fn read_figures(
    conn: &mut DbConnection,
    caller: &Caller,
    query: &PeriodQuery,
    settings: &FigureSettings,
    now: DateTime<Utc>,
) -> Result<Figures, ReportsError> {
    audited(conn, caller, (query, settings, now), "figures.read", None)
}

/// A file of the figures, as it leaves the service.
pub struct Exported {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl Exported {
    /// The file as a download, kept out of caches.
    pub fn into_response(self) -> actix_web::HttpResponse {
        actix_web::HttpResponse::Ok()
            .content_type(self.content_type)
            .insert_header((
                "Content-Disposition",
                format!("attachment; filename=\"{}\"", self.file_name),
            ))
            .insert_header(("Cache-Control", "no-store"))
            .body(self.bytes)
    }
}

/// The figures as a file (`figures.export`, with the format).
pub fn export_figures(
    conn: &mut DbConnection,
    caller: &Caller,
    query: &PeriodQuery,
    format: ExportFormat,
    settings: &FigureSettings,
    now: DateTime<Utc>,
) -> Result<Exported, ReportsError> {
    daily::fold(conn)?;
    caller.audited_read(conn, now, |conn| {
        let f = counted(conn, caller, (query, settings, now))?;
        let bytes = export::write(&f, format)?;
        let e = entry(caller, "figures.export", &f, Some(format.code()));
        Ok((
            Exported {
                file_name: export::file_name(&f, format),
                content_type: format.content_type(),
                bytes,
            },
            e,
        ))
    })
}

/// The figures laid out for printing (`figures.export`, format `print`): a printed report
/// leaves the service as a file does, with the same small counts suppressed.
pub fn print_figures(
    conn: &mut DbConnection,
    caller: &Caller,
    query: &PeriodQuery,
    settings: &FigureSettings,
    now: DateTime<Utc>,
) -> Result<Figures, ReportsError> {
    audited(
        conn,
        caller,
        (query, settings, now),
        "figures.export",
        Some("print"),
    )
}
