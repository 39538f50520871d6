from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_step")]
    operations = [migrations.AddField("product", "field_3", models.IntegerField(default=0))]
