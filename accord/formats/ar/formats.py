# Arabic: day, month name, year, with the Arabic comma; 24-hour clock.
DATE_FORMAT = "j F، Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F، Y، H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 6
