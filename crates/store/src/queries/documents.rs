//! The papers filed on cases: their rows, and their sealed bytes behind [`ChunkStore`], the
//! one narrow interface an object store would implement beside the database's own.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::{case_documents, case_evidence, document_chunks, users};
use crate::{DbConnection, StoreResult};

/// A paper filed on a case. `title` and `file_key` are sealed (`file_key` is `None` once
/// the paper is erased: its chunks can no longer be read, and are gone).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_documents)]
pub struct DocumentRow {
    pub id: String,
    pub case_id: String,
    pub step: Option<String>,
    pub referral_id: Option<String>,
    pub kind: String,
    pub title: String,
    pub dated: NaiveDate,
    pub media_type: String,
    pub size: i64,
    pub chunks: i32,
    pub scanned_paper: bool,
    pub file_key: Option<String>,
    pub added_by: String,
    pub added_at: NaiveDateTime,
    pub erased_at: Option<NaiveDateTime>,
}

/// Where a file's sealed chunks are kept. Every call runs on the caller's connection, so a
/// database store writes inside the operation's transaction.
pub trait ChunkStore: Send + Sync {
    fn write(
        &self,
        conn: &mut DbConnection,
        document: &str,
        seq: i32,
        body: &[u8],
    ) -> StoreResult<()>;
    /// Chunk `seq` of `document`, `None` when there is no such chunk.
    fn read(
        &self,
        conn: &mut DbConnection,
        document: &str,
        seq: i32,
    ) -> StoreResult<Option<Vec<u8>>>;
    /// Remove every chunk of `document`; returns how many went.
    fn remove(&self, conn: &mut DbConnection, document: &str) -> StoreResult<usize>;
}

/// Chunks kept in the database beside everything else, so one backup holds all.
#[derive(Debug, Clone, Copy, Default)]
pub struct InDatabase;

impl ChunkStore for InDatabase {
    fn write(
        &self,
        conn: &mut DbConnection,
        document: &str,
        seq: i32,
        body: &[u8],
    ) -> StoreResult<()> {
        diesel::insert_into(document_chunks::table)
            .values((
                document_chunks::document_id.eq(document),
                document_chunks::seq.eq(seq),
                document_chunks::body.eq(body),
            ))
            .execute(conn)?;
        Ok(())
    }

    fn read(
        &self,
        conn: &mut DbConnection,
        document: &str,
        seq: i32,
    ) -> StoreResult<Option<Vec<u8>>> {
        Ok(document_chunks::table
            .filter(document_chunks::document_id.eq(document))
            .filter(document_chunks::seq.eq(seq))
            .select(document_chunks::body)
            .first(conn)
            .optional()?)
    }

    fn remove(&self, conn: &mut DbConnection, document: &str) -> StoreResult<usize> {
        Ok(
            diesel::delete(
                document_chunks::table.filter(document_chunks::document_id.eq(document)),
            )
            .execute(conn)?,
        )
    }
}

pub fn insert(conn: &mut DbConnection, row: &DocumentRow) -> StoreResult<()> {
    diesel::insert_into(case_documents::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// Document `id`, if it is filed on a case (erased or not).
pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<DocumentRow>> {
    Ok(case_documents::table
        .filter(case_documents::id.eq(id))
        .select(DocumentRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every paper of case `case_id` not erased, oldest first, with who filed it.
pub fn of_case(conn: &mut DbConnection, case_id: &str) -> StoreResult<Vec<(DocumentRow, String)>> {
    Ok(case_documents::table
        .inner_join(users::table)
        .filter(case_documents::case_id.eq(case_id))
        .filter(case_documents::erased_at.is_null())
        .order((case_documents::added_at, case_documents::id))
        .select((DocumentRow::as_select(), users::username))
        .load(conn)?)
}

/// Whether `value_key` (the keyed hash of a file's SHA-256) is recorded as online evidence
/// on any case: such a file is abuse material, and is never taken as a paper.
pub fn is_evidence_file(conn: &mut DbConnection, value_keys: &[String]) -> StoreResult<bool> {
    let hits: i64 = case_evidence::table
        .filter(case_evidence::kind.eq("file_sha256"))
        .filter(case_evidence::value_key.eq_any(value_keys))
        .count()
        .get_result(conn)?;
    Ok(hits > 0)
}

/// Erase every paper of case `case_id`: each file's key goes first (its chunks can no
/// longer be read from then on, wherever they are), then its chunks, and its title. Returns
/// how many papers were erased.
pub fn erase_of_case(
    conn: &mut DbConnection,
    store: &dyn ChunkStore,
    case_id: &str,
    at: NaiveDateTime,
) -> StoreResult<usize> {
    let ids: Vec<String> = case_documents::table
        .filter(case_documents::case_id.eq(case_id))
        .filter(case_documents::erased_at.is_null())
        .select(case_documents::id)
        .load(conn)?;
    diesel::update(case_documents::table.filter(case_documents::id.eq_any(&ids)))
        .set((
            case_documents::file_key.eq(None::<String>),
            case_documents::title.eq(""),
            case_documents::erased_at.eq(at),
        ))
        .execute(conn)?;
    for id in &ids {
        store.remove(conn, id)?;
    }
    Ok(ids.len())
}
