# The constitution: versions, clauses, amendments (filled by hand from
# `makemigrations --dry-run -v 3`).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("members", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ConstitutionVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(unique=True, verbose_name="version")),
                ("adopted_on", models.DateField(verbose_name="adopted on")),
                (
                    "note",
                    models.CharField(blank=True, max_length=300, verbose_name="how it was adopted"),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "motion",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="constitution_versions",
                        to="governance.motion",
                        verbose_name="motion",
                    ),
                ),
                (
                    "poll",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="constitution_versions",
                        to="governance.poll",
                        verbose_name="poll",
                    ),
                ),
            ],
            options={
                "verbose_name": "constitution version",
                "verbose_name_plural": "constitution versions",
                "ordering": ["-number"],
            },
        ),
        migrations.CreateModel(
            name="Clause",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=16, verbose_name="key")),
                ("number", models.CharField(max_length=16, verbose_name="number")),
                ("heading", models.CharField(blank=True, max_length=300, verbose_name="heading")),
                ("text", models.TextField(blank=True, verbose_name="text")),
                ("position", models.PositiveIntegerField(verbose_name="order")),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="governance.clause",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="clauses",
                        to="governance.constitutionversion",
                    ),
                ),
            ],
            options={
                "verbose_name": "clause",
                "verbose_name_plural": "clauses",
                "ordering": ["version", "position"],
            },
        ),
        migrations.CreateModel(
            name="Amendment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("replace", "Replace the text of the clause"),
                            ("insert_after", "Insert a new clause after it"),
                            ("delete", "Delete the clause"),
                        ],
                        max_length=16,
                        verbose_name="change",
                    ),
                ),
                ("clause_key", models.CharField(max_length=16, verbose_name="clause")),
                (
                    "clause_number",
                    models.CharField(max_length=16, verbose_name="clause number when written"),
                ),
                ("heading", models.CharField(blank=True, max_length=300, verbose_name="heading")),
                ("text", models.TextField(blank=True, verbose_name="new text")),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("moved", "Put to the Board as a motion"),
                            ("adopted", "Adopted"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="proposed",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "by_body",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="constitution_amendments",
                        to="governance.body",
                        verbose_name="proposed by body",
                    ),
                ),
                (
                    "by_institution",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="constitution_amendments",
                        to="members.institution",
                        verbose_name="proposed by member",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "motion",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="amendments",
                        to="governance.motion",
                        verbose_name="motion",
                    ),
                ),
                (
                    "adopted_in",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="amendments_adopted",
                        to="governance.constitutionversion",
                        verbose_name="adopted in version",
                    ),
                ),
                (
                    "written_against",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="amendments_written",
                        to="governance.constitutionversion",
                        verbose_name="written against version",
                    ),
                ),
            ],
            options={
                "verbose_name": "amendment",
                "verbose_name_plural": "amendments",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="constitutionversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("motion__isnull", False),
                    models.Q(("note", ""), _negated=True),
                    _connector="OR",
                ),
                name="governance_constitution_version_has_a_decision",
            ),
        ),
        migrations.AddConstraint(
            model_name="clause",
            constraint=models.UniqueConstraint(
                fields=("version", "key"), name="governance_clause_key"
            ),
        ),
        migrations.AddConstraint(
            model_name="clause",
            constraint=models.UniqueConstraint(
                fields=("version", "position"), name="governance_clause_position"
            ),
        ),
        migrations.AddConstraint(
            model_name="amendment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("by_body__isnull", True), ("by_institution__isnull", False)),
                    models.Q(("by_body__isnull", False), ("by_institution__isnull", True)),
                    _connector="OR",
                ),
                name="governance_amendment_has_one_proposer",
            ),
        ),
    ]
