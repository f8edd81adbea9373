"""Fields of meetings kept per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from meetings.models import AgendaItem, Meeting


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "description", "venue_city", "venue_country")
    required_languages = {"ru": ("title",), "en": ("title",)}


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"ru": ("title",)}
