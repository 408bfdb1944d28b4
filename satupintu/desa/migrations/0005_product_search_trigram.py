"""The e-mall's search on PostgreSQL: trigram (pg_trgm) GIN indexes on the product's name and description, so
`icontains` (Django writes `UPPER(col::text) LIKE UPPER('%…%')`) is answered from an index instead of reading every
product. The indexes are on that same expression. Nothing on SQLite (its LIKE over one table is fast at our sizes).

pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it without being a superuser."""

from django.db import migrations

INDEXES = {
    "desa_product_name_trgm": "name",
    "desa_product_descr_trgm": "description",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON desa_product USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("desa", "0004_article_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
