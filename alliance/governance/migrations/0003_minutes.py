# Minutes, the decision register and written resolutions.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_constitution"),
        ("members", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CastingVote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('choice', models.CharField(max_length=200)),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('poll', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='casting_vote', to='governance.poll')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'casting vote',
                'verbose_name_plural': 'casting votes',
            },
        ),
        migrations.CreateModel(
            name='Minutes',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('circulated', 'Circulated for approval'), ('approved', 'Approved')], default='draft', max_length=12, verbose_name='status')),
                ('chair', models.CharField(blank=True, max_length=200, verbose_name='chaired by')),
                ('header', models.JSONField(default=dict, editable=False)),
                ('closing', models.TextField(blank=True, verbose_name='closing remarks')),
                ('generated_at', models.DateTimeField(editable=False)),
                ('circulated_at', models.DateTimeField(blank=True, null=True)),
                ('approved_at', models.DateTimeField(blank=True, null=True)),
                ('approval_poll', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.poll')),
                ('approved_at_meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='minutes_approved', to='governance.meeting', verbose_name='approved at')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('meeting', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='minutes', to='governance.meeting')),
            ],
            options={
                'verbose_name': 'minutes',
                'verbose_name_plural': 'minutes',
                'ordering': ['-generated_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='MinutesItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField()),
                ('number', models.CharField(max_length=20)),
                ('depth', models.PositiveSmallIntegerField(default=0)),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('record', models.JSONField(default=dict, editable=False)),
                ('text', models.TextField(blank=True, verbose_name='minute')),
                ('agenda_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='governance.agendaitem')),
                ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='governance.minutes')),
            ],
            options={
                'verbose_name': 'minutes item',
                'verbose_name_plural': 'minutes items',
                'ordering': ['minutes', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='WrittenResolution',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('deadline', models.DateTimeField(verbose_name='deadline')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('poll', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='written_resolution', to='governance.poll')),
            ],
            options={
                'verbose_name': 'written resolution',
                'verbose_name_plural': 'written resolutions',
                'ordering': ['-deadline', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='VotingLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('cast_as', models.CharField(choices=[('holder', 'Seat holder'), ('alternate', 'Alternate'), ('proxy', 'Proxy')], max_length=12)),
                ('secret_hash', models.CharField(max_length=64, unique=True)),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('reminded_at', models.DateTimeField(blank=True, null=True)),
                ('used_at', models.DateTimeField(blank=True, null=True)),
                ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.institution')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.person')),
                ('resolution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='governance.writtenresolution')),
            ],
            options={
                'verbose_name': 'voting link',
                'verbose_name_plural': 'voting links',
                'ordering': ['resolution', 'institution__name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('number', models.PositiveIntegerField(verbose_name='number')),
                ('written', models.BooleanField(default=False, verbose_name='written resolution')),
                ('decided_on', models.DateField(verbose_name='date')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('text', models.TextField(blank=True, verbose_name='text')),
                ('result', models.CharField(choices=[('adopted', 'Adopted'), ('rejected', 'Rejected'), ('decided', 'Decided'), ('undecided', 'Nothing decided')], max_length=12, verbose_name='result')),
                ('outcome', models.CharField(max_length=12)),
                ('counts', models.JSONField(default=list)),
                ('explanation', models.JSONField(default=list)),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='governance.body')),
                ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.meeting')),
                ('motion', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.motion')),
                ('poll', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='decision', to='governance.poll')),
            ],
            options={
                'verbose_name': 'decision',
                'verbose_name_plural': 'decisions',
                'ordering': ['-decided_on', '-number', 'pk'],
                'indexes': [models.Index(fields=['body', 'year'], name='governance__body_id_f21943_idx')],
                'constraints': [models.UniqueConstraint(fields=('body', 'year', 'number'), name='governance_decision_number_once')],
            },
        ),
        migrations.AddConstraint(
            model_name='minutes',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'approved'), _negated=True), models.Q(('approved_at__isnull', False), ('approved_at_meeting__isnull', False)), _connector='OR'), name='governance_minutes_approved_at_meeting'),
        ),
        migrations.AddConstraint(
            model_name='votinglink',
            constraint=models.UniqueConstraint(fields=('resolution', 'institution', 'person'), name='governance_voting_link_once'),
        ),
    ]
