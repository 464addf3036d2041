"""URLs of the knowledge domain. Each section belongs to one views module."""

from django.urls import path, re_path

from alliance.knowledge.views import (
    achievements,
    challenges,
    courses,
    experts,
    inquiries,
    search,
)

app_name = "knowledge"

# --- search (views/search.py) ---
search_patterns: list = [path("", search.search, name="search")]

# --- achievements (views/achievements.py) ---
achievement_patterns: list = [
    path("achievements/", achievements.achievement_list, name="achievements"),
    path("achievements/new/", achievements.achievement_add, name="achievement_add"),
    path("achievements/<int:pk>/", achievements.achievement_detail, name="achievement"),
    path("achievements/<int:pk>/edit/", achievements.achievement_edit, name="achievement_edit"),
    re_path(
        r"^achievements/(?P<pk>[0-9]+)/(?P<step>submit|publish|return|withdraw)/$",
        achievements.achievement_step,
        name="achievement_step",
    ),
    path("achievements/<int:pk>/documents/", achievements.document_add, name="document_add"),
    path(
        "achievements/<int:pk>/documents/<int:document>/",
        achievements.document_download,
        name="document",
    ),
    path(
        "achievements/<int:pk>/documents/<int:document>/remove/",
        achievements.document_remove,
        name="document_remove",
    ),
]

# --- experts (views/experts.py) ---
expert_patterns: list = [
    path("experts/", experts.expert_list, name="experts"),
    path("experts/new/", experts.expert_add, name="expert_add"),
    path("experts/<int:pk>/", experts.expert_detail, name="expert"),
    path("experts/<int:pk>/edit/", experts.expert_edit, name="expert_edit"),
    path(
        "experts/<int:pk>/publications/import/",
        experts.publication_import,
        name="publication_import",
    ),
]

# --- challenges (views/challenges.py) ---
challenge_patterns: list = [
    path("challenges/", challenges.challenge_list, name="challenges"),
    path("challenges/new/", challenges.challenge_add, name="challenge_add"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge"),
    path("challenges/<int:pk>/edit/", challenges.challenge_edit, name="challenge_edit"),
    path("challenges/<int:pk>/moderate/", challenges.challenge_moderate, name="challenge_moderate"),
    path("challenges/<int:pk>/close/", challenges.challenge_close, name="challenge_close"),
]

# --- inquiries (views/inquiries.py) ---
inquiry_patterns: list = [
    path("achievements/<int:pk>/inquire/", inquiries.inquire, name="inquire"),
    path("inquiries/", inquiries.inquiry_list, name="inquiries"),
    path("inquiries/<int:pk>/", inquiries.inquiry_detail, name="inquiry"),
    path("inquiries/<int:pk>/status/", inquiries.inquiry_status, name="inquiry_status"),
]

# --- shared courses and enrolment requests (views/courses.py) ---
course_patterns: list = [
    path("courses/", courses.course_list, name="courses"),
    path("courses/new/", courses.course_add, name="course_add"),
    path("courses/<int:pk>/", courses.course_detail, name="course"),
    path("courses/<int:pk>/edit/", courses.course_edit, name="course_edit"),
    path("courses/<int:pk>/status/", courses.course_status, name="course_status"),
    path("courses/<int:pk>/file/", courses.course_file, name="course_file"),
    path("courses/<int:pk>/request/", courses.course_request, name="course_request"),
    path("enrolments/", courses.enrolment_list, name="enrolments"),
    path("enrolments/<int:pk>/", courses.enrolment_detail, name="enrolment"),
    path("enrolments/<int:pk>/decide/", courses.enrolment_decide, name="enrolment_decide"),
    path("enrolments/<int:pk>/withdraw/", courses.enrolment_withdraw, name="enrolment_withdraw"),
]

urlpatterns = [
    *search_patterns,
    *achievement_patterns,
    *expert_patterns,
    *challenge_patterns,
    *inquiry_patterns,
    *course_patterns,
]
