from django.db import migrations, models


def fold_streets(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Every existing record's folded street, in batches of 5,000 (a national registry holds
    millions: one statement per batch, never one per row)."""
    from hub389.subjects.linkage.prepare import street

    Record = apps.get_model("subjects", "SubjectRecord")
    last = 0
    while True:
        batch = list(Record.objects.filter(pk__gt=last).exclude(address="").order_by("pk")[:5000])
        if not batch:
            return
        for record in batch:
            record.street_key = street(record.address)[:300]
        Record.objects.bulk_update(batch, ["street_key"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("subjects", "0002_linkage")]

    operations = [
        migrations.AddField(
            model_name="subjectrecord",
            name="street_key",
            field=models.CharField(blank=True, db_index=True, max_length=300),
        ),
        migrations.RunPython(fold_streets, migrations.RunPython.noop, elidable=True),
    ]
