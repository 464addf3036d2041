# After the activity (models/outcomes.py): reports, host reviews, reminders, certificates,
# grant payments; and the call's number of days to report.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import alliance.core.storage
import alliance.programmes.models.outcomes


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="call",
            name="report_due_days",
            field=models.PositiveSmallIntegerField(
                default=30, verbose_name="report due (days after the activity)"
            ),
        ),
        migrations.CreateModel(
            name="ActivityReport",
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
                            ("submitted", "Submitted"),
                            ("returned", "Sent back"),
                            ("accepted", "Accepted"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "actual_starts_on",
                    models.DateField(
                        blank=True, null=True, verbose_name="first day of the activity"
                    ),
                ),
                (
                    "actual_ends_on",
                    models.DateField(
                        blank=True, null=True, verbose_name="last day of the activity"
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="what was done")),
                ("outcomes", models.TextField(blank=True, verbose_name="outcomes")),
                (
                    "return_reason",
                    models.TextField(blank=True, verbose_name="why it was sent back"),
                ),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="report",
                        to="programmes.application",
                    ),
                ),
                (
                    "decided_by",
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
                "verbose_name": "activity report",
                "verbose_name_plural": "activity reports",
                "ordering": ["application"],
            },
        ),
        migrations.CreateModel(
            name="Certificate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(max_length=20, unique=True, verbose_name="verification code"),
                ),
                ("holder_name", models.CharField(max_length=200)),
                ("programme_name", models.CharField(max_length=160)),
                ("host_name", models.CharField(max_length=300)),
                ("starts_on", models.DateField()),
                ("ends_on", models.DateField()),
                ("issued_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certificate",
                        to="programmes.application",
                    ),
                ),
                (
                    "issued_by",
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
                "verbose_name": "certificate",
                "verbose_name_plural": "certificates",
                "ordering": ["-issued_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Grant",
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
                            ("requested", "Requested"),
                            ("approved", "Approved"),
                            ("partly_paid", "Partly paid"),
                            ("paid", "Paid"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="requested",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("currency", models.CharField(max_length=3, verbose_name="currency")),
                (
                    "requested_amount",
                    models.DecimalField(
                        decimal_places=2, max_digits=12, verbose_name="amount requested"
                    ),
                ),
                ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "approved_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="amount approved",
                    ),
                ),
                ("approved_at", models.DateTimeField(blank=True, null=True)),
                ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                (
                    "cancel_reason",
                    models.TextField(blank=True, verbose_name="why it was cancelled"),
                ),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="grant",
                        to="programmes.application",
                    ),
                ),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "cancelled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "requested_by",
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
                "verbose_name": "grant payment",
                "verbose_name_plural": "grant payments",
                "ordering": ["application"],
            },
        ),
        migrations.CreateModel(
            name="GrantPayment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="amount"),
                ),
                ("paid_on", models.DateField(verbose_name="paid on")),
                (
                    "reference",
                    models.CharField(blank=True, max_length=100, verbose_name="reference"),
                ),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "grant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="payments",
                        to="programmes.grant",
                    ),
                ),
                (
                    "recorded_by",
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
                "ordering": ["grant", "paid_on", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HostReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("email", models.EmailField(max_length=254)),
                ("secret_hash", models.CharField(max_length=64, unique=True)),
                ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "objectives_met",
                    models.CharField(
                        blank=True,
                        choices=[("fully", "Fully"), ("partly", "Partly"), ("not_met", "Not met")],
                        max_length=8,
                        verbose_name="were the visit's objectives met?",
                    ),
                ),
                (
                    "contribution",
                    models.TextField(blank=True, verbose_name="what the visitor contributed"),
                ),
                (
                    "would_host_again",
                    models.BooleanField(null=True, verbose_name="would you host them again?"),
                ),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="host_review",
                        to="programmes.application",
                    ),
                ),
            ],
            options={
                "verbose_name": "host's review",
                "verbose_name_plural": "hosts' reviews",
                "ordering": ["application"],
            },
        ),
        migrations.CreateModel(
            name="OutcomeReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "subject",
                    models.CharField(
                        choices=[("report", "Activity report"), ("host_review", "Host's review")],
                        max_length=12,
                    ),
                ),
                (
                    "moment",
                    models.CharField(
                        choices=[
                            ("week_before", "A week before the due date"),
                            ("due_day", "On the due date"),
                            ("overdue", "Overdue"),
                            ("overdue_week", "A week overdue"),
                        ],
                        max_length=12,
                    ),
                ),
                ("email", models.EmailField(max_length=254)),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="outcome_reminders",
                        to="programmes.application",
                    ),
                ),
            ],
            options={
                "ordering": ["application", "sent_at"],
            },
        ),
        migrations.CreateModel(
            name="ReportAttachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        storage=alliance.core.storage.private_storage,
                        upload_to=alliance.programmes.models.outcomes._report_upload_to,
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("content_type", models.CharField(max_length=60)),
                ("size", models.PositiveIntegerField()),
                ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="files",
                        to="programmes.activityreport",
                    ),
                ),
            ],
            options={
                "ordering": ["report", "uploaded_at", "pk"],
            },
        ),
        migrations.AddIndex(
            model_name="activityreport",
            index=models.Index(fields=["status"], name="programmes__status_e088c1_idx"),
        ),
        migrations.AddConstraint(
            model_name="activityreport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("actual_starts_on__isnull", True),
                    ("actual_ends_on__isnull", True),
                    ("actual_ends_on__gte", models.F("actual_starts_on")),
                    _connector="OR",
                ),
                name="programmes_report_dates_ordered",
            ),
        ),
        migrations.AddConstraint(
            model_name="grant",
            constraint=models.CheckConstraint(
                condition=models.Q(("requested_amount__gt", 0)),
                name="programmes_grant_requested_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="grant",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("approved_amount__isnull", True), ("approved_amount__gt", 0), _connector="OR"
                ),
                name="programmes_grant_approved_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantpayment",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gt", 0)), name="programmes_payment_positive"
            ),
        ),
        migrations.AddIndex(
            model_name="hostreview",
            index=models.Index(
                fields=["email", "submitted_at"], name="programmes__email_9c95a2_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="outcomereminder",
            constraint=models.UniqueConstraint(
                fields=("application", "subject", "moment"), name="programmes_reminder_once"
            ),
        ),
    ]
