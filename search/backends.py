"""The two full-text engines behind one interface: SQLite FTS5 (the default install) and
PostgreSQL full-text search (production). Each says how to install its index and how to
match, rank and locate terms; search.query writes the rest of the SQL once for both.

SQLite: an FTS5 table with external content (`search_searchentry` holds the text once),
tokenizer `porter unicode61 remove_diacritics 2` (English stemming), kept in step by three
triggers. Ranking is bm25 with the title weighing ten times the body.

PostgreSQL: a generated, stored `tsvector` column, the title at weight A and the body at
weight B, with the `english` configuration (English words stemmed, English stop words
dropped; Arabic words, already normalized, kept as they are), and a GIN index. Ranking is
ts_rank. Only the first VECTOR_CHARS characters of a body are indexed there: a tsvector
holds at most 1 MB.
"""

from django.db import connection

TABLE = "search_searchentry"
FTS = "search_fts"
VECTOR_CHARS = 400_000
# A term this long or longer is matched as the beginning of words ("telecom" finds
# "telecommunications"); a shorter one only as a whole word: a prefix of one or two letters
# would match most of the index.
MIN_PREFIX = 3


def is_prefix(term: str) -> bool:
    return len(term) >= MIN_PREFIX


SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        title_index, body, content='{TABLE}', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, title_index, body)
        VALUES (new.id, new.title_index, new.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_index, body)
        VALUES ('delete', old.id, old.title_index, old.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE OF title_index, body ON {TABLE}
    BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_index, body)
        VALUES ('delete', old.id, old.title_index, old.body);
        INSERT INTO {FTS}(rowid, title_index, body)
        VALUES (new.id, new.title_index, new.body);
    END""",
]
SQLITE_TRIGGERS = [f"{FTS}_insert", f"{FTS}_delete", f"{FTS}_update"]
SQLITE_UNINSTALL = [*(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS)] + [
    f"DROP TABLE IF EXISTS {FTS}"
]

POSTGRES_INSTALL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title_index), 'A')
        || setweight(to_tsvector('english'::regconfig, left(body, {VECTOR_CHARS})), 'B')
    ) STORED""",
    f"CREATE INDEX IF NOT EXISTS search_entry_vector_idx ON {TABLE} USING GIN (vector)",
]
POSTGRES_UNINSTALL = [
    "DROP INDEX IF EXISTS search_entry_vector_idx",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vector",
]


class SQLite:
    install_sql = SQLITE_INSTALL
    uninstall_sql = SQLITE_UNINSTALL
    # The matching entries are `e`; where a located term starts in the body (0: nowhere);
    # the smaller and the larger of values.
    matches_from = f"{FTS} JOIN {TABLE} e ON e.id = {FTS}.rowid"
    position = "instr(e.body, %s)"
    least = "min"
    greatest = "max"

    @staticmethod
    def match(terms: list[str]) -> tuple[str, list]:
        """The condition that every term matches. Each term is quoted (so that AND, NEAR, ^,
        * typed by a user are plain words) and matched as a word's beginning."""
        parts = []
        for term in terms:
            if not is_prefix(term):
                parts.append(f'"{term}"')
            elif term.isascii() and term.endswith("y"):
                # The stemmer makes "egy" "egi", no longer the beginning of "egypt"; the
                # letters before the "y" are.
                parts.append(f'("{term}"* OR "{term[:-1]}"*)')
            else:
                parts.append(f'"{term}"*')
        return f"{FTS} MATCH %s", [" AND ".join(parts)]

    @staticmethod
    def score(terms: list[str]) -> tuple[str, list]:
        """The higher the better: bm25, a title match weighing ten times a body match."""
        return f"-bm25({FTS}, 10.0, 1.0)", []

    @staticmethod
    def before_rebuild(cursor):
        # Rows deleted and inserted in bulk: drop the triggers, refill the index in one go
        # afterwards (after_rebuild), rather than row by row.
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")

    @staticmethod
    def after_rebuild(cursor):
        for sql in SQLITE_INSTALL:
            cursor.execute(sql)
        cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


class PostgreSQL:
    install_sql = POSTGRES_INSTALL
    uninstall_sql = POSTGRES_UNINSTALL
    matches_from = f"{TABLE} e"
    position = "strpos(e.body, %s)"
    least = "LEAST"
    greatest = "GREATEST"

    @staticmethod
    def tsquery(terms: list[str]) -> tuple[str, list]:
        """Every term, stemmed as English (as the index is) or as typed: the stemmer makes
        "egy" "egi", no longer the beginning of "egypt", which "egy" unstemmed is. Terms are
        letters and digits only (search.query.parse): nothing to escape."""
        sql = " && ".join(
            "(to_tsquery('english'::regconfig, %s) || to_tsquery('simple'::regconfig, %s))"
            for _ in terms
        )
        params = []
        for term in terms:
            lexeme = f"'{term}'" + (":*" if is_prefix(term) else "")
            params += [lexeme, lexeme]
        return f"({sql})", params

    @classmethod
    def match(cls, terms: list[str]) -> tuple[str, list]:
        sql, params = cls.tsquery(terms)
        return f"e.vector @@ {sql}", params

    @classmethod
    def score(cls, terms: list[str]) -> tuple[str, list]:
        """The higher the better: ts_rank, title at weight A (1.0), body at B (0.4)."""
        sql, params = cls.tsquery(terms)
        return f"ts_rank(e.vector, {sql})", params

    @staticmethod
    def before_rebuild(cursor):
        # Make sure the column and its index exist (a database restored without them), before
        # any row is written: the table cannot be altered once rows wait on deferred checks.
        if not installed(cursor.db):
            for sql in POSTGRES_INSTALL:
                cursor.execute(sql)

    @staticmethod
    def after_rebuild(cursor):
        pass


def engine(conn=None):
    """The engine of `conn` (the default connection by default)."""
    vendor = (conn or connection).vendor
    if vendor == "sqlite":
        return SQLite
    if vendor == "postgresql":
        return PostgreSQL
    raise NotImplementedError(f"search has no full-text engine for {vendor}")


def install(apps, schema_editor):
    """Create the full-text index of the connection's engine (a migration's RunPython)."""
    for sql in engine(schema_editor.connection).install_sql:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    for sql in engine(schema_editor.connection).uninstall_sql:
        schema_editor.execute(sql)


def installed(conn=None) -> bool:
    """Is the full-text index (and, on SQLite, each of its triggers) in place?"""
    conn = conn or connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
                [FTS, *SQLITE_TRIGGERS],
            )
            return len(cursor.fetchall()) == 4
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [TABLE, "vector"],
        )
        return cursor.fetchone() is not None
