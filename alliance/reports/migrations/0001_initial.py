"""The data side of the annual report: countries and public values, collections,
submissions, entries, queries and corrections (filled by hand from the dry run)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Country",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "iso3",
                    models.CharField(
                        max_length=3, unique=True, verbose_name="ISO 3166 alpha-3 code"
                    ),
                ),
                (
                    "iso2",
                    models.CharField(
                        max_length=2, unique=True, verbose_name="ISO 3166 alpha-2 code"
                    ),
                ),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                (
                    "subregion",
                    models.CharField(blank=True, max_length=60, verbose_name="UN M49 sub-region"),
                ),
                (
                    "region",
                    models.CharField(blank=True, max_length=60, verbose_name="World Bank region"),
                ),
                (
                    "income_group",
                    models.CharField(
                        blank=True, max_length=60, verbose_name="World Bank income group"
                    ),
                ),
            ],
            options={
                "verbose_name": "country",
                "verbose_name_plural": "countries",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Collection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(unique=True, verbose_name="reporting year"),
                ),
                ("deadline", models.DateField(verbose_name="deadline")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("closed", "Closed")],
                        default="open",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "opened_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="opened"),
                ),
                (
                    "opened_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "data collection",
                "verbose_name_plural": "data collections",
                "ordering": ["-year"],
            },
        ),
        migrations.CreateModel(
            name="Entry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=40, verbose_name="indicator")),
                (
                    "state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Not answered yet"),
                            ("value", "Value"),
                            ("withheld", "Withheld"),
                            ("not_available", "Not available"),
                        ],
                        default="",
                        max_length=16,
                        verbose_name="answer",
                    ),
                ),
                (
                    "value",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=20, null=True, verbose_name="value"
                    ),
                ),
                ("typed", models.CharField(blank=True, max_length=60, verbose_name="as typed")),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="updated")),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "submitted value",
                "verbose_name_plural": "submitted values",
                "ordering": ["submission", "code"],
            },
        ),
        migrations.CreateModel(
            name="Correction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "old_state",
                    models.CharField(
                        choices=[
                            ("", "Not answered yet"),
                            ("value", "Value"),
                            ("withheld", "Withheld"),
                            ("not_available", "Not available"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "old_value",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=20, null=True),
                ),
                (
                    "new_state",
                    models.CharField(
                        choices=[
                            ("", "Not answered yet"),
                            ("value", "Value"),
                            ("withheld", "Withheld"),
                            ("not_available", "Not available"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "new_value",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=20, null=True),
                ),
                ("reason", models.TextField(verbose_name="reason")),
                ("corrected_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "corrected_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="corrections",
                        to="reports.entry",
                    ),
                ),
            ],
            options={
                "verbose_name": "correction",
                "verbose_name_plural": "corrections",
                "ordering": ["corrected_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Query",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=40, verbose_name="indicator")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Awaiting the institution's answer"),
                            ("answered", "Answered, awaiting the Secretariat"),
                            ("resolved", "Resolved"),
                        ],
                        default="open",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "raised_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="raised"),
                ),
                (
                    "raised_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "query",
                "verbose_name_plural": "queries",
                "ordering": ["submission", "raised_at"],
            },
        ),
        migrations.CreateModel(
            name="QueryMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("from_secretariat", models.BooleanField(default=False)),
                ("body", models.TextField(verbose_name="message")),
                (
                    "value_change",
                    models.CharField(blank=True, max_length=200, verbose_name="value changed"),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "query",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="reports.query",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Submission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted, in review"),
                            ("accepted", "Accepted, awaiting sign-off"),
                            ("signed_off", "Signed off"),
                        ],
                        default="draft",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "saved_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="last saved"),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="submitted"),
                ),
                (
                    "accepted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="accepted"),
                ),
                (
                    "signed_off_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="signed off"),
                ),
                (
                    "head_name",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        verbose_name="head of the institution who signed off",
                    ),
                ),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "collection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="submissions",
                        to="reports.collection",
                    ),
                ),
                (
                    "institution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="report_submissions",
                        to="members.institution",
                    ),
                ),
                (
                    "signed_off_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="The account that signed off: the head, or the coordinator recording it.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "submission",
                "verbose_name_plural": "submissions",
                "ordering": ["collection", "institution__name"],
            },
        ),
        migrations.AddField(
            model_name="query",
            name="submission",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="queries",
                to="reports.submission",
            ),
        ),
        migrations.AddField(
            model_name="entry",
            name="submission",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="entries",
                to="reports.submission",
            ),
        ),
        migrations.CreateModel(
            name="PublicValue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=40, verbose_name="indicator")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "breakdown",
                    models.CharField(
                        blank=True, default="", max_length=20, verbose_name="breakdown"
                    ),
                ),
                ("value", models.FloatField(verbose_name="value")),
                (
                    "flags",
                    models.CharField(blank=True, default="", max_length=60, verbose_name="flags"),
                ),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                ("licence", models.CharField(max_length=200, verbose_name="licence")),
                ("source_file", models.CharField(max_length=120, verbose_name="source file")),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="public_values",
                        to="reports.country",
                    ),
                ),
            ],
            options={
                "verbose_name": "public value",
                "verbose_name_plural": "public values",
                "ordering": ["code", "country__name", "year", "breakdown"],
                "indexes": [
                    models.Index(fields=["code", "year"], name="reports_pub_code_551104_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code", "country", "year", "breakdown"),
                        name="reports_publicvalue_one_per_code_country_year_breakdown",
                    )
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="submission",
            constraint=models.UniqueConstraint(
                fields=("collection", "institution"), name="reports_submission_one_per_year"
            ),
        ),
        migrations.AddConstraint(
            model_name="entry",
            constraint=models.UniqueConstraint(
                fields=("submission", "code"), name="reports_entry_one_per_code"
            ),
        ),
        migrations.AddConstraint(
            model_name="entry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "value"), ("value__isnull", False)),
                    models.Q(models.Q(("state", "value"), _negated=True), ("value__isnull", True)),
                    _connector="OR",
                ),
                name="reports_entry_value_only_with_state_value",
            ),
        ),
    ]
