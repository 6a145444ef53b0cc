"""Attendees' own sign-up pages (`/signups/<token>/`)."""
app_name = "signups"
urlpatterns: list = []
