"""Support requests and partner calls: the portal's and the back office's pages, mounted by
config/urls.py in their namespaces (``portal:``, ``backoffice:``), and the public ones."""

app_name = "support"

urlpatterns: list = []

# Mounted under /portal/ (the portal's namespace).
portal_urlpatterns: list = []

# Mounted under /beheer/ (the back office's namespace).
backoffice_urlpatterns: list = []
