from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [("wagtailcore", "0089_log_entry_data_json_null_to_object")]
    operations = []
