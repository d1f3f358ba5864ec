"""On PostgreSQL, a trigram index on the folded search text, so a look-up by words of a
product's name ("sua dong xanh") uses an index over a million products instead of a scan.
SQLite has no trigram index: there a look-up scans (fine for a province's demo)."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS brands_product_search_trgm ON brands_product USING gin (search gin_trgm_ops)"
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS brands_product_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("brands", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
