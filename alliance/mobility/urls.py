"""URLs of the mobility domain. Each section belongs to one views module; keep them apart."""

from django.urls import path

from alliance.mobility.views import agreements, applications, mobilities, rounds, runs

app_name = "mobility"

# --- rounds (views/rounds.py) ---
round_patterns: list = [
    path("", rounds.round_list, name="rounds"),
    path("rounds/new/", rounds.round_add, name="round_add"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/hosts/<int:host>/", rounds.round_host_edit, name="round_host"),
    path("rounds/<int:pk>/status/", rounds.round_status, name="round_status"),
]

# --- applications and nominations (views/applications.py) ---
application_patterns: list = [
    path("rounds/<int:pk>/apply/", applications.apply, name="apply"),
    path("rounds/<int:pk>/nominations/", applications.nominations, name="nominations"),
    path(
        "rounds/<int:pk>/nominations/<int:application>/move/",
        applications.nomination_move,
        name="nomination_move",
    ),
]

# --- allocation runs, publication, answers (views/runs.py) ---
run_patterns: list = [
    path("rounds/<int:pk>/runs/", runs.runs, name="runs"),
    path("rounds/<int:pk>/answer/", runs.placement_respond, name="placement_respond"),
    path("runs/<int:pk>/", runs.run_detail, name="run"),
    path("runs/<int:pk>/publish/", runs.run_publish, name="run_publish"),
]

# --- agreements (views/agreements.py) ---
agreement_patterns: list = [
    path("agreements/", agreements.agreement_list, name="agreements"),
    path("agreements/new/", agreements.agreement_add, name="agreement_add"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", agreements.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/approve/", agreements.agreement_approve, name="agreement_approve"),
    path("agreements/<int:pk>/ewp.json", agreements.agreement_ewp, name="agreement_ewp"),
]

# --- mobility records and the balance ledger (views/mobilities.py) ---
mobility_patterns: list = [
    path("mobilities/", mobilities.mobility_list, name="mobilities"),
    path("mobilities/<int:pk>/", mobilities.mobility_detail, name="mobility"),
    path("mobilities/<int:pk>/dates/", mobilities.mobility_dates, name="mobility_dates"),
    path(
        "mobilities/<int:pk>/learning-agreement/",
        mobilities.learning_agreement,
        name="learning_agreement",
    ),
    path(
        "mobilities/<int:pk>/learning-agreement/sign/",
        mobilities.learning_agreement_sign,
        name="learning_agreement_sign",
    ),
    path("mobilities/<int:pk>/cancel/", mobilities.mobility_cancel, name="mobility_cancel"),
    path("balances/", mobilities.balances, name="balances"),
    path("rounds/<int:pk>/nominations.json", mobilities.nominations_ewp, name="nominations_ewp"),
]

urlpatterns = [
    *round_patterns,
    *application_patterns,
    *run_patterns,
    *agreement_patterns,
    *mobility_patterns,
]
