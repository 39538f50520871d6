from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_step")]
    operations = [migrations.AddField("product", "field_6", models.IntegerField(default=0))]
