"""A card's short link, `/h/<code>`, the address every printed QR code holds."""

from django.urls import re_path

from printables import views

app_name = "printables"
urlpatterns = [
    re_path(r"^h/(?P<code>[A-Za-z0-9]{1,16})/?$", views.short_link, name="short-link"),
]
