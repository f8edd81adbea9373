"""Fields of the figures' models kept per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from figures.models import Indicator


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "definition", "unit")
    required_languages = {"ru": ("name", "unit"), "en": ("name", "unit")}
