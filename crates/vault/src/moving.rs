//! Moving stored values: those written in clear before sealing began (once, at start, in
//! the background) and those sealed under an older data key (`hotline keys reencrypt`).
//! Each batch is its own short write transaction, and each value is replaced only if it
//! still holds what was read, so the server keeps serving and writing throughout; a run that
//! stops is resumed by running it again.

use hotline_domain::evidence::OnlineCounted;
use hotline_domain::indicators::age_on;
use hotline_domain::text::fold;
use hotline_domain::time::vietnam_date;
use hotline_store::queries::sealing::{self, SealedChild};
use hotline_store::{write_transaction, DbConnection};

use crate::{Field, Vault, VaultResult};

/// The sealed prefix every sealed value starts with.
const SEALED: &str = "hx1.";

/// The name of the one-off move of values in clear, recorded when it is over. (v2 added
/// online evidence and reports' online details, v3 the informant's relation to the child,
/// referrals' reasons and outcomes, and services' providers: a database that finished an
/// earlier one moves again, and meets only what that left.)
pub const CLEAR_MOVE: &str = "sealed personal fields v3";

/// The fields moved value by value (a child's date of birth moves with its row, and a
/// report's online details from the clear column beside the sealed one).
fn by_value() -> impl Iterator<Item = Field> {
    Field::ALL
        .into_iter()
        .filter(|f| !matches!(f, Field::ChildBirthDate | Field::ReportOnline))
}

fn table_and_column(field: Field) -> (&'static str, &'static str) {
    field
        .column()
        .split_once('.')
        .unwrap_or((field.column(), ""))
}

/// What a run moved.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub values: usize,
    pub children: usize,
    pub search_texts: usize,
}

/// Run `step` over a table in id order, one write transaction per batch of `batch` rows:
/// `step` gets the id the batch starts after, and returns how many rows it read, the last
/// one's id and what it did. Returns the sum of what the batches did.
fn in_batches<S>(conn: &mut DbConnection, batch: i64, mut step: S) -> VaultResult<usize>
where
    S: FnMut(&mut DbConnection, &str) -> VaultResult<(usize, Option<String>, usize)>,
{
    let mut after = String::new();
    let mut done = 0;
    loop {
        let (seen, last, n) = write_transaction(conn, |conn| step(conn, &after))?;
        done += n;
        match last {
            Some(last) if seen as i64 == batch => after = last,
            _ => return Ok(done),
        }
    }
}

/// Move every value of `field` not starting with `prefix`, `batch` at a time, through
/// `change` (which returns the new stored value). Returns how many moved.
fn walk(
    conn: &mut DbConnection,
    field: Field,
    prefix: &str,
    batch: i64,
    change: impl Fn(&str, &str) -> VaultResult<String>,
) -> VaultResult<usize> {
    let column = table_and_column(field);
    in_batches(conn, batch, |conn, after| {
        let rows = sealing::batch(conn, column, prefix, after, batch)?;
        let mut moved = 0;
        for (id, value) in &rows {
            let new = change(id, value)?;
            if sealing::replace(conn, column, id, value, &new)? {
                moved += 1;
            }
        }
        Ok((rows.len(), rows.last().map(|(id, _)| id.clone()), moved))
    })
}

/// Hash the names of children written in clear and seal their dates of birth. Returns how
/// many children.
fn hash_clear_children(conn: &mut DbConnection, vault: &Vault, batch: i64) -> VaultResult<usize> {
    in_batches(conn, batch, |conn, after| {
        let rows = sealing::clear_children(conn, after, batch)?;
        for child in &rows {
            let folded = match (&child.name, &child.name_folded) {
                (Some(name), _) if !name.starts_with(SEALED) => Some(fold(name)),
                (_, folded) => folded.clone(),
            };
            let name_key = folded.map(|name| vault.terms().child_name_key(&name));
            let birth = child
                .birth_date
                .map(|born| {
                    let on = vietnam_date(child.received_at.and_utc());
                    let sealed = vault.seal(Field::ChildBirthDate, &child.id, &born.to_string());
                    sealed.map(|s| (s, age_on(born, on)))
                })
                .transpose()?;
            sealing::seal_child(
                conn,
                &child.id,
                SealedChild {
                    name_key: name_key.as_deref(),
                    birth_date_sealed: birth.as_ref().map(|(s, _)| s.as_str()),
                    age_on_receipt: birth.as_ref().map(|(_, a)| *a),
                },
            )?;
        }
        Ok((rows.len(), rows.last().map(|c| c.id.clone()), rows.len()))
    })
}

/// Hash the children's names and seal their dates of birth (first, while the names are
/// still in clear), seal every value written in clear, and empty the cases' clear search
/// text.
pub fn seal_clear_values(conn: &mut DbConnection, vault: &Vault, batch: i64) -> VaultResult<Moved> {
    let mut moved = Moved {
        children: hash_clear_children(conn, vault, batch)?,
        ..Moved::default()
    };
    moved.values += seal_online_details(conn, vault, batch)?;
    for field in by_value() {
        moved.values += walk(conn, field, SEALED, batch, |id, value| {
            vault.seal(field, id, value)
        })?;
    }
    let mut after = String::new();
    while let Some((n, last)) =
        write_transaction(conn, |conn| sealing::empty_search_text(conn, &after, batch))?
    {
        moved.search_texts += n;
        after = last;
    }
    Ok(moved)
}

/// Seal reports' online details written whole in clear, keeping in clear only what the
/// figures count. Returns how many were sealed.
fn seal_online_details(conn: &mut DbConnection, vault: &Vault, batch: i64) -> VaultResult<usize> {
    in_batches(conn, batch, |conn, after| {
        let rows = sealing::clear_online(conn, after, batch)?;
        let mut moved = 0;
        for (id, doc) in &rows {
            let counted = OnlineCounted::counted_document(doc);
            // Only the counted facts (an erased report): nothing to seal.
            if counted == *doc {
                continue;
            }
            let sealed = vault.seal(Field::ReportOnline, id, doc)?;
            if sealing::seal_online(conn, id, doc, (&counted, &sealed))? {
                moved += 1;
            }
        }
        Ok((rows.len(), rows.last().map(|(id, _)| id.clone()), moved))
    })
}

/// Give every piece of evidence written before evidence was keyed its keyed hash, so that
/// duplicates are found by it. Run at start before the server serves (a duplicate check
/// must not miss a case while the background move seals the values); evidence is a few
/// rows per online report, each one keyed hash and one short update. Returns how many.
pub fn key_evidence(conn: &mut DbConnection, vault: &Vault, batch: i64) -> VaultResult<usize> {
    in_batches(conn, batch, |conn, after| {
        let rows = sealing::unkeyed_evidence(conn, after, batch)?;
        for row in &rows {
            let value = if row.value.starts_with(SEALED) {
                vault.open(Field::EvidenceValue, &row.id, &row.value)?
            } else {
                row.value.clone()
            };
            let key = vault.terms().evidence_key(&row.kind, &value);
            sealing::key_evidence(conn, &row.id, &key)?;
        }
        Ok((rows.len(), rows.last().map(|r| r.id.clone()), rows.len()))
    })
}

/// Seal again under the newest data key every value sealed under another.
pub fn reseal_all(conn: &mut DbConnection, vault: &Vault, batch: i64) -> VaultResult<usize> {
    let prefix = format!("{SEALED}{}.", vault.active_key());
    let to_do = match hotline_domain::progress::shown() {
        true => Some(u64::try_from(left_to_move(conn, vault)?).unwrap_or_default()),
        false => None,
    };
    let task = hotline_domain::progress::task("keys reencrypt", to_do);
    let mut moved = 0;
    for field in Field::ALL {
        moved += walk(conn, field, &prefix, batch, |id, value| {
            task.advance(1);
            match vault.reseal(field, id, value)? {
                Some(new) => Ok(new),
                // Already under the newest key (sealed since the batch was read).
                None => Ok(value.to_owned()),
            }
        })?;
    }
    Ok(moved)
}

/// Values a run of [`reseal_all`] has yet to move: sealed under another key than the
/// newest, or still in clear.
pub fn left_to_move(conn: &mut DbConnection, vault: &Vault) -> VaultResult<usize> {
    let prefix = format!("{SEALED}{}.", vault.active_key());
    let mut left = 0;
    for field in Field::ALL {
        left += sealing::count(conn, table_and_column(field), &prefix)?;
    }
    Ok(left)
}

/// What a check of every sealed value found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Opened {
    /// Sealed values that opened.
    pub opened: usize,
    /// Values still in clear (a database from before sealing, until its move is done).
    pub clear: usize,
    /// Sealed values that did not open: the column and the row.
    pub failed: Vec<(&'static str, String)>,
}

/// Open every sealed value of every field, `batch` at a time, reading only: after a restore,
/// the proof that the keys at hand open what the backup holds.
pub fn open_all(conn: &mut DbConnection, vault: &Vault, batch: i64) -> VaultResult<Opened> {
    let mut found = Opened::default();
    let task = hotline_domain::progress::task("keys verify", None);
    for field in Field::ALL {
        let mut after = String::new();
        loop {
            let rows = sealing::every_value(conn, table_and_column(field), &after, batch)?;
            task.advance(rows.len() as u64);
            for (id, value) in &rows {
                if !value.starts_with(SEALED) {
                    found.clear += 1;
                } else if vault.open(field, id, value).is_ok() {
                    found.opened += 1;
                } else {
                    found.failed.push((field.column(), id.clone()));
                }
            }
            match rows.last() {
                Some((id, _)) if rows.len() as i64 == batch => after = id.clone(),
                _ => break,
            }
        }
    }
    Ok(found)
}
