from django.urls import path

from alliance.members.views import institutions as views
from alliance.members.views import invitations, people

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("import/", views.institutions_import, name="import"),
    # Before "<slug:slug>/" so that "invitations" is never read as an institution's slug.
    path("invitations/", invitations.invitation_list, name="invitations"),
    path("invitations/send/", invitations.invitation_send, name="invitation_send"),
    path("invitations/<int:pk>/revoke/", invitations.invitation_revoke, name="invitation_revoke"),
    path(
        "invitations/accept/<str:secret>/",
        invitations.invitation_accept,
        name="invitation_accept",
    ),
    path("<slug:slug>/", views.institution_detail, name="institution"),
    path("<slug:slug>/edit/", views.institution_edit, name="institution_edit"),
    path("<slug:slug>/membership/", views.membership_record, name="membership_record"),
    path("<slug:slug>/people/", people.contacts, name="people"),
    path("<slug:slug>/people/add/", people.person_add, name="person_add"),
    path("<slug:slug>/people/<int:person_id>/edit/", people.person_edit, name="person_edit"),
    path(
        "<slug:slug>/people/<int:person_id>/positions/add/",
        people.position_add,
        name="position_add",
    ),
    path(
        "<slug:slug>/people/positions/<int:position_id>/end/",
        people.position_end,
        name="position_end",
    ),
]
