"""Fields of meetings kept per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from meetings.models import AgendaItem, Meeting, OutcomeDocument, Signatory


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "description", "venue_city", "venue_country")
    required_languages = {"ru": ("title",), "en": ("title",)}


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"ru": ("title",)}


@register(OutcomeDocument)
class OutcomeDocumentTranslation(TranslationOptions):
    # The authoritative language's title and text are required: meetings.services.outcomes checks it.
    fields = ("title", "text", "place")


@register(Signatory)
class SignatoryTranslation(TranslationOptions):
    fields = ("capacity", "place")
