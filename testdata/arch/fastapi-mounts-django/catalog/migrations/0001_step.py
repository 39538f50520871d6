from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.AddField("product", "field_1", models.IntegerField(default=0))]
