from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_step")]
    operations = [migrations.AddField("product", "field_4", models.IntegerField(default=0))]
