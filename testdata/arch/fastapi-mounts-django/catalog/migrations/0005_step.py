from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_step")]
    operations = [migrations.AddField("product", "field_5", models.IntegerField(default=0))]
