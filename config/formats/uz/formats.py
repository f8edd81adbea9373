# Uzbek (Latin): "2024-yil 14-may", "2024-yil 14-may, 09:30", "14.05.2024"; month names in lower case.
DATE_FORMAT = r"Y-\y\i\l j-E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"Y-\y\i\l j-E, H:i"
YEAR_MONTH_FORMAT = r"Y-\y\i\l F"
MONTH_DAY_FORMAT = "j-E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
