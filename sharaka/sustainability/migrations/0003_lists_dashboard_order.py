from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_status_history_shape"),
        ("sustainability", "0002_recurrent_cost_archived"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="earlywarning",
            index=models.Index(fields=["resolved_at", "rule", "since", "id"], name="warning_dashboard_order"),
        ),
        migrations.AddIndex(
            model_name="risk",
            index=models.Index(fields=["status", "-score", "review_on", "id"], name="risk_dashboard_order"),
        ),
    ]
