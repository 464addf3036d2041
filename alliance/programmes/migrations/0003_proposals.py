# Members' proposals for new programmes (models/proposals.py), linked to the Board's motion.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0002_after_activity"),
        ("governance", "0001_initial"),
        ("members", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The call's dashboard counts the reviews written per application from the index alone.
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["application", "submitted_at"], name="programmes_review_done"
            ),
        ),
        migrations.CreateModel(
            name="Proposal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "rationale",
                    models.TextField(blank=True, verbose_name="why the alliance needs it"),
                ),
                (
                    "target_participants",
                    models.CharField(blank=True, max_length=300, verbose_name="who takes part"),
                ),
                (
                    "estimated_budget",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=14,
                        null=True,
                        verbose_name="estimated budget a year",
                    ),
                ),
                (
                    "currency",
                    models.CharField(default="USD", max_length=3, verbose_name="currency"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("discussion", "Under discussion"),
                            ("board", "Sent to the Board"),
                            ("approved", "Approved by the Board"),
                            ("declined", "Declined by the Board"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "co_proposers",
                    models.ManyToManyField(
                        blank=True,
                        related_name="programme_proposals_backed",
                        to="members.institution",
                        verbose_name="co-proposing members",
                    ),
                ),
                (
                    "institution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="programme_proposals",
                        to="members.institution",
                        verbose_name="proposing member",
                    ),
                ),
                (
                    "motion",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="programme_proposal",
                        to="governance.motion",
                        verbose_name="the Board's motion",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "programme proposal",
                "verbose_name_plural": "programme proposals",
                "ordering": ["-created_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["status", "institution"], name="programmes_proposal_status"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ProposalComment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="comment")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "institution",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.institution",
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="programmes.proposal",
                    ),
                ),
            ],
            options={
                "verbose_name": "comment on a proposal",
                "verbose_name_plural": "comments on proposals",
                "ordering": ["proposal", "created_at", "pk"],
            },
        ),
    ]
