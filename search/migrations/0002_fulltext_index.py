"""The full-text index of the database in use: an FTS5 table and its triggers on SQLite, a
generated tsvector column with a GIN index on PostgreSQL (see search.backends)."""

from django.db import migrations

from search import backends


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(backends.install, backends.uninstall, elidable=False)]
