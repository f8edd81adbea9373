"""Fields of the council's models kept per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from council.models import Body, MemberState, Organisation


@register(MemberState)
class MemberStateTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ru", "en", "uz")


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "acronym")
    required_languages = ("ru", "en")


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "short_name", "mandate", "founded_place")
    required_languages = {"ru": ("name",), "en": ("name",)}
