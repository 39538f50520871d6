from wagtail.fields import RichTextField
from wagtail.models import Page


class CampaignPage(Page):
    body = RichTextField(blank=True)
