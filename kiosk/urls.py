from django.urls import path

from kiosk import views

app_name = "kiosk"
urlpatterns = [
    path("", views.home, name="home"),
    path("pair/<str:code>", views.pair, name="pair"),
    path("help.json", views.help_json, name="help_json"),
    path("qr/<str:token>.svg", views.signup_qr, name="signup_qr"),
    path("sw.js", views.service_worker, name="service_worker"),
]
