"""The working-group proxy shares the translated fields of council.Body."""

from modeltranslation.translator import TranslationOptions, register

from workinggroups.models import WorkingGroup


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ()
