"""URLs of the notifications app: the SMS provider's webhook."""

from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [path("sms/inbound", views.sms_inbound, name="sms_inbound")]
