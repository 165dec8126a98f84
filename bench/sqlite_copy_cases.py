"""Copy a SQLite database's cases of Thuận An (with their deadlines and referrals) under new
ids, received 200 days earlier, until it holds TARGET cases:

    python3 bench/sqlite_copy_cases.py data/hotline.db 100000

For the console bench on SQLite, whose fill through intake slows to about 20 cases a second
beyond 60,000. The copies have no report, and their sealed texts are left empty (a sealed
value opens only in the row it was sealed for). Stop the server first."""
import sqlite3, sys, uuid
db, target = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db)
c.execute("PRAGMA cache_size=-1048576"); c.execute("PRAGMA synchronous=OFF")
have = c.execute("select count(*) from cases").fetchone()[0]
need = target - have
if need <= 0: sys.exit(0)
cols = lambda t: [r[1] for r in c.execute(f"pragma table_info({t})")]
ids = [r[0] for r in c.execute("select id from cases where commune_code = 19900 order by created_at limit ?", (need,))]
c.execute("create temp table m (old text primary key, new text, n integer)")
c.executemany("insert into m values (?,?,?)", [(o, str(uuid.uuid4()), i) for i, o in enumerate(ids)])
cc = cols("cases")
sel = []
for col in cc:
    if col == "id": sel.append("m.new")
    elif col == "case_number": sel.append("'46-2025-C' || printf('%07d', m.n)")
    elif col in ("received_at", "created_at", "updated_at"): sel.append(f"datetime(c.{col}, '-200 days')")
    elif col in ("manager_id", "place_detail"): sel.append("NULL")
    else: sel.append("c." + col)
c.execute(f"insert into cases ({','.join(cc)}) select {','.join(sel)} from cases c join m on m.old = c.id")
dc = cols("case_deadlines")
sel = ["lower(hex(randomblob(16)))" if col == "id" else ("m.new" if col == "case_id" else "d." + col) for col in dc]
c.execute(f"insert into case_deadlines ({','.join(dc)}) select {','.join(sel)} from case_deadlines d join m on m.old = d.case_id")
rc = cols("referrals")
# A sealed value opens only in the row it was sealed for: the copies' free texts stay empty.
empty = {"reason": "''", "decline_reason": "NULL", "outcome": "NULL", "consent": "NULL"}
sel = ["lower(hex(randomblob(16)))" if col == "id" else ("m.new" if col == "case_id" else empty.get(col, "r." + col)) for col in rc]
c.execute(f"insert into referrals ({','.join(rc)}) select {','.join(sel)} from referrals r join m on m.old = r.case_id")
c.commit()
print("cases", c.execute("select count(*) from cases").fetchone()[0])
