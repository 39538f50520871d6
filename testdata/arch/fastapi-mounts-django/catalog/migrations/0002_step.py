from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_step")]
    operations = [migrations.AddField("product", "field_2", models.IntegerField(default=0))]
