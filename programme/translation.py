"""Fields of the programme's models kept per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from programme.models import Activity, Roadmap


@register(Roadmap)
class RoadmapTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"ru": ("title",)}


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = {"ru": ("title",)}
