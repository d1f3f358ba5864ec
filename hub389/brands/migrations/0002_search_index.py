"""On PostgreSQL, a full-text index on the folded search text (the 'simple' configuration: no
stemming, the words as folded; the expression is the one SearchVector writes), so a look-up by words of a product's name ("sua dong xanh")
intersects the words' posting lists instead of scanning a million rows. SQLite has none: there a
look-up scans (fine for a province's demo)."""

from django.db import migrations

INDEX = "brands_product_search_fts"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON brands_product USING gin "
            "(to_tsvector('simple'::regconfig, (COALESCE(search, ''::character varying))::text))"
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("brands", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
