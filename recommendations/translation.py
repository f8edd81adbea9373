"""Theme names per language (django-modeltranslation); recommendation texts are kept per version."""

from modeltranslation.translator import TranslationOptions, register

from recommendations.models import Tag


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ru", "en")
