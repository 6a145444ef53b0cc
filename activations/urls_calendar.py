"""Calendar feeds under /calendar/."""
app_name = "calendar"
urlpatterns: list = []
