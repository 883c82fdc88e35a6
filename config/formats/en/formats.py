# The same as config/formats/nl: dates in words, day first (16 October 2025), not Django's
# American default ("Oct. 16, 2025").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
