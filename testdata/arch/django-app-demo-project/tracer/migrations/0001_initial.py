from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Request",
            fields=[("id", models.AutoField(primary_key=True)), ("path", models.CharField(max_length=300))],
        ),
    ]
