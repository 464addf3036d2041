# The editions of the annual report (filled by hand from `makemigrations --dry-run -v 3`).

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Edition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("building", "Building"),
                            ("built", "Built, not public yet"),
                            ("published", "Published"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "summary",
                    models.JSONField(blank=True, default=dict, verbose_name="executive summary"),
                ),
                (
                    "progress",
                    models.PositiveSmallIntegerField(
                        default=0, verbose_name="build progress (per cent)"
                    ),
                ),
                (
                    "progress_step",
                    models.CharField(blank=True, max_length=200, verbose_name="build step"),
                ),
                (
                    "build_error",
                    models.TextField(blank=True, verbose_name="error of the last build"),
                ),
                ("build_number", models.PositiveIntegerField(default=0)),
                ("build_started_at", models.DateTimeField(blank=True, null=True)),
                ("built_at", models.DateTimeField(blank=True, null=True)),
                ("files", models.JSONField(blank=True, default=dict)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "edition",
                "verbose_name_plural": "editions",
                "ordering": ["-year"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("progress__lte", 100)),
                        name="reports_edition_progress_at_most_100",
                    )
                ],
            },
        ),
    ]
