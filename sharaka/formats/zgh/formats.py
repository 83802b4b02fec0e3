# Standard Moroccan Tamazight on the portal: day, month, year, as in Morocco (never the month first of
# Django's fallback). Months are numbers: Django has no Tifinagh month names, and "F" would print them
# in Arabic (the fallback catalogue). Numbers as in fr-MA, the locale Babel formats money with for zgh.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = "m/Y"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
