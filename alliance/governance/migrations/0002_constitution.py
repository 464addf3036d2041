# Placeholder kept empty until its models land (filled by hand from `makemigrations --dry-run -v 3`).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations: list = []
