# Admissions of members and observers, suspension and withdrawal cases, membership fees.

import alliance.core.storage
import alliance.governance.models.admissions
import django.db.models.deletion
import django.utils.timezone
import django_countries.fields
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0003_minutes'),
        ('members', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AdmissionApplication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('institution_name', models.CharField(max_length=300, verbose_name='name of the university')),
                ('country', django_countries.fields.CountryField(max_length=2, verbose_name='country or region')),
                ('website', models.URLField(blank=True, max_length=300, verbose_name='website')),
                ('ror_id', models.CharField(blank=True, max_length=9, verbose_name='ROR id')),
                ('contact_name', models.CharField(max_length=200, verbose_name='contact person')),
                ('contact_email', models.EmailField(max_length=254, verbose_name='contact e-mail')),
                ('category', models.CharField(choices=[('member', 'Member'), ('observer', 'Observer')], default='member', max_length=12, verbose_name='status asked for')),
                ('motivation', models.TextField(blank=True, verbose_name='motivation')),
                ('letter', models.FileField(blank=True, storage=alliance.core.storage.private_storage, upload_to=alliance.governance.models.admissions._letter_path, verbose_name='supporting letter')),
                ('language', models.CharField(default='en', max_length=12, verbose_name='language')),
                ('status', models.CharField(choices=[('invited', 'Invited (form not yet submitted)'), ('submitted', 'Submitted'), ('under_review', 'Under review by the working group'), ('recommended', 'Recommended by the working group'), ('not_recommended', 'Not recommended by the working group'), ('at_board', 'Put to the Board'), ('admitted', 'Admitted'), ('refused', 'Refused'), ('withdrawn', 'Withdrawn')], db_index=True, default='submitted', max_length=16, verbose_name='status')),
                ('secret_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                ('conclusion', models.TextField(blank=True, verbose_name="the working group's conclusion")),
                ('decided_on', models.DateField(blank=True, null=True, verbose_name='decided on')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('institution', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='admission_applications', to='members.institution', verbose_name='institution in the registry')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('membership_event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='members.membershipevent')),
                ('motion', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='admission', to='governance.motion', verbose_name='Board motion')),
                ('review_body', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='admission_reviews', to='governance.body', verbose_name='reviewed by')),
            ],
            options={
                'verbose_name': 'admission application',
                'verbose_name_plural': 'admission applications',
                'ordering': ['-created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='AdmissionRecommendation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recommendation', models.CharField(choices=[('recommend', 'Recommend admission'), ('do_not_recommend', 'Do not recommend admission'), ('abstain', 'Abstain')], max_length=20, verbose_name='recommendation')),
                ('comment', models.TextField(verbose_name='comment')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recommendations', to='governance.admissionapplication')),
                ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.institution')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'recommendation',
                'verbose_name_plural': 'recommendations',
                'ordering': ['application', 'institution__name'],
            },
        ),
        migrations.CreateModel(
            name='FeeSchedule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('category', models.CharField(choices=[('member', 'Member'), ('observer', 'Observer')], max_length=12, verbose_name='category')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount')),
                ('currency', models.CharField(default='USD', max_length=3, verbose_name='currency')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ],
            options={
                'verbose_name': 'fee schedule',
                'verbose_name_plural': 'fee schedules',
                'ordering': ['-year', 'category'],
                'constraints': [models.UniqueConstraint(fields=('year', 'category'), name='governance_one_fee_per_year'), models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='governance_fee_positive')],
            },
        ),
        migrations.CreateModel(
            name='Invoice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('sequence', models.PositiveIntegerField(editable=False)),
                ('number', models.CharField(max_length=16, unique=True, verbose_name='number')),
                ('category', models.CharField(choices=[('member', 'Member'), ('observer', 'Observer')], max_length=12, verbose_name='category')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
                ('issued_on', models.DateField(verbose_name='issued on')),
                ('due_on', models.DateField(verbose_name='due on')),
                ('status', models.CharField(choices=[('issued', 'Issued'), ('paid', 'Paid'), ('overdue', 'Overdue'), ('waived', 'Waived'), ('cancelled', 'Cancelled')], default='issued', max_length=12, verbose_name='status')),
                ('paid_amount', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=12, verbose_name='paid')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='fee_invoices', to='members.institution')),
                ('issued_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'invoice',
                'verbose_name_plural': 'invoices',
                'ordering': ['-year', 'sequence'],
            },
        ),
        migrations.CreateModel(
            name='MembershipCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('suspension', 'Suspension'), ('withdrawal', 'Withdrawal')], max_length=12, verbose_name='kind')),
                ('status', models.CharField(choices=[('open', 'Open'), ('at_board', 'Put to the Board'), ('done', 'Decided and recorded'), ('declined', 'Not decided: the Board rejected it'), ('cancelled', 'Cancelled')], default='open', max_length=12, verbose_name='status')),
                ('reason', models.TextField(verbose_name='reason')),
                ('effective_on', models.DateField(blank=True, null=True, verbose_name='takes effect on')),
                ('opened_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='membership_cases', to='members.institution', verbose_name='member')),
                ('membership_event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='members.membershipevent')),
                ('motion', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='membership_case', to='governance.motion', verbose_name='Board motion')),
                ('opened_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'membership case',
                'verbose_name_plural': 'membership cases',
                'ordering': ['-opened_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Payment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('paid_on', models.DateField(verbose_name='paid on')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount')),
                ('reference', models.CharField(blank=True, max_length=200, verbose_name='reference')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('invoice', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='governance.invoice')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'payment',
                'verbose_name_plural': 'payments',
                'ordering': ['invoice', 'paid_on', 'pk'],
            },
        ),
        migrations.AddIndex(
            model_name='admissionapplication',
            index=models.Index(fields=['status', 'created_at'], name='governance__status_58bc12_idx'),
        ),
        migrations.AddConstraint(
            model_name='admissionrecommendation',
            constraint=models.UniqueConstraint(fields=('application', 'institution'), name='governance_one_recommendation_per_member'),
        ),
        migrations.AddIndex(
            model_name='invoice',
            index=models.Index(fields=['status', 'due_on'], name='governance__status_a848e5_idx'),
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'cancelled'), _negated=True), fields=('institution', 'year'), name='governance_one_invoice_per_member_year'),
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=models.UniqueConstraint(fields=('year', 'sequence'), name='governance_invoice_sequence_unique'),
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='governance_invoice_positive'),
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=models.CheckConstraint(condition=models.Q(('paid_amount__gte', 0), ('paid_amount__lte', models.F('amount'))), name='governance_invoice_not_overpaid'),
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=models.CheckConstraint(condition=models.Q(('due_on__gte', models.F('issued_on'))), name='governance_invoice_due_after_issue'),
        ),
        migrations.AddConstraint(
            model_name='membershipcase',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['open', 'at_board'])), fields=('institution', 'kind'), name='governance_one_open_case_per_kind'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='governance_payment_positive'),
        ),
    ]
