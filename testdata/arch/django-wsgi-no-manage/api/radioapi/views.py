from rest_framework import viewsets

from radioapi.models import Show
from radioapi.serializers import ShowSerializer


class ShowViewSet(viewsets.ModelViewSet):
    queryset = Show.objects.all()
    serializer_class = ShowSerializer
