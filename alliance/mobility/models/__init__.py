from alliance.mobility.models.agreements import Agreement, AgreementParty, AgreementTerm
from alliance.mobility.models.mobilities import (
    LearningAgreementCourse,
    LearningAgreementSignature,
    Mobility,
)
from alliance.mobility.models.rounds import Application, Choice, Round, RoundHost
from alliance.mobility.models.runs import AllocationRun, Placement

__all__ = [
    "Agreement",
    "AgreementParty",
    "AgreementTerm",
    "AllocationRun",
    "Application",
    "Choice",
    "LearningAgreementCourse",
    "LearningAgreementSignature",
    "Mobility",
    "Placement",
    "Round",
    "RoundHost",
]
