# The site's one way of writing dates, in words (16 oktober 2025), in every template
# (|date:"DATE_FORMAT") and in Python (date_format(value)); config/formats/en is the same.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
