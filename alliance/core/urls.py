from django.urls import path

from alliance.core import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("account/preferences/", views.preferences, name="preferences"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
