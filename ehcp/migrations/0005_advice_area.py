"""Advice carries its request's area, so an area's advice is read through its own index.

Three steps (docs: add a nullable column, fill it from the request, then require it), so
advice already held keeps its rows.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_submission_tokens"),
        ("ehcp", "0004_published_measures"),
    ]

    operations = [
        migrations.AddField(
            model_name="advice",
            name="area",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.area",
            ),
        ),
        migrations.RunSQL(
            "UPDATE ehcp_advice a SET area_id = r.area_id FROM ehcp_caserequest r "
            "WHERE r.id = a.request_id",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="advice",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.area"
            ),
        ),
        migrations.AddIndex(
            model_name="advice",
            index=models.Index(fields=["area", "request"], name="advice_by_area_request"),
        ),
    ]
