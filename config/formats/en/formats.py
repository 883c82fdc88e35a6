# The same as config/formats/nl: dates in words, day first (16 October 2025), not Django's
# American default ("Oct. 16, 2025"), and times on the 24-hour clock as in Belgium (14:00, not
# Django's "2 p.m."), so a date and time reads the same in both languages.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
