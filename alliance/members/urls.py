from django.urls import path

from alliance.members import views

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("import/", views.institutions_import, name="import"),
    path("<slug:slug>/", views.institution_detail, name="institution"),
    path("<slug:slug>/edit/", views.institution_edit, name="institution_edit"),
    path("<slug:slug>/membership/", views.membership_record, name="membership_record"),
]
