from django import template

register = template.Library()


@register.simple_tag
def amount(value):
    return f"{value:.2f}"
