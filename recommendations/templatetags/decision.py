"""Template tags of the decision page: `{% moment value zone %}`, a date and time naming its zone and offset."""

from django import template

from recommendations import decision

register = template.Library()


@register.simple_tag
def moment(value, zone) -> str:
    return decision.moment(value, zone) if value else ""
