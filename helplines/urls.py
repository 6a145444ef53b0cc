app_name = "helplines"
urlpatterns: list = []
