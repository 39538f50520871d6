from rest_framework import serializers

from radioapi.models import Show


class ShowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Show
        fields = ["id", "name", "starts"]
