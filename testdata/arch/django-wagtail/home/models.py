from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """Rendered by home/templates/home/home_page.html."""

    intro = RichTextField(blank=True)
    content_panels = Page.content_panels + ["intro"]


class BlogPage(Page):
    date = models.DateField("Post date")
    body = RichTextField(blank=True)
