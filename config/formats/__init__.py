"""Dates and numbers in each language's own style (FORMAT_MODULE_PATH): one date style per language.

Templates name a format (`|date:"DATE_FORMAT"`, `"DATETIME_FORMAT"`, `"SHORT_DATE_FORMAT"`, `"TIME_FORMAT"`)
instead of spelling one out, so a date reads the same way on every page of one language:
ru "14 мая 2024 г.", en "14 May 2024", uz "2024-yil 14-may" (Uzbek month names are written in lower case;
the names themselves come from locale_vendor/uz).
"""
