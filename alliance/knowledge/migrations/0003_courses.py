"""Shared courses and resources with their enrolment requests, publications imported from
ORCID records, the experts' ORCID iDs, and courses as a kind of search entry (the full-text
tables of 0002 hold every kind already: nothing to add there)."""

import alliance.core.storage
import alliance.knowledge.models.courses
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_fulltext"),
        ("members", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="expertprofile",
            name="orcid",
            field=models.CharField(
                blank=True,
                help_text="Such as 0000-0002-1825-0097.",
                max_length=19,
                verbose_name="ORCID iD",
            ),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("achievement", "Achievement"),
                    ("expert", "Expert"),
                    ("challenge", "Challenge"),
                    ("course", "Course or resource"),
                ],
                max_length=12,
            ),
        ),
        migrations.CreateModel(
            name="SharedCourse",
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
                            ("course", "Course (students enrol)"),
                            ("resource", "Open resource (materials anyone may use)"),
                        ],
                        default="course",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("description", models.TextField(verbose_name="description")),
                (
                    "field",
                    models.CharField(
                        choices=[
                            ("mathematics", "Mathematics"),
                            ("computing", "Computer and information sciences"),
                            ("physics", "Physical sciences"),
                            ("chemistry", "Chemical sciences"),
                            ("earth", "Earth and environmental sciences"),
                            ("biology", "Biological sciences"),
                            ("civil", "Civil engineering"),
                            ("electrical", "Electrical, electronic and information engineering"),
                            ("mechanical", "Mechanical engineering"),
                            ("chemical-eng", "Chemical engineering"),
                            ("materials", "Materials engineering"),
                            ("medical-eng", "Medical engineering"),
                            ("environmental", "Environmental engineering and energy"),
                            ("biotech", "Biotechnology"),
                            ("nanotech", "Nanotechnology"),
                            ("medicine", "Medicine and health sciences"),
                            ("agriculture", "Agricultural and food sciences"),
                            ("economics", "Economics and business"),
                            ("education", "Education"),
                            ("social", "Social sciences, law and policy"),
                            ("humanities", "Humanities and the arts"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="field",
                    ),
                ),
                ("keywords", models.JSONField(blank=True, default=list, verbose_name="keywords")),
                (
                    "credits",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=5,
                        null=True,
                        verbose_name="credits",
                    ),
                ),
                (
                    "credit_system",
                    models.CharField(
                        blank=True,
                        help_text="ECTS, or the name of the local system, e.g. Tsinghua credits (学分).",
                        max_length=80,
                        verbose_name="credit system",
                    ),
                ),
                (
                    "languages",
                    models.JSONField(
                        blank=True, default=list, verbose_name="languages of instruction"
                    ),
                ),
                (
                    "mode",
                    models.CharField(
                        choices=[
                            ("online", "Online"),
                            ("in-person", "In person"),
                            ("hybrid", "Hybrid"),
                        ],
                        default="online",
                        max_length=10,
                        verbose_name="mode",
                    ),
                ),
                ("term", models.CharField(blank=True, max_length=100, verbose_name="term")),
                ("starts_on", models.DateField(blank=True, null=True, verbose_name="starts on")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="ends on")),
                (
                    "seats",
                    models.PositiveIntegerField(
                        null=True, verbose_name="seats for other members' students"
                    ),
                ),
                (
                    "enrolment_deadline",
                    models.DateField(blank=True, null=True, verbose_name="enrolment deadline"),
                ),
                ("prerequisites", models.TextField(blank=True, verbose_name="prerequisites")),
                ("contact", models.CharField(blank=True, max_length=200, verbose_name="contact")),
                ("link", models.URLField(blank=True, max_length=500, verbose_name="link")),
                (
                    "material",
                    models.FileField(
                        blank=True,
                        storage=alliance.core.storage.private_storage,
                        upload_to=alliance.knowledge.models.courses._material_path,
                        verbose_name="file",
                    ),
                ),
                ("material_type", models.CharField(blank=True, max_length=100)),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open to members"), ("closed", "Closed")],
                        default="open",
                        editable=False,
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("is_demo", models.BooleanField(default=False)),
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
                    "institution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="knowledge_courses",
                        to="members.institution",
                        verbose_name="offered by",
                    ),
                ),
            ],
            options={
                "verbose_name": "shared course",
                "verbose_name_plural": "shared courses",
                "ordering": ["starts_on", "title", "pk"],
            },
        ),
        migrations.CreateModel(
            name="EnrolmentRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("student_name", models.CharField(max_length=200, verbose_name="student's name")),
                (
                    "student_email",
                    models.EmailField(max_length=254, verbose_name="student's e-mail address"),
                ),
                ("motivation", models.TextField(blank=True, verbose_name="motivation")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting an answer"),
                            ("accepted", "Accepted"),
                            ("waitlisted", "On the waiting list"),
                            ("declined", "Declined"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="pending",
                        editable=False,
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("reason", models.TextField(blank=True, editable=False, verbose_name="reason")),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("is_demo", models.BooleanField(default=False)),
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
                (
                    "home",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.institution",
                        verbose_name="home institution",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "student",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="knowledge_enrolments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "course",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="enrolment_requests",
                        to="knowledge.sharedcourse",
                    ),
                ),
            ],
            options={
                "verbose_name": "enrolment request",
                "verbose_name_plural": "enrolment requests",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ExpertPublication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=500, verbose_name="title")),
                ("journal", models.CharField(blank=True, max_length=300, verbose_name="journal")),
                (
                    "year",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year"),
                ),
                (
                    "doi",
                    models.CharField(
                        blank=True,
                        help_text="lower case, no prefix",
                        max_length=200,
                        verbose_name="DOI",
                    ),
                ),
                (
                    "put_code",
                    models.CharField(blank=True, max_length=20, verbose_name="ORCID put-code"),
                ),
                ("work_type", models.CharField(blank=True, max_length=60, verbose_name="type")),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="link")),
                ("imported_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "expert",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="publication_records",
                        to="knowledge.expertprofile",
                    ),
                ),
                (
                    "imported_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "publication",
                "verbose_name_plural": "publications",
                "ordering": ["-year", "title", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("doi", ""), _negated=True),
                        fields=("expert", "doi"),
                        name="knowledge_publication_doi_once",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("put_code", ""), _negated=True),
                        fields=("expert", "put_code"),
                        name="knowledge_publication_put_code_once",
                    ),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="sharedcourse",
            index=models.Index(
                fields=["status", "institution"], name="knowledge_s_status_189bc0_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="sharedcourse",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends_on__isnull", True),
                    ("starts_on__isnull", True),
                    ("ends_on__gte", models.F("starts_on")),
                    _connector="OR",
                ),
                name="knowledge_course_ends_after_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="sharedcourse",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "resource"), ("seats__isnull", False), _connector="OR"),
                name="knowledge_course_has_seats",
            ),
        ),
        migrations.AddIndex(
            model_name="enrolmentrequest",
            index=models.Index(fields=["course", "status"], name="knowledge_e_course__5bebc6_idx"),
        ),
        migrations.AddConstraint(
            model_name="enrolmentrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["pending", "accepted", "waitlisted"])),
                fields=("course", "student_email"),
                name="knowledge_enrolment_once_per_student",
            ),
        ),
    ]
