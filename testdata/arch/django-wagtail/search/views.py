from django.template.response import TemplateResponse
from wagtail.models import Page


def search(request):
    query = request.GET.get("query")
    results = Page.objects.live().search(query) if query else Page.objects.none()
    return TemplateResponse(request, "search/search.html", {"search_results": results})
